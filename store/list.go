package store

import (
	"strings"

	"github.com/applesec/applesec/advisory"
)

// Query selects entries for List. Every condition set must hold; the zero
// Query selects every entry.
type Query struct {
	// Component selects entries whose component is this one or one of its
	// sub-areas (advisory.MatchComponent: "WebKit" finds "WebKit Canvas"
	// and JavaScriptCore); "" selects any.
	Component string
	// Platform selects advisories with a release of this platform ("iOS",
	// "macOS"; any case); "" selects any.
	Platform string
	// Since selects advisories released on or after this date; zero
	// selects any.
	Since advisory.Date
	// Exploited selects entries said to be exploited: by Apple (the entry's
	// Impact) or by CISA's catalog (one of its CVEs is flagged).
	Exploited bool
}

// Match is one entry selected by List, with its advisory.
type Match struct {
	// Advisory is the advisory the entry belongs to.
	Advisory AdvisoryRef `json:"advisory"`
	// Entry is the entry.
	Entry advisory.Entry `json:"entry"`
}

// AdvisoryRef names an advisory in a Match.
type AdvisoryRef struct {
	// Key is the advisory's key.
	Key string `json:"-"`
	// URL is the advisory page's address.
	URL string `json:"url"`
	// Title is its title.
	Title string `json:"title"`
	// Released is its release date.
	Released advisory.Date `json:"released"`
	// Releases are its releases.
	Releases []advisory.ProductVersion `json:"releases"`
}

// List returns the entries q selects, advisories by release date then key,
// entries in document order. It is empty, not nil, when none matches; ask
// Empty first to tell an empty database from no match.
func (db *DB) List(q Query) []Match {
	defer db.rlock()()
	out := []Match{}
	for _, r := range db.snap().sorted {
		a := r.Merged
		if !q.Since.IsZero() && a.Released.Before(q.Since) {
			continue
		}
		if q.Platform != "" && !hasPlatform(a, q.Platform) {
			continue
		}
		for _, e := range a.Entries {
			if q.Component != "" && !advisory.MatchComponent(e.Component, q.Component) {
				continue
			}
			if q.Exploited && !e.Exploited && !db.kevListed(e) {
				continue
			}
			ref := AdvisoryRef{Key: r.Key, URL: a.URL, Title: a.Title, Released: a.Released, Releases: a.Releases}
			if ref.Releases == nil {
				ref.Releases = []advisory.ProductVersion{}
			}
			out = append(out, Match{Advisory: ref, Entry: e})
		}
	}
	return out
}

// hasPlatform reports whether a has a release of platform.
func hasPlatform(a *advisory.Advisory, platform string) bool {
	for _, r := range a.Releases {
		if strings.EqualFold(r.Platform, platform) {
			return true
		}
	}
	return false
}

// kevListed reports whether CISA's catalog lists a CVE of e; the caller
// holds db.mu.
func (db *DB) kevListed(e advisory.Entry) bool {
	for _, c := range e.CVEs {
		if _, ok := db.snap().kev.Added[strings.ToUpper(c.ID)]; ok {
			return true
		}
	}
	return false
}
