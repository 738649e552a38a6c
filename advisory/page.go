package advisory

import "io"

// ParsePage reads an "About the security content of ..." advisory page, in the
// current layout or a legacy one. docURL is the page's address.
func ParsePage(r io.Reader, docURL string) (*Advisory, error) {
	return nil, &ParseError{Source: docURL, Format: "page", Detail: "not implemented", Err: ErrUnknownFormat}
}
