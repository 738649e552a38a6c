package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/applesec/applesec/advisory"
)

// snapshot is everything loaded from a database directory, with the
// lookups built from it.
type snapshot struct {
	records map[string]*Record
	sorted  []*Record             // by release date, then key
	cves    map[string][]entryRef // CVE ID -> entries that fix or mention it
	fetched map[string]*Record    // address a page or mail was read from -> its record
	index   indexFile
	rows    []IndexRow            // index rows, pages in URL order
	rowsFor map[string][]IndexRow // advisory key -> rows linking it
	bsi     bsiFile
	kev     kevFile
	news    newsFile
	poll    []byte
}

// noData is what a DB that was never opened holds: nothing. Its fields are
// nil maps and slices, which read as empty and are never written.
var noData = &snapshot{}

// snap returns what the database holds: the zero DB (never opened) holds
// nothing, so its reads answer as an empty database instead of panicking.
// The caller holds db.mu.
func (db *DB) snap() *snapshot {
	if db == nil || db.data == nil {
		return noData
	}
	return db.data
}

// rlock takes the read lock and returns its release; on a nil DB, which
// holds nothing, it does nothing.
func (db *DB) rlock() func() {
	if db == nil {
		return func() {}
	}
	db.mu.RLock()
	return db.mu.RUnlock
}

// entryRef points at one entry of a record's merged advisory.
type entryRef struct {
	rec     *Record
	entry   int
	mention bool
}

// load reads the database at dir, whose meta.json says schema: advisory
// documents are decoded in parallel (migrated in memory when older), the
// other files one by one. Any file that does not decode is ErrCorrupt with
// its path: a broken database is an error, never empty.
func load(ctx context.Context, dir string, schema int) (*snapshot, error) {
	s := &snapshot{records: map[string]*Record{}, cves: map[string][]entryRef{}, fetched: map[string]*Record{}}
	recs, err := loadRecords(ctx, dir, schema)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		s.records[r.Key] = r
		s.indexRecord(r)
	}
	s.sorted = recs
	slices.SortFunc(s.sorted, compareRecords)
	for _, f := range []struct {
		name string
		v    any
	}{{indexName, &s.index}, {bsiName, &s.bsi}, {kevName, &s.kev}, {newsName, &s.news}} {
		if err := readJSON(dir, f.name, f.v); err != nil {
			return nil, err
		}
	}
	if s.index.Pages == nil {
		s.index.Pages = map[string]indexPage{}
	}
	s.setIndex(s.index)
	if s.kev.Added == nil {
		s.kev.Added = map[string]advisory.Date{}
	}
	s.poll, err = os.ReadFile(filepath.Join(dir, pollName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("store: reading %s: %w", filepath.Join(dir, pollName), err)
	}
	return s, nil
}

// readJSON decodes the file name of dir into v; a missing file leaves v.
func readJSON(dir, name string, v any) error {
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: reading %s: %w", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return corrupt(path, dir, err)
	}
	return nil
}

