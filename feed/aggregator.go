package feed

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/applesec/applesec/advisory"
)

// DefaultSourceConcurrency is how many sources an Aggregator polls at once
// when AggregatorConfig.Concurrency is zero.
const DefaultSourceConcurrency = 4

// AggregatorConfig configures an Aggregator. NewAggregator copies it; later
// changes to the value passed (its Sources slice included) do not affect the
// Aggregator. Every zero field takes the default documented on it.
type AggregatorConfig struct {
	// Fetcher fetches every document. Nil builds a Client with the default
	// Config (and Logger).
	Fetcher Fetcher
	// Sources are polled on each Run, at most Concurrency at once. At least
	// one is needed.
	Sources []Source
	// Concurrency is how many sources are polled at once. Zero means
	// DefaultSourceConcurrency.
	Concurrency int
	// Logger receives debug records. Nil discards.
	Logger *slog.Logger
	// Progress, when set, is called as sources finish documents and once at
	// the end of each Run (see Progress); calls never overlap.
	Progress func(Progress)
	// Now tells the time of a Run (the re-check policy and BSI expiration
	// read it). Nil means time.Now.
	Now func() time.Time
	// Recorder, when set, receives each document as soon as it is read and
	// parsed (see Recorder); it is called from several goroutines at once.
	// Nil means none.
	Recorder Recorder
}

// Aggregator polls its sources and turns what changed into events. It is safe
// for concurrent use, though two Runs from the same State would report the
// same events twice: run one at a time per State. Build one with
// NewAggregator: the zero Aggregator refuses to run.
type Aggregator struct {
	cfg AggregatorConfig
}

// NewAggregator returns an Aggregator for cfg, which it copies. It fails with
// an error wrapping ErrInvalidConfig when there is no source or one is nil.
func NewAggregator(cfg AggregatorConfig) (*Aggregator, error) {
	if len(cfg.Sources) == 0 {
		return nil, fmt.Errorf("%w: AggregatorConfig.Sources is empty", ErrInvalidConfig)
	}
	for i, s := range cfg.Sources {
		if s == nil {
			return nil, fmt.Errorf("%w: AggregatorConfig.Sources[%d] is nil", ErrInvalidConfig, i)
		}
	}
	cfg.Sources = slices.Clone(cfg.Sources)
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultSourceConcurrency
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Fetcher == nil {
		c, err := NewClient(Config{Logger: cfg.Logger})
		if err != nil {
			return nil, err
		}
		cfg.Fetcher = c
	}
	return &Aggregator{cfg: cfg}, nil
}

