package applesec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/applesec/applesec/feed"
)

// DefaultSnapshot is the snapshot of Apple's site, the pmv feed and the KEV
// catalog that the project ships, relative to the repository root: an offline
// sync or watch replays it when given no other directory.
const DefaultSnapshot = "testdata/snapshot"

// capturedFile names the file of a snapshot directory that holds the time
// the snapshot was taken, in RFC 3339 ("2026-03-25T09:00:00Z").
const capturedFile = "CAPTURED"

// SyncOptions says where Sync (and a watcher built with Sources) reads from.
// The zero value reads Apple's site, Apple's software lookup feed (trusting
// the embedded Apple Root CA for gdmf.apple.com) and CISA's KEV catalog,
// without the archive pages.
type SyncOptions struct {
	// BaseURL is Apple's support site or a mirror serving its paths. Empty
	// means feed.DefaultAppleBaseURL.
	BaseURL string
	// Offline, when set, is a snapshot directory replayed instead of the
	// network (see feed.Replay): the sources whose hosts it holds are read,
	// as of the time in its CAPTURED file.
	Offline string
	// Archives adds the older years' archive pages and the hundreds of pages
	// they list: the whole history.
	Archives bool
	// Recheck is how long an older page goes without a re-check. Zero means
	// feed.DefaultRecheckInterval (7 days); see RecheckNow.
	Recheck time.Duration
	// RecheckNow re-checks every known page in this run (conditionally).
	RecheckNow bool
	// KEVURL is CISA's KEV catalog. Empty means feed.DefaultKEVURL; "-"
	// leaves the catalog out.
	KEVURL string
	// GDMFURL is Apple's software lookup feed (pmv). Empty means
	// feed.DefaultGDMFURL; "-" leaves it out.
	GDMFURL string
	// AppleRootCA, when set, is the certificate (PEM or DER) trusted for the
	// pmv feed in place of the embedded Apple Root CA.
	AppleRootCA []byte
	// MailURL is a mailing-list feed announcing APPLE-SA mails (such as
	// feed.DefaultMailListURL); empty leaves mails out.
	MailURL string
	// NewsURLs are news feeds (RSS, Atom, JSON Feed) to link to advisories.
	NewsURLs []string
	// Timeout bounds each request attempt. Zero means feed.DefaultTimeout.
	Timeout time.Duration
	// Fetcher, when set, fetches every document in place of the client
	// Sources would build (tests, a client with other limits); Offline,
	// Timeout and AppleRootCA then play no part in fetching.
	Fetcher feed.Fetcher
	// Progress, when set, receives the run's progress (see feed.Progress).
	Progress func(feed.Progress)
	// Logger receives debug records. Nil discards.
	Logger *slog.Logger
	// Now is the time of the run. Nil means time.Now, or the snapshot's
	// capture time when Offline is set.
	Now func() time.Time
}

// Sources returns the fetcher (opts.Fetcher, or a polite client built for
// opts) and the sources that opts names, as Sync uses them; a watcher builds
// its run from the same. Requests go only to the hosts of those sources (and
// redirects within them).
func Sources(opts SyncOptions) (feed.Fetcher, []feed.Source, error) {
	apple := feed.AppleSource{
		BaseURL:         opts.BaseURL,
		Archives:        opts.Archives,
		RecheckInterval: opts.Recheck,
		RecheckNow:      opts.RecheckNow,
	}
	kev, gdmf := opts.KEVURL, opts.GDMFURL
	if kev == "" {
		kev = feed.DefaultKEVURL
	}
	if gdmf == "" {
		gdmf = feed.DefaultGDMFURL
	}
	if opts.Offline != "" && opts.Fetcher == nil {
		return offlineSources(opts, apple, kev, gdmf)
	}
	cfg := feed.Config{
		Logger:       opts.Logger,
		Timeout:      opts.Timeout,
		AllowedHosts: []string{"*.apple.com", "www.cisa.gov", "seclists.org"},
	}
	sources := []feed.Source{apple}
	if gdmf != "-" {
		sources = append(sources, feed.GDMFSource{URL: gdmf})
		if len(opts.AppleRootCA) > 0 {
			cfg.ExtraRootCAs = [][]byte{opts.AppleRootCA}
		}
	}
	if kev != "-" {
		sources = append(sources, feed.KEVSource{URL: kev})
	}
	sources = append(sources, optionalSources(opts)...)
	if opts.Fetcher != nil {
		return opts.Fetcher, sources, nil
	}
	client, err := feed.NewClient(cfg)
	if err != nil {
		return nil, nil, err
	}
	return client, sources, nil
}

// offlineSources replays a snapshot directory: the Apple source always, the
// others when the snapshot holds their host.
func offlineSources(opts SyncOptions, apple feed.AppleSource, kev, gdmf string) (feed.Fetcher, []feed.Source, error) {
	fi, err := os.Stat(opts.Offline)
	if err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("applesec: offline snapshot directory %q not found: run from the repository root, or name the directory", opts.Offline)
	}
	client, err := feed.NewReplayClient(opts.Offline, opts.Logger)
	if err != nil {
		return nil, nil, err
	}
	sources := []feed.Source{apple}
	if gdmf != "-" && hasHostDir(opts.Offline, gdmf) {
		sources = append(sources, feed.GDMFSource{URL: gdmf})
	}
	if kev != "-" && hasHostDir(opts.Offline, kev) {
		sources = append(sources, feed.KEVSource{URL: kev})
	}
	return client, append(sources, optionalSources(opts)...), nil
}

// optionalSources returns the mail and news sources asked for.
func optionalSources(opts SyncOptions) []feed.Source {
	var s []feed.Source
	if opts.MailURL != "" {
		s = append(s, feed.MailListSource{URL: opts.MailURL})
	}
	for _, u := range opts.NewsURLs {
		s = append(s, feed.NewsSource{URL: u})
	}
	return s
}

// hasHostDir reports whether a snapshot holds captures of rawURL's host.
func hasHostDir(dir, rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, strings.ToLower(u.Hostname())))
	return err == nil && fi.IsDir()
}

// maxCapturedBytes caps what is read of CAPTURED: one RFC 3339 time.
const maxCapturedBytes = 256

// CapturedAt returns the time a snapshot directory was taken, from its
// CAPTURED file, and false when the snapshot does not say. A replay runs as
// of that time, so dates in it (a BSI's expiration, what counts as a recent
// page) read as they did then. CAPTURED is read inside the snapshot directory
// only (a symbolic link out of it is refused), only when it is a regular
// file, and at most maxCapturedBytes of it; its content is never echoed.
func CapturedAt(dir string) (time.Time, bool, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: %w", dir, err)
	}
	defer root.Close()
	f, err := root.Open(capturedFile)
	if errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: %s cannot be read inside the snapshot (%v)", dir, capturedFile, errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: %s is not a regular file", dir, capturedFile)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxCapturedBytes+1))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: reading %s: %w", dir, capturedFile, err)
	}
	if len(b) > maxCapturedBytes {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: %s is longer than an RFC 3339 time", dir, capturedFile)
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("applesec: snapshot %s: %s is not an RFC 3339 time (such as 2026-03-25T09:00:00Z)", dir, capturedFile)
	}
	return t, true, nil
}

// now returns the clock of a run.
func (opts SyncOptions) now() (func() time.Time, error) {
	if opts.Now != nil {
		return opts.Now, nil
	}
	if opts.Offline != "" {
		at, ok, err := CapturedAt(opts.Offline)
		if err != nil {
			return nil, err
		}
		if ok {
			return func() time.Time { return at }, nil
		}
	}
	return time.Now, nil
}