// loadRecords decodes every document of advisories/ with GOMAXPROCS workers.
func loadRecords(ctx context.Context, dir string, schema int) ([]*Record, error) {
	advDir := filepath.Join(dir, advisoriesName)
	entries, err := os.ReadDir(advDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: reading %s: %w", advDir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if isDocumentName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	recs := make([]*Record, len(names))
	errs := make([]error, len(names))
	workers := min(runtime.GOMAXPROCS(0), max(len(names), 1))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				n := i
				i++
				next.Unlock()
				if n >= len(names) || ctx.Err() != nil {
					return
				}
				path := filepath.Join(advDir, names[n])
				data, err := os.ReadFile(path)
				if errors.Is(err, fs.ErrNotExist) {
					continue // renamed away by a migrating writer since listed
				}
				if err != nil {
					errs[n] = fmt.Errorf("store: reading %s: %w", path, err)
					continue
				}
				if schema < SchemaVersion {
					if data, err = migrateDocument(schema, data); err != nil {
						errs[n] = corrupt(path, dir, fmt.Errorf("migrating from schema %d: %w", schema, err))
						continue
					}
				}
				recs[n], err = decodeRecord(names[n], data)
				if err != nil {
					errs[n] = corrupt(path, dir, err)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("store: loading %s: %w", dir, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(recs, func(r *Record) bool { return r == nil }), nil
}

// recordDoc is a Record as decoded at open: the merged advisory, which
// derives from the page and mails, is only checked to be there (it is
// written for people reading the file) and is merged again, which costs
// less than decoding it.
type recordDoc struct {
	Record
	Merged json.RawMessage `json:"merged"`
}

// decodeRecord reads an advisory document named name. The key inside must
// be the one the name derives from; page and mails must hold advisories.
func decodeRecord(name string, data []byte) (*Record, error) {
	var d recordDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	r := &d.Record
	switch {
	case r.Key == "":
		return nil, errors.New("no key")
	case fileName(r.Key) != name:
		return nil, fmt.Errorf("key %q belongs in %s, not %s", r.Key, fileName(r.Key), name)
	case len(d.Merged) == 0 || d.Merged[0] != '{':
		return nil, errors.New("no merged advisory")
	case r.Page == nil && len(r.Mails) == 0:
		return nil, errors.New("no page and no mail")
	case r.Page != nil && r.Page.Advisory == nil:
		return nil, errors.New("page without advisory")
	}
	for _, m := range r.Mails {
		if m.Advisory == nil {
			return nil, fmt.Errorf("%s without advisory", m.Source)
		}
	}
	if r.Disagreements == nil {
		r.Disagreements = []Disagreement{}
	}
	r.Merged = merge(r.Page, r.Mails)
	return r, nil
}

// encodeRecord gives a record's document bytes: compact JSON (jq shows it
// indented), a third smaller and faster to load than indented.
func encodeRecord(r *Record) ([]byte, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// compareRecords orders records by their merged advisory's release date,
// then key.
func compareRecords(a, b *Record) int {
	if c := a.Merged.Released.Time().Compare(b.Merged.Released.Time()); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// indexRecord adds the record's CVE references and source addresses to the
// lookups.
func (s *snapshot) indexRecord(r *Record) {
	if r.Page != nil {
		s.fetched[r.Page.Fetch.URL] = r
	}
	for _, m := range r.Mails {
		s.fetched[m.Fetch.URL] = r
	}
	for i, e := range r.Merged.Entries {
		for _, c := range e.CVEs {
			id := strings.ToUpper(c.ID)
			s.cves[id] = append(s.cves[id], entryRef{rec: r, entry: i})
		}
		for _, id := range e.MentionedCVEs {
			id = strings.ToUpper(id)
			s.cves[id] = append(s.cves[id], entryRef{rec: r, entry: i, mention: true})
		}
	}
}

// unindexRecord removes the record's CVE references from the lookup.
func (s *snapshot) unindexRecord(r *Record) {
	for _, e := range r.Merged.Entries {
		ids := make([]string, 0, len(e.CVEs)+len(e.MentionedCVEs))
		for _, c := range e.CVEs {
			ids = append(ids, strings.ToUpper(c.ID))
		}
		for _, id := range e.MentionedCVEs {
			ids = append(ids, strings.ToUpper(id))
		}
		for _, id := range ids {
			refs := slices.DeleteFunc(s.cves[id], func(ref entryRef) bool { return ref.rec == r })
			if len(refs) == 0 {
				delete(s.cves, id)
			} else {
				s.cves[id] = refs
			}
		}
	}
}

// putRecord installs r in place of any record with its key.
func (s *snapshot) putRecord(r *Record) {
	if old := s.records[r.Key]; old != nil {
		s.unindexRecord(old)
		if i := slices.Index(s.sorted, old); i >= 0 {
			s.sorted = slices.Delete(s.sorted, i, i+1)
		}
	}
	s.records[r.Key] = r
	s.indexRecord(r)
	i, _ := slices.BinarySearchFunc(s.sorted, r, compareRecords)
	s.sorted = slices.Insert(s.sorted, i, r)
}

// setIndex installs the index pages and the row lookups built from them.
func (s *snapshot) setIndex(idx indexFile) {
	s.index = idx
	s.rows = nil
	s.rowsFor = map[string][]IndexRow{}
	for _, u := range slices.Sorted(maps.Keys(idx.Pages)) {
		for _, rel := range idx.Pages[u].Rows {
			row := IndexRow{Index: u, Key: Key(rel.URL), Release: rel}
			s.rows = append(s.rows, row)
			if row.Key != "" {
				s.rowsFor[row.Key] = append(s.rowsFor[row.Key], row)
			}
		}
	}
}
