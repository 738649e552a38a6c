package feed

import (
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// EventKind tells what an Event reports.
type EventKind string

// The kinds of Event, in the order Run sorts events of the same date.
const (
	// KindNewAdvisory is an advisory seen for the first time (a page, or a
	// mail when its page has not been read yet). Advisory holds all of it.
	KindNewAdvisory EventKind = "new_advisory"
	// KindAdvisoryUpdated is a known advisory whose entries changed: Added
	// holds the entries that are new (Apple adds entries to pages months
	// later), Changed the entries whose content changed, Removed the entry
	// keys gone. Advisory holds the advisory as now published.
	KindAdvisoryUpdated EventKind = "advisory_updated"
	// KindExploitedNewlySet is a known advisory with CVEs newly known to be
	// exploited: an entry whose Impact now says so, or a CVE newly added to
	// the KEV catalog. Exploited lists them.
	KindExploitedNewlySet EventKind = "exploited_newly_set"
	// KindNewBSI is a Background Security Improvement newly offered by
	// Apple's software lookup feed. BSI holds it; Links the advisories that
	// name its release.
	KindNewBSI EventKind = "new_bsi"
	// KindBSIWithdrawn is a Background Security Improvement that was offered
	// and is gone from the feed, or is past its expiration date. Reason says
	// which.
	KindBSIWithdrawn EventKind = "bsi_withdrawn"
	// KindNewsItem is a news item (or developer release) seen for the first
	// time, with the advisories it refers to in Links (empty when none).
	KindNewsItem EventKind = "news_item"
	// KindProblem is a document that could not be read: an advisory page that
	// fails to parse or is missing (404, 410), or a mail that is not an
	// APPLE-SA mail. It is reported once per version of the document; Reason
	// says what was wrong.
	KindProblem EventKind = "problem"
)

// rank orders the kinds for sorting.
func (k EventKind) rank() int {
	switch k {
	case KindNewAdvisory:
		return 0
	case KindAdvisoryUpdated:
		return 1
	case KindExploitedNewlySet:
		return 2
	case KindNewBSI:
		return 3
	case KindBSIWithdrawn:
		return 4
	case KindNewsItem:
		return 5
	default:
		return 6
	}
}

// Event is one thing a Run found new or changed. Kind says which fields are set.
type Event struct {
	// Kind is what the event reports.
	Kind EventKind `json:"kind"`
	// Source is the name of the source that observed it ("apple", "mail",
	// "gdmf", "kev", "news", "developer"); for an advisory seen through
	// several sources in one run, the one whose copy was used.
	Source string `json:"source"`
	// Key identifies what the event is about: the advisory key (AdvisoryKey),
	// the BSI key (BSI.Key), the news item's GUID, or a problem's URL.
	Key string `json:"key"`
	// Date is when the thing happened as the source says: an advisory's
	// release date, a BSI's posting date, a news item's publication day, the
	// day a CVE was added to KEV. Events are sorted by it.
	Date advisory.Date `json:"date"`
	// Ref names the advisory of KindNewAdvisory, KindAdvisoryUpdated and
	// KindExploitedNewlySet events.
	Ref *AdvisoryRef `json:"ref,omitempty"`
	// Advisory is the advisory as read this run (KindNewAdvisory,
	// KindAdvisoryUpdated); nil for KindExploitedNewlySet when the advisory
	// was not re-read.
	Advisory *advisory.Advisory `json:"advisory,omitempty"`
	// Added are the entries new to a known advisory (KindAdvisoryUpdated).
	Added []advisory.Entry `json:"added,omitempty"`
	// Changed are the entries of a known advisory whose content changed,
	// as now published (KindAdvisoryUpdated).
	Changed []advisory.Entry `json:"changed,omitempty"`
	// Removed are the keys (EntryKey) of entries no longer on the page
	// (KindAdvisoryUpdated).
	Removed []string `json:"removed,omitempty"`
	// Exploited are the CVEs newly known to be exploited (KindExploitedNewlySet).
	Exploited []ExploitedCVE `json:"exploited,omitempty"`
	// InKEV are the CVE IDs of the advisory that the KEV catalog lists
	// (KindNewAdvisory, KindAdvisoryUpdated), sorted.
	InKEV []string `json:"in_kev,omitempty"`
	// BSI is the offer (KindNewBSI, KindBSIWithdrawn).
	BSI *BSI `json:"bsi,omitempty"`
	// News is the item (KindNewsItem).
	News *NewsItem `json:"news,omitempty"`
	// Links are the advisories a news item or BSI refers to, best first.
	Links []Link `json:"links,omitempty"`
	// Reason says why, for KindBSIWithdrawn ("expired", "no longer offered")
	// and KindProblem (the error).
	Reason string `json:"reason,omitempty"`
}

// AdvisoryRef names an advisory without its content.
type AdvisoryRef struct {
	// Key is the advisory key (AdvisoryKey).
	Key string `json:"key"`
	// URL is the advisory's address.
	URL string `json:"url"`
	// Title is the advisory's title.
	Title string `json:"title"`
	// Released is the advisory's release date.
	Released advisory.Date `json:"released"`
	// Releases are the releases the advisory covers.
	Releases []advisory.ProductVersion `json:"releases,omitempty"`
}

// Link is an advisory that a news item or BSI refers to, and why.
type Link struct {
	// Advisory names the advisory.
	Advisory AdvisoryRef `json:"advisory"`
	// CVEs are the CVE IDs named by the item that the advisory fixes.
	CVEs []string `json:"cves,omitempty"`
	// Releases are the releases named by the item that the advisory covers.
	Releases []advisory.ProductVersion `json:"releases,omitempty"`
	// Components are the components of the advisory's entries that fix CVEs,
	// sorted; empty for a link by release only.
	Components []string `json:"components,omitempty"`
}

// ExploitedCVE is a CVE newly known to be exploited.
type ExploitedCVE struct {
	// ID is the CVE ID.
	ID string `json:"id"`
	// Component is the component of the advisory entry that fixes it.
	Component string `json:"component"`
	// By says who reports the exploitation: "apple" (the entry's Impact) or
	// "kev" (CISA's catalog).
	By string `json:"by"`
	// DateAdded is, for "kev", the day CISA added the CVE.
	DateAdded advisory.Date `json:"date_added,omitzero"`
}

// The values of ExploitedCVE.By.
const (
	// ExploitedByApple means the advisory entry says the issue may have been exploited.
	ExploitedByApple = "apple"
	// ExploitedByKEV means the CVE is in CISA's Known Exploited Vulnerabilities catalog.
	ExploitedByKEV = "kev"
)

// BSI is a Background Security Improvement as Apple's software lookup feed
// offers it: a small update such as iOS 26.3.1 (a) that installs on exactly one
// base build.
type BSI struct {
	// Platform is the OS ("iOS", "macOS").
	Platform string `json:"platform"`
	// Version is the base version ("26.3.1").
	Version string `json:"version"`
	// Extra is the letter as the feed writes it ("(a)").
	Extra string `json:"extra"`
	// Build is the BSI's build ("23D771330a").
	Build string `json:"build"`
	// PrerequisiteBuild is the build it installs on ("23D8133").
	PrerequisiteBuild string `json:"prerequisite_build"`
	// Posted is the feed's PostingDate.
	Posted advisory.Date `json:"posted"`
	// Expires is the feed's ExpirationDate (zero when absent).
	Expires advisory.Date `json:"expires"`
	// SupportedDevices are the product types and board IDs it installs on.
	SupportedDevices []string `json:"supported_devices,omitempty"`
}

// Key identifies the offer across polls: platform, version, letter and build.
func (b BSI) Key() string {
	return b.Platform + " " + b.Version + " " + b.Extra + " " + b.Build
}

// Name is the offer as Apple names it: "iOS 26.3.1 (a)".
func (b BSI) Name() string {
	return strings.TrimSpace(b.Platform + " " + b.Version + " " + b.Extra)
}

// release is the offer as an advisory release, for linking.
func (b BSI) release() advisory.ProductVersion {
	return advisory.ProductVersion{Platform: b.Platform, Version: b.Version, Extra: b.Extra}
}

// FilterComponent returns the events that concern a component (a query as
// advisory.MatchComponent reads it: "WebKit" also finds "WebKit Canvas"),
// each cut down to the matching part:
//   - a new or updated advisory keeps only the matching entries (and matching
//     acknowledgements) and is dropped when none match;
//   - an exploited flag event keeps only the matching CVEs;
//   - a news item is kept when it names the component or links to entries of it;
//   - a BSI event is kept when the advisory it ships (Links) has entries of
//     the component, or when no advisory of its release is known yet;
//   - problems are kept: they concern every component.
//
// events is not changed; the result shares no slices with it.
func FilterComponent(events []Event, query string) []Event {
	out := make([]Event, 0, len(events))
	for _, ev := range events {
		if e, ok := filterEvent(ev, query); ok {
			out = append(out, e)
		}
	}
	return out
}

// filterEvent cuts one event down to a component; false drops it.
func filterEvent(ev Event, query string) (Event, bool) {
	match := func(e advisory.Entry) bool { return advisory.MatchComponent(e.Component, query) }
	switch ev.Kind {
	case KindNewAdvisory:
		if ev.Advisory == nil {
			return ev, false
		}
		a := filterAdvisory(ev.Advisory, query)
		if len(a.Entries) == 0 {
			return ev, false
		}
		ev.Advisory = a
		ev.InKEV = cvesIn(ev.InKEV, a.Entries)
		return ev, true
	case KindAdvisoryUpdated:
		ev.Added = filterEntries(ev.Added, match)
		ev.Changed = filterEntries(ev.Changed, match)
		ev.Removed = filterStrings(ev.Removed, func(k string) bool {
			return advisory.MatchComponent(entryKeyComponent(k), query)
		})
		if len(ev.Added)+len(ev.Changed)+len(ev.Removed) == 0 {
			return ev, false
		}
		if ev.Advisory != nil {
			ev.Advisory = filterAdvisory(ev.Advisory, query)
			ev.InKEV = cvesIn(ev.InKEV, ev.Advisory.Entries)
		}
		return ev, true
	case KindExploitedNewlySet:
		ev.Exploited = slices.DeleteFunc(slices.Clone(ev.Exploited), func(x ExploitedCVE) bool {
			return !advisory.MatchComponent(x.Component, query)
		})
		if len(ev.Exploited) == 0 {
			return ev, false
		}
		if ev.Advisory != nil {
			ev.Advisory = filterAdvisory(ev.Advisory, query)
		}
		return ev, true
	case KindNewsItem:
		keep := false
		if ev.News != nil && ev.News.Advisory != nil {
			keep = slices.ContainsFunc(ev.News.Advisory.Entries, match)
		}
		return ev, keep || linksMatch(ev.Links, query)
	case KindNewBSI, KindBSIWithdrawn:
		// A BSI belongs to the components of the advisory it ships; one
		// whose advisory is not known yet is kept, as it may fix any.
		if len(ev.Links) == 0 {
			return ev, true
		}
		return ev, linksMatch(ev.Links, query)
	default:
		return ev, true
	}
}

// linksMatch reports whether a link names a component that matches query.
func linksMatch(links []Link, query string) bool {
	return slices.ContainsFunc(links, func(l Link) bool {
		return slices.ContainsFunc(l.Components, func(c string) bool { return advisory.MatchComponent(c, query) })
	})
}

// filterAdvisory returns a shallow copy of a with only the entries and
// acknowledgements of the component.
func filterAdvisory(a *advisory.Advisory, query string) *advisory.Advisory {
	c := *a
	c.Entries = advisory.FilterEntries(a, query)
	c.Acknowledgements = []advisory.Acknowledgement{}
	for _, ack := range a.Acknowledgements {
		if advisory.MatchComponent(ack.Component, query) {
			c.Acknowledgements = append(c.Acknowledgements, ack)
		}
	}
	return &c
}

// filterEntries returns the entries that keep accepts, in a new slice (nil
// when none).
func filterEntries(es []advisory.Entry, keep func(advisory.Entry) bool) []advisory.Entry {
	var out []advisory.Entry
	for _, e := range es {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// filterStrings returns the strings that keep accepts, in a new slice (nil when none).
func filterStrings(ss []string, keep func(string) bool) []string {
	var out []string
	for _, s := range ss {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// cvesIn returns the IDs of ids that some entry fixes (nil when none).
func cvesIn(ids []string, entries []advisory.Entry) []string {
	return filterStrings(ids, func(id string) bool {
		return slices.ContainsFunc(entries, func(e advisory.Entry) bool {
			return slices.ContainsFunc(e.CVEs, func(c advisory.CVE) bool { return c.ID == id })
		})
	})
}
