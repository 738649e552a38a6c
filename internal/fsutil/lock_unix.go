//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package fsutil

import (
	"errors"
	"os"
	"syscall"
)

// Lock is an exclusive flock(2) on an open lock file. flock locks belong
// to the open file description, so two opens in one process exclude each
// other as two processes do, and the kernel drops the lock when the holder
// dies, however it dies.
type Lock struct {
	f *os.File
}

// TryLock takes the lock on path without blocking: nil and no error when
// another holder has it. The lock file is created if needed and never
// removed (removing it would let two processes lock different files).
func TryLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return &Lock{f: f}, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		_ = f.Close()
		return nil, nil
	default:
		_ = f.Close()
		return nil, &os.PathError{Op: "flock", Path: path, Err: err}
	}
}

// Unlock releases the lock and closes the lock file.
func (l *Lock) Unlock() error {
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir flushes a directory, making a rename in it durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
