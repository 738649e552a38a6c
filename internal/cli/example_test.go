package cli_test

import (
	"fmt"
	"os"

	"github.com/applesec/applesec/internal/cli"
)

// A command's run function parses its flags with NewFlagSet and reports
// errors through one Printer, so that "-h" exits 0 and every error line has
// one prefix.
func Example() {
	run := func(args []string) int {
		fs := cli.NewFlagSet("demo", "demo [-v] FILE", "Demo reads FILE.", os.Stdout, os.Stdout)
		verbose := fs.Bool("v", false, "debug logs")
		if code, ok := fs.Parse(args); !ok {
			return code
		}
		_ = cli.Logger(*verbose, os.Stderr)
		if fs.NArg() != 1 {
			return fs.UsageError("want one FILE")
		}
		cli.NewPrinter("demo", os.Stdout).Errorf("demo: %s: cannot read", fs.Arg(0))
		return cli.ExitFailure
	}
	fmt.Println("exit", run([]string{"--help"}))
	fmt.Println("exit", run([]string{"missing.txt"}))
	// Output:
	// usage: demo [-v] FILE
	// Demo reads FILE.
	// flags:
	//   -v	debug logs
	// exit 0
	// demo: missing.txt: cannot read
	// exit 1
}
