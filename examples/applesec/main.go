// Command applesec is a command-line interface over the applesec library.
//
// Usage:
//
//	applesec parse [-v] [-url URL] FILE...  parse pages, index pages and APPLE-SA mails to JSON ("-" is stdin)
//	applesec check -model M -os V ...        say whether a device is patched against a CVE
//	applesec devices [-json] PHRASE          list the device models an "Available for" phrase names
//	applesec sync [-db PATH] [-offline [DIR]] bring the local database up to date from Apple's sources
//	applesec cve [-db PATH] [-json] CVE-ID... what the local database knows about CVEs
//	applesec list [-db PATH] [-component C]   list entries of the local database
//	applesec export -format csaf|sofa -out DIR  write CSAF 2.0 documents or SOFA feeds
//	applesec help [COMMAND]                  print the usage of applesec or of COMMAND
//
// Every command prints its usage on standard output and exits 0 for -h,
// -help or --help. Exit codes:
//
//	0  success
//	1  failure (an input could not be read or parsed)
//	2  usage error (unknown command or flag, missing argument)
//	3  partial: some sources failed, what could be read was written
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/applesec/applesec/internal/cli"
)

// command is one subcommand: it runs with its arguments and returns the exit status.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
	// runStdin, when set, is used instead of run: the command may read
	// standard input (an argument "-").
	runStdin func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands are registered by the files that implement them.
var commands = map[string]command{}

func main() {
	os.Exit(runWithStdin(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args with an empty standard input.
func run(args []string, stdout, stderr io.Writer) int {
	return runWithStdin(args, strings.NewReader(""), stdout, stderr)
}

// runWithStdin runs the command line args: help on stdout with status 0,
// usage errors on stderr with status 2, otherwise the command's status.
func runWithStdin(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usage(stderr)
		return cli.ExitUsage
	case args[0] == "help" && len(args) > 1:
		// "applesec help parse" is "applesec parse -h".
		if _, ok := commands[args[1]]; ok {
			return runWithStdin([]string{args[1], "-h"}, stdin, stdout, stderr)
		}
		args = args[1:]
	case cli.IsHelp(args[0]):
		usage(stdout)
		return cli.ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		cli.NewPrinter("applesec", stderr).Errorf("unknown command %q", args[0])
		usage(stderr)
		return cli.ExitUsage
	}
	if cmd.runStdin != nil {
		return cmd.runStdin(args[1:], stdin, stdout, stderr)
	}
	return cmd.run(args[1:], stdout, stderr)
}

// usage lists the commands on w.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: applesec COMMAND [ARGS]")
	fmt.Fprintln(w, "commands:")
	names := []string{"sync", "cve", "list", "check", "parse", "devices", "export"}
	for name := range commands {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	for _, name := range names {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  %-8s %s\n", name, c.summary)
		}
	}
	fmt.Fprintln(w, `Run "applesec COMMAND -h" for a command's flags.`)
	fmt.Fprintln(w, "Exit status: 0 success, 1 failure, 2 usage error, 3 partial (some sources failed).")
}
