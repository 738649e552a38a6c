package advisory

import "io"

// ParseIndex reads the "Apple security releases" index page (current gb-table
// layout or the older HT201222 layout). docURL is the page's address; relative
// links are resolved against it.
func ParseIndex(r io.Reader, docURL string) (*Index, error) {
	return nil, &ParseError{Source: docURL, Format: "index", Detail: "not implemented", Err: ErrUnknownFormat}
}
