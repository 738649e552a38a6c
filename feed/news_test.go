package feed

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
)

// The -update flag rewrites golden files (go test ./feed -update). It is
// registered here only when no other test file of the package has done so,
// since a flag defined twice panics.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

// parsersUpdate reports whether -update was given.
func parsersUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// parsersGolden compares v, as indented JSON, with the golden file at path
// (relative to the repository's testdata), rewriting it under -update.
func parsersGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	full := filepath.Join("..", "testdata", filepath.FromSlash(path))
	if parsersUpdate() {
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, got, 0o644))
		return
	}
	want, err := os.ReadFile(full)
	require.NoError(t, err, "golden file missing: run go test ./feed -update")
	require.JSONEq(t, string(want), string(got))
}

// openTestdata opens a fixture below the repository's testdata.
func openTestdata(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", filepath.FromSlash(path)))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseNewsFeedGolden(t *testing.T) {
	cases := []struct {
		name, file, source string
		items              int
	}{
		// RSS 2.0 from WordPress: content:encoded, a script to drop, a
		// BSI item, a zero-day, an RSR and an item with nothing of Apple's.
		{"apple-zero-day", "news/apple-zero-day.rss", "https://news.example.org/feed/", 4},
		// Atom with an HTML content element and a relative link.
		{"bsi-atom", "news/bsi-atom.xml", "https://macadmin.example.net/atom.xml", 2},
		// JSON Feed 1.1 with content_html and content_text.
		{"watch-vision", "news/watch-vision.json", "https://wearables.example.com/feed.json", 2},
		// atom: and dc: prefixes never declared, as some real feeds write them.
		{"undeclared-prefixes", "news/undeclared-prefixes.xml", "https://breachdesk.example.com/feed/", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, err := ParseNewsFeed(openTestdata(t, tc.file), tc.source)
			require.NoError(t, err)
			require.Len(t, items, tc.items)
			for _, it := range items {
				require.NotNil(t, it.Advisory)
				assert.Equal(t, advisory.OriginNews, it.Advisory.Origin)
				assert.Equal(t, it.Link, it.Advisory.URL)
				assert.NotEmpty(t, it.GUID)
			}
			parsersGolden(t, "news/"+tc.name+".golden.json", items)
		})
	}
}

func TestParseNewsFeedExtraction(t *testing.T) {
	items, err := ParseNewsFeed(openTestdata(t, "news/apple-zero-day.rss"), "https://news.example.org/feed/")
	require.NoError(t, err)
	require.Len(t, items, 4)

	// The BSI item: letters kept, the denial of exploitation respected.
	bsi := items[0].Advisory
	assert.Contains(t, bsi.Releases, advisory.ProductVersion{Platform: "iOS", Version: "26.3.1", Extra: "(a)"})
	assert.Contains(t, bsi.Releases, advisory.ProductVersion{Platform: "macOS", Version: "26.3.1", Extra: "(a)"})
	assert.Contains(t, bsi.Releases, advisory.ProductVersion{Platform: "macOS", Version: "26.3.2", Extra: "(a)"})
	require.Len(t, bsi.Entries, 1)
	assert.Equal(t, "WebKit", bsi.Entries[0].Component)
	assert.Equal(t, []advisory.CVE{{ID: "CVE-2026-20643"}}, bsi.Entries[0].CVEs)
	assert.False(t, bsi.Entries[0].Exploited)

	// The zero-day: the dyld entry is exploited; the script's text is gone.
	zd := items[1]
	assert.NotContains(t, zd.Text, "CVE-2099-0001")
	assert.Contains(t, zd.Text, "Trend Micro’s Zero Day Initiative")
	comps := map[string]advisory.Entry{}
	for _, e := range zd.Advisory.Entries {
		comps[e.Component] = e
	}
	require.Contains(t, comps, "dyld")
	assert.True(t, comps["dyld"].Exploited)
	assert.Equal(t, []advisory.CVE{{ID: "CVE-2026-20700"}}, comps["dyld"].CVEs)
	assert.False(t, comps["Kernel"].Exploited, "Zero Day Initiative is no zero-day")
	assert.Equal(t, "WebKit", zd.Advisory.Entries[0].Component, "WebKit comes first")

	// The Linux item names nothing of Apple's: no releases (Cisco IOS is not
	// iOS), no component, no exploited flag, but its CVE is kept.
	lx := items[3].Advisory
	assert.Empty(t, lx.Releases)
	require.Len(t, lx.Entries, 1)
	assert.Equal(t, "", lx.Entries[0].Component)
	assert.False(t, lx.Entries[0].Exploited)
	assert.Equal(t, time.Date(2024, 5, 30, 15, 0, 0, 0, time.UTC), items[3].Published.UTC())
}

