package feed

import (
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// MailLink is one APPLE-SA mail announced by a mailing-list feed, such as
// Full Disclosure's RSS (https://seclists.org/rss/fulldisclosure.rss), which
// mirrors Apple's security-announce list. The mail itself is at Link.
type MailLink struct {
	// ID is the APPLE-SA identifier as written ("APPLE-SA-03-17-2026-1",
	// before mid-2023 "APPLE-SA-2022-12-13-1").
	ID string `json:"id"`
	// Title is the subject after the ID ("Background Security Improvements
	// for iOS 26.3.1, ...").
	Title string `json:"title"`
	// Link is the archived mail's address.
	Link string `json:"link"`
	// Published is the item's publication time (zero when absent).
	Published time.Time `json:"published"`
}

// mailSubject is an APPLE-SA subject: the ID in either date order, then the title.
var mailSubject = regexp.MustCompile(`^(APPLE-SA-(?:\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2})-\d{1,3})(?:\s+(.*))?$`)

// ParseMailList reads a mailing-list feed (RSS, Atom or JSON Feed) and returns
// the items whose title is an APPLE-SA subject, in feed order; replies ("Re:
// APPLE-SA-...") and other mails are left out, so a feed with no Apple mail
// gives an empty slice. sourceURL names the feed in errors and resolves
// relative links. A document that is no feed gives a *ParseError wrapping
// ErrUnknownFeedFormat, a broken one ErrMalformedFeed.
func ParseMailList(r io.Reader, sourceURL string) ([]MailLink, error) {
	f, err := parseFeed(r, sourceURL, "mailing list")
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(sourceURL)
	out := []MailLink{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		m := mailSubject.FindStringSubmatch(strings.Join(strings.Fields(it.Title), " "))
		if m == nil {
			continue
		}
		out = append(out, MailLink{ID: m[1], Title: m[2], Link: itemLink(it, base), Published: itemTime(it)})
	}
	return out, nil
}
