package store

import (
	"time"

	"github.com/applesec/applesec/advisory"
)

// NewsItem is one news item stored with what links it to Apple's
// advisories. It is a row of news.json; GUID and Source identify it.
type NewsItem struct {
	// GUID is the item's identifier in its feed (its link when the feed
	// gives none).
	GUID string `json:"guid"`
	// Source names the feed ("https://example.org/feed.xml" or a name).
	Source string `json:"source"`
	// Title is the item's title.
	Title string `json:"title"`
	// Link is the article's address.
	Link string `json:"link"`
	// Published is when the item was published; zero when unknown.
	Published time.Time `json:"published,omitzero"`
	// CVEs are the CVE IDs the item names, upper case.
	CVEs []string `json:"cves"`
	// Releases are the Apple releases the item names.
	Releases []advisory.ProductVersion `json:"releases"`
	// Advisories are the keys of the advisories the item is linked to.
	Advisories []string `json:"advisories"`
	// FirstSeen is when the database first stored the item.
	FirstSeen time.Time `json:"first_seen,omitzero"`
}