func TestParseNewsFeedLinksResolved(t *testing.T) {
	items, err := ParseNewsFeed(openTestdata(t, "news/bsi-atom.xml"), "https://macadmin.example.net/atom.xml")
	require.NoError(t, err)
	require.NotEmpty(t, items)
	assert.Equal(t, "https://macadmin.example.net/2026/03/navigation-api-mainline", items[0].Link)
	// The published time wins over the updated time.
	assert.Equal(t, time.Date(2026, 3, 25, 4, 15, 0, 0, time.UTC), items[0].Published.UTC())
	// The second entry has no published time: its updated time is used.
	assert.Equal(t, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), items[1].Published.UTC())
}

func TestParseNewsFeedEmptyChannel(t *testing.T) {
	// A valid feed with no items is no error: nothing new was published.
	items, err := ParseNewsFeed(strings.NewReader(`<rss version="2.0"><channel><title>t</title></channel></rss>`), "empty.rss")
	require.NoError(t, err)
	assert.NotNil(t, items)
	assert.Empty(t, items)
}

func TestParseNewsFeedErrors(t *testing.T) {
	cases := []struct {
		name string
		r    io.Reader
		want error
	}{
		// An HTML page is no feed.
		{name: "html page", r: strings.NewReader("<!DOCTYPE html><html><body><p>Not a feed</p></body></html>"), want: ErrUnknownFeedFormat},
		// Plain text is no feed either.
		{name: "plain text", r: strings.NewReader("APPLE-SA-03-17-2026-1 is out"), want: ErrUnknownFeedFormat},
		// Nothing at all.
		{name: "empty", r: strings.NewReader("  \n"), want: ErrMalformedFeed},
		// RSS whose XML breaks off inside an item.
		{name: "broken xml", r: strings.NewReader(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`), want: ErrMalformedFeed},
		// JSON Feed that is not JSON.
		{name: "broken json", r: strings.NewReader(`{"version": "https://jsonfeed.org/version/1.1", "items": [`), want: ErrMalformedFeed},
		// A reader that fails: its error is reported as itself.
		{name: "reader error", r: iotest.ErrReader(os.ErrDeadlineExceeded), want: os.ErrDeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, err := ParseNewsFeed(tc.r, "https://news.example.org/feed/")
			require.Error(t, err)
			assert.Nil(t, items)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "https://news.example.org/feed/", pe.Document)
			assert.Equal(t, "news", pe.Format)
		})
	}
}

func TestParseNewsFeedUnknownWrapsGofeed(t *testing.T) {
	_, err := ParseNewsFeed(strings.NewReader("<html></html>"), "page.html")
	require.ErrorIs(t, err, gofeed.ErrFeedTypeNotDetected)
	require.ErrorIs(t, err, ErrUnknownFeedFormat)
}

func TestNewsItemText(t *testing.T) {
	cases := []struct {
		name, description, content, want string
	}{
		// Only a description.
		{"description only", "a", "", "a"},
		// Only content.
		{"content only", "", "b", "b"},
		// The description is an excerpt of the content: given once.
		{"excerpt", "first paragraph", "first paragraph\nsecond", "first paragraph\nsecond"},
		// The content is shorter and inside the description.
		{"content inside", "long text here", "text", "long text here"},
		// Different texts: both, description first.
		{"both", "summary", "body", "summary\nbody"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, newsItemText(tc.description, tc.content))
		})
	}
}

// TestParseNewsFeedRealWorld reads the two real news excerpts. Neither is
// about an Apple security release: no release, CVE or exploited flag may be
// read from them, and none may link to an official advisory.
func TestParseNewsFeedRealWorld(t *testing.T) {
	official := []*advisory.Advisory{{
		Kind: "advisory", Origin: advisory.OriginPage, Title: "About the security content of iOS 17.4 and iPadOS 17.4",
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "17.4"}, {Platform: "iPadOS", Version: "17.4"}},
		Entries:  []advisory.Entry{{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2024-23225"}}}},
	}}
	cases := []struct {
		name, file, source string
		titles             []string
	}{
		// BleepingComputer: undeclared atom: and dc: prefixes, one item.
		{"bleepingcomputer", "news/bleepingcomputer-2024-03-14-excerpt.xml", "https://www.bleepingcomputer.com/feed/",
			[]string{"SIM swappers now stealing phone numbers from eSIMs"}},
		// Krebs on Security: WordPress with content:encoded, two items; the
		// first names Apple (Apple Wallet) but no release or flaw.
		{"krebs", "news/krebsonsecurity-2025-02-18-excerpt.xml", "https://krebsonsecurity.com/feed/",
			[]string{"How Phished Data Turns into Apple & Google Wallets", "Nearly a Year Later, Mozilla is Still Promoting OneRep"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := os.Open(realworld.Path(t, tc.file))
			require.NoError(t, err)
			defer f.Close()
			items, err := ParseNewsFeed(f, tc.source)
			require.NoError(t, err)
			require.Len(t, items, len(tc.titles))
			for i, it := range items {
				assert.Equal(t, tc.titles[i], it.Title)
				assert.NotEmpty(t, it.Link)
				assert.NotEmpty(t, it.Text)
				assert.False(t, it.Published.IsZero())
				assert.NotContains(t, it.Text, "<p>", "tags are stripped")
				a := it.Advisory
				assert.Empty(t, a.Releases, "no Apple release in %q", it.Title)
				assert.Empty(t, a.Entries, "no CVE, component or exploitation in %q", it.Title)
				assert.Empty(t, advisory.LinkNews(a, official), "no false link for %q", it.Title)
			}
		})
	}
}

// TestParseNewsFeedKrebsContent checks that content:encoded is read and its
// entities decoded in the real Krebs excerpt.
func TestParseNewsFeedKrebsContent(t *testing.T) {
	f, err := os.Open(realworld.Path(t, "news/krebsonsecurity-2025-02-18-excerpt.xml"))
	require.NoError(t, err)
	defer f.Close()
	items, err := ParseNewsFeed(f, "https://krebsonsecurity.com/feed/")
	require.NoError(t, err)
	require.Len(t, items, 2)
	// Only content:encoded holds the photo caption and the Postal Service paragraph.
	assert.Contains(t, items[0].Text, "U.S. Postal Service")
	assert.Contains(t, items[0].Text, "phishing group’s Telegram channel")
	assert.Contains(t, items[0].Text, "Carding — the underground business")
	assert.Equal(t, "https://krebsonsecurity.com/?p=70276", items[0].GUID)
}

// realMails parses every real APPLE-SA mail that parses.
func realMails(t *testing.T) []*advisory.Advisory {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(realworld.Dir(t), "apple-sa", "*.txt"))
	require.NoError(t, err)
	var out []*advisory.Advisory
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		if a, err := advisory.ParseMail(strings.NewReader(string(data)), name); err == nil {
			out = append(out, a)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// linkedIDs returns the mail IDs of the links, with how each was made.
func linkedIDs(links []advisory.NewsLink) map[string]string {
	out := map[string]string{}
	for _, l := range links {
		how := "release"
		if len(l.CVEs) > 0 {
			how = "cve"
		}
		out[l.Advisory.ID] = how
	}
	return out
}

// TestNewsLinksRealMails links news items to the real APPLE-SA mails: the
// fixture's BSI and zero-day items reach the mails that fix their CVEs, the
// unrelated items and the real news excerpts reach none.
func TestNewsLinksRealMails(t *testing.T) {
	mails := realMails(t)

	items, err := ParseNewsFeed(openTestdata(t, "news/apple-zero-day.rss"), "https://news.example.org/feed/")
	require.NoError(t, err)

	bsi := advisory.LinkNews(items[0].Advisory, mails)
	ids := linkedIDs(bsi)
	assert.Equal(t, "cve", ids["APPLE-SA-03-17-2026-1"], "the BSI mail fixes CVE-2026-20643")
	assert.Equal(t, "cve", ids["APPLE-SA-03-24-2026-9"], "Safari 26.4 fixes CVE-2026-20643 too")
	for _, l := range bsi {
		if l.Advisory.ID == "APPLE-SA-03-17-2026-1" {
			assert.Contains(t, l.Releases, advisory.ProductVersion{Platform: "iOS", Version: "26.3.1", Extra: "(a)"})
			assert.Contains(t, l.Releases, advisory.ProductVersion{Platform: "macOS", Version: "26.3.2", Extra: "(a)"})
		}
	}

	zeroDay := linkedIDs(advisory.LinkNews(items[1].Advisory, mails))
	assert.Equal(t, "cve", zeroDay["APPLE-SA-02-11-2026-1"], "iOS 26.3 fixes CVE-2026-20700")
	assert.Contains(t, zeroDay, "APPLE-SA-02-11-2026-7", "watchOS 26.3 is named")

	assert.Empty(t, advisory.LinkNews(items[3].Advisory, mails), "the Linux item links to nothing")

	for _, rel := range []string{"news/bleepingcomputer-2024-03-14-excerpt.xml", "news/krebsonsecurity-2025-02-18-excerpt.xml"} {
		f, err := os.Open(realworld.Path(t, rel))
		require.NoError(t, err)
		real, err := ParseNewsFeed(f, rel)
		f.Close()
		require.NoError(t, err)
		for _, it := range real {
			assert.Empty(t, advisory.LinkNews(it.Advisory, mails), "%s: %q links to nothing", rel, it.Title)
		}
	}
}
