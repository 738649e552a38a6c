package store

import (
	"maps"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// Empty reports whether the database holds no advisory: questions asked of
// it have no answer until applesec sync fills it.
func (db *DB) Empty() bool {
	defer db.rlock()()
	return len(db.snap().records) == 0
}

// Advisories returns the merged advisory of every record, sorted by release
// date, then key: ready for advisory.NewCoverage. The advisories are shared
// and must not be changed.
func (db *DB) Advisories() []*advisory.Advisory {
	defer db.rlock()()
	out := make([]*advisory.Advisory, len(db.snap().sorted))
	for i, r := range db.snap().sorted {
		out[i] = r.Merged
	}
	return out
}

// Records returns every record with its sources, fetch info and
// disagreements (those with index rows included), in Advisories order. The
// advisories they point to are shared and must not be changed.
func (db *DB) Records() []Record {
	defer db.rlock()()
	out := make([]Record, len(db.snap().sorted))
	for i, r := range db.snap().sorted {
		out[i] = db.copyRecord(r)
	}
	return out
}

// copyRecord returns a copy of r for a caller, its mails cloned and its
// disagreements with the index rows added. The caller holds the read lock.
func (db *DB) copyRecord(r *Record) Record {
	out := *r
	out.Mails = slices.Clone(r.Mails)
	out.Disagreements = db.allDisagreements(r)
	return out
}

// allDisagreements returns r's disagreements: those recorded at write (page
// against mails) and those with the index rows that link it, in a new
// slice. The caller holds the lock.
func (db *DB) allDisagreements(r *Record) []Disagreement {
	return append(slices.Clone(r.Disagreements), indexDisagreements(r, db.rowsFor(r.Key))...)
}

// Record returns the record with key (see Key), and false when there is
// none.
func (db *DB) Record(key string) (Record, bool) {
	defer db.rlock()()
	r, ok := db.snap().records[key]
	if !ok {
		return Record{}, false
	}
	return db.copyRecord(r), true
}

// Has reports whether the database holds a record with key (see Key), and
// whether that record holds the advisory page itself (not only mails). It
// is a lookup, without Record's copies.
func (db *DB) Has(key string) (record, page bool) {
	defer db.rlock()()
	r, ok := db.snap().records[key]
	return ok, ok && r.Page != nil
}

// IndexRows returns the rows of every index page stored, pages in URL
// order, rows in page order.
func (db *DB) IndexRows() []IndexRow {
	defer db.rlock()()
	return db.indexRowsLocked()
}

// rowsFor returns the index rows linking key; the caller holds db.mu.
func (db *DB) rowsFor(key string) []IndexRow {
	return db.snap().rowsFor[key]
}

// indexRowsLocked is IndexRows; the caller holds db.mu.
func (db *DB) indexRowsLocked() []IndexRow {
	return slices.Clone(db.snap().rows)
}

// BSIs returns every BSI and RSR offer stored, withdrawn ones included, in
// the order first seen.
func (db *DB) BSIs() []BSIOffer {
	defer db.rlock()()
	out := slices.Clone(db.snap().bsi.Offers)
	for i := range out {
		out[i].Devices = slices.Clone(out[i].Devices)
	}
	return out
}

// Withdrawn returns the BSI and RSR releases Apple withdrew, as the stored
// offers tell (gone from pmv before their expiration date): pass them as
// advisory.CoverageOptions.Withdrawn. Builds are kept; coverage ignores them.
func (db *DB) Withdrawn() []version.Version {
	defer db.rlock()()
	var out []version.Version
	for _, o := range db.snap().bsi.Offers {
		if !o.Withdrawn {
			continue
		}
		if v, err := o.Release(); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// KEV returns the known-exploited flags: CVE ID to the date CISA's catalog
// added it. The map is a copy.
func (db *DB) KEV() map[string]advisory.Date {
	defer db.rlock()()
	return maps.Clone(db.snap().kev.Added)
}

// News returns the news items stored, in the order first stored.
func (db *DB) News() []NewsItem {
	defer db.rlock()()
	return slices.Clone(db.snap().news.Items)
}

// Disagreements returns every disagreement between the sources of a
// document: page against mails (recorded at write) and index rows against
// the advisory they link (found from what is stored), by key then field.
// Coverage and answers use the page's values.
func (db *DB) Disagreements() []Disagreement {
	defer db.rlock()()
	var out []Disagreement
	for _, r := range db.snap().sorted {
		out = append(out, db.allDisagreements(r)...)
	}
	slices.SortStableFunc(out, func(a, b Disagreement) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Field, b.Field)
	})
	return out
}
