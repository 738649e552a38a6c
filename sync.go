package applesec

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/store"
)

// SyncReport is what a Sync stored and what went wrong, for its closing summary.
type SyncReport struct {
	// NewAdvisories counts Apple documents stored for the first time.
	NewAdvisories int `json:"new_advisories"`
	// UpdatedAdvisories counts stored documents whose merged advisory changed.
	UpdatedAdvisories int `json:"updated_advisories"`
	// EntriesAdded counts entries new to a stored document (all entries of a new one).
	EntriesAdded int `json:"entries_added"`
	// Documents counts the documents written: pages, mails, index pages,
	// the pmv and KEV feeds, news items.
	Documents int `json:"documents"`
	// Disagreements are the disagreements between sources this sync found.
	Disagreements []store.Disagreement `json:"disagreements"`
	// Problems are the documents that could not be read this time (a page
	// answering 503, a body cut short); they are retried by a later sync.
	Problems []Problem `json:"problems"`
	// Failures are the sources that failed as a whole; their part of the
	// database is as it was.
	Failures []Failure `json:"failures"`
	// Missing are the advisory pages that the stored index lists and the
	// database does not hold (a page that failed, one not fetched yet): the
	// database is incomplete until a later sync reads them. Reported on
	// every sync, not only on the one where the page failed.
	Missing []Problem `json:"missing"`
	// Sources are the names of the sources polled.
	Sources []string `json:"sources"`
	// Interrupted is set when the sync was stopped (a signal, a deadline)
	// before it finished: what was read is stored and the next sync resumes.
	Interrupted bool `json:"interrupted"`
	// Stats count the requests and bytes of the run.
	Stats feed.Stats `json:"stats"`
}

// Problem is one document that could not be read.
type Problem struct {
	// URL is the document's address.
	URL string `json:"url"`
	// Reason says what was wrong.
	Reason string `json:"reason"`
}

// Failure is one source that failed as a whole.
type Failure struct {
	// Source is the source's name ("apple", "kev", ...).
	Source string `json:"source"`
	// Error says what went wrong.
	Error string `json:"error"`
}

// Sync brings the database up to date from Apple's sources (and the others
// opts names). Every document is committed to the database as soon as it is
// read and parsed, so an interrupted, timed-out or killed sync keeps what it
// did and the next one resumes without downloading it again; every request is
// conditional, so an unchanged re-sync transfers no body.
//
// Failure is partial: the returned error joins one *feed.SourceError per
// source that failed (the rest is stored; see feed.SourceErrors), wraps the
// context's error when the sync was stopped, and wraps the database's error
// when a write failed (a full disk): the report tells what was stored before.
// The database must have been opened for writing.
func (db *DB) Sync(ctx context.Context, opts SyncOptions) (SyncReport, error) {
	rep := SyncReport{
		Disagreements: []store.Disagreement{}, Problems: []Problem{}, Failures: []Failure{},
		Missing: []Problem{}, Sources: []string{},
	}
	if db == nil || db.DB == nil {
		return rep, errors.New("applesec: Sync on a nil database: use Open")
	}
	client, sources, err := Sources(opts)
	if err != nil {
		return rep, err
	}
	prev, err := db.pollState(ctx)
	if err != nil {
		return rep, err
	}
	prev = db.Unstored(prev, sources)
	for _, s := range sources {
		rep.Sources = append(rep.Sources, s.Name())
	}
	now, err := opts.now()
	if err != nil {
		return rep, err
	}
	rec := &recorder{db: db.DB, report: &rep}
	var final feed.Stats
	progress := func(p feed.Progress) {
		if p.Final {
			final = p.Stats
		}
		if opts.Progress != nil {
			opts.Progress(p)
		}
	}
	agg, err := feed.NewAggregator(feed.AggregatorConfig{
		Fetcher:  client,
		Sources:  sources,
		Recorder: rec,
		Progress: progress,
		Logger:   opts.Logger,
		Now:      now,
	})
	if err != nil {
		return rep, err
	}
	events, next, runErr := agg.Run(ctx, prev)
	for _, ev := range events {
		if ev.Kind == feed.KindProblem {
			rep.Problems = append(rep.Problems, Problem{URL: ev.Key, Reason: ev.Reason})
		}
	}
	for _, se := range feed.SourceErrors(runErr) {
		rep.Failures = append(rep.Failures, Failure{Source: se.Source, Error: se.Err.Error()})
	}
	rep.Interrupted = errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
	rep.Stats = final
	for _, row := range db.MissingPages() {
		rep.Missing = append(rep.Missing, Problem{URL: row.Release.URL, Reason: "listed by the index (" + row.Release.Name + "), not in the database yet; a later sync reads it"})
	}
	// The poll state is saved even when the run was cut short: it matches
	// the documents stored (a checkpoint), and the next sync resumes from it.
	data, err := json.Marshal(next)
	if err != nil {
		return rep, errors.Join(runErr, err)
	}
	if err := db.PutPollState(context.WithoutCancel(ctx), data); err != nil {
		return rep, errors.Join(runErr, err)
	}
	return rep, runErr
}

