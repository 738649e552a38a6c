package cli

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/applesec/applesec/feed"
)

func TestRunStatus(t *testing.T) {
	kev := &feed.SourceError{Source: "kev", Err: errors.New("down")}
	apple := &feed.SourceError{Source: "apple", Err: errors.New("down")}
	tests := []struct {
		name    string
		err     error
		sources int
		want    int
	}{
		// Every source read.
		{"ok", nil, 2, ExitOK},
		// One of two failed: the rest was reported.
		{"partial", errors.Join(kev), 2, ExitPartial},
		// Both failed: nothing read.
		{"all failed", errors.Join(apple, kev), 2, ExitFailure},
		// Stopped by a signal or the timeout: what was read is saved.
		{"interrupted", fmt.Errorf("feed: run stopped: %w", context.Canceled), 2, ExitPartial},
		// A write to the database failed: the run did not keep what it read.
		{"write failed", errors.Join(kev, errors.New("store: no space left on device")), 2, ExitFailure},
		// Stopped while a source had already failed.
		{"interrupted and failed", errors.Join(kev, context.DeadlineExceeded), 2, ExitPartial},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, RunStatus(tc.err, tc.sources))
		})
	}
}
