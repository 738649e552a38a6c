package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/applesec/applesec/internal/fsutil"
)

// Options configures Open. The zero value fails at once when another writer
// holds the database, logs nothing and uses the system clock.
type Options struct {
	// Wait makes Open wait for the writer's lock until its context is done
	// instead of failing at once with ErrLocked.
	Wait bool
	// Logger receives what the database does (migrations, leftovers
	// removed); nil discards.
	Logger *slog.Logger
	// Now is the clock for first-seen and updated times; nil means
	// time.Now.
	Now func() time.Time
}

// DB is a database directory, opened for writing (Open) or reading
// (OpenReadOnly). Everything it holds is loaded at open; lookups are in
// memory. A DB is safe for concurrent use. Values it returns are shared and
// must be treated as read-only. The zero DB was never opened: it reads as an
// empty database and refuses writes; use Open or OpenReadOnly.
type DB struct {
	dir      string
	readOnly bool
	logger   *slog.Logger
	now      func() time.Time
	lock     *fsutil.Lock

	// wrapWriter, when set (by tests), wraps the writer of every file
	// replaced, to inject failures such as a full disk.
	wrapWriter func(path string, w io.Writer) io.Writer

	mu     sync.RWMutex
	closed bool
	wrote  bool
	meta   meta
	data   *snapshot
}

// DefaultPath is where the database lives unless told otherwise:
// applesec/db in the user's cache directory (os.UserCacheDir).
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("store: default database path: %w", err)
	}
	return filepath.Join(dir, "applesec", "db"), nil
}

// Open opens the database at dir for writing, creating the directory (mode
// 0700) and an empty database when there is none. It takes the LOCK file:
// while another writer holds it, Open fails with an error wrapping ErrLocked
// that names the lock file, or with opts.Wait waits until it is free or ctx
// is done. Leftover temporary files of killed writes are removed; an older
// layout is migrated in place. Errors wrap ErrSchemaVersion for a database
// written by a newer applesec and ErrCorrupt (with the path) for one that
// cannot be read; a directory that cannot be written is named in the error.
func Open(ctx context.Context, dir string, opts Options) (*DB, error) {
	db, err := newDB(dir, opts, false)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(db.dir, 0o700); err != nil {
		return nil, notWritable(db.dir, err)
	}
	if err := db.takeLock(ctx, opts.Wait); err != nil {
		return nil, err
	}
	if err := db.openWriter(ctx); err != nil {
		_ = db.lock.Unlock()
		return nil, err
	}
	return db, nil
}

// OpenReadOnly opens the database at dir for reading. It takes no lock and
// never waits: it loads what the last complete writes left (a writer
// replaces files whole, so it sees each one old or new). A directory with no
// database gives an error wrapping ErrNoDatabase; a database of an older
// layout is migrated in memory only.
func OpenReadOnly(ctx context.Context, dir string) (*DB, error) {
	db, err := newDB(dir, Options{}, true)
	if err != nil {
		return nil, err
	}
	m, err := db.readMeta()
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("%w at %s: run applesec sync", ErrNoDatabase, db.dir)
	}
	db.meta = *m
	if db.data, err = load(ctx, db.dir, *m.Schema); err != nil {
		return nil, err
	}
	return db, nil
}

// newDB checks dir and options.
func newDB(dir string, opts Options, readOnly bool) (*DB, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: empty database path", ErrInvalid)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: database %s: %w", dir, err)
	}
	db := &DB{dir: abs, readOnly: readOnly, logger: opts.Logger, now: opts.Now}
	if db.logger == nil {
		db.logger = slog.New(slog.DiscardHandler)
	}
	if db.now == nil {
		db.now = time.Now
	}
	return db, nil
}

// notWritable reports a database directory that cannot be created or
// written.
func notWritable(dir string, err error) error {
	return fmt.Errorf("store: database directory %s cannot be written (choose another path, or open it read-only): %w", dir, err)
}

// takeLock takes LOCK, waiting when asked.
func (db *DB) takeLock(ctx context.Context, wait bool) error {
	path := filepath.Join(db.dir, lockName)
	l, err := fsutil.Acquire(ctx, path, wait)
	switch {
	case err == nil:
		db.lock = l
		return nil
	case errors.Is(err, fsutil.ErrHeld) && ctx.Err() != nil:
		return fmt.Errorf("%w: %s is held: gave up waiting: %w", ErrLocked, path, ctx.Err())
	case errors.Is(err, fsutil.ErrHeld):
		return fmt.Errorf("%w: %s is held (another applesec is writing %s; wait for it, or if none runs, the lock is stale)", ErrLocked, path, db.dir)
	}
	return notWritable(db.dir, err)
}

