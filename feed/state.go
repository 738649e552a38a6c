package feed

import (
	"maps"
	"slices"
	"time"

	"github.com/applesec/applesec/advisory"
)

// StateVersion is the schema version of State written by this package.
const StateVersion = 1

// State is everything the aggregator remembers between runs: validators for
// conditional requests, when each URL was last checked, and fingerprints of
// what it has already reported. It is a plain value: the aggregator takes one
// in and returns the next, and a Store persists it as JSON. The zero State
// means "first run".
type State struct {
	// Version is the schema version (StateVersion).
	Version int `json:"version"`
	// Validators are the conditional-request validators per URL.
	Validators map[string]Validators `json:"validators,omitempty"`
	// Checked is when each URL was last fetched (answered 200 or 304). The
	// re-check policy of AppleSource reads it.
	Checked map[string]time.Time `json:"checked,omitempty"`
	// Reported holds what sources remember between runs, by key: a fingerprint
	// of each thing already reported (a mail, a news item), each index row
	// that links an advisory page ("page <url>"), the archive pages an index
	// links. Keys start with a word naming their kind.
	Reported map[string]string `json:"reported,omitempty"`
	// Entries holds, per advisory key (see AdvisoryKey), a fingerprint per
	// entry key (see EntryKey), so a changed page can be reported as "entries
	// added" or "entries changed".
	Entries map[string]map[string]string `json:"entries,omitempty"`
	// Advisories holds what is known of each advisory reported, by advisory
	// key: enough to deduplicate mails against pages, to link news items and
	// KEV additions to it, and to tell exploited flags newly set.
	Advisories map[string]AdvisoryRecord `json:"advisories,omitempty"`
	// BSIs holds the Background Security Improvements seen in Apple's
	// software lookup feed, by BSI key (see BSI.Key).
	BSIs map[string]BSIRecord `json:"bsis,omitempty"`
	// KEV holds the CVE IDs of the exploited catalog as last read, with the
	// date each was added to it ("2026-02-12").
	KEV map[string]string `json:"kev,omitempty"`
}

// AdvisoryRecord is what State keeps of one advisory: not its text (a later
// run re-reads the page when it changes) but its identity and CVE IDs.
type AdvisoryRecord struct {
	// URL is the advisory's address as last read.
	URL string `json:"url"`
	// Title is the advisory's title.
	Title string `json:"title"`
	// Origin is what the record was last built from: a page, or a mail when
	// no page has been read yet.
	Origin advisory.Origin `json:"origin"`
	// Released is the advisory's release date.
	Released advisory.Date `json:"released"`
	// Releases are the releases it covers, for linking news items and BSIs
	// by version.
	Releases []advisory.ProductVersion `json:"releases,omitempty"`
	// CVEs are the sorted CVE IDs the advisory fixes.
	CVEs []string `json:"cves,omitempty"`
	// Exploited are the sorted CVE IDs of entries Apple flags as exploited.
	Exploited []string `json:"exploited,omitempty"`
}

// BSIRecord is what State keeps of one Background Security Improvement offer.
type BSIRecord struct {
	// BSI is the offer as last seen.
	BSI BSI `json:"bsi"`
	// Withdrawn is set once the offer was reported withdrawn (gone from the
	// feed, or past its expiration date).
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// Clone returns a deep copy of s, so a caller's State is never changed behind its back.
func (s State) Clone() State {
	c := State{
		Version:    s.Version,
		Validators: maps.Clone(s.Validators),
		Checked:    maps.Clone(s.Checked),
		Reported:   maps.Clone(s.Reported),
		KEV:        maps.Clone(s.KEV),
	}
	if s.Entries != nil {
		c.Entries = make(map[string]map[string]string, len(s.Entries))
		for k, m := range s.Entries {
			c.Entries[k] = maps.Clone(m)
		}
	}
	if s.Advisories != nil {
		c.Advisories = make(map[string]AdvisoryRecord, len(s.Advisories))
		for k, r := range s.Advisories {
			r.Releases = slices.Clone(r.Releases)
			r.CVEs = slices.Clone(r.CVEs)
			r.Exploited = slices.Clone(r.Exploited)
			c.Advisories[k] = r
		}
	}
	if s.BSIs != nil {
		c.BSIs = make(map[string]BSIRecord, len(s.BSIs))
		for k, r := range s.BSIs {
			r.BSI.SupportedDevices = slices.Clone(r.BSI.SupportedDevices)
			c.BSIs[k] = r
		}
	}
	return c
}
