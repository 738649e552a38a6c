package feed_test

import (
	"fmt"
	"strings"

	"github.com/applesec/applesec/feed"
)

// A news feed's items come with a lightweight advisory read from their text.
func ExampleParseNewsFeed() {
	rss := `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Patch Notes</title>
<item>
  <title>Apple fixes WebKit zero-day in iOS 26.4</title>
  <link>https://news.example.org/webkit-zero-day</link>
  <pubDate>Tue, 24 Mar 2026 21:00:00 +0000</pubDate>
  <content:encoded><![CDATA[<p>The flaw, CVE-2026-20643, is also fixed in Safari 26.4.</p>]]></content:encoded>
</item>
</channel></rss>`
	items, err := feed.ParseNewsFeed(strings.NewReader(rss), "https://news.example.org/feed/")
	if err != nil {
		fmt.Println(err)
		return
	}
	a := items[0].Advisory
	fmt.Println(items[0].Title)
	fmt.Println(a.Releases)
	fmt.Println(a.Entries[0].Component, a.Entries[0].CVEs[0].ID, a.Entries[0].Exploited)
	// Output:
	// Apple fixes WebKit zero-day in iOS 26.4
	// [{iOS 26.4 } {Safari 26.4 }]
	// WebKit CVE-2026-20643 true
}

// The KEV catalog answers "is this CVE known to be exploited?" by map lookup.
func ExampleParseKEV() {
	doc := `{"catalogVersion":"2026.03.20","count":2,"vulnerabilities":[
  {"cveID":"CVE-2026-20700","vendorProject":"Apple","product":"Multiple Products","dateAdded":"2026-02-12","dueDate":"2026-03-05"},
  {"cveID":"CVE-2024-1086","vendorProject":"Linux","product":"Kernel","dateAdded":"2024-05-30","dueDate":"2024-06-20"}],
 "fetchTimestamp":"2026-03-20T16:00:00Z"}`
	c, err := feed.ParseKEV(strings.NewReader(doc), "kev.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	v, ok := c.Contains("cve-2026-20700")
	fmt.Println(ok, v.VendorProject, v.DateAdded)
	fmt.Println(len(c.Apple()), c.CountMatches())
	// Output:
	// true Apple 2026-02-12
	// 1 true
}

// Developer release titles are split into platform, version, build, beta and RC.
func ExampleParseDeveloperReleases() {
	rss := `<rss version="2.0"><channel><title>Releases - Apple Developer</title>
<item><title>iOS 18.1 beta 3 (22B5034e)</title><link>https://developer.apple.com/news/releases/?id=1</link></item>
<item><title>macOS Sequoia 15.1 RC (24B82)</title><link>https://developer.apple.com/news/releases/?id=2</link></item>
<item><title>Xcode 16 (16A242d)</title><link>https://developer.apple.com/news/releases/?id=3</link></item>
</channel></rss>`
	rels, err := feed.ParseDeveloperReleases(strings.NewReader(rss), "releases.rss")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rels {
		fmt.Println(r.Platform, r.Version, r.Build, r.Beta, r.RC, r.Kind)
	}
	// Output:
	// iOS 18.1 22B5034e 3 false beta
	// macOS 15.1 24B82 0 true rc
	// Xcode 16 16A242d 0 false release
}

// A mailing-list feed gives the APPLE-SA mails it announces; replies and
// other mails are left out.
func ExampleParseMailList() {
	rss := `<rss version="2.0"><channel><title>Full Disclosure</title>
<item><title>APPLE-SA-03-17-2026-1 Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2</title>
  <link>https://seclists.org/fulldisclosure/2026/Mar/10</link></item>
<item><title>Re: APPLE-SA-03-17-2026-1 Background Security Improvements</title>
  <link>https://seclists.org/fulldisclosure/2026/Mar/14</link></item>
</channel></rss>`
	links, err := feed.ParseMailList(strings.NewReader(rss), "https://seclists.org/rss/fulldisclosure.rss")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		fmt.Println(l.ID, l.Link)
	}
	// Output:
	// APPLE-SA-03-17-2026-1 https://seclists.org/fulldisclosure/2026/Mar/10
}
