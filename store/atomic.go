package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker is in the name of every temporary file a write creates:
// "meta.json.tmp-123". Readers skip such files; the writer removes leftovers
// at open.
const tempMarker = ".tmp-"

// replaceFile replaces path with data, whole: it writes a temporary file in
// the same directory, syncs it, renames it over path and syncs the
// directory. A process killed at any moment leaves the old file or the new
// one, never a torn one; a failed write (a full disk) leaves the old one and
// says which file could not be written.
func (db *DB) replaceFile(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+tempMarker+"*")
	if err != nil {
		return fmt.Errorf("store: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			err = fmt.Errorf("store: writing %s: %w", path, err)
		}
	}()
	var w io.Writer = f
	if db.wrapWriter != nil {
		w = db.wrapWriter(path, f)
	}
	if _, err = w.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// removeTemps deletes the temporary files that killed writes left in dir.
// Only the lock holder writes them, so under the lock none is in use.
func removeTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.Contains(e.Name(), tempMarker) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
