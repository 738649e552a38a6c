package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/applesec/applesec/internal/fsutil"
)

// FileStoreConfig configures OpenFileStore. The zero value fails at once
// when another process holds the store.
type FileStoreConfig struct {
	// Wait makes OpenFileStore wait for the lock until its context is done
	// (then failing with ErrLocked and the context's error) instead of
	// failing at once with ErrLocked.
	Wait bool
}

// FileStore is a Store in one JSON file, for a watcher that runs for a long
// time or is run again and again.
//
// Crash safety: Save writes a temporary file in the same directory, syncs
// it, renames it over the state file and syncs the directory, so a process
// killed at any point leaves either the previous or the new State, never a
// torn or empty file.
//
// Two processes: OpenFileStore takes an exclusive advisory lock on
// PATH.lock (flock(2) on Unix), held until Close, so a second watcher on the
// same file waits or fails with ErrLocked instead of interleaving with the
// first. Elsewhere the lock is a PATH.lock file created exclusively; a
// process that crashes leaves it behind, and ErrLocked names it for removal.
//
// A file that is not a State (not JSON, empty, no version, only a version,
// an unknown field, or a version newer than StateVersion) is reported by Load as a *StateFileError naming the
// file, never silently replaced. A FileStore is safe for concurrent use.
type FileStore struct {
	path string

	mu     sync.Mutex
	lock   *fsutil.Lock // nil once closed
	closed bool
}

var _ Store = (*FileStore)(nil)

// DefaultStatePath is where a watcher keeps its state unless told otherwise:
// applesec/state.json in the user's cache directory (os.UserCacheDir).
func DefaultStatePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("feed: default state path: %w", err)
	}
	return filepath.Join(dir, "applesec", "state.json"), nil
}

// OpenFileStore opens the state file at path, creating its directory (mode
// 0700) but not the file, and takes the store's lock. While another
// FileStore holds the lock it fails with an error wrapping ErrLocked, or,
// with cfg.Wait, waits until it can take it or ctx is done. Leftover
// temporary files of a Save that was interrupted are removed.
func OpenFileStore(ctx context.Context, path string, cfg FileStoreConfig) (*FileStore, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: empty state file path", ErrInvalidConfig)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("feed: state file %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("feed: state file %s: %w", abs, err)
	}
	lockPath := abs + ".lock"
	l, err := fsutil.Acquire(ctx, lockPath, cfg.Wait)
	switch {
	case err == nil:
		s := &FileStore{path: abs, lock: l}
		s.removeTemps()
		return s, nil
	case errors.Is(err, fsutil.ErrHeld) && ctx.Err() != nil:
		return nil, fmt.Errorf("feed: state file %s: %w (lock file %s): gave up waiting: %w", abs, ErrLocked, lockPath, ctx.Err())
	case errors.Is(err, fsutil.ErrHeld):
		return nil, fmt.Errorf("feed: state file %s: %w (lock file %s)", abs, ErrLocked, lockPath)
	}
	return nil, fmt.Errorf("feed: locking state file %s: %w", abs, err)
}

// Path returns the absolute path of the state file.
func (s *FileStore) Path() string { return s.path }

// Load reads the state file: the zero State when it does not exist yet.
func (s *FileStore) Load(ctx context.Context) (State, error) {
	if err := ctx.Err(); err != nil {
		return State{}, fmt.Errorf("feed: loading state: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return State{}, fmt.Errorf("feed: loading state from %s: %w", s.path, ErrStoreClosed)
	}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("feed: loading state: %w", err)
	}
	return decodeState(s.path, data)
}

// decodeState parses a state file's content. The version is read first, so
// that a newer file is reported as such even when its shape changed.
func decodeState(path string, data []byte) (State, error) {
	bad := func(err error) (State, error) { return State{}, &StateFileError{Path: path, Err: err} }
	if len(bytes.TrimSpace(data)) == 0 {
		return bad(fmt.Errorf("%w: empty", ErrCorruptState))
	}
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return bad(fmt.Errorf("%w: %w", ErrCorruptState, err))
	}
	switch {
	case probe.Version == nil || *probe.Version < 1:
		return bad(fmt.Errorf("%w: no valid \"version\"", ErrCorruptState))
	case *probe.Version > StateVersion:
		return bad(fmt.Errorf("%w %d: written by a newer release (this one reads up to %d)", ErrStateVersion, *probe.Version, StateVersion))
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return bad(fmt.Errorf("%w: %w", ErrCorruptState, err))
	}
	for k := range fields {
		if !stateFields[k] {
			return bad(fmt.Errorf("%w: unknown field %q", ErrCorruptState, k))
		}
	}
	if len(fields) < 2 {
		// Save always writes more than the version: a file holding only
		// one is not a State this package wrote, and reading it as the
		// first run's would announce everything again.
		return bad(fmt.Errorf("%w: only a \"version\", none of the state's fields", ErrCorruptState))
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return bad(fmt.Errorf("%w: %w", ErrCorruptState, err))
	}
	return st, nil
}

// stateFields are the JSON fields of State.
var stateFields = map[string]bool{
	"version": true, "validators": true, "checked": true, "reported": true,
	"entries": true, "advisories": true, "bsis": true, "kev": true,
}

// encodeState is the content of a state file: State as JSON, with an empty
// "validators" when the State is otherwise empty, so that a file holding
// only a version is never written (decodeState refuses one).
func encodeState(st State) ([]byte, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	if string(data) == fmt.Sprintf(`{"version":%d}`, st.Version) {
		data = fmt.Appendf(nil, `{"version":%d,"validators":{}}`, st.Version)
	}
	return append(data, '\n'), nil
}

// Save replaces the state file with s, atomically and durably.
func (s *FileStore) Save(ctx context.Context, st State) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("feed: saving state: %w", err)
	}
	st, err := versioned(st)
	if err != nil {
		return err
	}
	data, err := encodeState(st)
	if err != nil {
		return fmt.Errorf("feed: saving state to %s: %w", s.path, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("feed: saving state to %s: %w", s.path, ErrStoreClosed)
	}
	if err := writeFileAtomic(s.path, data); err != nil {
		return fmt.Errorf("feed: saving state to %s: %w", s.path, err)
	}
	return nil
}

// Close releases the lock. Later Loads and Saves fail with ErrStoreClosed;
// closing again does nothing.
func (s *FileStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	l := s.lock
	s.lock = nil
	if err := l.Unlock(); err != nil {
		return fmt.Errorf("feed: unlocking state file %s: %w", s.path, err)
	}
	return nil
}

// tempPrefix is the name prefix of Save's temporary files.
func (s *FileStore) tempPrefix() string { return filepath.Base(s.path) + fsutil.TempMarker }

// removeTemps deletes temporary files a killed Save left behind. Only the
// lock holder writes them, so under the lock none is in use.
func (s *FileStore) removeTemps() {
	prefix := s.tempPrefix()
	fsutil.RemoveTemps(filepath.Dir(s.path), func(name string) bool { return strings.HasPrefix(name, prefix) })
}

// writeFileAtomic writes data to path through a synced temporary file that
// is renamed over it, then syncs the directory so the rename is durable.
func writeFileAtomic(path string, data []byte) error {
	return fsutil.WriteFileAtomic(path, data, 0o600, nil)
}
