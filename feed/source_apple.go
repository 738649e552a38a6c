package feed

import (
	"bytes"
	"cmp"
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
	// DefaultMaxNewPages caps the new (or re-listed) pages fetched in one
	// run: large enough for a first crawl of every archive (about 700 pages)
	// to complete in one run, small enough that a hostile index listing
	// 100,000 rows cannot hold a run for long.
	DefaultMaxNewPages = 1000
	// DefaultPageConcurrency is how many pages one AppleSource fetches at once.
	DefaultPageConcurrency = 4
	// FailureBackoff is the wait before a page or mail that failed is
	// fetched again; it doubles with each failure in a row, up to the
	// re-check interval for a page and MaxMailBackoff for a mail.
	FailureBackoff = time.Hour
)

// AppleSource reads Apple's security releases index, (when Archives is set)
// the older years' archive pages it links, and the advisory pages their rows
// link. Links that point at support.apple.com are resolved against BaseURL,
// so a mirror or a proxy serves the whole crawl; links to other origins
// (scheme, host and port) are not followed. Zero fields take the defaults
// documented on them.
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
//     new and changed pages are taken newest first, at most MaxNewPages per
//     run, the rest in the next runs;
//   - RecheckNow makes every known page (and archive page) due in this run,
//     without the MaxRechecks cap, for a user who knows Apple just edited old
//     pages;
//   - an archive page is fetched when new or once RecheckInterval has passed.
//
// A page that cannot be read (an error status after retries, a body cut
// short, a page that does not parse or lacks its closing structure) is a
// problem of that page, not a failure of the source: it is reported once as
// a problem, its validators are not kept, and it is fetched again after
// FailureBackoff, doubling with each failure up to RecheckInterval. Rows
// that leave the index (or the archive page that listed them) leave the
// schedule and the State.
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
	// Archives adds the older years' archive pages (and the hundreds of pages
	// they list) to the crawl. Off by default.
	Archives bool
	// RecentWindow is how long after its release date a page is re-checked
	// every RecentInterval. Zero means DefaultRecentWindow (180 days).
	RecentWindow time.Duration
	// RecentInterval is the least time between two checks of a recent page.
	// Zero means every run.
	RecentInterval time.Duration
	// RecheckInterval is the least time between two checks of an older page
	// or an archive page, and the longest backoff of a failing page. Zero
	// means DefaultRecheckInterval (7 days); to re-check now, set RecheckNow.
	RecheckInterval time.Duration
	// RecheckNow makes every known page and archive page due in this run
	// (still with conditional requests), as if RecheckInterval were zero,
	// with no MaxRechecks cap and no failure backoff.
	RecheckNow bool
	// MaxRechecks caps how many older pages are re-checked in one run. Zero
	// means DefaultMaxRechecks (64); negative means no cap.
	MaxRechecks int
	// MaxNewPages caps how many new pages, and pages whose row changed, are
	// fetched in one run (newest first); the rest wait for the next runs.
	// Zero means DefaultMaxNewPages (1000); negative means no cap.
	MaxNewPages int
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
	if s.MaxNewPages == 0 {
		s.MaxNewPages = DefaultMaxNewPages
	}
	if s.Concurrency <= 0 {
		s.Concurrency = DefaultPageConcurrency
	}
	if s.RecentWindow < 0 || s.RecheckInterval < 0 || s.RecentInterval < 0 {
		return s, nil, fmt.Errorf("%w: AppleSource durations must not be negative", ErrInvalidConfig)
	}
	base, err := url.Parse(strings.TrimRight(s.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return s, nil, fmt.Errorf("%w: AppleSource.BaseURL %q is not an absolute http(s) URL", ErrInvalidConfig, redactURL(s.BaseURL))
	}
	base.Path, base.RawQuery, base.Fragment = "", "", ""
	return s, base, nil
}