// pollState returns the aggregator's state as the database last stored it,
// completed with the fetch info of documents stored after it was saved (a
// sync killed before its end stored documents but not its state): their
// validators make the next request for them conditional.
func (db *DB) pollState(ctx context.Context) (feed.State, error) {
	var st feed.State
	data, err := db.PollState(ctx)
	if err != nil {
		return st, err
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &st); err != nil {
			return st, fmt.Errorf("applesec: %s: poll state does not decode (%v): remove poll.json and sync again", db.Path(), err)
		}
		if st.Version > feed.StateVersion {
			return st, fmt.Errorf("applesec: %s: poll state of a newer applesec (version %d): upgrade applesec", db.Path(), st.Version)
		}
	}
	for _, r := range db.Records() {
		docs := r.Mails
		if r.Page != nil {
			docs = append([]store.SourceDoc{*r.Page}, docs...)
		}
		for _, d := range docs {
			f := d.Fetch
			if f.URL == "" || f.Parser != ParserVersion {
				continue
			}
			if t, ok := st.Checked[f.URL]; ok && !t.Before(f.Checked) {
				continue
			}
			if st.Validators == nil {
				st.Validators = map[string]feed.Validators{}
			}
			if st.Checked == nil {
				st.Checked = map[string]time.Time{}
			}
			st.Validators[f.URL] = feed.Validators{ETag: f.ETag, LastModified: f.LastModified, BodyHash: f.BodyHash}
			st.Checked[f.URL] = f.Checked
		}
	}
	return st, nil
}

// Recorder returns a feed.Recorder that writes each document of an
// aggregator's Run into the database as soon as it is read: a watcher that
// runs its own Aggregator (with its own State) keeps the database current
// with it. The database must have been opened for writing.
func (db *DB) Recorder() feed.Recorder {
	return &recorder{db: db.DB}
}

// recorder writes each document of a Run into the database as it arrives.
type recorder struct {
	db     *store.DB
	mu     sync.Mutex
	report *SyncReport // what Sync reports; nil for Recorder
}

