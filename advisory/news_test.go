package advisory

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newsPV is a short way to write a ProductVersion in tables.
func newsPV(platform, version, extra string) ProductVersion {
	return ProductVersion{Platform: platform, Version: version, Extra: extra}
}

func TestFromNewsReleases(t *testing.T) {
	cases := []struct {
		name, text string
		want       []ProductVersion
	}{
		// A BSI letter after a space.
		{"bsi letter", "Update to iOS 26.3.1 (a) now.", []ProductVersion{newsPV("iOS", "26.3.1", "(a)")}},
		// A BSI letter glued to the version.
		{"bsi letter glued", "Apple shipped iOS 26.3.1(a) today.", []ProductVersion{newsPV("iOS", "26.3.1", "(a)")}},
		// An RSR letter, (c) after the withdrawn (a).
		{"rsr letter", "Rapid Security Response iOS 16.5.1 (c) replaces (a).", []ProductVersion{newsPV("iOS", "16.5.1", "(c)")}},
		// Four-part versions and iPadOS.
		{"ipados", "iPadOS 17.7.10 is out.", []ProductVersion{newsPV("iPadOS", "17.7.10", "")}},
		// macOS marketing names are dropped from the platform.
		{"marketing names", "macOS Tahoe 26.2 and macOS Sequoia 15.7.4 and macOS Big Sur 11.7.10.",
			[]ProductVersion{newsPV("macOS", "26.2", ""), newsPV("macOS", "15.7.4", ""), newsPV("macOS", "11.7.10", "")}},
		// Safari, watchOS, visionOS, tvOS, Xcode.
		{"other platforms", "Safari 26.4, watchOS 26.3, visionOS 2.4.1, tvOS 18.4.1 and Xcode 26.1.",
			[]ProductVersion{newsPV("Safari", "26.4", ""), newsPV("watchOS", "26.3", ""), newsPV("visionOS", "2.4.1", ""), newsPV("tvOS", "18.4.1", ""), newsPV("Xcode", "26.1", "")}},
		// Two platforms sharing one version.
		{"shared version", "iOS and iPadOS 18.1 fix it.", []ProductVersion{newsPV("iOS", "18.1", ""), newsPV("iPadOS", "18.1", "")}},
		// Three platforms sharing one version and a letter, Oxford comma.
		{"shared list with letter", "iOS, iPadOS, and macOS 26.3.1 (a) are rolling out.",
			[]ProductVersion{newsPV("iOS", "26.3.1", "(a)"), newsPV("iPadOS", "26.3.1", "(a)"), newsPV("macOS", "26.3.1", "(a)")}},
		// Platforms joined by a slash.
		{"slash", "iOS/iPadOS 17.4.1 patches it.", []ProductVersion{newsPV("iOS", "17.4.1", ""), newsPV("iPadOS", "17.4.1", "")}},
		// A second version for the same platform.
		{"continued version", "Apple also released iOS 16.7.11 and 15.8.4 for older phones.",
			[]ProductVersion{newsPV("iOS", "16.7.11", ""), newsPV("iOS", "15.8.4", "")}},
		// A continued version keeps its marketing name out and its letter in.
		{"continued macOS", "macOS Sequoia 15.3.1, Sonoma 14.7.4 or 13.7.4 (a).",
			[]ProductVersion{newsPV("macOS", "15.3.1", ""), newsPV("macOS", "14.7.4", ""), newsPV("macOS", "13.7.4", "(a)")}},
		// A bare major names a device line, not a release.
		{"bare major", "Devices on iOS 18 and macOS 15 should update.", []ProductVersion{}},
		// Cisco IOS is not Apple's iOS; MacOS spelled with a capital is.
		{"case", "Cisco IOS 15.2 and MacOS 14.4.1.", []ProductVersion{newsPV("macOS", "14.4.1", "")}},
		// A version glued to letters or with too many parts is not taken.
		{"not whole", "iOS 17.0b2 and iOS 1.2.3.4.5 and iOS 18.2.", []ProductVersion{newsPV("iOS", "18.2", "")}},
		// "(and later)" is no letter.
		{"no letter", "iOS 17.4 (and later).", []ProductVersion{newsPV("iOS", "17.4", "")}},
		// Repeats are given once, in order of first appearance.
		{"dedup", "iOS 18.1 fixes it. Get iOS 18.1 now.", []ProductVersion{newsPV("iOS", "18.1", "")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := FromNews(News{Text: tc.text})
			assert.Equal(t, tc.want, a.Releases)
		})
	}
}