// pageRow is what the crawl knows of an advisory page from the index rows
// that link it.
type pageRow struct {
	listed advisory.Date
	fp     string
	// from is the listing (index or archive page) the row was read from;
	// empty in States written before it was kept, meaning the index.
	from string
	// pending marks a page that is new or whose row changed and that has
	// not been read since: it is due whatever its last check.
	pending bool
}

// encode is the form kept in State.Reported under "page <url>":
// "date fingerprint listing pending".
func (r pageRow) encode() string {
	p := "0"
	if r.pending {
		p = "1"
	}
	return r.listed.String() + " " + r.fp + " " + r.from + " " + p
}

// decodePageRow reads what encode wrote (and the older "date fingerprint").
func decodePageRow(s string) pageRow {
	parts := strings.Split(s, " ")
	var r pageRow
	if err := r.listed.UnmarshalText([]byte(parts[0])); err != nil {
		r.listed = advisory.Date{}
	}
	if len(parts) > 1 {
		r.fp = parts[1]
	}
	if len(parts) > 2 {
		r.from = parts[2]
	}
	r.pending = len(parts) > 3 && parts[3] == "1"
	return r
}

// failKey is the Reported key of a page's failure record.
func failKey(u string) string { return "fail " + u }

// Poll fetches the index (and due archive pages), records their rows, and
// fetches and parses the advisory pages that are new, changed or due.
func (s AppleSource) Poll(ctx context.Context, env *PollEnv) error {
	s, base, err := s.resolved()
	if err != nil {
		return err
	}
	indexURL := base.String() + "/" + strings.TrimLeft(s.IndexPath, "/")
	rows := map[string]pageRow{}
	read := map[string]bool{} // listings read in full this run

	idx, err := s.readIndex(ctx, env, indexURL)
	if err != nil {
		return err
	}
	archivesKey := "archives " + indexURL
	var archives []string
	if idx != nil {
		read[indexURL] = true
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
		addRows(rows, base, s, indexURL, idx)
	} else if v, ok := env.Remembered(archivesKey); ok && v != "" {
		archives = strings.Split(v, "\n")
	}

	var archiveErr error
	if s.Archives {
		var due []string
		for _, a := range archives {
			if last, ok := env.LastChecked(a); s.RecheckNow || !ok || env.Now.Sub(last) >= s.RecheckInterval {
				due = append(due, a)
			}
		}
		var mu sync.Mutex
		archiveErr = forEach(ctx, s.Concurrency, due, func(ctx context.Context, u string) error {
			ai, err := s.readArchive(ctx, env, u)
			if err != nil || ai == nil {
				return err
			}
			mu.Lock()
			read[u] = true
			addRows(rows, base, s, u, ai)
			mu.Unlock()
			return nil
		})
	}

	// The rows of the listings read are kept even when the run stops here:
	// their validators are, and an unchanged listing is not read again.
	s.schedule(env, indexURL, rows, read)
	if archiveErr != nil {
		return archiveErr
	}
	pages := s.duePages(env)
	return s.fetchPages(ctx, env, pages)
}

// schedule records the rows read this run: a page new or whose row changed
// is marked pending until read; a page no longer listed by a listing read
// this run leaves the schedule, with its validators and failure record.
func (s AppleSource) schedule(env *PollEnv, indexURL string, rows map[string]pageRow, read map[string]bool) {
	for _, key := range env.RememberedKeys("page ") {
		u := strings.TrimPrefix(key, "page ")
		if _, listed := rows[u]; listed {
			continue
		}
		v, _ := env.Remembered(key)
		from := cmp.Or(decodePageRow(v).from, indexURL)
		if read[from] {
			env.Forget(key)
			env.Forget(failKey(u))
			env.Forget("problem " + u)
			env.dropURL(u)
		}
	}
	for u, r := range rows {
		old, ok := env.Remembered("page " + u)
		prev := decodePageRow(old)
		r.pending = !ok || prev.fp != r.fp || prev.pending
		env.Remember("page "+u, r.encode())
	}
}

