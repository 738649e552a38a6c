package feed

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleState is a State with every map filled.
func sampleState() State {
	return State{
		Validators: map[string]Validators{
			"https://support.apple.com/en-us/100100": {ETag: `"abc"`, LastModified: testLastModified, BodyHash: "00ff"},
		},
		Reported: map[string]string{"https://support.apple.com/en-us/126346": "fp1"},
		Entries:  map[string]map[string]string{"https://support.apple.com/en-us/126346": {"WebKit/CVE-2026-20643": "fp2"}},
	}
}

// asJSON is how a Store sees a State: whatever fields it has.
func asJSON(t *testing.T, s State) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

// openTestStore opens a FileStore in a fresh directory.
func openTestStore(t *testing.T) (*FileStore, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "applesec", "state.json")
	s, err := OpenFileStore(context.Background(), path, FileStoreConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

func TestStoresRoundTrip(t *testing.T) {
	fs, _ := openTestStore(t)
	for name, s := range map[string]Store{"memory": &MemoryStore{}, "file": fs} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// Nothing saved yet: the zero State, no error.
			got, err := s.Load(ctx)
			require.NoError(t, err)
			assert.Equal(t, State{}, got)

			in := sampleState()
			require.NoError(t, s.Save(ctx, in))
			got, err = s.Load(ctx)
			require.NoError(t, err)
			// Version 0 is saved as StateVersion; everything else as given.
			assert.Equal(t, StateVersion, got.Version)
			want := in.Clone()
			want.Version = StateVersion
			assert.JSONEq(t, asJSON(t, want), asJSON(t, got))
			assert.Zero(t, in.Version, "the caller's State is not changed")

			// A later Save replaces the earlier one.
			in.Reported["https://support.apple.com/en-us/126347"] = "fp3"
			require.NoError(t, s.Save(ctx, in))
			got, err = s.Load(ctx)
			require.NoError(t, err)
			assert.Len(t, got.Reported, 2)
		})
	}
}

func TestStoresRefuseBadVersionsAndDoneContexts(t *testing.T) {
	fs, _ := openTestStore(t)
	for name, s := range map[string]Store{"memory": &MemoryStore{}, "file": fs} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			require.ErrorIs(t, s.Save(ctx, State{Version: StateVersion + 1}), ErrStateVersion)
			require.ErrorIs(t, s.Save(ctx, State{Version: -1}), ErrStateVersion)
			done, cancel := context.WithCancel(ctx)
			cancel()
			require.ErrorIs(t, s.Save(done, sampleState()), context.Canceled)
			_, err := s.Load(done)
			require.ErrorIs(t, err, context.Canceled)
			// Nothing refused was stored.
			got, err := s.Load(ctx)
			require.NoError(t, err)
			assert.Equal(t, State{}, got)
		})
	}
}

func TestMemoryStoreIsolation(t *testing.T) {
	ctx := context.Background()
	m := &MemoryStore{}
	in := sampleState()
	require.NoError(t, m.Save(ctx, in))
	// Changing the saved value afterwards does not reach the store...
	in.Reported["later"] = "x"
	in.Entries["https://support.apple.com/en-us/126346"]["later"] = "x"
	got, err := m.Load(ctx)
	require.NoError(t, err)
	assert.NotContains(t, got.Reported, "later")
	assert.NotContains(t, got.Entries["https://support.apple.com/en-us/126346"], "later")
	// ...and neither does changing a loaded value.
	got.Reported["loaded"] = "x"
	again, err := m.Load(ctx)
	require.NoError(t, err)
	assert.NotContains(t, again.Reported, "loaded")
}

func TestMemoryStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	m := &MemoryStore{}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				s := State{Reported: map[string]string{"k": fmt.Sprint(i, j)}}
				assert.NoError(t, m.Save(ctx, s))
				got, err := m.Load(ctx)
				assert.NoError(t, err)
				assert.Len(t, got.Reported, 1)
			}
		})
	}
	wg.Wait()
}

func TestFileStoreRejectsBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    error
	}{
		// Not JSON at all.
		{name: "not json", content: "<html>oops</html>", want: ErrCorruptState},
		// Empty: what a non-atomic writer leaves after a crash.
		{name: "empty", content: "", want: ErrCorruptState},
		// Whitespace only.
		{name: "blank", content: " \n", want: ErrCorruptState},
		// Cut in the middle.
		{name: "truncated", content: `{"version":1,"reported":{"a":`, want: ErrCorruptState},
		// JSON, but not an object.
		{name: "array", content: `[1,2,3]`, want: ErrCorruptState},
		// No version: not something this package wrote.
		{name: "no version", content: `{"reported":{}}`, want: ErrCorruptState},
		// Version 0 is never written.
		{name: "version zero", content: `{"version":0}`, want: ErrCorruptState},
		// A field of the wrong type.
		{name: "wrong type", content: `{"version":1,"reported":["a"]}`, want: ErrCorruptState},
		// Only a version: not what Save writes; read as a first run, it
		// would announce everything again.
		{name: "only a version", content: `{"version":1}`, want: ErrCorruptState},
		// A field this package does not know: another program's file.
		{name: "unknown field", content: `{"version":1,"advisory":{}}`, want: ErrCorruptState},
		// Trailing garbage after a valid object.
		{name: "trailing", content: `{"version":1} {"version":1}`, want: ErrCorruptState},
		// Written by a newer release: reported as such, even if its shape changed.
		{name: "future version", content: `{"version":99,"reported":["new","shape"]}`, want: ErrStateVersion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, path := openTestStore(t)
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			_, err := s.Load(context.Background())
			require.ErrorIs(t, err, tc.want)
			var sfe *StateFileError
			require.ErrorAs(t, err, &sfe)
			assert.Equal(t, path, sfe.Path)
			// Never silently reset: the file is still there as it was.
			b, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, tc.content, string(b))
		})
	}
}

func TestFileStoreFile(t *testing.T) {
	s, path := openTestStore(t)
	assert.Equal(t, path, s.Path())
	require.NoError(t, s.Save(context.Background(), sampleState()))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(b, &raw))
	assert.InDelta(t, float64(StateVersion), raw["version"], 0)
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
		di, err := os.Stat(filepath.Dir(path))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), di.Mode().Perm())
	}
	// No temporary file is left behind.
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-")
	}
}

func TestFileStoreRemovesLeftoverTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	leftover := filepath.Join(dir, "state.json.tmp-12345")
	other := filepath.Join(dir, "notes.tmp-1")
	require.NoError(t, os.WriteFile(leftover, []byte(`{"version":1,"rep`), 0o600))
	require.NoError(t, os.WriteFile(other, []byte("keep"), 0o600))
	s, err := OpenFileStore(context.Background(), path, FileStoreConfig{})
	require.NoError(t, err)
	defer s.Close()
	assert.NoFileExists(t, leftover)
	assert.FileExists(t, other)
}

func TestFileStoreLock(t *testing.T) {
	ctx := context.Background()
	s, path := openTestStore(t)

	t.Run("fail fast", func(t *testing.T) {
		_, err := OpenFileStore(ctx, path, FileStoreConfig{})
		require.ErrorIs(t, err, ErrLocked)
	})
	t.Run("wait until deadline", func(t *testing.T) {
		dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := OpenFileStore(dctx, path, FileStoreConfig{Wait: true})
		require.ErrorIs(t, err, ErrLocked)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("wait until released", func(t *testing.T) {
		require.NoError(t, s.Save(ctx, sampleState()))
		opened := make(chan *FileStore, 1)
		errc := make(chan error, 1)
		go func() {
			wctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			s2, err := OpenFileStore(wctx, path, FileStoreConfig{Wait: true})
			errc <- err
			opened <- s2
		}()
		require.NoError(t, s.Close())
		require.NoError(t, <-errc)
		s2 := <-opened
		defer s2.Close()
		got, err := s2.Load(ctx)
		require.NoError(t, err)
		assert.Equal(t, sampleState().Reported, got.Reported)
	})
}

func TestFileStoreClosed(t *testing.T) {
	s, _ := openTestStore(t)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "closing twice is fine")
	_, err := s.Load(context.Background())
	require.ErrorIs(t, err, ErrStoreClosed)
	require.ErrorIs(t, s.Save(context.Background(), sampleState()), ErrStoreClosed)
}

func TestFileStoreConcurrentSaves(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 10 {
				assert.NoError(t, s.Save(ctx, State{Reported: map[string]string{"k": fmt.Sprint(i, j)}}))
				_, err := s.Load(ctx)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	got, err := s.Load(ctx)
	require.NoError(t, err)
	assert.Len(t, got.Reported, 1)
}

func TestOpenFileStoreInvalid(t *testing.T) {
	_, err := OpenFileStore(context.Background(), "", FileStoreConfig{})
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestDefaultStatePath(t *testing.T) {
	if runtime.GOOS == "linux" {
		dir := t.TempDir()
		t.Setenv("XDG_CACHE_HOME", dir)
		p, err := DefaultStatePath()
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(dir, "applesec", "state.json"), p)
		return
	}
	p, err := DefaultStatePath()
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(p, filepath.Join("applesec", "state.json")), p)
}

func TestFileStoreEmptyStateRoundTrips(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	require.NoError(t, s.Save(ctx, State{}))
	got, err := s.Load(ctx)
	require.NoError(t, err, "an empty State saved is read back")
	assert.Equal(t, StateVersion, got.Version)
	assert.Empty(t, got.Validators)
}