// Record implements feed.Recorder.
func (r *recorder) Record(ctx context.Context, rec feed.Record) error {
	f := store.Fetch{
		URL:          rec.URL,
		ETag:         rec.Validators.ETag,
		LastModified: rec.Validators.LastModified,
		BodyHash:     rec.Validators.BodyHash,
		Checked:      rec.Checked,
		Parser:       ParserVersion,
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	var ch *store.Change
	switch {
	case rec.Advisory != nil:
		var c store.Change
		c, err = r.db.PutAdvisory(ctx, rec.Advisory, f)
		ch = &c
	case rec.Index != nil:
		err = r.db.PutIndex(ctx, rec.Index, f)
	case rec.BSIs != nil:
		if len(rec.BSIs) == 0 {
			return nil // an empty list would mark every offer withdrawn
		}
		err = r.db.PutBSIs(ctx, bsiOffers(rec.BSIs), f)
	case rec.KEV != nil:
		flags := make(map[string]advisory.Date, len(rec.KEV.Vulnerabilities))
		for _, v := range rec.KEV.Vulnerabilities {
			flags[v.CVEID] = v.DateAdded
		}
		err = r.db.PutKEV(ctx, flags, f)
	case rec.News != nil:
		err = r.db.PutNews(ctx, newsItem(rec.News, r.db.Advisories()))
	default:
		return nil
	}
	if err != nil {
		return err
	}
	r.report.stored(ch)
	return nil
}

// stored counts one document stored, with its change when it is an
// advisory. A nil report (a watcher's Recorder) counts nothing.
func (rep *SyncReport) stored(ch *store.Change) {
	if rep == nil {
		return
	}
	rep.Documents++
	if ch == nil {
		return
	}
	switch {
	case ch.New:
		rep.NewAdvisories++
		rep.EntriesAdded += len(ch.Added)
	case ch.Updated:
		rep.UpdatedAdvisories++
		rep.EntriesAdded += len(ch.Added)
	}
	rep.Disagreements = append(rep.Disagreements, ch.Disagreements...)
}

// bsiOffers converts the offers of one pmv read for the database.
func bsiOffers(bs []feed.BSI) []store.BSIOffer {
	out := make([]store.BSIOffer, 0, len(bs))
	for _, b := range bs {
		out = append(out, store.BSIOffer{
			Platform:          b.Platform,
			Version:           b.Version,
			Extra:             b.Extra,
			Build:             b.Build,
			PrerequisiteBuild: b.PrerequisiteBuild,
			Posted:            b.Posted.Time(),
			Expires:           b.Expires.Time(),
			Devices:           b.SupportedDevices,
		})
	}
	return out
}

// newsItem converts a news item (or developer release) for the database,
// linked to the stored advisories it names by CVE ID or release.
func newsItem(n *feed.NewsItem, official []*advisory.Advisory) store.NewsItem {
	item := store.NewsItem{
		GUID:      n.GUID,
		Source:    n.Source,
		Title:     n.Title,
		Link:      n.Link,
		Published: n.Published,
	}
	if a := n.Advisory; a != nil {
		item.Releases = a.Releases
		seen := map[string]bool{}
		for _, e := range a.Entries {
			for _, c := range e.CVEs {
				if !seen[c.ID] {
					seen[c.ID] = true
					item.CVEs = append(item.CVEs, c.ID)
				}
			}
			for _, id := range e.MentionedCVEs {
				if !seen[id] {
					seen[id] = true
					item.CVEs = append(item.CVEs, id)
				}
			}
		}
		for _, l := range advisory.LinkNews(a, official) {
			item.Advisories = append(item.Advisories, store.Key(l.Advisory.URL))
		}
	}
	return item
}

// Unstored returns a copy of a poll state (a sync's, or a watcher's own)
// that forgets the validators and check times of what the database does not
// hold, so that the next run reads it in full and its Recorder stores it:
// Apple's advisory and index pages missing from the database, and the KEV
// catalog and the pmv feed among sources when the database holds nothing of
// them. A watcher that ran before it recorded into the database fills it
// instead of getting 304s, and a file removed from the database (after a
// corrupt-file error) is read again. What was reported is kept, so nothing
// is reported twice.
func (db *DB) Unstored(st feed.State, sources []feed.Source) feed.State {
	st = st.Clone()
	forget := func(u string) {
		delete(st.Validators, u)
		delete(st.Checked, u)
	}
	indexes := map[string]bool{}
	for _, row := range db.IndexRows() {
		indexes[store.Key(row.Index)] = true
	}
	for u := range st.Validators {
		key := store.Key(u)
		if !strings.HasPrefix(key, "apple:") || indexes[key] {
			continue
		}
		if _, page := db.Has(key); !page {
			forget(u)
		}
	}
	for _, s := range sources {
		switch src := s.(type) {
		case feed.KEVSource:
			if len(db.KEV()) == 0 {
				forget(cmp.Or(src.URL, feed.DefaultKEVURL))
			}
		case feed.GDMFSource:
			if len(db.BSIs()) == 0 {
				forget(cmp.Or(src.URL, feed.DefaultGDMFURL))
			}
		}
	}
	return st
}