// Run polls every source concurrently, parses only what changed, deduplicates
// what several sources report (an advisory arrives as a page and as a mail:
// both name the same support document, see AdvisoryKey; a mail that names no
// page is matched by its set of CVE IDs), links news items to advisories by
// CVE ID and release, and returns the events sorted by date, kind and key,
// with the State to pass to the next Run. prev is never changed.
//
// Partial failure is the normal case: sources fail independently (the
// network, a 5xx or 429 after retries, a feed that is gone, a body that does
// not parse). A failing source contributes nothing (its part of the State
// stays as in prev, so its next success reports exactly what it missed)
// while every other source's events and State are returned; the error then
// joins one *SourceError per failed source (errors.As reaches each). Callers
// report the events and save the returned State on such an error too. A
// single document that fails inside a source (an advisory page answering 503,
// a mail cut short) is not a failure of the source: it is reported once as a
// KindProblem event and retried by a later Run.
//
// When ctx ends (a signal, a deadline) Run stops promptly and returns the
// events of every document completed so far, the State with their
// validators, check times and fingerprints (so that nothing is reported
// twice and nothing completed is fetched again; the next Run resumes), and
// an error wrapping ctx.Err(): save that State too.
//
// When the Recorder fails, Run stops promptly and returns an error wrapping
// the Recorder's (not a *SourceError), with the events and State of what was
// recorded before.
//
// The zero Aggregator is not usable (build one with NewAggregator): its Run
// fails with an error wrapping ErrInvalidConfig.
func (a *Aggregator) Run(ctx context.Context, prev State) ([]Event, State, error) {
	if a == nil || len(a.cfg.Sources) == 0 || a.cfg.Fetcher == nil || a.cfg.Now == nil || a.cfg.Logger == nil {
		return nil, prev.Clone(), fmt.Errorf("%w: feed.Aggregator was not built with NewAggregator", ErrInvalidConfig)
	}
	now := a.cfg.Now()
	var pmu sync.Mutex
	var progress func(Progress)
	if a.cfg.Progress != nil {
		progress = func(p Progress) {
			pmu.Lock()
			defer pmu.Unlock()
			a.cfg.Progress(p)
		}
	}
	rctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	envs := make([]*PollEnv, len(a.cfg.Sources))
	for i, s := range a.cfg.Sources {
		envs[i] = newPollEnv(s.Name(), a.cfg.Fetcher, prev, now, a.cfg.Logger, progress)
		envs[i].recorder = a.cfg.Recorder
		envs[i].stop = stop
	}
	// Every source is polled (a failure stops none of the others); a source
	// not started when the run was stopped counts as stopped.
	errs := make([]error, len(a.cfg.Sources))
	started := make([]bool, len(a.cfg.Sources))
	order := make([]int, len(a.cfg.Sources))
	for i := range order {
		order[i] = i
	}
	_ = forEach(rctx, a.cfg.Concurrency, order, func(ctx context.Context, i int) error {
		started[i] = true
		errs[i] = a.cfg.Sources[i].Poll(ctx, envs[i])
		return nil
	})
	for i := range errs {
		if !started[i] {
			errs[i] = context.Cause(rctx)
		}
	}

	// A source that failed on its own contributes nothing but the waits its
	// hosts asked for; one that was stopped by the context or by the
	// Recorder contributes what it completed.
	var failures, stopped []error
	var recordErr error
	used := make([]*PollEnv, 0, len(envs))
	for i, env := range envs {
		if recordErr == nil && env.res.recordErr != nil {
			recordErr = env.res.recordErr
		}
		err := errs[i]
		if err == nil || (rctx.Err() != nil && (errors.Is(err, rctx.Err()) || errors.Is(err, context.Cause(rctx)))) {
			used = append(used, env)
			continue
		}
		if errors.Is(err, ErrRateLimitWait) {
			// Stopped by the run's deadline (the next polite request would
			// come after it): what was done counts, the rest waits.
			used = append(used, env)
			stopped = append(stopped, fmt.Errorf("feed: source %s stopped before the deadline, progress kept: %w", a.cfg.Sources[i].Name(), err))
			continue
		}
		failures = append(failures, &SourceError{Source: a.cfg.Sources[i].Name(), Err: err})
	}

	m := newMerge(prev, now)
	var total Stats
	m.waits(envs)
	for _, env := range used {
		m.apply(env)
	}
	for _, env := range envs {
		total = total.add(env.stats())
	}
	m.kev(used)
	m.advisories(used)
	m.kevEvents()
	m.bsis(used)
	m.news(used)
	m.problems(used)
	slices.SortStableFunc(m.events, func(x, y Event) int {
		if c := x.Date.Time().Compare(y.Date.Time()); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Kind.rank(), y.Kind.rank()); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
	m.compact()
	if progress != nil {
		progress(Progress{Final: true, Stats: total})
	}
	a.cfg.Logger.DebugContext(ctx, "feed: run done", "events", len(m.events), "failed", len(failures),
		"requests", total.Requests, "not_modified", total.NotModified, "bytes", total.Bytes, "parsed", total.Parsed)
	switch {
	case recordErr != nil:
		failures = append(failures, recordErr)
	case ctx.Err() != nil:
		failures = append(failures, fmt.Errorf("feed: run stopped, progress kept: %w", ctx.Err()))
	default:
		failures = append(failures, stopped...)
	}
	return m.events, m.next, errors.Join(failures...)
}

// merge builds the next State and the events from the polls of one Run.
type merge struct {
	prev   State
	next   State
	now    time.Time
	today  advisory.Date
	events []Event
	// knownBefore are the advisory keys known when the Run started.
	knownBefore map[string]bool
	// newKEV are the CVE IDs added to the catalog since the last read (nil
	// on the first read).
	newKEV []string
	// official and keyOf are the known advisories in the form LinkNews
	// takes, built on first use (after the advisories of the Run are in).
	official []*advisory.Advisory
	keyOf    map[*advisory.Advisory]string
}

// newMerge starts from a deep copy of prev.
func newMerge(prev State, now time.Time) *merge {
	next := prev.Clone()
	next.Version = StateVersion
	if next.Validators == nil {
		next.Validators = map[string]Validators{}
	}
	if next.Checked == nil {
		next.Checked = map[string]time.Time{}
	}
	if next.Reported == nil {
		next.Reported = map[string]string{}
	}
	if next.Entries == nil {
		next.Entries = map[string]map[string]string{}
	}
	if next.Advisories == nil {
		next.Advisories = map[string]AdvisoryRecord{}
	}
	if next.BSIs == nil {
		next.BSIs = map[string]BSIRecord{}
	}
	known := make(map[string]bool, len(prev.Advisories))
	for k := range prev.Advisories {
		known[k] = true
	}
	y, mo, d := now.UTC().Date()
	return &merge{prev: prev, next: next, now: now, today: advisory.NewDate(y, mo, d), knownBefore: known}
}

// compact drops the empty maps of the next State, so that it equals itself
// after a trip through JSON.
func (m *merge) compact() {
	s := &m.next
	if len(s.Validators) == 0 {
		s.Validators = nil
	}
	if len(s.Checked) == 0 {
		s.Checked = nil
	}
	if len(s.Reported) == 0 {
		s.Reported = nil
	}
	if len(s.Entries) == 0 {
		s.Entries = nil
	}
	if len(s.Advisories) == 0 {
		s.Advisories = nil
	}
	if len(s.BSIs) == 0 {
		s.BSIs = nil
	}
}

// waits keeps the Retry-After waits the sources' hosts asked for (even
// when a source failed) and drops those that have passed.
func (m *merge) waits(envs []*PollEnv) {
	for _, env := range envs {
		for h, t := range env.res.waits {
			m.next.Reported[waitKeyPrefix+h] = t.UTC().Format(time.RFC3339)
		}
	}
	for k, v := range m.next.Reported {
		if !strings.HasPrefix(k, waitKeyPrefix) {
			continue
		}
		if t, err := time.Parse(time.RFC3339, v); err != nil || !m.now.Before(t) {
			delete(m.next.Reported, k)
		}
	}
}

// apply copies what a source's poll recorded into the next State.
func (m *merge) apply(env *PollEnv) {
	r := &env.res
	for u := range r.drop {
		delete(m.next.Validators, u)
		delete(m.next.Checked, u)
	}
	maps.Copy(m.next.Validators, r.validators)
	maps.Copy(m.next.Checked, r.checked)
	for k := range r.forget {
		delete(m.next.Reported, k)
	}
	maps.Copy(m.next.Reported, r.remember)
}

// observed is an advisory one source read.
type observed struct {
	a      *advisory.Advisory
	source string
	key    string
}

// sourceRank orders copies of one advisory: a page is authoritative, a mail
// next, news last.
func sourceRank(s advisory.Origin) int {
	switch s {
	case advisory.OriginPage:
		return 0
	case advisory.OriginMail:
		return 1
	default:
		return 2
	}
}

// advisories deduplicates the advisories read, reports the new and changed
// ones, and updates their records.
func (m *merge) advisories(envs []*PollEnv) {
	var obs []observed
	for _, env := range envs {
		list := slices.Clone(env.res.advisories)
		slices.SortStableFunc(list, func(x, y *advisory.Advisory) int { return strings.Compare(x.URL, y.URL) })
		for _, a := range list {
			obs = append(obs, observed{a: a, source: env.source, key: AdvisoryKey(a.URL)})
			delete(m.next.Reported, "problem "+a.URL)
		}
	}
	if len(obs) == 0 {
		return
	}
	// Mails that name no support document are matched by CVE set.
	bySet := map[string]string{}
	for k, r := range m.next.Advisories {
		if len(r.CVEs) > 0 {
			bySet["cves:"+strings.Join(r.CVEs, ",")] = k
		}
	}
	for _, o := range obs {
		if strings.HasPrefix(o.key, "apple:") {
			if s := cveSetKey(o.a); s != "" {
				bySet[s] = o.key
			}
		}
	}
	groups := map[string][]observed{}
	for _, o := range obs {
		if !strings.HasPrefix(o.key, "apple:") {
			if s := cveSetKey(o.a); s != "" {
				if k, ok := bySet[s]; ok {
					o.key = k
				} else if o.key == "" {
					o.key = s
				}
			}
			if o.key == "" && o.a.ID != "" {
				o.key = "mail:" + o.a.ID
			}
			if o.key == "" {
				continue
			}
		}
		groups[o.key] = append(groups[o.key], o)
	}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		g := groups[key]
		best := slices.MinFunc(g, func(x, y observed) int { return cmp.Compare(sourceRank(x.a.Origin), sourceRank(y.a.Origin)) })
		m.advisory(best)
	}
}

