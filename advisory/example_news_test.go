package advisory_test

import (
	"fmt"
	"time"

	"github.com/applesec/applesec/advisory"
)

// A news item is read as a lightweight advisory: the releases it names, with
// their BSI letters, and its CVEs under the component they belong to.
func ExampleFromNews() {
	a := advisory.FromNews(advisory.News{
		Title: "Apple ships Background Security Improvements for iOS, iPadOS, and macOS 26.3.1 (a)",
		Text: "<p>The patch fixes a WebKit flaw, CVE-2026-20643. " +
			"Apple says it is not aware of reports that it has been exploited.</p>",
		Link:      "https://news.example.org/bsi",
		Published: time.Date(2026, 3, 17, 23, 5, 0, 0, time.UTC),
	})
	fmt.Println(a.Origin, a.Released)
	for _, r := range a.Releases {
		fmt.Println(r.Platform, r.Version, r.Extra)
	}
	for _, e := range a.Entries {
		fmt.Println(e.Component, e.CVEs[0].ID, "exploited:", e.Exploited)
	}
	// Output:
	// news 2026-03-17
	// iOS 26.3.1 (a)
	// iPadOS 26.3.1 (a)
	// macOS 26.3.1 (a)
	// WebKit CVE-2026-20643 exploited: false
}

// LinkNews tells which official advisories a news item refers to: by CVE
// first, then by exact release (platform, version and letter).
func ExampleLinkNews() {
	page := &advisory.Advisory{
		Origin:   advisory.OriginPage,
		Title:    "About the security content of iOS 26.4 and iPadOS 26.4",
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.4"}, {Platform: "iPadOS", Version: "26.4"}},
		Entries:  []advisory.Entry{{Component: "WebKit", CVEs: []advisory.CVE{{ID: "CVE-2026-20643"}}}},
	}
	legacy := &advisory.Advisory{
		Origin:   advisory.OriginPage,
		Title:    "About the security content of iOS 18.7.7 and iPadOS 18.7.7",
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "18.7.7"}, {Platform: "iPadOS", Version: "18.7.7"}},
	}
	news := advisory.FromNews(advisory.News{
		Title: "WebKit fix CVE-2026-20643 reaches older iPhones with iOS 18.7.7",
	})
	for _, l := range advisory.LinkNews(news, []*advisory.Advisory{page, legacy}) {
		fmt.Println(l.Advisory.Title, l.CVEs, len(l.Releases))
	}
	// Output:
	// About the security content of iOS 26.4 and iPadOS 26.4 [CVE-2026-20643] 0
	// About the security content of iOS 18.7.7 and iPadOS 18.7.7 [] 1
}
