package cli

import (
	"io"
	"os"
)

// Stdin is the name that stands for standard input in a command's file
// arguments.
const Stdin = "-"

// Open opens the file name for reading; Stdin ("-") gives stdin, which
// closing does not close. Commands pass os.Stdin as stdin, tests a reader.
func Open(name string, stdin io.Reader) (io.ReadCloser, error) {
	if name == Stdin {
		return io.NopCloser(stdin), nil
	}
	return os.Open(name)
}

// DisplayName returns how messages name the input name: "standard input"
// for Stdin, name otherwise.
func DisplayName(name string) string {
	if name == Stdin {
		return "standard input"
	}
	return name
}
