package fsutil

import (
	"context"
	"errors"
	"time"
)

// ErrHeld means another holder has the lock.
var ErrHeld = errors.New("lock held by another process")

// Lock polling bounds for Acquire with wait: the first retry comes quickly,
// later ones back off so that a long wait costs nothing.
const (
	lockPollMin = 10 * time.Millisecond
	lockPollMax = 250 * time.Millisecond
)

// Acquire takes the lock on path (see TryLock). While another holder has it,
// it returns ErrHeld at once, or with wait polls until the lock is free or
// ctx is done, then returning an error that wraps both ErrHeld and ctx's
// error. Other errors are the lock file's (it cannot be created or locked).
func Acquire(ctx context.Context, path string, wait bool) (*Lock, error) {
	poll := lockPollMin
	for {
		l, err := TryLock(path)
		if err != nil || l != nil {
			return l, err
		}
		if !wait {
			return nil, ErrHeld
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, errors.Join(ErrHeld, ctx.Err())
		case <-t.C:
		}
		poll = min(poll*2, lockPollMax)
	}
}
