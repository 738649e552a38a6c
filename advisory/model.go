package advisory

import "strings"

// Origin tells where an Advisory was read from.
type Origin string

// The origins of an Advisory.
const (
	// OriginPage is an "About the security content of ..." page on support.apple.com.
	OriginPage Origin = "page"
	// OriginMail is an APPLE-SA mail of Apple's security-announce list.
	OriginMail Origin = "mail"
	// OriginNews is an item of a news feed: lightweight, with CVE IDs, components
	// and versions found in its text rather than structured entries.
	OriginNews Origin = "news"
)

// Advisory is one security advisory: the security content of one or more
// releases as Apple published it on a page, in a mail, or as reported in news.
type Advisory struct {
	// Kind is always "advisory"; it tells an Advisory from an Index in JSON.
	Kind string `json:"kind"`
	// Origin is where the advisory was read from: a page, a mail or news.
	Origin Origin `json:"origin"`
	// ID is the APPLE-SA identifier of a mail as written in it
	// ("APPLE-SA-03-17-2026-1", "APPLE-SA-2022-12-13-1"); empty for pages.
	ID string `json:"id,omitempty"`
	// Title is the document's title, e.g. "About the security content of iOS 26.2
	// and iPadOS 26.2" or, for a mail, the subject after its ID.
	Title string `json:"title"`
	// URL is the advisory page's address: for a page its canonical address
	// (its canonical link or printed document ID; the document URL given to
	// the parser only when it has neither), for a mail the support.apple.com
	// link it names.
	URL string `json:"url"`
	// Released is the release date stated by the document (zero if absent).
	Released Date `json:"released"`
	// Releases are the products and versions the advisory covers, split from its
	// title ("iOS 26.2 and iPadOS 26.2" gives two) or from a BSI mail's variant
	// line ("iOS 26.3.1 (a), iPadOS 26.3.1 (a), ...").
	Releases []ProductVersion `json:"releases"`
	// Entries are the fixes, in document order.
	Entries []Entry `json:"entries"`
	// Acknowledgements are the "Additional recognition" items: thanks without a
	// fix, never to be read as fixes.
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
	// ReissueOf is, for an "Additional information for APPLE-SA-..." mail, the
	// ID of the mail it re-issues; empty otherwise.
	ReissueOf string `json:"reissue_of,omitempty"`
	// Truncated is set when the document ends before its natural end (a copy cut
	// short): the entries read are complete, but more may have followed.
	Truncated bool `json:"truncated,omitempty"`
}

// ProductVersion is one product at one version as Apple names it in a release:
// "iOS 26.3.1 (a)" is Platform "iOS", Version "26.3.1", Extra "(a)".
type ProductVersion struct {
	// Platform is the product: "iOS", "iPadOS", "macOS", "watchOS", "tvOS",
	// "visionOS", "Safari", "Xcode", ... Marketing names are not platforms:
	// "macOS Sequoia 15.1" has Platform "macOS".
	Platform string `json:"platform"`
	// Version is the numeric version ("26.3.1"); empty when the release names
	// the product without one ("Background Security Improvements for iOS,
	// iPadOS, and macOS") or names a firmware build ("AirPods Firmware Update 6A326").
	Version string `json:"version"`
	// Extra is the Background Security Improvement or Rapid Security Response
	// letter in Apple's ProductVersionExtra form, "(a)"; empty otherwise.
	Extra string `json:"extra,omitempty"`
}

// Name is the release as Apple names it, "iOS 26.3.1 (a)": the non-empty
// parts joined by single spaces.
func (p ProductVersion) Name() string {
	return strings.Join(strings.Fields(p.Platform+" "+p.Version+" "+p.Extra), " ")
}

// Entry is one fix under a component heading of an advisory.
type Entry struct {
	// Component is the component heading as normalized by NormalizeComponent
	// ("WebKit", "WebKit Web Inspector", "Kernel").
	Component string `json:"component"`
	// AvailableFor is the "Available for" text: devices or OS versions.
	AvailableFor string `json:"available_for"`
	// Impact is the "Impact" text.
	Impact string `json:"impact"`
	// Description is the "Description" text.
	Description string `json:"description"`
	// Exploited is true when the Impact says Apple is aware of a report that the
	// issue may have been (actively) exploited.
	Exploited bool `json:"exploited"`
	// CVEs are the CVE lines of the entry: the vulnerabilities it fixes.
	CVEs []CVE `json:"cves"`
	// MentionedCVEs are CVE IDs that appear only in the Impact or Description
	// prose (for example a related, earlier fix): mentioned, not fixed here.
	MentionedCVEs []string `json:"mentioned_cves"`
	// WebKitBugzilla are the "WebKit Bugzilla: N" IDs of the entry.
	WebKitBugzilla []int `json:"webkit_bugzilla"`
	// Added is the date of an "Entry added <date>" note (zero if none).
	Added Date `json:"added"`
	// Updated is the date of the latest "Entry updated <date>" note (zero if none).
	Updated Date `json:"updated"`
}

// CVE is one CVE line of an entry: "CVE-2026-20700: credit text".
type CVE struct {
	// ID is the CVE identifier, upper case ("CVE-2026-20700").
	ID string `json:"id"`
	// Credit is the credit text after the colon; empty when Apple gave none.
	Credit string `json:"credit"`
}

// Acknowledgement is one item of an advisory's "Additional recognition"
// section: thanks for help that came with no CVE fix.
type Acknowledgement struct {
	// Component is the heading the thanks stand under; empty when there is none.
	Component string `json:"component"`
	// Credit names who is thanked, without Apple's frame "We would like to
	// acknowledge ... for their assistance." (kept whole when worded otherwise).
	Credit string `json:"credit"`
}

// Index is the "Apple security releases" index page: one Release per row.
type Index struct {
	// Kind is always "index"; it tells an Index from an Advisory in JSON.
	Kind string `json:"kind"`
	// Title is the page's title.
	Title string `json:"title"`
	// URL is the page's address as given to the parser.
	URL string `json:"url"`
	// Rows are the releases in page order (newest first on Apple's pages).
	Rows []Release `json:"rows"`
	// Archives are the absolute links to older years' index pages found on the page.
	Archives []string `json:"archives,omitempty"`
}

// Release is one row of the index page.
type Release struct {
	// Name is the row's name text ("iOS 18.1 and iPadOS 18.1").
	Name string `json:"name"`
	// URL is the absolute link to the advisory page; empty when the row has none.
	URL string `json:"url"`
	// Released is the row's release date.
	Released Date `json:"released"`
	// AvailableFor is the row's "Available for" text.
	AvailableFor string `json:"available_for"`
	// NoCVEs is true when the row says "This update has no published CVE entries."
	NoCVEs bool `json:"no_cves"`
	// DetailsPending is true when the row has no link yet and says details are
	// available soon (Apple publishes the page later).
	DetailsPending bool `json:"details_pending"`
	// Releases are the products and versions split from Name.
	Releases []ProductVersion `json:"releases"`
}

// Document is what Parse returns: an *Advisory or an *Index.
type Document interface {
	document()
}

func (*Advisory) document() {}
func (*Index) document()    {}
