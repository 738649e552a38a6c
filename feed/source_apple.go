package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/applesec/applesec/advisory"
)

// Defaults of AppleSource, applied to zero fields.
const (
	// DefaultAppleBaseURL is where Apple's support documents live.
	DefaultAppleBaseURL = "https://support.apple.com"
	// DefaultAppleIndexPath is the path of the "Apple security releases" index.
	DefaultAppleIndexPath = "/en-us/100100"
	// DefaultRecentWindow is how long after its release a page counts as recent.
	DefaultRecentWindow = 180 * 24 * time.Hour
	// DefaultRecheckInterval is how often an older page is re-checked.
	DefaultRecheckInterval = 7 * 24 * time.Hour
	// DefaultMaxRechecks caps the older pages re-checked in one run.
	DefaultMaxRechecks = 64
	// DefaultPageConcurrency is how many pages one AppleSource fetches at once.
	DefaultPageConcurrency = 4
)

// AppleSource reads Apple's security releases index, the older years' archive
// pages it links, and the advisory pages their rows link. Links that point at
// support.apple.com are resolved against BaseURL, so a mirror or a proxy
// serves the whole crawl. Zero fields take the defaults documented on them.
//
// Re-check policy. Every request is conditional, but a request not made at
// all is cheaper still, and Apple edits pages long after release (entries are
// added months later, often without touching the index row). So each run:
//   - the index is fetched (conditionally);
//   - an advisory page is fetched when it is new (never fetched), when its
//     index row changed, or when it is due: a recent page (released within
//     RecentWindow) is due once RecentInterval has passed since its last
//     check, an older page once RecheckInterval has passed; older pages due
//     are taken oldest-checked first, at most MaxRechecks per run, so after a
//     first crawl the re-checks spread over runs instead of arriving at once;
//   - an archive page is fetched when new or once RecheckInterval has passed.
//
// With the defaults and an hourly run, the index and the last six months'
// pages (a few dozen) are checked every hour, each older page about weekly,
// and an unchanged page costs a 304 and no parse.
type AppleSource struct {
	// BaseURL is the scheme and host of Apple's support site, or of a mirror
	// serving the same paths. Empty means DefaultAppleBaseURL.
	BaseURL string
	// IndexPath is the path of the index page. Empty means DefaultAppleIndexPath.
	IndexPath string
	// SkipArchives leaves the older years' archive pages (and the pages they
	// list) out of the crawl.
	SkipArchives bool
	// RecentWindow is how long after its release date a page is re-checked
	// every RecentInterval. Zero means DefaultRecentWindow (180 days).
	RecentWindow time.Duration
	// RecentInterval is the least time between two checks of a recent page.
	// Zero means every run.
	RecentInterval time.Duration
	// RecheckInterval is the least time between two checks of an older page
	// or an archive page. Zero means DefaultRecheckInterval (7 days).
	RecheckInterval time.Duration
	// MaxRechecks caps how many older pages are re-checked in one run (new
	// pages and pages whose row changed are not capped). Zero means
	// DefaultMaxRechecks (64); negative means no cap.
	MaxRechecks int
	// Concurrency is how many pages are fetched and parsed at once; the
	// Fetcher's per-host rate limit still applies. Zero means
	// DefaultPageConcurrency (4).
	Concurrency int
}

// Name returns "apple".
func (s AppleSource) Name() string { return "apple" }

