package advisory

import (
	"io"
)

// Format is a kind of document this package reads.
type Format int

// The formats Detect tells apart.
const (
	// FormatUnknown is none of the formats below.
	FormatUnknown Format = iota
	// FormatIndex is the "Apple security releases" index page.
	FormatIndex
	// FormatPage is an "About the security content of ..." advisory page.
	FormatPage
	// FormatMail is an APPLE-SA mail.
	FormatMail
)

// Detect tells which format a document is from its first bytes (a few KB are enough).
func Detect(head []byte) Format {
	return FormatUnknown
}

// Parse detects the format of the document and parses it: an *Advisory for a
// page or mail, an *Index for the index page.
func Parse(r io.Reader, docURL string) (Document, error) {
	return nil, &ParseError{Source: docURL, Format: "document", Err: ErrUnknownFormat}
}
