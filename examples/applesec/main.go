// Command applesec is a command-line interface over the applesec library.
//
// Usage:
//
//	applesec parse FILE...            parse advisory pages, index pages and APPLE-SA mails to JSON
//	applesec check -model M -os V ... say whether a device is patched against a CVE
//	applesec devices PHRASE           list the device models an "Available for" phrase names
//	applesec export -format F -out D  write CSAF 2.0 documents or SOFA-compatible feeds
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand: it runs with its arguments and returns the exit status.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands are registered by the files that implement them.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "applesec: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: applesec COMMAND [ARGS]")
	for _, name := range []string{"parse", "check", "devices", "export"} {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  %-8s %s\n", name, c.summary)
		}
	}
}