// resolved returns s with defaults applied and the parsed base URL.
func (s AppleSource) resolved() (AppleSource, *url.URL, error) {
	if s.BaseURL == "" {
		s.BaseURL = DefaultAppleBaseURL
	}
	if s.IndexPath == "" {
		s.IndexPath = DefaultAppleIndexPath
	}
	if s.RecentWindow == 0 {
		s.RecentWindow = DefaultRecentWindow
	}
	if s.RecheckInterval == 0 {
		s.RecheckInterval = DefaultRecheckInterval
	}
	if s.MaxRechecks == 0 {
		s.MaxRechecks = DefaultMaxRechecks
	}
	if s.Concurrency <= 0 {
		s.Concurrency = DefaultPageConcurrency
	}
	base, err := url.Parse(strings.TrimRight(s.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return s, nil, fmt.Errorf("%w: AppleSource.BaseURL %q is not an absolute http(s) URL", ErrInvalidConfig, s.BaseURL)
	}
	base.Path, base.RawQuery, base.Fragment = "", "", ""
	return s, base, nil
}

// pageRow is what the crawl knows of an advisory page from the index rows
// that link it.
type pageRow struct {
	listed advisory.Date
	fp     string
}

// encode is the form kept in State.Reported under "page <url>".
func (r pageRow) encode() string { return r.listed.String() + " " + r.fp }

// decodePageRow reads what encode wrote.
func decodePageRow(s string) pageRow {
	d, fp, _ := strings.Cut(s, " ")
	var r pageRow
	if err := r.listed.UnmarshalText([]byte(d)); err != nil {
		r.listed = advisory.Date{}
	}
	r.fp = fp
	return r
}

// Poll fetches the index (and due archive pages), records their rows, and
// fetches and parses the advisory pages that are new, changed or due.
func (s AppleSource) Poll(ctx context.Context, env *PollEnv) error {
	s, base, err := s.resolved()
	if err != nil {
		return err
	}
	indexURL := base.String() + "/" + strings.TrimLeft(s.IndexPath, "/")
	rows := map[string]pageRow{}

	idx, err := s.readIndex(ctx, env, indexURL)
	if err != nil {
		return err
	}
	archivesKey := "archives " + indexURL
	var archives []string
	if idx != nil {
		for _, a := range idx.Archives {
			if u, ok := s.rebase(base, a); ok && !slices.Contains(archives, u) {
				archives = append(archives, u)
			}
		}
		if len(archives) > 0 {
			env.Remember(archivesKey, strings.Join(archives, "\n"))
		} else {
			env.Forget(archivesKey)
		}
		addRows(rows, base, s, idx)
	} else if v, ok := env.Remembered(archivesKey); ok && v != "" {
		archives = strings.Split(v, "\n")
	}

	if !s.SkipArchives {
		var due []string
		for _, a := range archives {
			if last, ok := env.LastChecked(a); !ok || env.Now.Sub(last) >= s.RecheckInterval {
				due = append(due, a)
			}
		}
		var mu sync.Mutex
		err := forEach(ctx, s.Concurrency, due, func(ctx context.Context, u string) error {
			ai, err := s.readArchive(ctx, env, u)
			if err != nil || ai == nil {
				return err
			}
			mu.Lock()
			addRows(rows, base, s, ai)
			mu.Unlock()
			return nil
		})
		if err != nil {
			return err
		}
	}

	changed := map[string]bool{}
	for u, r := range rows {
		if old, ok := env.Remembered("page " + u); !ok || decodePageRow(old).fp != r.fp {
			changed[u] = true
		}
		env.Remember("page "+u, r.encode())
	}
	pages := s.duePages(env, changed)
	return s.fetchPages(ctx, env, pages)
}

// readIndex fetches and parses the index page; nil when unchanged. The index
// is what the whole crawl hangs on: any failure is the source's failure.
func (s AppleSource) readIndex(ctx context.Context, env *PollEnv, u string) (*advisory.Index, error) {
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return nil, err
	}
	return advisory.ParseIndex(bytes.NewReader(body), u)
}

// readArchive fetches and parses an archive index page; nil when unchanged.
// A missing or unreadable archive page is a problem, not a failure: the
// current index and the other archives still count.
func (s AppleSource) readArchive(ctx context.Context, env *PollEnv, u string) (*advisory.Index, error) {
	body, changed, err := env.FetchChanged(ctx, u)
	switch {
	case isGone(err):
		env.AddProblem(u, err)
		return nil, nil
	case err != nil || !changed:
		return nil, err
	}
	idx, err := advisory.ParseIndex(bytes.NewReader(body), u)
	if err != nil {
		env.AddProblem(u, err)
		return nil, nil
	}
	return idx, nil
}

