package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/applesec/applesec/advisory"
)

// Source is one place Apple's security news comes from: the security releases
// index and its advisory pages, a mailing list, the software lookup feed, the
// KEV catalog, a news feed. Poll fetches what changed through env (every
// request conditional, validators kept in State), parses it, and records what
// it found with env's Add and Set methods; the Aggregator turns that into
// events. Poll returns an error only when the source as a whole failed (the
// network, a document it cannot do without): the Run then keeps nothing of
// this poll, so the next success reports what was missed. A single bad
// document is recorded with env.AddProblem. When ctx ends, Poll returns
// promptly with an error wrapping ctx.Err(): what it recorded until then is
// kept, so it records a document only once it is complete. Implementations
// must be safe to Poll from one goroutine while other sources poll in others;
// a Source may fetch concurrently itself, as env is safe for concurrent use.
type Source interface {
	// Name names the source in events, errors and progress ("apple", "mail").
	Name() string
	// Poll fetches and parses what changed since env.Prev.
	Poll(ctx context.Context, env *PollEnv) error
}

// SourceError is the error of one source that failed in a Run (Run joins
// one per failed source; see SourceErrors): it names the source and wraps
// its error (a *HTTPError, ErrBodyTooLarge, a *ParseError,
// the context's error, ...), which errors.Is and errors.As reach.
type SourceError struct {
	// Source is the failing source's Name.
	Source string
	// Err is what went wrong.
	Err error
}

// Error returns "feed: source apple: ...".
func (e *SourceError) Error() string {
	return "feed: source " + e.Source + ": " + e.Err.Error()
}

// Unwrap returns the source's error.
func (e *SourceError) Unwrap() error { return e.Err }

// PollEnv is what a Source polls with: the Fetcher, the previous State to read,
// the time of the Run, a logger, and the record of what the poll found and
// must remember. Its methods are safe for concurrent use.
type PollEnv struct {
	// Fetcher fetches documents. Sources should use env.Fetch, which adds the
	// validators and records the new ones.
	Fetcher Fetcher
	// Prev is the State the Run started from. It is shared: read it, never
	// change it. What the poll learns goes through env's methods.
	Prev State
	// Now is the time of the Run.
	Now time.Time
	// Logger receives debug records; never nil.
	Logger *slog.Logger

	source   string
	progress func(Progress)
	recorder Recorder
	// stop ends the whole Run with its cause (a Recorder error).
	stop func(error)

	mu  sync.Mutex
	res pollResult
}

// pollResult is what one source's poll recorded.
type pollResult struct {
	validators map[string]Validators
	checked    map[string]time.Time
	remember   map[string]string
	forget     map[string]bool
	advisories []*advisory.Advisory
	bsis       []BSI
	bsisSet    bool
	kev        map[string]string
	kevSet     bool
	news       []NewsItem
	problems   []problem
	stats      Stats
	// waits are the hosts that asked (Retry-After) not to be asked again
	// before a time; kept even when the source fails.
	waits map[string]time.Time
	// drop are URLs whose validators and check times leave the State (pages
	// no longer listed).
	drop map[string]bool
	// recordErr is the Recorder's error, which stopped the Run.
	recordErr error
}

// problem is a document a source could not read.
type problem struct {
	url         string
	reason      string
	fingerprint string
}

// newPollEnv returns an env for one source's poll.
func newPollEnv(source string, f Fetcher, prev State, now time.Time, log *slog.Logger, progress func(Progress)) *PollEnv {
	return &PollEnv{
		Fetcher:  f,
		Prev:     prev,
		Now:      now,
		Logger:   log.With("source", source),
		source:   source,
		progress: progress,
		res: pollResult{
			validators: map[string]Validators{},
			checked:    map[string]time.Time{},
			remember:   map[string]string{},
			forget:     map[string]bool{},
			waits:      map[string]time.Time{},
			drop:       map[string]bool{},
		},
	}
}

// hostKey is the scheme, host and port a Retry-After wait applies to.
func hostKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// waitKeyPrefix starts the Reported keys of the hosts that asked to wait.
const waitKeyPrefix = "wait "

// waitUntil returns until when the host of rawURL asked not to be asked
// again, from this poll or an earlier Run.
func (env *PollEnv) waitUntil(rawURL string) (time.Time, bool) {
	h := hostKey(rawURL)
	env.mu.Lock()
	t, ok := env.res.waits[h]
	env.mu.Unlock()
	if ok {
		return t, true
	}
	v, ok := env.Prev.Reported[waitKeyPrefix+h]
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, err == nil
}

// unrecord drops what this poll recorded of url's fetch (validators and
// check time), so the next Run fetches it again in full: used for a document
// that arrived incomplete or could not be kept.
func (env *PollEnv) unrecord(url string) {
	env.mu.Lock()
	delete(env.res.validators, url)
	delete(env.res.checked, url)
	env.mu.Unlock()
}

