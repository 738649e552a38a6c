package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// FlagSet is a flag.FlagSet that follows the conventions of the package:
// -h, -help and --help print the usage on standard output and end the
// command with ExitOK; a bad flag prints the error and the usage on standard
// error and ends it with ExitUsage.
type FlagSet struct {
	*flag.FlagSet
	// Synopsis is the usage line without "usage: ", e.g.
	// "applesec parse [-url URL] FILE...".
	Synopsis string
	// Description is printed after the synopsis, before the flags; it may be
	// empty or hold several lines.
	Description string
	stdout      io.Writer
	stderr      io.Writer
}

// NewFlagSet returns a FlagSet named name (the command as the user types
// it, "applesec parse") that writes help to stdout and errors to stderr.
func NewFlagSet(name, synopsis, description string, stdout, stderr io.Writer) *FlagSet {
	fs := &FlagSet{
		FlagSet:     flag.NewFlagSet(name, flag.ContinueOnError),
		Synopsis:    synopsis,
		Description: description,
		stdout:      stdout,
		stderr:      stderr,
	}
	fs.FlagSet.SetOutput(stderr)
	// Parse prints the usage itself: on stdout for help, on stderr for a
	// bad flag (after flag's own error line).
	fs.FlagSet.Usage = func() {}
	return fs
}

// PrintUsage writes the synopsis, the description and the flags to w.
func (fs *FlagSet) PrintUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n", fs.Synopsis)
	if fs.Description != "" {
		fmt.Fprintln(w, fs.Description)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "flags:")
		fs.FlagSet.SetOutput(w)
		fs.FlagSet.PrintDefaults()
		fs.FlagSet.SetOutput(fs.stderr)
	}
}

// Parse parses args. It returns ok when the command should go on; otherwise
// the command should return code: ExitOK after printing help on standard
// output for -h, -help or --help, ExitUsage after printing the error and the
// usage on standard error for a bad flag.
func (fs *FlagSet) Parse(args []string) (code int, ok bool) {
	err := fs.FlagSet.Parse(args)
	switch {
	case err == nil:
		return ExitOK, true
	case errors.Is(err, flag.ErrHelp):
		fs.PrintUsage(fs.stdout)
		return ExitOK, false
	default:
		// flag has printed the error on standard error.
		fs.PrintUsage(fs.stderr)
		return ExitUsage, false
	}
}

// UsageError prints "prog: msg" and the usage on standard error and returns
// ExitUsage, for a missing or wrong argument found after Parse.
func (fs *FlagSet) UsageError(format string, args ...any) int {
	NewPrinter(fs.Name(), fs.stderr).Errorf(format, args...)
	fs.PrintUsage(fs.stderr)
	return ExitUsage
}

// IsHelp reports whether arg asks for help: "-h", "-help", "--help" or
// "help". Commands that dispatch to subcommands use it on their first argument.
func IsHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}
