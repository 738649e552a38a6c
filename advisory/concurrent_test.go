package advisory

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConcurrently(t *testing.T) {
	// The parsers share pooled buffers between calls: parses running at the
	// same time must each get what a parse alone gets (run with -race).
	files, err := filepath.Glob(filepath.Join("..", "testdata", "mail", "*.txt"))
	require.NoError(t, err)
	pages, err := filepath.Glob(filepath.Join("..", "testdata", "advisory", "*.html"))
	require.NoError(t, err)
	files = append(files, pages...)
	docs := make([][]byte, len(files))
	want := make([]Document, len(files))
	for i, f := range files {
		docs[i] = readFixture(t, filepath.Join(filepath.Base(filepath.Dir(f)), filepath.Base(f)))
		want[i], err = Parse(bytes.NewReader(docs[i]), f)
		require.NoError(t, err, f)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for round := range 5 {
				for k := range docs {
					i := (k + w + round) % len(docs)
					got, err := Parse(bytes.NewReader(docs[i]), files[i])
					if assert.NoError(t, err) {
						assert.Equal(t, want[i], got, files[i])
					}
				}
			}
		})
	}
	wg.Wait()
}
