package feed

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/applesec/applesec/advisory"
)

// DefaultMailListURL is Full Disclosure's RSS, which mirrors Apple's
// security-announce list.
const DefaultMailListURL = "https://seclists.org/rss/fulldisclosure.rss"

// DefaultMailConcurrency is how many mail pages a MailListSource fetches at once.
const DefaultMailConcurrency = 2

// MaxMailBackoff is the longest wait before a mail page that keeps failing
// is fetched again (see FailureBackoff).
const MaxMailBackoff = 24 * time.Hour

// MailListSource reads a mailing list's feed, then each APPLE-SA mail it
// announces that was not read before. Archive pages such as seclists.org's
// are HTML wrapping the mail in <pre>: the mail's text is taken from there; a
// plain-text page is read as is. A mail names its advisory page, so the
// Aggregator reports a mail and the page of the same release once.
type MailListSource struct {
	// URL is the list's feed. Empty means DefaultMailListURL.
	URL string
	// Concurrency is how many mail pages are fetched at once. Zero means
	// DefaultMailConcurrency.
	Concurrency int
}

// Name returns "mail".
func (s MailListSource) Name() string { return "mail" }

// Poll fetches the list's feed conditionally and each new mail. A feed that
// cannot be parsed fails the source; a mail page that is missing, cut short
// (no end of the signed mail), holds no APPLE-SA mail, or lies outside the
// feed's origin (scheme, host and port: nothing is sent there) is reported
// as a problem. A mail that could not be read is tried again after
// FailureBackoff, doubled with each failure in a row up to MaxMailBackoff:
// the feed's validators are kept only once every mail it lists was dealt
// with, so that the feed is read again while one waits. A host's Retry-After
// wait, or a run deadline before the next polite request, stops the source
// with ErrRetryLater or ErrRateLimitWait and counts against no mail.
func (s MailListSource) Poll(ctx context.Context, env *PollEnv) error {
	u := cmp.Or(s.URL, DefaultMailListURL)
	n := s.Concurrency
	if n <= 0 {
		n = DefaultMailConcurrency
	}
	origin, err := url.Parse(u)
	if err != nil || origin.Host == "" {
		return fmt.Errorf("%w: MailListSource.URL %q is not an absolute URL", ErrInvalidConfig, redactURL(u))
	}
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return err
	}
	links, err := ParseMailList(bytes.NewReader(body), u)
	if err != nil {
		env.unrecord(u)
		return err
	}
	prefix := "mail " + u + " "
	seen := map[string]bool{}
	var todo []MailLink
	incomplete := false
	for _, l := range links {
		if l.Link == "" || seen[l.Link] {
			continue
		}
		seen[l.Link] = true
		if _, ok := env.Remembered(prefix + l.Link); ok {
			continue
		}
		if waiting(env, mailFailKey(u, l.Link)) {
			incomplete = true // not yet: a later run tries it
			continue
		}
		todo = append(todo, l)
	}
	forgetAbsent(env, prefix, seen)
	forgetAbsent(env, mailFailKey(u, ""), seen)
	env.Progress(0, len(todo))
	var done int
	err = forEach(ctx, n, todo, func(ctx context.Context, l MailLink) error {
		ok, err := s.readMail(ctx, env, origin, prefix, l)
		if ok {
			env.Forget(mailFailKey(u, l.Link))
		} else if err == nil {
			recordFailure(env, mailFailKey(u, l.Link), MaxMailBackoff)
		}
		if err != nil {
			return err
		}
		env.mu.Lock()
		done++
		d := done
		incomplete = incomplete || !ok
		env.mu.Unlock()
		env.Progress(d, len(todo))
		return nil
	})
	if err != nil || incomplete {
		// Read the feed again next run, so the mails left are too.
		env.unrecord(u)
	}
	return err
}

// mailFailKey is the Reported key of the failure record of a mail the list
// at feed links to.
func mailFailKey(feed, link string) string { return "mailfail " + feed + " " + link }

// readMail fetches, extracts and parses one mail. It reports false when the
// mail should be tried again next run, and an error only when the run must
// stop (the context, the Recorder).
func (s MailListSource) readMail(ctx context.Context, env *PollEnv, origin *url.URL, prefix string, l MailLink) (bool, error) {
	if lu, err := url.Parse(l.Link); err != nil || !sameOrigin(lu, origin) {
		env.AddProblem(l.Link, fmt.Errorf("feed: mail %s: %w: not on the list's origin %s://%s", redactURL(l.Link), ErrURLNotAllowed, origin.Scheme, origin.Host))
		env.Remember(prefix+l.Link, l.ID)
		return true, nil
	}
	resp, err := env.Fetch(ctx, l.Link)
	if stop, ok := env.stopsPoll(ctx, l.Link, err); ok {
		return false, stop // not the mail's fault: the source stops, as AppleSource does
	}
	switch {
	case errors.Is(err, ErrNotModified):
		// Read in an earlier run that failed later: nothing new.
		env.Remember(prefix+l.Link, l.ID)
		return true, nil
	case isGone(err):
		env.AddProblem(l.Link, err)
		env.Remember(prefix+l.Link, l.ID)
		return true, nil
	case err != nil:
		env.unrecord(l.Link)
		env.AddProblem(l.Link, err)
		return false, nil
	}
	env.Parsed()
	text, ok := MailText(resp.Body)
	if !ok {
		env.AddProblem(l.Link, fmt.Errorf("feed: mail %s: no APPLE-SA mail in the page", redactURL(l.Link)))
		env.Remember(prefix+l.Link, l.ID)
		return true, nil
	}
	a, err := advisory.ParseMail(strings.NewReader(text), l.Link)
	if err != nil {
		env.AddProblem(l.Link, err)
		env.Remember(prefix+l.Link, l.ID)
		return true, nil
	}
	if a.Truncated {
		env.unrecord(l.Link)
		env.AddProblem(l.Link, fmt.Errorf("feed: mail %s: %w: the mail ends before its signature", redactURL(l.Link), ErrTruncatedBody))
		return false, nil
	}
	if err := env.record(ctx, Record{URL: l.Link, Advisory: a}); err != nil {
		return false, err
	}
	env.AddAdvisory(a)
	env.Remember(prefix+l.Link, l.ID)
	return true, nil
}

// MailText returns the text of an APPLE-SA mail from an archive page: the
// text of the page's <pre> element that holds it (tags dropped, entities
// decoded), or the body itself when it is plain text. It reports false when
// no APPLE-SA mail is found.
func MailText(body []byte) (string, bool) {
	if !looksHTML(body) {
		s := string(body)
		return s, strings.Contains(s, "APPLE-SA-")
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	var (
		pres  []string
		cur   strings.Builder
		depth int
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if depth > 0 {
				// A page cut inside its <pre>: keep what there is.
				pres = append(pres, cur.String())
			}
			for _, p := range pres {
				if strings.Contains(p, "APPLE-SA-") {
					return p, true
				}
			}
			return "", false
		case html.StartTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Pre {
				depth++
			} else if depth > 0 && atom.Lookup(name) == atom.Br {
				cur.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Pre && depth > 0 {
				depth--
				if depth == 0 {
					pres = append(pres, cur.String())
					cur.Reset()
				}
			}
		case html.TextToken:
			if depth > 0 {
				cur.Write(z.Text())
			}
		}
	}
}

// looksHTML reports whether a body is an HTML page rather than plain text.
func looksHTML(body []byte) bool {
	head := body[:min(len(body), 4096)]
	lower := bytes.ToLower(head)
	return bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<pre")) ||
		bytes.Contains(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<body"))
}
