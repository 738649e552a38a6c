package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/mmcdole/gofeed"
)

// Errors a caller can test for with errors.Is; they come wrapped in a *ParseError.
var (
	// ErrUnknownFeedFormat means a document is neither RSS, Atom nor JSON Feed.
	// The *ParseError also wraps gofeed.ErrFeedTypeNotDetected.
	ErrUnknownFeedFormat = errors.New("feed: unknown feed format")
	// ErrMalformedFeed means a document is of a known format but cannot be read
	// as one (broken XML or JSON), or lacks what the format must hold (a KEV
	// catalog with no vulnerabilities, a CVE ID that is not one).
	ErrMalformedFeed = errors.New("feed: malformed document")
)

// ParseError reports a feed document that could not be parsed: which source,
// read as which format, and what was wrong.
type ParseError struct {
	// Document names the document: its URL or file name as given to the parser.
	Document string
	// Format is what it was read as: "news", "kev", "developer releases",
	// "mailing list".
	Format string
	// Detail says what was wrong, for a person; empty when Err says it all.
	Detail string
	// Err is the underlying error: ErrUnknownFeedFormat, ErrMalformedFeed
	// (often joined with the decoder's error), or the reader's I/O error.
	Err error
}

// Error implements error.
func (e *ParseError) Error() string {
	src := e.Document
	if src == "" {
		src = "(unnamed)"
	}
	msg := fmt.Sprintf("feed: %s %s", e.Format, src)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// parseFeed reads a whole RSS, Atom or JSON Feed document with gofeed. The
// body is read first, so that an I/O error is reported as itself and any
// later failure as the document's fault.
//
// gofeed's XML reader is not strict: it accepts namespace prefixes that were
// never declared (BleepingComputer's feed writes atom: and dc: elements with
// no xmlns declarations) and HTML entities such as &nbsp;, so no repair is
// needed before parsing.
func parseFeed(r io.Reader, source, format string) (*gofeed.Feed, error) {
	if r == nil {
		return nil, &ParseError{Document: source, Format: format, Detail: "no reader", Err: ErrMalformedFeed}
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{Document: source, Format: format, Detail: "reading", Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &ParseError{Document: source, Format: format, Detail: "empty document", Err: ErrMalformedFeed}
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, &ParseError{Document: source, Format: format, Detail: "not RSS, Atom or JSON Feed",
			Err: fmt.Errorf("%w: %w", ErrUnknownFeedFormat, err)}
	case err != nil:
		return nil, &ParseError{Document: source, Format: format, Err: fmt.Errorf("%w: %w", ErrMalformedFeed, err)}
	case f == nil:
		return nil, &ParseError{Document: source, Format: format, Detail: "no feed", Err: ErrMalformedFeed}
	}
	return f, nil
}
