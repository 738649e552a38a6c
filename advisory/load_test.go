package advisory

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "testdata", "coverage", "APPLE-SA-2026-03-24-1.txt"))
	require.NoError(t, err)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	write("ios.txt", src)
	junk := write("notes.txt", []byte("not an advisory"))
	write("ignored.json", []byte("{}"))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	empty := t.TempDir()

	advs, skipped, err := LoadFiles(context.Background(), dir, filepath.Join("..", "testdata", "coverage", "macos-tahoe-26.4.html"))
	require.NoError(t, err)
	require.Len(t, advs, 2)
	require.Len(t, skipped, 1)
	assert.Equal(t, junk, skipped[0].Path)
	assert.NotEmpty(t, skipped[0].Reason)

	cases := []struct {
		name  string
		ctx   func() context.Context
		paths []string
		is    error
	}{
		{name: "junk named explicitly", paths: []string{junk}},
		{name: "missing", paths: []string{filepath.Join(dir, "none.txt")}, is: os.ErrNotExist},
		{name: "empty directory", paths: []string{empty}, is: ErrNoDocuments},
		{name: "nothing", is: ErrNoDocuments},
		{name: "cancelled", paths: []string{dir}, is: context.Canceled, ctx: func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.ctx != nil {
				ctx = tc.ctx()
			}
			advs, _, err := LoadFiles(ctx, tc.paths...)
			require.Error(t, err)
			assert.Nil(t, advs)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
		})
	}
}
