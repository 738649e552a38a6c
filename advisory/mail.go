package advisory

import "io"

// ParseMail reads an APPLE-SA mail. docURL names the mail's source (an archive
// URL or file name); the advisory's URL is the support.apple.com link the mail
// names, or docURL when it names none.
func ParseMail(r io.Reader, docURL string) (*Advisory, error) {
	return nil, &ParseError{Source: docURL, Format: "mail", Detail: "not implemented", Err: ErrUnknownFormat}
}
