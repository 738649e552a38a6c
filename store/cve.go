package store

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
)

// cveForm is the form of a CVE ID.
var cveForm = regexp.MustCompile(`(?i)^CVE-\d{4}-\d{4,7}$`)

// NormalizeCVE returns the CVE ID id in upper case, spaces around it
// dropped; an id not of the form CVE-YYYY-NNNN is an error wrapping
// ErrInvalidCVE.
func NormalizeCVE(id string) (string, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if !cveForm.MatchString(id) {
		return "", fmt.Errorf("%w: %q (want CVE-YYYY-NNNN)", ErrInvalidCVE, id)
	}
	return id, nil
}

// CVEAnswer is what the database knows about one CVE: where it is fixed,
// where it is only mentioned, whether CISA lists it as exploited, and the
// news that names it.
type CVEAnswer struct {
	// CVE is the ID, upper case.
	CVE string `json:"cve"`
	// FixedIn are the advisories that list it on a CVE line: one item per
	// advisory, by release date. Empty, not nil, when none does.
	FixedIn []CVEHit `json:"fixed_in"`
	// MentionedIn are the advisories that name it only in their prose (a
	// related, earlier fix) and fix it nowhere: no fix. Empty, not nil, when
	// none does.
	MentionedIn []CVEHit `json:"mentioned_in"`
	// KEVAdded is the date CISA's catalog added it; zero (written "") when
	// the catalog does not list it.
	KEVAdded advisory.Date `json:"kev_added"`
	// News are the stored news items that name it, by publication date.
	News []NewsRef `json:"news"`
}

// CVEHit is one entry of one advisory that names a CVE.
type CVEHit struct {
	// URL is the advisory page's address (for a mail-only record, the page
	// the mail names).
	URL string `json:"url"`
	// Title is the advisory's title.
	Title string `json:"title"`
	// Released is the advisory's release date.
	Released advisory.Date `json:"released"`
	// Component is the entry's component.
	Component string `json:"component"`
	// Exploited is set when the entry says the issue may have been
	// exploited.
	Exploited bool `json:"exploited"`
	// Releases are the advisory's releases.
	Releases []advisory.ProductVersion `json:"releases"`
}

// NewsRef is a news item that names a CVE.
type NewsRef struct {
	// Title is the item's title.
	Title string `json:"title"`
	// Link is the article's address.
	Link string `json:"link"`
	// Published is when it was published; zero when unknown.
	Published time.Time `json:"published"`
	// Source names the feed.
	Source string `json:"source"`
}

// CVE answers what the database knows about the CVE id (any case, spaces
// around ignored). A malformed id is an error wrapping ErrInvalidCVE; an
// empty database an error wrapping ErrEmpty (run applesec sync), never an
// empty answer. An id the database does not know gives an answer with no
// fix and no mention.
func (db *DB) CVE(id string) (CVEAnswer, error) {
	id, err := NormalizeCVE(id)
	if err != nil {
		return CVEAnswer{}, err
	}
	defer db.rlock()()
	if len(db.snap().records) == 0 {
		return CVEAnswer{}, fmt.Errorf("%w: no advisory in %s: run applesec sync", ErrEmpty, db.Path())
	}
	ans := CVEAnswer{CVE: id, FixedIn: []CVEHit{}, MentionedIn: []CVEHit{}, News: []NewsRef{}}
	refs := slices.Clone(db.snap().cves[id])
	slices.SortStableFunc(refs, func(a, b entryRef) int {
		if c := compareRecords(a.rec, b.rec); c != 0 {
			return c
		}
		return a.entry - b.entry
	})
	// One hit per advisory: the fixes first (an advisory that fixes the CVE
	// in several entries gives their components joined, exploited if any
	// is), then the mentions of advisories that do not fix it.
	fixedAt := map[*Record]int{}
	for _, ref := range refs {
		if ref.mention {
			continue
		}
		e := &ref.rec.Merged.Entries[ref.entry]
		if i, ok := fixedAt[ref.rec]; ok {
			h := &ans.FixedIn[i]
			if !slices.Contains(strings.Split(h.Component, ", "), e.Component) {
				h.Component += ", " + e.Component
			}
			h.Exploited = h.Exploited || e.Exploited
			continue
		}
		fixedAt[ref.rec] = len(ans.FixedIn)
		ans.FixedIn = append(ans.FixedIn, newHit(ref.rec.Merged, e))
	}
	mentioned := map[*Record]bool{}
	for _, ref := range refs {
		if !ref.mention || mentioned[ref.rec] {
			continue
		}
		if _, fixes := fixedAt[ref.rec]; fixes {
			continue
		}
		mentioned[ref.rec] = true
		ans.MentionedIn = append(ans.MentionedIn, newHit(ref.rec.Merged, &ref.rec.Merged.Entries[ref.entry]))
	}
	ans.KEVAdded = db.snap().kev.Added[id]
	for _, n := range db.snap().news.Items {
		if slices.Contains(n.CVEs, id) {
			ans.News = append(ans.News, NewsRef{Title: n.Title, Link: n.Link, Published: n.Published, Source: n.Source})
		}
	}
	slices.SortStableFunc(ans.News, func(a, b NewsRef) int { return a.Published.Compare(b.Published) })
	return ans, nil
}

// newHit is the answer's line for entry e of advisory a.
func newHit(a *advisory.Advisory, e *advisory.Entry) CVEHit {
	hit := CVEHit{URL: a.URL, Title: a.Title, Released: a.Released, Component: e.Component, Exploited: e.Exploited, Releases: a.Releases}
	if hit.Releases == nil {
		hit.Releases = []advisory.ProductVersion{}
	}
	return hit
}
