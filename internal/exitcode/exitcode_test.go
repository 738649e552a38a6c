package exitcode

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/applesec/applesec/feed"
)

func TestForRun(t *testing.T) {
	kev := &feed.SourceError{Source: "kev", Err: errors.New("down")}
	apple := &feed.SourceError{Source: "apple", Err: errors.New("down")}
	tests := []struct {
		name    string
		err     error
		sources int
		want    int
	}{
		// Every source read.
		{"ok", nil, 2, OK},
		// One of two failed: the rest was reported.
		{"partial", errors.Join(kev), 2, Partial},
		// Both failed: nothing read.
		{"all failed", errors.Join(apple, kev), 2, Failed},
		// Stopped by a signal or the timeout: what was read is saved.
		{"interrupted", fmt.Errorf("feed: run stopped: %w", context.Canceled), 2, Partial},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ForRun(tc.err, tc.sources))
		})
	}
}
