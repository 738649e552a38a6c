package cli

// The exit codes of every applesec command; see the package documentation.
const (
	// ExitOK is success, and the code of -h/--help.
	ExitOK = 0
	// ExitFailure means the command failed: nothing useful was done, or an
	// input it was given could not be read.
	ExitFailure = 1
	// ExitUsage means the command was called wrongly: an unknown command or
	// flag, a missing or extra argument.
	ExitUsage = 2
	// ExitPartial means some sources or inputs failed while the others were
	// read, written and saved; the failures are named on standard error and
	// the next run picks up what was missed.
	ExitPartial = 3
)
