package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// PutAdvisory stores a page or a mail read from f.URL. It is filed under
// Key(a.URL): for a page its own address, for a mail the page it names, so
// that a page and its mails make one record. The record's merged advisory
// takes the page wherever it says something and keeps what only the mails
// say (the APPLE-SA ID; the releases when the page names none; all of a
// mail's content when no page was read). The disagreements between page and
// mails are recorded, never settled; answers use the page's values.
//
// The record (sources, fetch info, merged advisory, disagreements) is
// written as one whole file, so the write is one checkpoint: after a crash
// the document is stored with its fetch info, or neither is. The returned
// Change tells what this write changed. News advisories are refused (see
// PutNews); so is an advisory without URL. The database keeps a and shares
// it with readers: the caller must not change it afterwards.
func (db *DB) PutAdvisory(ctx context.Context, a *advisory.Advisory, f Fetch) (Change, error) {
	if a == nil {
		return Change{}, fmt.Errorf("%w: nil advisory", ErrInvalid)
	}
	if a.Origin != advisory.OriginPage && a.Origin != advisory.OriginMail {
		return Change{}, fmt.Errorf("%w: advisory %s from source %q: only pages and mails are stored as advisories", ErrInvalid, a.URL, a.Origin)
	}
	key := Key(a.URL)
	if key == "" {
		return Change{}, fmt.Errorf("%w: advisory %q has no URL", ErrInvalid, a.Title)
	}
	if f.URL == "" {
		f.URL = a.URL
	}
	unlock, err := db.beginWrite(ctx)
	if err != nil {
		return Change{}, err
	}
	defer unlock()
	now := db.now().UTC()
	old := db.data.records[key]
	r := &Record{Key: key, FirstSeen: now, Updated: now}
	if old != nil {
		r.Page, r.Mails, r.FirstSeen, r.Updated = old.Page, slices.Clone(old.Mails), old.FirstSeen, old.Updated
	}
	doc := SourceDoc{Source: sourceName(a), Fetch: f, Advisory: a, FirstSeen: now, Updated: now}
	if a.Origin == advisory.OriginPage {
		if r.Page != nil {
			doc.FirstSeen = r.Page.FirstSeen
			if sameJSON(r.Page.Advisory, a) {
				doc.Updated = r.Page.Updated
			}
		}
		r.Page = &doc
	} else {
		i := slices.IndexFunc(r.Mails, func(m SourceDoc) bool {
			if a.ID != "" {
				return m.Advisory.ID == a.ID
			}
			return m.Fetch.URL == f.URL
		})
		if i >= 0 {
			doc.FirstSeen = r.Mails[i].FirstSeen
			if sameJSON(r.Mails[i].Advisory, a) {
				doc.Updated = r.Mails[i].Updated
			}
			r.Mails[i] = doc
		} else {
			r.Mails = append(r.Mails, doc)
		}
		slices.SortStableFunc(r.Mails, func(x, y SourceDoc) int {
			if c := x.Advisory.Released.Time().Compare(y.Advisory.Released.Time()); c != 0 {
				return c
			}
			return strings.Compare(x.Advisory.ID, y.Advisory.ID)
		})
	}
	r.Merged = merge(r.Page, r.Mails)
	r.Disagreements = disagreements(key, r.Page, r.Mails)

	c := Change{Key: key, New: old == nil, Added: []advisory.Entry{}, Changed: []advisory.Entry{}, Removed: []advisory.Entry{}, Disagreements: []Disagreement{}}
	var oldMerged *advisory.Advisory
	var before []Disagreement
	if old != nil {
		oldMerged = old.Merged
		before = db.allDisagreements(old)
		if !sameJSON(old.Merged, r.Merged) {
			c.Updated = true
			r.Updated = now
		}
	}
	diffEntries(&c, oldMerged, r.Merged)
	for _, d := range db.allDisagreements(r) {
		if !slices.ContainsFunc(before, d.equal) {
			c.Disagreements = append(c.Disagreements, d)
		}
	}

	data, err := encodeRecord(r)
	if err != nil {
		return Change{}, fmt.Errorf("store: encoding %s: %w", key, err)
	}
	if err := db.commitFile(filepath.Join(db.dir, advisoriesName, fileName(key)), data); err != nil {
		return Change{}, err
	}
	db.data.putRecord(r)
	return c, nil
}