func TestFromNewsEntries(t *testing.T) {
	type entry struct {
		component string
		cves      []string
		exploited bool
	}
	cases := []struct {
		name, title, text string
		want              []entry
	}{
		// Nothing of Apple's: no entries.
		{"nothing", "Review: a new keyboard", "It types well.", []entry{}},
		// One component in the item: every CVE goes under it.
		{"single component", "Apple fixes WebKit bugs", "The flaws are CVE-2026-20643 and cve-2026-20644.",
			[]entry{{"WebKit", []string{"CVE-2026-20643", "CVE-2026-20644"}, false}}},
		// Components and CVEs placed by sentence; WebKit first.
		{"by sentence", "Apple patches iPhone bugs",
			"The Kernel bug is CVE-2026-20617. ImageIO has CVE-2026-20675. A WebKit flaw, CVE-2026-20643, affects Safari users.",
			[]entry{{"WebKit", []string{}, false}, {"Kernel", []string{"CVE-2026-20617"}, false}, {"ImageIO", []string{"CVE-2026-20675"}, false}, {"Safari", []string{}, false}, {"", []string{"CVE-2026-20643"}, false}}},
		// Aliases map to Apple's headings.
		{"aliases", "Apple fixes Image I/O and Core Media bugs", "Both are in iOS 18.2.",
			[]entry{{"ImageIO", []string{}, false}, {"CoreMedia", []string{}, false}}},
		// CVEs without Apple context keep no component.
		{"not apple", "Linux kernel flaw exploited in the wild", "CVE-2024-1086 is in the kernel.",
			[]entry{{"", []string{"CVE-2024-1086"}, false}}},
		// Exploitation in the CVE's sentence marks its entry.
		{"exploited by cve", "Apple fixes two bugs", "CVE-2026-20700 in dyld may have been exploited. CVE-2026-20617 in the Kernel was not.",
			[]entry{{"dyld", []string{"CVE-2026-20700"}, true}, {"Kernel", []string{"CVE-2026-20617"}, false}}},
		// A zero-day with a fix word, in an Apple title, marks the named component.
		{"zero-day", "Apple fixes WebKit zero-day", "Update now.",
			[]entry{{"WebKit", []string{}, true}}},
		// The Zero Day Initiative is no zero-day.
		{"zdi", "Apple fixes WebKit bug", "It was reported through Trend Micro's Zero Day Initiative.",
			[]entry{{"WebKit", []string{}, false}}},
		// Denials and doubts cancel a sentence's exploitation wording.
		{"negated", "Apple fixes WebKit bug", "Apple has no evidence the WebKit flaw was exploited. It is unclear whether the WebKit bug has been exploited.",
			[]entry{{"WebKit", []string{}, false}}},
		// Hypothetical wording is not a report.
		{"hypothetical", "Apple fixes WebKit bug", "The WebKit flaw could have been exploited by a malicious page.",
			[]entry{{"WebKit", []string{}, false}}},
		// Exploitation that names nothing goes to the unplaced entry, created
		// when needed.
		{"unattributed", "Apple patches actively exploited flaw in iOS 17.4.1", "Update your iPhone.",
			[]entry{{"", []string{}, true}}},
		// Unattributed exploitation marks the unplaced entry holding CVEs.
		{"unattributed with cves", "Apple fixes zero-day flaw", "Two components changed: WebKit and Kernel. See CVE-2026-1111.",
			[]entry{{"WebKit", []string{}, false}, {"Kernel", []string{}, false}, {"", []string{"CVE-2026-1111"}, true}}},
		// Exploitation in a sentence about someone else, in an item about
		// Apple whose title is not, is not Apple's.
		{"other vendor exploited", "Patch roundup", "Chrome's CVE-2026-2441 was exploited in the wild. Apple fixed CVE-2026-20643 in WebKit.",
			[]entry{{"WebKit", []string{"CVE-2026-20643"}, false}, {"", []string{"CVE-2026-2441"}, false}}},
		// "Safari 26.4" is a release, not a Safari component.
		{"safari release", "Safari 26.4 fixes WebKit bugs", "",
			[]entry{{"WebKit", []string{}, false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := FromNews(News{Title: tc.title, Text: tc.text})
			got := make([]entry, 0, len(a.Entries))
			for _, e := range a.Entries {
				ids := []string{}
				for _, c := range e.CVEs {
					ids = append(ids, c.ID)
					assert.Empty(t, c.Credit)
				}
				assert.NotNil(t, e.MentionedCVEs)
				assert.NotNil(t, e.WebKitBugzilla)
				got = append(got, entry{e.Component, ids, e.Exploited})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestFromNewsFields(t *testing.T) {
	pub := time.Date(2026, 3, 17, 23, 30, 0, 0, time.FixedZone("PDT", -7*3600))
	a := FromNews(News{
		Title:     "  Apple &amp; the <b>BSI</b>  ",
		Text:      "<p>iOS 26.3.1 (a)</p>",
		Link:      " https://news.example.org/a ",
		Published: pub,
	})
	assert.Equal(t, "advisory", a.Kind)
	assert.Equal(t, OriginNews, a.Origin)
	assert.Equal(t, "Apple & the BSI", a.Title)
	assert.Equal(t, "https://news.example.org/a", a.URL)
	// The date as the publisher wrote it, in its own zone (UTC is already the 18th).
	assert.Equal(t, NewDate(2026, 3, 17), a.Released)
	assert.Empty(t, a.ID)
	assert.NotNil(t, a.Acknowledgements)

	empty := FromNews(News{})
	assert.True(t, empty.Released.IsZero())
	assert.NotNil(t, empty.Releases)
	assert.NotNil(t, empty.Entries)
}

func TestNewsText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		// Plain text: white space folded per line, empty lines dropped.
		{"plain", "  a   b \n\n c\t", "a b\nc"},
		// Paragraphs and list items on lines of their own; inline tags joined.
		{"blocks", "<p>One <b>bold</b> word.</p><ul><li>two</li><li>three</li></ul>", "One bold word.\ntwo\nthree"},
		// Entities decoded, including numeric ones and no-break spaces.
		{"entities", "Apple&#8217;s fix &amp; more&nbsp;here", "Apple’s fix & more here"},
		// Script and style content dropped.
		{"script", "a<script>var x = '<p>no</p>';</script>b<style>p{}</style>c", "abc"},
		// Line breaks.
		{"br", "one<br>two<br/>three", "one\ntwo\nthree"},
		// A lone "<" in text stays.
		{"lt", "a < b", "a < b"},
		// Unclosed markup ends the text without panic.
		{"unclosed", "<p>text<a href=", "text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, NewsText(tc.in))
		})
	}
}

func TestNewsSentences(t *testing.T) {
	got := newsSentences("Update to iOS 18.1. It fixes CVE-2024-44308! Why? Because.\nNext line")
	assert.Equal(t, []string{"Update to iOS 18.1.", "It fixes CVE-2024-44308!", "Why?", "Because.", "Next line"}, got)
}

func TestLinkNews(t *testing.T) {
	ios264 := &Advisory{Origin: OriginPage, Title: "iOS 26.4",
		Releases: []ProductVersion{newsPV("iOS", "26.4", ""), newsPV("iPadOS", "26.4", "")},
		Entries:  []Entry{{Component: "WebKit", CVEs: []CVE{{ID: "CVE-2026-20643"}}}}}
	bsi := &Advisory{Origin: OriginMail, Title: "BSI",
		Releases: []ProductVersion{newsPV("iOS", "26.3.1", "(a)"), newsPV("macOS", "26.3.2", "(a)")},
		Entries:  []Entry{{Component: "WebKit", CVEs: []CVE{{ID: "CVE-2026-20643"}}}}}
	ios2631 := &Advisory{Origin: OriginPage, Title: "iOS 26.3.1",
		Releases: []ProductVersion{newsPV("iOS", "26.3.1", "")}, Entries: []Entry{}}
	safari26 := &Advisory{Origin: OriginPage, Title: "Safari 26",
		Releases: []ProductVersion{newsPV("Safari", "26.0", "")}, Entries: []Entry{}}
	mentioned := &Advisory{Origin: OriginPage, Title: "mentions only",
		Entries: []Entry{{Component: "dyld", CVEs: []CVE{{ID: "CVE-2026-20700"}}, MentionedCVEs: []string{"CVE-2025-43529"}}}}
	otherNews := &Advisory{Origin: OriginNews, Releases: []ProductVersion{newsPV("iOS", "26.3.1", "(a)")}}
	official := []*Advisory{nil, ios264, bsi, ios2631, safari26, mentioned, otherNews}

	type link struct {
		title    string
		cves     []string
		releases []ProductVersion
	}
	cases := []struct {
		name  string
		title string
		text  string
		want  []link
	}{
		// CVE overlap first (both advisories fix it), then the version-only match.
		{"cve then version", "BSI", "WebKit CVE-2026-20643 is fixed in iOS 26.3.1 (a). Devices on iOS 26.3.1 need it.",
			[]link{
				{"iOS 26.4", []string{"CVE-2026-20643"}, nil},
				{"BSI", []string{"CVE-2026-20643"}, []ProductVersion{newsPV("iOS", "26.3.1", "(a)")}},
				{"iOS 26.3.1", nil, []ProductVersion{newsPV("iOS", "26.3.1", "")}},
			}},
		// The letter must match: iOS 26.3.1 (b) is neither (a) nor 26.3.1.
		{"letter differs", "x", "iOS 26.3.1 (b) is out.", nil},
		// A version differing only by trailing zeros matches.
		{"trailing zero", "x", "Safari 26.0 is out.", []link{{"Safari 26", nil, []ProductVersion{newsPV("Safari", "26.0", "")}}}},
		// A CVE an advisory only mentions is no link.
		{"mentioned only", "x", "CVE-2025-43529 was patched.", nil},
		// Nothing shared: no link, even with other news naming the same release.
		{"nothing", "x", "macOS 15.7.4 is out.", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			news := FromNews(News{Title: tc.title, Text: tc.text})
			var got []link
			for _, l := range LinkNews(news, official) {
				got = append(got, link{l.Advisory.Title, l.CVEs, l.Releases})
			}
			assert.Equal(t, tc.want, got)
		})
	}
	assert.Nil(t, LinkNews(nil, official))
	// The news advisory itself is never linked.
	self := FromNews(News{Text: "iOS 26.4"})
	assert.Empty(t, LinkNews(self, []*Advisory{self}))
}

func TestFromNewsLongInput(t *testing.T) {
	// Work stays linear: many CVEs and sentences finish quickly and dedupe.
	var b strings.Builder
	for i := 0; i < 2000; i++ {
		b.WriteString("Apple fixed CVE-2026-20643 and a WebKit zero-day flaw in iOS 26.4. ")
	}
	a := FromNews(News{Title: "Apple", Text: b.String()})
	require.Len(t, a.Entries, 1)
	assert.Len(t, a.Entries[0].CVEs, 1)
	assert.True(t, a.Entries[0].Exploited)
	assert.Equal(t, []ProductVersion{newsPV("iOS", "26.4", "")}, a.Releases)
}

// newsBenchText is a realistic article: a few paragraphs of HTML with
// releases, CVEs, components and exploitation wording.
const newsBenchText = `<p>Apple released iOS 26.3 and iPadOS 26.3 to fix a zero-day that attackers exploited against specific targeted individuals.</p>
<p>Tracked as <strong>CVE-2026-20700</strong>, the zero-day is a memory corruption flaw in dyld, the dynamic link editor. Apple says the bug may have been exploited on versions of iOS before iOS 26.</p>
<p>In December, Apple fixed two WebKit bugs, CVE-2025-14174 and CVE-2025-43529, that were issued in response to the same report. Updates also shipped as macOS Tahoe 26.3, macOS Sequoia 15.7.4 and watchOS 26.3.</p>
<p>A separate kernel issue was reported through Trend Micro&#8217;s Zero Day Initiative. Users of older devices should install iOS 18.7.5 or iPadOS 17.7.10 as soon as possible, and Macs on Sonoma can take Safari 26.3.</p>`

// BenchmarkFromNews measures news extraction against its floor: finding the
// CVE IDs alone with one regular expression over the same text.
func BenchmarkFromNews(b *testing.B) {
	title := "Apple fixes dyld zero-day used in extremely sophisticated attack"
	b.Run("FromNews", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(newsBenchText)))
		for b.Loop() {
			_ = FromNews(News{Title: title, Text: newsBenchText})
		}
	})
	b.Run("baseline-cveID-FindAll", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(newsBenchText)))
		for b.Loop() {
			_ = cveIDPattern.FindAllString(newsBenchText, -1)
		}
	})
}
