package store

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/fsutil"
)

func TestOpenCreatesAndReopens(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a", "db")
	db, err := Open(ctx, dir, testOptions())
	require.NoError(t, err)
	assert.True(t, db.Empty())
	assert.Equal(t, dir, db.Path())
	put(t, db, parseFixture(t, fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884"), "")
	require.NoError(t, db.Close())
	require.NoError(t, db.Close(), "closing twice does nothing")
	_, err = db.PutAdvisory(ctx, parseFixture(t, fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884"), Fetch{})
	require.ErrorIs(t, err, ErrClosed)

	var m map[string]any
	data, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &m))
	assert.EqualValues(t, 1, m["schema"])
	assert.FileExists(t, filepath.Join(dir, "advisories", "apple-125884.json"))

	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	defer ro.Close()
	assert.False(t, ro.Empty())
	require.Len(t, ro.Advisories(), 1)
	assert.Equal(t, "About the security content of iOS 26.2 and iPadOS 26.2", ro.Advisories()[0].Title)
	_, err = ro.PutAdvisory(ctx, ro.Advisories()[0], Fetch{})
	require.ErrorIs(t, err, ErrReadOnly)
	require.ErrorIs(t, ro.PutPollState(ctx, []byte("{}")), ErrReadOnly)
}

func TestOpenReadOnlyNoDatabase(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(dir string)
	}{
		// The directory does not exist.
		{"missing", func(string) {}},
		// The directory exists and is empty.
		{"empty dir", func(dir string) { require.NoError(t, os.MkdirAll(dir, 0o700)) }},
		// A writer created the lock and died before writing meta.json.
		{"lock only", func(dir string) {
			require.NoError(t, os.MkdirAll(dir, 0o700))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "LOCK"), nil, 0o600))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			tc.setup(dir)
			_, err := OpenReadOnly(ctx, dir)
			require.ErrorIs(t, err, ErrNoDatabase)
			assert.Contains(t, err.Error(), dir)
			assert.Contains(t, err.Error(), "run applesec sync")
		})
	}
}

func TestEmptyDatabaseAnswersNothing(t *testing.T) {
	db := openTemp(t)
	_, err := db.CVE("CVE-2026-20643")
	require.ErrorIs(t, err, ErrEmpty)
	assert.Contains(t, err.Error(), "run applesec sync")
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "meta.json"), []byte(`{"schema": 2, "writer": "applesec v9"}`), 0o600))
	for name, open := range map[string]func() error{
		"writer": func() error { _, err := Open(context.Background(), dir, Options{}); return err },
		"reader": func() error { _, err := OpenReadOnly(context.Background(), dir); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := open()
			require.ErrorIs(t, err, ErrSchemaVersion)
			assert.Contains(t, err.Error(), "upgrade applesec")
		})
	}
	// The lock was released: the failed writer left nothing held.
	l, err := fsutil.TryLock(filepath.Join(dir, "LOCK"))
	require.NoError(t, err)
	require.NotNil(t, l)
	require.NoError(t, l.Unlock())
}

func TestOpenReportsCorruptFiles(t *testing.T) {
	goodDoc := func(t *testing.T, dir string) []byte {
		db, err := Open(context.Background(), dir, testOptions())
		require.NoError(t, err)
		put(t, db, parseFixture(t, fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884"), "")
		require.NoError(t, db.Close())
		data, err := os.ReadFile(filepath.Join(dir, "advisories", "apple-125884.json"))
		require.NoError(t, err)
		return data
	}
	tests := []struct {
		name    string
		corrupt func(t *testing.T, dir string) string // returns the path to be named
	}{
		// meta.json is gone from a directory that holds data.
		{"meta missing", func(t *testing.T, dir string) string {
			goodDoc(t, dir)
			p := filepath.Join(dir, "meta.json")
			require.NoError(t, os.Remove(p))
			return p
		}},
		// meta.json is not JSON.
		{"meta garbage", func(t *testing.T, dir string) string {
			goodDoc(t, dir)
			p := filepath.Join(dir, "meta.json")
			require.NoError(t, os.WriteFile(p, []byte("{\"schema\":"), 0o600))
			return p
		}},
		// meta.json has no schema.
		{"meta no schema", func(t *testing.T, dir string) string {
			goodDoc(t, dir)
			p := filepath.Join(dir, "meta.json")
			require.NoError(t, os.WriteFile(p, []byte(`{"writer":"x"}`), 0o600))
			return p
		}},
		// An advisory document cut short.
		{"document torn", func(t *testing.T, dir string) string {
			data := goodDoc(t, dir)
			p := filepath.Join(dir, "advisories", "apple-125884.json")
			require.NoError(t, os.WriteFile(p, data[:len(data)/2], 0o600))
			return p
		}},
		// A document copied under another document's name.
		{"key mismatch", func(t *testing.T, dir string) string {
			data := goodDoc(t, dir)
			p := filepath.Join(dir, "advisories", "apple-126604.json")
			require.NoError(t, os.WriteFile(p, data, 0o600))
			return p
		}},
		// kev.json is not JSON.
		{"kev garbage", func(t *testing.T, dir string) string {
			goodDoc(t, dir)
			p := filepath.Join(dir, "kev.json")
			require.NoError(t, os.WriteFile(p, []byte("<html>"), 0o600))
			return p
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			path := tc.corrupt(t, dir)
			_, err := OpenReadOnly(context.Background(), dir)
			require.ErrorIs(t, err, ErrCorrupt)
			assert.Contains(t, err.Error(), path)
			_, err = Open(context.Background(), dir, Options{})
			require.ErrorIs(t, err, ErrCorrupt)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), "run applesec sync again")
		})
	}
}

