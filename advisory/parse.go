package advisory

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"sync"
	"unsafe"
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

// String returns the format's name as ParseError.Format spells it: "index",
// "page", "mail", or "unknown".
func (f Format) String() string {
	switch f {
	case FormatIndex:
		return "index"
	case FormatPage:
		return "page"
	case FormatMail:
		return "mail"
	}
	return "unknown"
}

// detectSize is how much of a document Parse reads to detect its format: the
// title of a legacy kb page comes after a long head, so a few KB are not
// always enough.
const detectSize = 32 << 10

var (
	// mailIDStart is an APPLE-SA ID at the start of a line, alone or after
	// "Subject:".
	mailIDStart = regexp.MustCompile(`(?m)^(?:Subject:[ \t]*)?APPLE-SA-(?:\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4})-\d{1,3}\b`)
	// pgpArmorStart is the first line of a PGP signed message.
	pgpArmorStart = regexp.MustCompile(`(?m)^-----BEGIN PGP SIGNED MESSAGE-----[ \t]*\r?$`)
	// htmlTag is a tag inside a title's text.
	htmlTag = regexp.MustCompile(`(?s)<[^>]*>`)
	// indexTitle is the index page's title, current and older.
	indexTitle = regexp.MustCompile(`(?i)^apple security (?:releases|updates)\b`)
)

// Detect tells which format a document is from its first bytes (a few KB are
// usually enough; Parse gives it 32 KB):
//   - a mail is plain text that opens a PGP signed message or has a line
//     starting with an APPLE-SA ID;
//   - an advisory page is HTML titled "About the security content of ...",
//     or, with no such title in view, HTML that says it and shows entries
//     (gb-header headings or a legacy kb page with "Impact:" lines);
//   - the index is HTML titled "Apple security releases" or, on older pages,
//     "Apple security updates", or holding the releases table's "Name and
//     information link" header.
//
// A page's title wins over its text: advisory pages link to the index by its
// name, so "Apple security releases" in a page's body says nothing.
func Detect(head []byte) Format {
	s := bytes.TrimPrefix(head, []byte("\ufeff"))
	s = bytes.TrimLeft(s, " \t\r\n")
	if len(s) == 0 {
		return FormatUnknown
	}
	if s[0] != '<' {
		if pgpArmorStart.Match(s) || mailIDStart.Match(s) {
			return FormatMail
		}
		return FormatUnknown
	}
	// Searched in place: head is not written while Detect runs.
	hs := unsafe.String(unsafe.SliceData(s), len(s))
	var titles []string
	for _, tag := range [2]string{"title", "h1"} {
		if m, ok := elementText(hs, tag); ok {
			if strings.IndexByte(m, '<') >= 0 {
				m = htmlTag.ReplaceAllString(m, " ")
			}
			titles = append(titles, strings.ToLower(cleanText(m)))
		}
	}
	for _, t := range titles {
		if strings.Contains(t, "about the security content of") {
			return FormatPage
		}
	}
	for _, t := range titles {
		if indexTitle.MatchString(t) {
			return FormatIndex
		}
	}
	// The document's text, searched in place without a lower-cased copy.
	switch {
	case containsLowerASCII(hs, "name and information link"):
		return FormatIndex
	case containsLowerASCII(hs, "about the security content of"):
		return FormatPage
	case containsLowerASCII(hs, "gb-header") && (containsLowerASCII(hs, "available for:") || containsLowerASCII(hs, "impact:")):
		return FormatPage
	case containsLowerASCII(hs, "support.apple.com/kb/ht") && containsLowerASCII(hs, "impact:"):
		return FormatPage
	}
	return FormatUnknown
}

// elementText returns the raw content of the first <tag ...>...</tag> in s,
// in any case: what the regexp `(?is)<tag[^>]*>(.*?)</tag>` captures.
func elementText(s string, tag string) (string, bool) {
	open := "<" + tag
	i := indexLowerASCII(s, open)
	if i < 0 {
		return "", false
	}
	gt := strings.IndexByte(s[i+len(open):], '>')
	if gt < 0 {
		return "", false
	}
	start := i + len(open) + gt + 1
	end := indexLowerASCII(s[start:], "</"+tag+">")
	if end < 0 {
		return "", false
	}
	return s[start : start+end], true
}

// Parse detects the format of the document and parses it: an *Advisory for a
// page or mail, an *Index for the index page. It reads the first 32 KB to
// detect the format and stops there when the format is unknown (a
// *ParseError wrapping ErrUnknownFormat). A reader that fails at any point
// gives a *ParseError wrapping the reader's error and no document, never a
// partial one.
func Parse(r io.Reader, docURL string) (Document, error) {
	hp := headPool.Get().(*[]byte)
	defer headPool.Put(hp)
	head := (*hp)[:detectSize]
	n, err := io.ReadFull(r, head)
	head = head[:n]
	complete := false
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		complete = true
	case err != nil:
		return nil, &ParseError{Document: docURL, Format: "document", Detail: "reading", Err: err}
	}
	f := Detect(head)
	if f == FormatUnknown {
		return nil, &ParseError{Document: docURL, Format: "document", Detail: "not an index page, advisory page or APPLE-SA mail", Err: ErrUnknownFormat}
	}
	// The parsers read the head again, then the rest; the reader tells its
	// length when r does, so that they can size their buffers once.
	sticky := &stickyReader{r: r}
	body := &prefixReader{head: head, rest: sticky, restLen: -1}
	if complete {
		body.rest, body.restLen = nil, 0
	} else if l, ok := r.(interface{ Len() int }); ok {
		body.restLen = l.Len()
	}
	var doc Document
	switch f {
	case FormatIndex:
		var ix *Index
		if ix, err = ParseIndex(body, docURL); ix != nil {
			doc = ix
		}
	case FormatPage:
		var a *Advisory
		if a, err = ParsePage(body, docURL); a != nil {
			doc = a
		}
	case FormatMail:
		var a *Advisory
		if a, err = ParseMail(body, docURL); a != nil {
			doc = a
		}
	}
	if sticky.err != nil {
		// Whatever the parser made of the part it got is not the document.
		return nil, &ParseError{Document: docURL, Format: f.String(), Detail: "reading", Err: sticky.err}
	}
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, &ParseError{Document: docURL, Format: f.String(), Detail: "parser returned no document", Err: ErrMalformed}
	}
	return doc, nil
}

// stickyReader remembers the first error other than io.EOF its reader
// returned, so that Parse notices a failed read even when a parser ignores it.
type stickyReader struct {
	r   io.Reader
	err error
}

// Read implements io.Reader.
func (s *stickyReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && s.err == nil {
		s.err = err
	}
	return n, err
}

// headPool holds the buffers Parse reads a document's head into: the parsers
// copy what they keep, so a buffer is free again once Parse returns.
var headPool = sync.Pool{New: func() any {
	b := make([]byte, detectSize)
	return &b
}}

// prefixReader reads head, then rest. Its Len is what is left of both when
// the length of rest is known (restLen >= 0) and of head alone otherwise.
type prefixReader struct {
	head    []byte
	rest    io.Reader // nil when head is the whole document
	restLen int
}

// Read implements io.Reader.
func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	if p.rest == nil {
		return 0, io.EOF
	}
	n, err := p.rest.Read(b)
	if p.restLen > 0 {
		p.restLen = max(0, p.restLen-n)
	}
	return n, err
}

// Len returns how many bytes are known to be left.
func (p *prefixReader) Len() int {
	return len(p.head) + max(p.restLen, 0)
}
