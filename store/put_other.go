package store

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
)

// PutIndex stores the rows of an index or archive page read from f.URL (or
// idx.URL), replacing what that page held before. Rows that disagree with
// the advisories they link show up in Disagreements. The database keeps
// idx's rows: the caller must not change them afterwards.
func (db *DB) PutIndex(ctx context.Context, idx *advisory.Index, f Fetch) error {
	if idx == nil {
		return fmt.Errorf("%w: nil index", ErrInvalid)
	}
	if f.URL == "" {
		f.URL = idx.URL
	}
	if f.URL == "" {
		return fmt.Errorf("%w: index %q has no URL", ErrInvalid, idx.Title)
	}
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	next := indexFile{Pages: maps.Clone(db.data.index.Pages)}
	next.Pages[f.URL] = indexPage{Fetch: f, Title: idx.Title, Rows: idx.Rows, Archives: idx.Archives}
	if err := db.commitJSON(indexName, next); err != nil {
		return err
	}
	db.data.setIndex(next)
	return nil
}

// PutBSIs stores the complete list of BSI and RSR offers read from f.URL
// (see BSIOffersFromPMV). Offers seen before keep their first-seen time;
// offers stored before and missing from this list are marked gone and,
// when they went before their expiration date, withdrawn (Withdrawn lists
// them); an offer that comes back is offered again. An empty list is
// refused: a complete list from Apple is never empty, and storing one would
// mark every offer withdrawn.
func (db *DB) PutBSIs(ctx context.Context, offers []BSIOffer, f Fetch) error {
	if len(offers) == 0 {
		return fmt.Errorf("%w: empty BSI list from %s", ErrInvalid, f.URL)
	}
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	now := db.now().UTC()
	prev := map[string]BSIOffer{}
	for _, o := range db.data.bsi.Offers {
		prev[o.id()] = o
	}
	next := bsiFile{Fetch: f}
	listed := map[string]bool{}
	for _, o := range offers {
		id := o.id()
		if listed[id] {
			continue
		}
		listed[id] = true
		o.FirstSeen, o.Gone, o.Withdrawn, o.WithdrawnWhy = now, time.Time{}, false, ""
		if p, ok := prev[id]; ok && !p.FirstSeen.IsZero() {
			o.FirstSeen = p.FirstSeen
		}
		o.Devices = slices.Clone(o.Devices)
		next.Offers = append(next.Offers, o)
	}
	for _, p := range db.data.bsi.Offers {
		if listed[p.id()] {
			continue
		}
		if p.Gone.IsZero() {
			p.Gone = now
			if !p.Expires.IsZero() && !now.Before(p.Expires) {
				p.Withdrawn = false
				p.WithdrawnWhy = "gone from " + f.URL + " after its expiration date " + p.Expires.Format(time.DateOnly) + ": expired, not withdrawn"
			} else {
				p.Withdrawn = true
				p.WithdrawnWhy = "gone from " + f.URL + " before its expiration date"
			}
		}
		next.Offers = append(next.Offers, p)
	}
	if err := db.commitJSON(bsiName, next); err != nil {
		return err
	}
	db.data.bsi = next
	return nil
}

// PutKEV stores the known-exploited flags of the CISA catalog read from
// f.URL: CVE ID to the date the catalog added it. It replaces the flags
// stored before (the catalog is read whole).
func (db *DB) PutKEV(ctx context.Context, flags map[string]advisory.Date, f Fetch) error {
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	next := kevFile{Fetch: f, Added: make(map[string]advisory.Date, len(flags))}
	for id, d := range flags {
		next.Added[strings.ToUpper(strings.TrimSpace(id))] = d
	}
	if err := db.commitJSON(kevName, next); err != nil {
		return err
	}
	db.data.kev = next
	return nil
}

// PutNews stores a news item, replacing the item with the same GUID and
// Source (keeping its first-seen time).
func (db *DB) PutNews(ctx context.Context, item NewsItem) error {
	if item.GUID == "" {
		return fmt.Errorf("%w: news item %q has no GUID", ErrInvalid, item.Title)
	}
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	item.FirstSeen = db.now().UTC()
	item.CVEs = slices.Clone(item.CVEs)
	item.Releases = slices.Clone(item.Releases)
	item.Advisories = slices.Clone(item.Advisories)
	for i := range item.CVEs {
		item.CVEs[i] = strings.ToUpper(item.CVEs[i])
	}
	next := newsFile{Items: slices.Clone(db.data.news.Items)}
	i := slices.IndexFunc(next.Items, func(n NewsItem) bool { return n.GUID == item.GUID && n.Source == item.Source })
	if i >= 0 {
		item.FirstSeen = next.Items[i].FirstSeen
		next.Items[i] = item
	} else {
		next.Items = append(next.Items, item)
	}
	if err := db.commitJSON(newsName, next); err != nil {
		return err
	}
	db.data.news = next
	return nil
}

// PutPollState stores the aggregator's poll state (feed.State as JSON),
// as given: the database does not read it.
func (db *DB) PutPollState(ctx context.Context, state []byte) error {
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := db.commitFile(filepath.Join(db.dir, pollName), state); err != nil {
		return err
	}
	db.data.poll = slices.Clone(state)
	return nil
}

// PollState returns the poll state last stored; nil when none was.
func (db *DB) PollState(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("store: poll state: %w", err)
	}
	defer db.rlock()()
	return slices.Clone(db.snap().poll), nil
}
