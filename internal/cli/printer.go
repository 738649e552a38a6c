package cli

import (
	"fmt"
	"io"
	"strings"
)

// Printer writes a command's error and warning lines to standard error with
// exactly one "prog: " prefix, however many layers of the error already
// carry it.
type Printer struct {
	prog string
	w    io.Writer
}

// NewPrinter returns a Printer for the command prog ("applesec parse",
// "fleet-check") that writes to w.
func NewPrinter(prog string, w io.Writer) *Printer {
	return &Printer{prog: prog, w: w}
}

// Errorf writes one line "prog: message". A message that already starts
// with the prefix, once or more ("fleet-check: fleet-check: ..."), with
// the last word of prog ("parse: ..." for "applesec parse"), or with its
// first word, which is also the root package's prefix ("applesec: ..." for
// "applesec check"), keeps a single prefix.
func (p *Printer) Errorf(format string, args ...any) {
	fmt.Fprintln(p.w, p.Line(fmt.Sprintf(format, args...)))
}

// Error writes err as Errorf("%v", err) does; a nil err writes nothing.
func (p *Printer) Error(err error) {
	if err == nil {
		return
	}
	p.Errorf("%v", err)
}

// Line returns msg with exactly one "prog: " prefix and without a trailing
// newline.
func (p *Printer) Line(msg string) string {
	msg = strings.TrimRight(msg, "\n")
	prefixes := []string{p.prog + ": "}
	if i := strings.LastIndexByte(p.prog, ' '); i >= 0 {
		prefixes = append(prefixes, p.prog[i+1:]+": ")
	}
	if i := strings.IndexByte(p.prog, ' '); i >= 0 {
		prefixes = append(prefixes, p.prog[:i]+": ")
	}
	for trimmed := true; trimmed; {
		trimmed = false
		for _, pre := range prefixes {
			if strings.HasPrefix(msg, pre) {
				msg = msg[len(pre):]
				trimmed = true
			}
		}
	}
	return p.prog + ": " + msg
}
