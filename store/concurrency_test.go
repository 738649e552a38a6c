package store

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadsDuringWrites: questions asked while the writer writes see each
// record whole (run with -race).
func TestReadsDuringWrites(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	first := generatedAdvisory(0, 1, 10)
	_, err := db.PutAdvisory(ctx, first, Fetch{URL: first.URL, ETag: "1"})
	require.NoError(t, err)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, r := range db.Records() {
					gen := r.Page.Fetch.ETag
					assert.True(t, strings.HasSuffix(r.Merged.Title, " generation "+gen), "%s: %q, etag %s", r.Key, r.Merged.Title, gen)
				}
				_, err := db.CVE("CVE-2020-00001")
				assert.NoError(t, err)
				_ = db.List(Query{Component: "WebKit"})
				_ = db.Disagreements()
			}
		})
	}
	for gen := 2; gen < 40; gen++ {
		a := generatedAdvisory(gen%4, gen, 10)
		_, err := db.PutAdvisory(ctx, a, Fetch{URL: a.URL, ETag: strconv.Itoa(gen)})
		require.NoError(t, err)
	}
	close(stop)
	wg.Wait()
}