// advisory reports one deduplicated advisory and updates its record.
func (m *merge) advisory(o observed) {
	a := o.a
	rec, known := m.next.Advisories[o.key]
	ref := &AdvisoryRef{Key: o.key, URL: a.URL, Title: a.Title, Released: a.Released, Releases: slices.Clone(a.Releases)}
	newRec := AdvisoryRecord{
		URL:       a.URL,
		Title:     a.Title,
		Origin:    a.Origin,
		Released:  a.Released,
		Releases:  slices.Clone(a.Releases),
		CVEs:      advisoryCVEs(a),
		Exploited: exploitedCVEs(a),
	}
	if !known {
		_, fps := DiffEntries(nil, a.Entries)
		m.next.Entries[o.key] = fps
		m.next.Advisories[o.key] = newRec
		m.events = append(m.events, Event{
			Kind: KindNewAdvisory, Source: o.source, Key: o.key, Date: a.Released,
			Ref: ref, Advisory: a, InKEV: m.inKEV(newRec.CVEs),
		})
		return
	}
	if sourceRank(a.Origin) > sourceRank(rec.Origin) {
		// A mail copy of an advisory whose page was read: the page is
		// authoritative, and Apple edits it when entries change.
		return
	}
	diff, fps := DiffEntries(m.next.Entries[o.key], a.Entries)
	if sourceRank(a.Origin) < sourceRank(rec.Origin) {
		// The page of an advisory first read from its mail: wording differs
		// between the two, so only entries the mail lacked are news.
		diff.Changed, diff.Removed = nil, nil
	}
	m.next.Entries[o.key] = fps
	m.next.Advisories[o.key] = newRec
	if !diff.Empty() {
		m.events = append(m.events, Event{
			Kind: KindAdvisoryUpdated, Source: o.source, Key: o.key, Date: a.Released,
			Ref: ref, Advisory: a, Added: diff.Added, Changed: diff.Changed, Removed: diff.Removed,
			InKEV: m.inKEV(newRec.CVEs),
		})
	}
	var newly []ExploitedCVE
	for _, e := range a.Entries {
		if !e.Exploited {
			continue
		}
		for _, c := range e.CVEs {
			id := strings.ToUpper(c.ID)
			if _, was := slices.BinarySearch(rec.Exploited, id); !was && !slices.ContainsFunc(newly, func(x ExploitedCVE) bool { return x.ID == id }) {
				newly = append(newly, ExploitedCVE{ID: id, Component: e.Component, By: ExploitedByApple})
			}
		}
	}
	if len(newly) > 0 {
		date := a.Released
		for _, e := range a.Entries {
			if e.Exploited && date.Before(e.Updated) {
				date = e.Updated
			}
		}
		m.events = append(m.events, Event{
			Kind: KindExploitedNewlySet, Source: o.source, Key: o.key, Date: date,
			Ref: ref, Advisory: a, Exploited: newly,
		})
	}
}