// dropURL removes url's validators and check time from the next State.
func (env *PollEnv) dropURL(url string) {
	env.mu.Lock()
	delete(env.res.validators, url)
	delete(env.res.checked, url)
	env.res.drop[url] = true
	env.mu.Unlock()
}

// stopsPoll reports whether the fetch of u, which returned err, must stop
// the source's poll rather than count against u: the context ended, the host
// asked to be left alone (ErrRetryLater), or the run's deadline comes before
// the next polite request (ErrRateLimitWait). What this poll recorded of u
// is then dropped, and the error to return is given.
func (env *PollEnv) stopsPoll(ctx context.Context, u string, err error) (error, bool) {
	switch {
	case ctx.Err() != nil:
		err = ctx.Err()
	case errors.Is(err, ErrRetryLater), errors.Is(err, ErrRateLimitWait):
	default:
		return nil, false
	}
	env.unrecord(u)
	return err, true
}

// record hands a document to the Run's Recorder, with the validators of its
// fetch. An error stops the Run: it is returned, what this poll recorded of
// the fetch is dropped (unrecord), and the caller must not add the document
// to the poll's results.
func (env *PollEnv) record(ctx context.Context, rec Record) error {
	if env.recorder == nil {
		return nil
	}
	rec.Source = env.source
	rec.Checked = env.Now
	rec.Validators = env.Validators(rec.URL)
	if err := env.recorder.Record(ctx, rec); err != nil {
		env.unrecord(rec.URL)
		err = fmt.Errorf("feed: recording %s: %w", redactURL(rec.URL), err)
		env.mu.Lock()
		if env.res.recordErr == nil {
			env.res.recordErr = err
		}
		env.mu.Unlock()
		if env.stop != nil {
			env.stop(err)
		}
		return err
	}
	return nil
}

// Validators returns the validators to send for url: the ones recorded in
// this poll, else those of Prev.
func (env *PollEnv) Validators(url string) Validators {
	env.mu.Lock()
	v, ok := env.res.validators[url]
	env.mu.Unlock()
	if ok {
		return v
	}
	return env.Prev.Validators[url]
}

// LastChecked returns when url was last fetched before this Run, and whether it ever was.
func (env *PollEnv) LastChecked(url string) (time.Time, bool) {
	t, ok := env.Prev.Checked[url]
	return t, ok
}

// Fetch GETs url conditionally with its known validators and records the
// validators of the answer and the time it was checked. It returns
// ErrNotModified (with no body) when the document is unchanged, so the caller
// skips parsing it.
func (env *PollEnv) Fetch(ctx context.Context, url string) (Response, error) {
	if until, ok := env.waitUntil(url); ok && env.Now.Before(until) {
		return Response{}, fmt.Errorf("feed: GET %s: skipped: %s asked to wait until %s (%v from now): %w",
			redactURL(url), redactURL(hostKey(url)), until.UTC().Format(time.RFC3339), until.Sub(env.Now).Round(time.Second), ErrRetryLater)
	}
	resp, err := env.Fetcher.Fetch(ctx, url, env.Validators(url))
	notModified := errors.Is(err, ErrNotModified)
	env.mu.Lock()
	defer env.mu.Unlock()
	env.res.stats.Requests++
	if err != nil && !notModified {
		var he *HTTPError
		if errors.As(err, &he) {
			// The server answered: the document was checked, and the
			// re-check policy should not ask again at once.
			env.res.checked[url] = env.Now
			if he.RetryAfter > 0 && (he.StatusCode == http.StatusTooManyRequests || he.StatusCode == http.StatusServiceUnavailable) {
				until := env.Now.Add(he.RetryAfter)
				env.res.waits[hostKey(url)] = until
				err = fmt.Errorf("%w: the server asks to wait %v (until %s): %w",
					err, he.RetryAfter, until.UTC().Format(time.RFC3339), ErrRetryLater)
			}
		}
		return resp, err
	}
	if notModified {
		env.res.stats.NotModified++
	}
	env.res.stats.Bytes += int64(len(resp.Body))
	if resp.Validators != (Validators{}) {
		env.res.validators[url] = resp.Validators
	}
	env.res.checked[url] = env.Now
	return resp, err
}