// readIndex fetches and parses the index page; nil when unchanged. The index
// is what the whole crawl hangs on: any failure is the source's failure.
func (s AppleSource) readIndex(ctx context.Context, env *PollEnv, u string) (*advisory.Index, error) {
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return nil, err
	}
	idx, err := advisory.ParseIndex(bytes.NewReader(body), u)
	if err != nil {
		env.unrecord(u)
		return nil, err
	}
	if err := env.record(ctx, Record{URL: u, Index: idx}); err != nil {
		return nil, err
	}
	return idx, nil
}

// readArchive fetches and parses an archive index page; nil when unchanged.
// A missing or unreadable archive page is a problem, not a failure: the
// current index and the other archives still count.
func (s AppleSource) readArchive(ctx context.Context, env *PollEnv, u string) (*advisory.Index, error) {
	body, changed, err := env.FetchChanged(ctx, u)
	if stop, ok := env.stopsPoll(ctx, u, err); ok {
		return nil, stop
	}
	switch {
	case err != nil:
		env.unrecord(u)
		env.AddProblem(u, err)
		return nil, nil
	case !changed:
		return nil, nil
	}
	idx, err := advisory.ParseIndex(bytes.NewReader(body), u)
	if err != nil {
		env.unrecord(u)
		env.AddProblem(u, err)
		return nil, nil
	}
	if err := env.record(ctx, Record{URL: u, Index: idx}); err != nil {
		return nil, err
	}
	return idx, nil
}

// addRows records the rows of idx, read from the listing at from, that link
// an advisory page on the base origin. A page listed by several listings
// keeps the first one read (the index before archives).
func addRows(rows map[string]pageRow, base *url.URL, s AppleSource, from string, idx *advisory.Index) {
	for _, r := range idx.Rows {
		if r.URL == "" {
			continue
		}
		u, ok := s.rebase(base, r.URL)
		if !ok {
			continue
		}
		fp := fingerprint(fmt.Sprintf("%s\x00%s\x00%s\x00%t\x00%t", r.Name, r.Released, r.AvailableFor, r.NoCVEs, r.DetailsPending))
		src := from
		if old, dup := rows[u]; dup {
			// One page linked by several rows: keep the earliest date and a
			// fingerprint of all of them.
			fp = fingerprint(old.fp + fp)
			src = old.from
			if !old.listed.IsZero() && (r.Released.IsZero() || old.listed.Before(r.Released)) {
				r.Released = old.listed
			}
		}
		rows[u] = pageRow{listed: r.Released, fp: fp, from: src}
	}
}

// rebase maps a link to support.apple.com (any scheme, "www." or not) onto
// the base URL, and reports whether the result is on the base origin
// (scheme, host and port): pages elsewhere are not Apple's advisories and
// are not crawled.
func (s AppleSource) rebase(base *url.URL, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if host == "support.apple.com" || host == "www.support.apple.com" {
		u.Scheme, u.Host = base.Scheme, base.Host
	}
	if !sameOrigin(u, base) {
		return "", false
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}

// sameOrigin reports whether u and base have the same scheme, host and port.
func sameOrigin(u, base *url.URL) bool {
	return strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Hostname(), base.Hostname()) &&
		effectivePort(u) == effectivePort(base)
}

