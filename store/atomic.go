package store

import (
	"fmt"
	"io"
	"strings"

	"github.com/applesec/applesec/internal/fsutil"
)

// tempMarker is in the name of every temporary file a write creates:
// "meta.json.tmp-123". Readers skip such files; the writer removes leftovers
// at open.
const tempMarker = fsutil.TempMarker

// replaceFile replaces path with data, whole: it writes a temporary file in
// the same directory, syncs it, renames it over path and syncs the
// directory. A process killed at any moment leaves the old file or the new
// one, never a torn one; a failed write (a full disk) leaves the old one and
// says which file could not be written.
func (db *DB) replaceFile(path string, data []byte) error {
	var wrap func(io.Writer) io.Writer
	if db.wrapWriter != nil {
		wrap = func(w io.Writer) io.Writer { return db.wrapWriter(path, w) }
	}
	if err := fsutil.WriteFileAtomic(path, data, 0o600, wrap); err != nil {
		return fmt.Errorf("store: writing %s: %w", path, err)
	}
	return nil
}

// removeTemps deletes the temporary files that killed writes left in dir.
// Only the lock holder writes them, so under the lock none is in use.
func removeTemps(dir string) {
	fsutil.RemoveTemps(dir, func(name string) bool { return strings.Contains(name, tempMarker) })
}
