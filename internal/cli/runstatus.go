package cli

import (
	"context"
	"errors"

	"github.com/applesec/applesec/feed"
)

// RunStatus returns the exit status of a command after a run of sources
// sources (feed.Aggregator.Run, or a sync built on it) returned err:
//   - ExitOK for nil;
//   - ExitPartial when the run was stopped (a signal, the timeout) or some
//     sources failed: what was read is reported and saved;
//   - ExitFailure when every source failed, or when something else failed
//     (a write to the database): the run cannot be trusted to have kept
//     what it read.
func RunStatus(err error, sources int) int {
	if err == nil {
		return ExitOK
	}
	if !onlyExpected(err) {
		return ExitFailure
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ExitPartial
	}
	if n := len(feed.SourceErrors(err)); n > 0 && n >= sources {
		return ExitFailure
	}
	return ExitPartial
}

// onlyExpected reports whether every error joined in err is a source's
// failure or the context's end.
func onlyExpected(err error) bool {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			if !onlyExpected(e) {
				return false
			}
		}
		return true
	}
	var se *feed.SourceError
	return errors.As(err, &se) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
