// Package cli holds the conventions every applesec command follows, so that
// they behave alike:
//
//   - -h, -help, --help (and "help" where a command takes subcommands) print
//     the usage on standard output and exit 0;
//   - a bad flag or missing argument prints the usage on standard error and
//     exits 2;
//   - an input named "-" is standard input;
//   - every error line has exactly one "prog: " prefix;
//   - -v turns on debug logs through one *slog.Logger that the command
//     hands to the library.
//
// Exit codes, the same in every command:
//
//	code  constant     meaning
//	0     ExitOK       success (also for -h/--help)
//	1     ExitFailure  failure: nothing useful was done, or an input failed
//	2     ExitUsage    bad usage: unknown command or flag, missing argument
//	3     ExitPartial  partial: some sources or inputs failed, what could be
//	                   read was written (and saved) and the failures named
//
// The package never calls os.Exit: a command's run function returns the
// code and main exits with it, so that commands are testable as functions.
package cli