// addRows records the rows of idx that link an advisory page on the base host.
func addRows(rows map[string]pageRow, base *url.URL, s AppleSource, idx *advisory.Index) {
	for _, r := range idx.Rows {
		if r.URL == "" {
			continue
		}
		u, ok := s.rebase(base, r.URL)
		if !ok {
			continue
		}
		fp := fingerprint(fmt.Sprintf("%s\x00%s\x00%s\x00%t\x00%t", r.Name, r.Released, r.AvailableFor, r.NoCVEs, r.DetailsPending))
		if old, dup := rows[u]; dup {
			// One page linked by several rows: keep the earliest date and a
			// fingerprint of all of them.
			fp = fingerprint(old.fp + fp)
			if !old.listed.IsZero() && (r.Released.IsZero() || old.listed.Before(r.Released)) {
				r.Released = old.listed
			}
		}
		rows[u] = pageRow{listed: r.Released, fp: fp}
	}
}

// rebase maps a link to support.apple.com (any scheme, "www." or not) onto
// the base URL, and reports whether the result is on the base host: pages
// elsewhere are not Apple's advisories and are not crawled.
func (s AppleSource) rebase(base *url.URL, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if host == "support.apple.com" || host == "www.support.apple.com" {
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	if !strings.EqualFold(u.Host, base.Host) {
		return "", false
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}

// duePages applies the re-check policy to every page known from the rows of
// this run and of earlier runs, and returns the pages to fetch, sorted.
func (s AppleSource) duePages(env *PollEnv, changed map[string]bool) []string {
	type older struct {
		url  string
		last time.Time
	}
	var due []string
	var old []older
	for _, key := range env.RememberedKeys("page ") {
		u := strings.TrimPrefix(key, "page ")
		v, _ := env.Remembered(key)
		row := decodePageRow(v)
		last, checked := env.LastChecked(u)
		since := env.Now.Sub(last)
		recent := row.listed.IsZero() || env.Now.Sub(row.listed.Time()) <= s.RecentWindow
		switch {
		case !checked || changed[u]:
			due = append(due, u)
		case recent:
			if since >= s.RecentInterval {
				due = append(due, u)
			}
		case since >= s.RecheckInterval:
			old = append(old, older{u, last})
		}
	}
	slices.SortFunc(old, func(a, b older) int {
		if c := a.last.Compare(b.last); c != 0 {
			return c
		}
		return strings.Compare(a.url, b.url)
	})
	if s.MaxRechecks >= 0 && len(old) > s.MaxRechecks {
		old = old[:s.MaxRechecks]
	}
	for _, o := range old {
		due = append(due, o.url)
	}
	slices.Sort(due)
	return due
}

// fetchPages fetches the pages concurrently and parses those that changed.
func (s AppleSource) fetchPages(ctx context.Context, env *PollEnv, pages []string) error {
	var (
		mu   sync.Mutex
		done int
	)
	env.Progress(0, len(pages))
	return forEach(ctx, s.Concurrency, pages, func(ctx context.Context, u string) error {
		body, changed, err := env.FetchChanged(ctx, u)
		switch {
		case isGone(err):
			env.AddProblem(u, err)
		case err != nil:
			return err
		case changed:
			a, perr := advisory.ParsePage(bytes.NewReader(body), u)
			if perr != nil {
				env.AddProblem(u, perr)
			} else {
				env.AddAdvisory(a)
			}
		}
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		env.Progress(d, len(pages))
		return nil
	})
}

// isGone reports whether err is a 404 or 410: a document that is not there,
// which is a problem of that document rather than of the source.
func isGone(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && (he.StatusCode == http.StatusNotFound || he.StatusCode == http.StatusGone)
}
