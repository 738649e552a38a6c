// Package exitcode holds the exit statuses of the project's commands, so
// that a cron job or a script reads every command the same way.
package exitcode

import (
	"github.com/applesec/applesec/feed"
)

// The exit statuses.
const (
	// OK means every source was read and everything found was reported.
	OK = 0
	// Failed means nothing could be read (every source failed), or the
	// command could not start (state file, configuration).
	Failed = 1
	// Usage means the command line is wrong.
	Usage = 2
	// Partial means some sources failed, or the run was stopped (signal,
	// timeout), and the rest was reported and saved: the next run resumes.
	Partial = 3
)

// ForRun returns the exit status of a command after feed.Aggregator.Run with
// sources sources returned err: OK for nil, Failed when every source failed
// (one *feed.SourceError each), Partial otherwise.
func ForRun(err error, sources int) int {
	if err == nil {
		return OK
	}
	if n := len(feed.SourceErrors(err)); n > 0 && n >= sources {
		return Failed
	}
	return Partial
}
