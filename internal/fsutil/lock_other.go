//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
)

// Lock is a lock file created exclusively, for systems without flock(2)
// in package syscall. Unlike flock, it outlives a crashed holder: the file
// (which holds the holder's process ID) must then be removed by hand, and
// ErrLocked names it.
type Lock struct {
	path string
	f    *os.File
}

// tryLock creates path exclusively: nil and no error when it exists.
func TryLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	return &Lock{path: path, f: f}, nil
}

// unlock closes and removes the lock file.
func (l *Lock) Unlock() error {
	err := l.f.Close()
	if rerr := os.Remove(l.path); err == nil {
		err = rerr
	}
	return err
}

// syncDir does nothing: directories cannot be opened for syncing here, and
// the rename is atomic on its own.
func SyncDir(string) error { return nil }