// inKEV returns the IDs of ids in the KEV catalog (nil when none).
func (m *merge) inKEV(ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, ok := m.next.KEV[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// kev takes in the catalog read this run, if any.
func (m *merge) kev(envs []*PollEnv) {
	for _, env := range envs {
		if !env.res.kevSet {
			continue
		}
		if m.prev.KEV != nil {
			for id := range env.res.kev {
				if _, old := m.prev.KEV[id]; !old {
					m.newKEV = append(m.newKEV, id)
				}
			}
			slices.Sort(m.newKEV)
			m.newKEV = slices.Compact(m.newKEV)
		}
		m.next.KEV = maps.Clone(env.res.kev)
	}
}

// kevEvents reports CVEs newly in the catalog that advisories known before
// this Run fix. The first read of the catalog reports none: nothing tells
// which of its entries are new, and new advisories carry InKEV instead.
func (m *merge) kevEvents() {
	if len(m.newKEV) == 0 {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(m.knownBefore)) {
		rec := m.next.Advisories[key]
		var hits []ExploitedCVE
		date := advisory.Date{}
		for _, id := range m.newKEV {
			if _, ok := slices.BinarySearch(rec.CVEs, id); !ok {
				continue
			}
			var added advisory.Date
			_ = added.UnmarshalText([]byte(m.next.KEV[id]))
			if date.Before(added) {
				date = added
			}
			hits = append(hits, ExploitedCVE{ID: id, Component: m.componentOf(key, id), By: ExploitedByKEV, DateAdded: added})
		}
		if len(hits) == 0 {
			continue
		}
		m.events = append(m.events, Event{
			Kind: KindExploitedNewlySet, Source: "kev", Key: key, Date: date,
			Ref:       &AdvisoryRef{Key: key, URL: rec.URL, Title: rec.Title, Released: rec.Released, Releases: slices.Clone(rec.Releases)},
			Exploited: hits,
		})
	}
}

// componentOf returns the component of the entry of an advisory that fixes a CVE.
func (m *merge) componentOf(key, id string) string {
	for _, ek := range slices.Sorted(maps.Keys(m.next.Entries[key])) {
		if slices.Contains(entryKeyCVEs(ek), id) {
			return entryKeyComponent(ek)
		}
	}
	return ""
}

// componentsOf returns the sorted components of the entries of an advisory
// that fix any of the CVEs.
func (m *merge) componentsOf(key string, ids []string) []string {
	return m.componentsWhere(key, func(ek string) bool {
		return slices.ContainsFunc(entryKeyCVEs(ek), func(id string) bool { return slices.Contains(ids, id) })
	})
}

// componentsWhere returns the sorted components of the entries of an
// advisory whose entry key keep accepts.
func (m *merge) componentsWhere(key string, keep func(entryKey string) bool) []string {
	var out []string
	for ek := range m.next.Entries[key] {
		if keep(ek) {
			out = append(out, entryKeyComponent(ek))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// bsis reports offers new, gone and expired.
func (m *merge) bsis(envs []*PollEnv) {
	for _, env := range envs {
		if !env.res.bsisSet {
			continue
		}
		current := map[string]bool{}
		for _, b := range env.res.bsis {
			k := b.Key()
			current[k] = true
			rec, ok := m.next.BSIs[k]
			expired := !b.Expires.IsZero() && b.Expires.Before(m.today)
			switch {
			case ok && !rec.Withdrawn:
				// Known and still offered.
			case expired:
				// Past its date at first sight: nothing to offer anyone.
				m.next.BSIs[k] = BSIRecord{BSI: b, Withdrawn: true}
				continue
			default:
				bc := b
				m.events = append(m.events, Event{
					Kind: KindNewBSI, Source: env.source, Key: k, Date: b.Posted, BSI: &bc,
					Links: m.bsiLinks(b),
				})
			}
			m.next.BSIs[k] = BSIRecord{BSI: b}
		}
		for _, k := range slices.Sorted(maps.Keys(m.next.BSIs)) {
			if current[k] {
				continue
			}
			rec := m.next.BSIs[k]
			if !rec.Withdrawn {
				b := rec.BSI
				m.events = append(m.events, Event{
					Kind: KindBSIWithdrawn, Source: env.source, Key: k, Date: m.today, BSI: &b, Reason: "no longer offered",
					Links: m.bsiLinks(b),
				})
			}
			delete(m.next.BSIs, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.next.BSIs)) {
		rec := m.next.BSIs[k]
		if rec.Withdrawn || rec.BSI.Expires.IsZero() || !rec.BSI.Expires.Before(m.today) {
			continue
		}
		rec.Withdrawn = true
		m.next.BSIs[k] = rec
		b := rec.BSI
		m.events = append(m.events, Event{
			Kind: KindBSIWithdrawn, Source: "gdmf", Key: k, Date: b.Expires, BSI: &b, Reason: "expired",
			Links: m.bsiLinks(b),
		})
	}
}

// bsiLinks links a BSI to the advisories of its release. A BSI is the whole
// of its advisory's fixes, so each link names every component of that
// advisory's entries: a filter by component keeps the BSI for those alone.
func (m *merge) bsiLinks(b BSI) []Link {
	links := m.link(&advisory.Advisory{Releases: []advisory.ProductVersion{b.release()}})
	for i, l := range links {
		links[i].Components = m.componentsWhere(l.Advisory.Key, func(string) bool { return true })
	}
	return links
}

// news links the news items read to advisories and reports them.
func (m *merge) news(envs []*PollEnv) {
	for _, env := range envs {
		for _, item := range env.res.news {
			it := item
			var date advisory.Date
			if !it.Published.IsZero() {
				y, mo, d := it.Published.UTC().Date()
				date = advisory.NewDate(y, mo, d)
			}
			m.events = append(m.events, Event{
				Kind: KindNewsItem, Source: env.source, Key: it.GUID, Date: date, News: &it,
				Links: m.link(it.Advisory),
			})
		}
	}
}

// link returns the known advisories (this Run's included) that the news
// advisory names by CVE ID or release.
func (m *merge) link(news *advisory.Advisory) []Link {
	if news == nil || (len(news.Releases) == 0 && len(news.Entries) == 0) {
		return nil
	}
	if m.keyOf == nil {
		keys := slices.Sorted(maps.Keys(m.next.Advisories))
		m.official = make([]*advisory.Advisory, 0, len(keys))
		m.keyOf = make(map[*advisory.Advisory]string, len(keys))
		for _, k := range keys {
			r := m.next.Advisories[k]
			e := advisory.Entry{CVEs: make([]advisory.CVE, len(r.CVEs))}
			for i, id := range r.CVEs {
				e.CVEs[i] = advisory.CVE{ID: id}
			}
			o := &advisory.Advisory{Origin: r.Origin, URL: r.URL, Title: r.Title, Released: r.Released, Releases: r.Releases, Entries: []advisory.Entry{e}}
			m.official = append(m.official, o)
			m.keyOf[o] = k
		}
	}
	var links []Link
	for _, nl := range advisory.LinkNews(news, m.official) {
		k := m.keyOf[nl.Advisory]
		r := m.next.Advisories[k]
		links = append(links, Link{
			Advisory:   AdvisoryRef{Key: k, URL: r.URL, Title: r.Title, Released: r.Released, Releases: slices.Clone(r.Releases)},
			CVEs:       nl.CVEs,
			Releases:   nl.Releases,
			Components: m.componentsOf(k, nl.CVEs),
		})
	}
	return links
}

// problems reports documents that could not be read, once per version.
func (m *merge) problems(envs []*PollEnv) {
	for _, env := range envs {
		list := slices.Clone(env.res.problems)
		slices.SortFunc(list, func(x, y problem) int { return strings.Compare(x.url, y.url) })
		for _, p := range list {
			key := "problem " + p.url
			if m.next.Reported[key] == p.fingerprint {
				continue
			}
			m.next.Reported[key] = p.fingerprint
			m.events = append(m.events, Event{
				Kind: KindProblem, Source: env.source, Key: p.url, Date: m.today, Reason: p.reason,
			})
		}
	}
}
