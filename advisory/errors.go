package advisory

import (
	"errors"
	"fmt"
)

// Errors a caller can test for with errors.Is.
var (
	// ErrUnknownFormat means a document is none of the formats this package reads.
	ErrUnknownFormat = errors.New("advisory: unknown document format")
	// ErrMalformed means a document is of a known format but its content is not
	// what that format holds (no title, no entries, no table rows, ...).
	ErrMalformed = errors.New("advisory: malformed document")
)

// ParseError reports a document that could not be parsed: which source, read as
// which format, and what was wrong.
type ParseError struct {
	// Document names the document: its URL or file name as given to the parser.
	Document string
	// Format is the format it was read as: "index", "page", "mail", "news".
	Format string
	// Detail says what was wrong, for a person.
	Detail string
	// Err is the underlying error: ErrMalformed, ErrUnknownFormat, or an I/O error.
	Err error
}

// Error implements error.
func (e *ParseError) Error() string {
	src := e.Document
	if src == "" {
		src = "(unnamed)"
	}
	msg := fmt.Sprintf("advisory: %s %s", e.Format, src)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil && !errors.Is(e.Err, ErrMalformed) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