func TestOpenUnwritableDirectory(t *testing.T) {
	t.Run("under a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		dir := filepath.Join(file, "db")
		_, err := Open(context.Background(), dir, Options{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), dir)
		assert.Contains(t, err.Error(), "cannot be written")
	})
	t.Run("read-only", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes into read-only directories")
		}
		parent := t.TempDir()
		require.NoError(t, os.Chmod(parent, 0o500))
		t.Cleanup(func() { _ = os.Chmod(parent, 0o700) })
		dir := filepath.Join(parent, "db")
		_, err := Open(context.Background(), dir, Options{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), dir)
		assert.Contains(t, err.Error(), "cannot be written")
	})
}

func TestSecondWriterLocked(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	first, err := Open(ctx, dir, Options{})
	require.NoError(t, err)

	_, err = Open(ctx, dir, Options{})
	require.ErrorIs(t, err, ErrLocked)
	assert.Contains(t, err.Error(), filepath.Join(dir, "LOCK"))

	// A reader is not held up by the writer.
	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	require.NoError(t, ro.Close())

	// With Wait, the second writer gets in when the first closes.
	got := make(chan error, 1)
	go func() {
		db, err := Open(ctx, dir, Options{Wait: true})
		if err == nil {
			err = db.Close()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second writer did not wait: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	require.NoError(t, first.Close())
	require.NoError(t, <-got)

	// With Wait and a context that ends, it gives up with ErrLocked.
	held, err := Open(ctx, dir, Options{})
	require.NoError(t, err)
	defer held.Close()
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	_, err = Open(short, dir, Options{Wait: true})
	require.ErrorIs(t, err, ErrLocked)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

// failingWriter fails every write as a full disk would, after writing half.
type failingWriter struct{ w io.Writer }

func (f failingWriter) Write(p []byte) (int, error) {
	n, _ := f.w.Write(p[:len(p)/2])
	return n, errors.New("no space left on device")
}

func TestFailedWriteKeepsPreviousContent(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(ctx, dir, testOptions())
	require.NoError(t, err)
	page := parseFixture(t, fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884")
	put(t, db, page, "")
	require.NoError(t, db.PutPollState(ctx, []byte(`{"version":1}`)))
	docPath := filepath.Join(dir, "advisories", "apple-125884.json")
	before, err := os.ReadFile(docPath)
	require.NoError(t, err)

	db.wrapWriter = func(_ string, w io.Writer) io.Writer { return failingWriter{w} }
	changed := *page
	changed.Title = "changed"
	_, err = db.PutAdvisory(ctx, &changed, Fetch{URL: page.URL})
	require.Error(t, err)
	assert.Contains(t, err.Error(), docPath)
	assert.Contains(t, err.Error(), "no space left")
	err = db.PutPollState(ctx, []byte(`{"version":2}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "poll.json"))

	// Memory and disk keep the previous content; no temporary file is left.
	assert.Equal(t, page.Title, db.Advisories()[0].Title)
	after, err := os.ReadFile(docPath)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	temps, _ := filepath.Glob(filepath.Join(dir, "*", "*.tmp-*"))
	assert.Empty(t, temps)
	db.wrapWriter = nil
	require.NoError(t, db.Close())

	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	assert.Equal(t, page.Title, ro.Advisories()[0].Title)
	st, err := ro.PollState(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1}`, string(st))
}

func TestOpenRemovesLeftoverTemps(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(ctx, dir, Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	leftovers := []string{filepath.Join(dir, "kev.json.tmp-123"), filepath.Join(dir, "advisories", "apple-1.json.tmp-9")}
	for _, p := range leftovers {
		require.NoError(t, os.WriteFile(p, []byte("{torn"), 0o600))
	}
	// A reader ignores them and leaves them alone.
	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	require.NoError(t, ro.Close())
	for _, p := range leftovers {
		assert.FileExists(t, p)
	}
	// The writer removes them.
	db, err = Open(ctx, dir, Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	for _, p := range leftovers {
		assert.NoFileExists(t, p)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.Contains(e.Name(), ".tmp-"), e.Name())
	}
}
