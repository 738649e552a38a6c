package fsutil

import (
	"io"
	"os"
	"path/filepath"
)

// TempMarker is in the name of every temporary file WriteFileAtomic creates
// ("meta.json.tmp-123"), so that readers skip them and a writer can remove
// those a killed process left.
const TempMarker = ".tmp-"

// WriteFileAtomic replaces path with data: it writes a temporary file in the
// same directory, syncs it, sets its mode to perm, renames it over path and
// syncs the directory, so that a process killed at any moment leaves the old
// file or the new one, never a torn one, and a failed write (a full disk)
// leaves the old one. wrap, when not nil, wraps the temporary file's writer
// (tests use it to make a write fail).
func WriteFileAtomic(path string, data []byte, perm os.FileMode, wrap func(io.Writer) io.Writer) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+TempMarker+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	var w io.Writer = f
	if wrap != nil {
		w = wrap(f)
	}
	if _, err = w.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// RemoveTemps deletes the regular files of dir whose name match accepts:
// the temporary files killed writes left. Only the holder of the lock that
// guards dir's writes should call it; an unreadable dir is left alone.
func RemoveTemps(dir string, match func(name string) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && match(e.Name()) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