// openWriter prepares the locked directory: temporaries removed, meta.json
// created or checked, older layouts migrated, data loaded.
func (db *DB) openWriter(ctx context.Context) error {
	removeTemps(db.dir)
	removeTemps(filepath.Join(db.dir, advisoriesName))
	m, err := db.readMeta()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(db.dir, advisoriesName), 0o700); err != nil {
		return notWritable(db.dir, err)
	}
	if m == nil {
		now := db.now().UTC()
		v := SchemaVersion
		m = &meta{Schema: &v, Created: now, Updated: now, Writer: writerName()}
		if err := db.writeJSON(metaName, m); err != nil {
			return notWritable(db.dir, err)
		}
		db.logger.Info("store: created database", "dir", db.dir)
	} else if *m.Schema < SchemaVersion {
		if err := db.migrate(ctx, *m); err != nil {
			return err
		}
		v := SchemaVersion
		m.Schema = &v
	}
	db.meta = *m
	db.data, err = load(ctx, db.dir, SchemaVersion)
	return err
}

// readMeta reads meta.json: nil when the directory holds no database yet
// (missing or empty but for LOCK).
func (db *DB) readMeta() (*meta, error) {
	path := filepath.Join(db.dir, metaName)
	data, err := os.ReadFile(path)
	if err == nil {
		m, err := decodeMeta(path, db.dir, data)
		if err != nil {
			return nil, err
		}
		return &m, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: reading %s: %w", path, err)
	}
	entries, err := os.ReadDir(db.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: reading %s: %w", db.dir, err)
	}
	for _, e := range entries {
		if e.Name() != lockName {
			// A directory of someone else's files: never advise removing it.
			return nil, fmt.Errorf("%w: %s is missing, but %s holds other files: if it is not an applesec database, choose another -db path; if it is, restore %s from a backup, or move the directory aside and run applesec sync again",
				ErrCorrupt, path, db.dir, metaName)
		}
	}
	return nil, nil
}

// writeJSON replaces the database file name with v as indented JSON.
func (db *DB) writeJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("store: encoding %s: %w", name, err)
	}
	return db.replaceFile(filepath.Join(db.dir, name), append(data, '\n'))
}

// Path returns the absolute path of the database directory.
func (db *DB) Path() string {
	if db == nil {
		return ""
	}
	return db.dir
}

// Close closes the database. A writer that wrote records the time in
// meta.json and releases LOCK. Later writes fail with ErrClosed; reads keep
// answering from what was loaded. Closing again does nothing.
func (db *DB) Close() error {
	if db == nil {
		return nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	if db.readOnly {
		return nil
	}
	var err error
	if db.wrote {
		m := db.meta
		m.Updated = db.now().UTC()
		m.Writer = writerName()
		err = db.writeJSON(metaName, m)
	}
	if db.lock == nil {
		return err
	}
	if uerr := db.lock.Unlock(); uerr != nil && err == nil {
		err = fmt.Errorf("store: unlocking %s: %w", filepath.Join(db.dir, lockName), uerr)
	}
	return err
}

// beginWrite takes the lock of one write and checks that the database may
// be written (opened, for writing, not closed); the caller defers the
// returned unlock.
func (db *DB) beginWrite(ctx context.Context) (unlock func(), err error) {
	if db == nil {
		return nil, errNotOpened
	}
	db.mu.Lock()
	if err := db.writable(ctx); err != nil {
		db.mu.Unlock()
		return nil, err
	}
	return db.mu.Unlock, nil
}

// commitFile replaces the file at path with data: one checkpoint of a
// write, after which Close records the update in meta.json. The caller holds
// db.mu.
func (db *DB) commitFile(path string, data []byte) error {
	if err := db.replaceFile(path, data); err != nil {
		return err
	}
	db.wrote = true
	return nil
}

// commitJSON is commitFile for the database file name holding v as JSON.
func (db *DB) commitJSON(name string, v any) error {
	if err := db.writeJSON(name, v); err != nil {
		return err
	}
	db.wrote = true
	return nil
}

// writable checks that a write may proceed; the caller holds db.mu.
func (db *DB) writable(ctx context.Context) error {
	switch {
	case db.data == nil:
		return fmt.Errorf("%w: the database was never opened (use Open)", ErrClosed)
	case db.readOnly:
		return fmt.Errorf("%w: %s", ErrReadOnly, db.dir)
	case db.closed:
		return fmt.Errorf("%w: %s", ErrClosed, db.dir)
	}
	return ctx.Err()
}
