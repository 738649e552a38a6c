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

// ParseIndex reads the "Apple security releases" index page (current gb-table
// layout or the older HT201222 layout). docURL is the page's address; relative
// links are resolved against it.
func ParseIndex(r io.Reader, docURL string) (*Index, error) {
	panic("TODO")
}

// ParsePage reads an "About the security content of ..." advisory page, in the
// current layout or a legacy one. docURL is the page's address.
func ParsePage(r io.Reader, docURL string) (*Advisory, error) {
	panic("TODO")
}

// ParseMail reads an APPLE-SA mail. docURL names the mail's source (an archive
// URL or file name); the advisory's URL is the support.apple.com link the mail
// names, or docURL when it names none.
func ParseMail(r io.Reader, docURL string) (*Advisory, error) {
	panic("TODO")
}

// Detect tells which format a document is from its first bytes (a few KB are enough).
func Detect(head []byte) Format {
	panic("TODO")
}

// Parse detects the format of the document and parses it: an *Advisory for a
// page or mail, an *Index for the index page.
func Parse(r io.Reader, docURL string) (Document, error) {
	panic("TODO")
}