// duePages applies the re-check policy to every page known from the rows of
// this run and of earlier runs, and returns the pages to fetch, sorted.
func (s AppleSource) duePages(env *PollEnv) []string {
	type page struct {
		url    string
		last   time.Time
		listed advisory.Date
	}
	var due []string
	var fresh, old []page
	for _, key := range env.RememberedKeys("page ") {
		u := strings.TrimPrefix(key, "page ")
		v, _ := env.Remembered(key)
		row := decodePageRow(v)
		if !s.RecheckNow && waiting(env, failKey(u)) {
			continue
		}
		last, checked := env.LastChecked(u)
		since := env.Now.Sub(last)
		recent := row.listed.IsZero() || env.Now.Sub(row.listed.Time()) <= s.RecentWindow
		switch {
		case !checked || row.pending:
			fresh = append(fresh, page{u, last, row.listed})
		case s.RecheckNow:
			due = append(due, u)
		case recent:
			if since >= s.RecentInterval {
				due = append(due, u)
			}
		case since >= s.RecheckInterval:
			old = append(old, page{u, last, row.listed})
		}
	}
	slices.SortFunc(fresh, func(a, b page) int {
		if c := b.listed.Time().Compare(a.listed.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.url, b.url)
	})
	if s.MaxNewPages >= 0 && len(fresh) > s.MaxNewPages {
		env.Logger.Debug("feed: new pages capped", "pages", len(fresh), "cap", s.MaxNewPages)
		fresh = fresh[:s.MaxNewPages]
	}
	slices.SortFunc(old, func(a, b page) int {
		if c := a.last.Compare(b.last); c != 0 {
			return c
		}
		return strings.Compare(a.url, b.url)
	})
	if s.MaxRechecks >= 0 && len(old) > s.MaxRechecks {
		old = old[:s.MaxRechecks]
	}
	for _, p := range fresh {
		due = append(due, p.url)
	}
	for _, p := range old {
		due = append(due, p.url)
	}
	slices.Sort(due)
	return due
}

// fetchPages fetches the pages concurrently and parses those that changed.
// It fails only when the run must stop: the context ended, the Recorder
// failed, or the host asked to be left alone.
func (s AppleSource) fetchPages(ctx context.Context, env *PollEnv, pages []string) error {
	var (
		mu   sync.Mutex
		done int
	)
	env.Progress(0, len(pages))
	return forEach(ctx, s.Concurrency, pages, func(ctx context.Context, u string) error {
		if err := s.fetchPage(ctx, env, u); err != nil {
			return err
		}
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		env.Progress(d, len(pages))
		return nil
	})
}

// fetchPage reads one advisory page.
func (s AppleSource) fetchPage(ctx context.Context, env *PollEnv, u string) error {
	body, changed, err := env.FetchChanged(ctx, u)
	if stop, ok := env.stopsPoll(ctx, u, err); ok {
		return stop // not the page's fault
	}
	switch {
	case err != nil:
		s.pageFailed(env, u, err)
		return nil
	case !changed:
		s.pageRead(env, u)
		return nil
	}
	a, err := advisory.ParsePage(bytes.NewReader(body), u)
	switch {
	case err != nil:
		s.pageFailed(env, u, err)
		return nil
	case a.Truncated:
		s.pageFailed(env, u, fmt.Errorf("feed: page %s: %w: the page ends before its closing structure", redactURL(u), ErrTruncatedBody))
		return nil
	}
	if err := env.record(ctx, Record{URL: u, Advisory: a}); err != nil {
		return err
	}
	env.AddAdvisory(a)
	s.pageRead(env, u)
	return nil
}

// pageRead clears a page's pending mark and failure record.
func (s AppleSource) pageRead(env *PollEnv, u string) {
	if v, ok := env.Remembered("page " + u); ok {
		r := decodePageRow(v)
		if r.pending {
			r.pending = false
			env.Remember("page "+u, r.encode())
		}
	}
	env.Forget(failKey(u))
}

// pageFailed reports a page that could not be read, keeps none of its
// validators, and backs off: FailureBackoff after the first failure, doubled
// after each further one, at most RecheckInterval.
func (s AppleSource) pageFailed(env *PollEnv, u string, err error) {
	env.unrecord(u)
	env.AddProblem(u, err)
	recordFailure(env, failKey(u), s.RecheckInterval)
}

// isGone reports whether err is a 404 or 410: a document that is not there,
// which is a problem of that document rather than of the source.
func isGone(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && (he.StatusCode == http.StatusNotFound || he.StatusCode == http.StatusGone)
}