// FetchChanged fetches url like Fetch and, when the document changed, counts
// it as parsed and returns its body with changed set. An unchanged document
// gives changed false and no error, so a source's Poll reads:
//
//	body, changed, err := env.FetchChanged(ctx, u)
//	if err != nil || !changed {
//		return err
//	}
func (env *PollEnv) FetchChanged(ctx context.Context, url string) (body []byte, changed bool, err error) {
	resp, err := env.Fetch(ctx, url)
	switch {
	case errors.Is(err, ErrNotModified):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	env.Parsed()
	return resp.Body, true, nil
}

// Parsed counts one document parsed (successfully or not), for Stats.
func (env *PollEnv) Parsed() {
	env.mu.Lock()
	env.res.stats.Parsed++
	env.mu.Unlock()
}

// Remembered returns the value kept under key: recorded in this poll, else in
// Prev.Reported (unless forgotten in this poll).
func (env *PollEnv) Remembered(key string) (string, bool) {
	env.mu.Lock()
	defer env.mu.Unlock()
	if v, ok := env.res.remember[key]; ok {
		return v, true
	}
	if env.res.forget[key] {
		return "", false
	}
	v, ok := env.Prev.Reported[key]
	return v, ok
}

// RememberedKeys returns the sorted keys that start with prefix, of Prev and
// of this poll, less those forgotten.
func (env *PollEnv) RememberedKeys(prefix string) []string {
	env.mu.Lock()
	defer env.mu.Unlock()
	var keys []string
	for k := range env.Prev.Reported {
		if strings.HasPrefix(k, prefix) && !env.res.forget[k] {
			if _, dup := env.res.remember[k]; !dup {
				keys = append(keys, k)
			}
		}
	}
	for k := range env.res.remember {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Remember keeps value under key in the next State's Reported. Keys should
// start with a word naming their kind and, when several sources of one type
// may run, the source's URL.
func (env *PollEnv) Remember(key, value string) {
	env.mu.Lock()
	env.res.remember[key] = value
	delete(env.res.forget, key)
	env.mu.Unlock()
}

// Forget drops key from the next State's Reported.
func (env *PollEnv) Forget(key string) {
	env.mu.Lock()
	delete(env.res.remember, key)
	env.res.forget[key] = true
	env.mu.Unlock()
}

// AddAdvisory records an advisory read from a page or a mail. The Aggregator
// deduplicates it against other copies and reports it when new or changed.
func (env *PollEnv) AddAdvisory(a *advisory.Advisory) {
	if a == nil {
		return
	}
	env.mu.Lock()
	env.res.advisories = append(env.res.advisories, a)
	env.mu.Unlock()
}

// SetBSIs records the complete list of Background Security Improvements
// currently offered. A source calls it only after reading the whole list:
// an offer missing from it is reported withdrawn.
func (env *PollEnv) SetBSIs(offers []BSI) {
	env.mu.Lock()
	env.res.bsis = slices.Clone(offers)
	env.res.bsisSet = true
	env.mu.Unlock()
}

// SetKEV records the complete KEV catalog as just read.
func (env *PollEnv) SetKEV(c *KEVCatalog) {
	m := make(map[string]string, len(c.Vulnerabilities))
	for _, v := range c.Vulnerabilities {
		m[strings.ToUpper(v.CVEID)] = v.DateAdded.String()
	}
	env.mu.Lock()
	env.res.kev = m
	env.res.kevSet = true
	env.mu.Unlock()
}

// AddNews records a news item not seen before (the source remembers which
// it has seen). The Aggregator links it to advisories.
func (env *PollEnv) AddNews(item NewsItem) {
	env.mu.Lock()
	env.res.news = append(env.res.news, item)
	env.mu.Unlock()
}

// AddProblem records a document that could not be read. It is reported once
// per version of the document (its body hash) and reason.
func (env *PollEnv) AddProblem(url string, err error) {
	fp := fingerprint(err.Error() + "\n" + env.Validators(url).BodyHash)
	env.mu.Lock()
	env.res.problems = append(env.res.problems, problem{url: url, reason: err.Error(), fingerprint: fp})
	env.mu.Unlock()
	env.Logger.Debug("feed: document unreadable", "url", url, "err", err)
}

// Progress reports the source's progress on its current crawl.
func (env *PollEnv) Progress(done, total int) {
	if env.progress == nil {
		return
	}
	env.mu.Lock()
	st := env.res.stats
	env.mu.Unlock()
	env.progress(Progress{Source: env.source, Done: done, Total: total, Stats: st})
}

// stats returns the counters so far.
func (env *PollEnv) stats() Stats {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.res.stats
}

// forEach runs fn for each item with at most n running at once, and returns
// the first error (after which no new item starts). fn must honour ctx.
func forEach[T any](ctx context.Context, n int, items []T, fn func(context.Context, T) error) error {
	if n < 1 {
		n = 1
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, n)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, it := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, it); err != nil {
				once.Do(func() { first = err; cancel(err) })
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return context.Cause(ctx)
}

// SourceErrors returns every *SourceError in err's tree (errors.Join and
// wrapping included), in order: the sources that failed in a Run.
func SourceErrors(err error) []*SourceError {
	var out []*SourceError
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *SourceError:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, c := range x.Unwrap() {
				walk(c)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}
