package store

// FetchInfo returns the fetch info stored with the document last read from
// url: an advisory page or mail, an index page, the BSI list or the KEV
// catalog. The syncing code sends its ETag and Last-Modified on the next
// request, unless Fetch.Parser names another parser than the one it runs
// (then the body must be read again). False when nothing was read from url.
func (db *DB) FetchInfo(url string) (Fetch, bool) {
	defer db.rlock()()
	if url == "" {
		return Fetch{}, false
	}
	if r := db.snap().fetched[url]; r != nil {
		if r.Page != nil && r.Page.Fetch.URL == url {
			return r.Page.Fetch, true
		}
		for _, m := range r.Mails {
			if m.Fetch.URL == url {
				return m.Fetch, true
			}
		}
	}
	if p, ok := db.snap().index.Pages[url]; ok {
		return p.Fetch, true
	}
	for _, f := range []Fetch{db.snap().bsi.Fetch, db.snap().kev.Fetch} {
		if f.URL == url {
			return f, true
		}
	}
	return Fetch{}, false
}
