package advisory

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageCases are the advisory page fixtures in testdata/advisory, each with a
// golden file <name>.golden.json.
var pageCases = []struct {
	name string
	url  string
}{
	// Current layout inside a whole page of site chrome: WebKit entries, an
	// exploited pair that mention each other's CVE in prose, a WebKit
	// sub-area, Bugzilla notes, entry added/updated notes, recognition.
	{"current-ios-26.2", "https://support.apple.com/en-us/125884"},
	// Current layout, bare div#sections fragment: a Background Security
	// Improvement release.
	{"current-bsi-26.3.1", "https://support.apple.com/en-us/126604"},
	// Current layout: a release with no published CVE entries.
	{"current-no-cves-xcode-26.0.1", "https://support.apple.com/en-us/125330"},
	// 2014-2022 layout: <p><strong>/<b> components, <br>-joined lines, a
	// heading and its lines in one paragraph, plain "Entry added" paragraphs.
	{"legacy-ios-14.4", "https://support.apple.com/en-us/HT212146"},
	// 2013 kb layout: <ul><li><p><b>, "CVE-ID" label lines, comments inside
	// paragraphs, site chrome with h3 headings outside the content, no
	// "Released" line (the date comes from "Last Modified").
	{"kb2013-ios-6.1.3", "http://support.apple.com/kb/HT5701"},
}

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(rel)))
	require.NoError(t, err)
	return b
}

func TestParsePageGolden(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.name, func(t *testing.T) {
			adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/"+tc.name+".html")), tc.url)
			require.NoError(t, err)
			assertGolden(t, "advisory/"+tc.name+".golden.json", adv)
		})
	}
}

// Every .html in testdata/advisory has a case (the CLI's README points at them).
func TestPageFixturesAllCovered(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "advisory", "*.html"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".html"))
	}
	var cases []string
	for _, tc := range pageCases {
		cases = append(cases, tc.name)
	}
	assert.ElementsMatch(t, names, cases)
}

// The golden files fix the whole output; these checks say what matters in it,
// so that a regenerated golden file cannot quietly lose it.
func TestParsePageCurrentLayout(t *testing.T) {
	adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/current-ios-26.2.html")), "https://support.apple.com/en-us/125884")
	require.NoError(t, err)

	assert.Equal(t, "advisory", adv.Kind)
	assert.Equal(t, OriginPage, adv.Origin)
	assert.Equal(t, "About the security content of iOS 26.2 and iPadOS 26.2", adv.Title)
	assert.Equal(t, "https://support.apple.com/en-us/125884", adv.URL)
	assert.Equal(t, "2025-12-12", adv.Released.String(), "Released note, not the Published Date")
	assert.Empty(t, adv.ID)

	var comps []string
	for _, e := range adv.Entries {
		comps = append(comps, e.Component)
	}
	assert.Equal(t, []string{"App Store", "Kernel", "WebKit", "WebKit", "WebKit", "WebKit Web Inspector"}, comps,
		"footer h3 and recognition headings are not entries")

	kernel := adv.Entries[1]
	assert.Equal(t, []CVE{{ID: "CVE-2025-43512", Credit: "Wen & Kai of Northgate Security"}, {ID: "CVE-2025-43513"}}, kernel.CVEs)
	assert.Equal(t, "An app may be able to cause unexpected system termination or write kernel memory", kernel.Impact, "&nbsp; folded")
	assert.Equal(t, "2025-12-17", kernel.Added.String())

	first, second := adv.Entries[2], adv.Entries[3]
	assert.True(t, first.Exploited)
	assert.Equal(t, []CVE{{ID: "CVE-2025-14174", Credit: "Apple and Google Threat Analysis Group"}}, first.CVEs)
	assert.Equal(t, []string{"CVE-2025-43529"}, first.MentionedCVEs, "named in the Impact prose only")
	assert.Equal(t, []int{303565}, first.WebKitBugzilla, "Bugzilla line inside div.gb-note")
	assert.True(t, second.Exploited)
	assert.Equal(t, "CVE-2025-43529", second.CVEs[0].ID)
	assert.Equal(t, []string{"CVE-2025-14174"}, second.MentionedCVEs)

	third := adv.Entries[4]
	assert.False(t, third.Exploited)
	assert.Equal(t, []string{"CVE-2025-43272"}, third.MentionedCVEs, "mentioned in Description")
	assert.Equal(t, []int{301190, 301377}, third.WebKitBugzilla)
	assert.Equal(t, "2025-12-17", third.Added.String())
	assert.Equal(t, "2026-01-08", third.Updated.String())

	inspector := adv.Entries[5]
	assert.Equal(t, []CVE{{ID: "CVE-2025-43501", Credit: "Tomasz Wójcik"}}, inspector.CVEs)
	assert.Equal(t, "2026-01-08", inspector.Updated.String())
	assert.True(t, inspector.Added.IsZero())

	assert.Equal(t, []Acknowledgement{
		{Component: "Safari", Credit: "Priya Raman"},
		{Component: "WebKit", Credit: "an anonymous researcher and Team Lantern"},
	}, adv.Acknowledgements)
}

func TestParsePageLegacyLayouts(t *testing.T) {
	t.Run("2014-2022 strong and br", func(t *testing.T) {
		adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/legacy-ios-14.4.html")), "https://support.apple.com/en-us/HT212146")
		require.NoError(t, err)
		assert.Equal(t, "About the security content of iOS 14.4 and iPadOS 14.4", adv.Title)
		assert.Equal(t, "2021-01-26", adv.Released.String())
		require.Len(t, adv.Entries, 4)

		kernel := adv.Entries[0]
		assert.Equal(t, "Kernel", kernel.Component)
		assert.True(t, kernel.Exploited, "actively exploited, <br>-joined Impact line")
		assert.Equal(t, "A race condition was addressed with improved locking.", kernel.Description)
		assert.Equal(t, []CVE{{ID: "CVE-2021-1782", Credit: "an anonymous researcher"}}, kernel.CVEs)

		webkit := adv.Entries[1]
		assert.Equal(t, "WebKit", webkit.Component, "<p><b> heading")
		assert.True(t, webkit.Exploited)
		assert.Equal(t, []string{"CVE-2021-1870", "CVE-2021-1871"}, cveIDs(webkit.CVEs))

		imageio := adv.Entries[2]
		assert.Equal(t, "ImageIO", imageio.Component, "bold name then <br> in the same paragraph")
		assert.Contains(t, imageio.AvailableFor, "iPhone 6s and later")
		assert.Equal(t, []string{"CVE-2021-1837", "CVE-2021-1838"}, cveIDs(imageio.CVEs))
		assert.Equal(t, "2021-02-01", imageio.Added.String())

		storage := adv.Entries[3]
		assert.Equal(t, "WebKit Storage", storage.Component)
		assert.Equal(t, []int{218032}, storage.WebKitBugzilla)
		assert.Equal(t, []string{"CVE-2020-9948"}, storage.MentionedCVEs)
		assert.Equal(t, "2021-03-16", storage.Updated.String())

		assert.Equal(t, []Acknowledgement{
			{Component: "Safari", Credit: "Ada Novak"},
			{Component: "WebRTC", Credit: "Rui Costa of Lisbon Systems"},
		}, adv.Acknowledgements)
	})
	t.Run("2013 kb", func(t *testing.T) {
		adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/kb2013-ios-6.1.3.html")), "http://support.apple.com/kb/HT5701")
		require.NoError(t, err)
		assert.Equal(t, "About the security content of iOS 6.1.3", adv.Title)
		assert.Equal(t, "2013-03-19", adv.Released.String(), "from Last Modified")
		var comps []string
		for _, e := range adv.Entries {
			comps = append(comps, e.Component)
			require.Len(t, e.CVEs, 1)
		}
		assert.Equal(t, []string{"dyld", "Kernel", "Lockdown", "Passcode Lock", "USB", "WebKit"}, comps,
			"sidebar h3s (Views, Related) and the script's <p><b> are not components")
		assert.Equal(t, "A state management issue existed in the handling of Mach-O executable files with overlapping segments. This issue was addressed by refusing to load an executable with overlapping segments.",
			adv.Entries[0].Description, "comment inside the paragraph dropped")
		assert.Equal(t, CVE{ID: "CVE-2013-0980", Credit: "Jamie Holloway, Sara Kim"}, adv.Entries[3].CVEs[0])
		assert.Empty(t, adv.Acknowledgements)
	})
}

// A Background Security Improvement page: the title names base versions, the
// release heading is the variant line, which gives the releases (as ParseMail
// reads them from the mail's variant line).
func TestParsePageBSIVariantLine(t *testing.T) {
	adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/current-bsi-26.3.1.html")), "https://support.apple.com/en-us/126604")
	require.NoError(t, err)
	assert.Equal(t, []ProductVersion{
		{Platform: "iOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "iPadOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "macOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "macOS", Version: "26.3.2", Extra: "(a)"},
	}, adv.Releases)
	require.Len(t, adv.Entries, 1)
	assert.Equal(t, []CVE{{ID: "CVE-2026-20643", Credit: "Thomas Espach"}}, adv.Entries[0].CVEs)
	assert.Equal(t, []int{306050}, adv.Entries[0].WebKitBugzilla)
	assert.Equal(t, "2026-03-17", adv.Released.String())
}

func TestParsePageIssue9(t *testing.T) {
	t.Run("RSR sections (a) and (c)", func(t *testing.T) {
		doc := `<html><head><title>About the security content of Rapid Security Responses for iOS 16.5.1 and iPadOS 16.5.1</title></head><body><div id="sections">
<h2>iOS 16.5.1 (a) and iPadOS 16.5.1 (a)</h2><p>Released July 10, 2023</p>
<p><b>WebKit</b></p><p>Available for: iOS 16.5.1</p><p>Impact: x</p><p>CVE-2023-37450: an anonymous researcher</p>
<h2>iOS 16.5.1 (c) and iPadOS 16.5.1 (c)</h2><p>Released July 12, 2023</p><p>Includes the security content of (a).</p>
</div></body></html>`
		adv, err := ParsePage(strings.NewReader(doc), "rsr")
		require.NoError(t, err)
		assert.Equal(t, []ProductVersion{
			{Platform: "iOS", Version: "16.5.1", Extra: "(a)"},
			{Platform: "iPadOS", Version: "16.5.1", Extra: "(a)"},
			{Platform: "iOS", Version: "16.5.1", Extra: "(c)"},
			{Platform: "iPadOS", Version: "16.5.1", Extra: "(c)"},
		}, adv.Releases)
	})
	t.Run("empty title and h1", func(t *testing.T) {
		doc := `<html><head><title></title></head><body><div id="sections"><h1 class="gb-header"></h1>
<h2 class="gb-header">AppleTV 7.1</h2><div class="note gb-note">Released March 9, 2015</div>
<h3 class="gb-header">Security</h3><p>Available for: Apple TV 3rd generation and later</p><p>Impact: x</p><p>CVE-2015-1067: an anonymous researcher</p>
</div></body></html>`
		adv, err := ParsePage(strings.NewReader(doc), "ht204426")
		require.NoError(t, err)
		assert.Equal(t, "AppleTV 7.1", adv.Title)
		assert.Equal(t, []ProductVersion{{Platform: "Apple TV", Version: "7.1"}}, adv.Releases)
		assert.Equal(t, "2015-03-09", adv.Released.String())
		require.Len(t, adv.Entries, 1)
		assert.Equal(t, "Security", adv.Entries[0].Component)
	})
	t.Run("repeated label blocks under one heading", func(t *testing.T) {
		doc := `<title>About the security content of Firmware 7.5.2</title><div id="sections"><h2>Firmware 7.5.2</h2>
<p><b>AirPort</b></p><p>Available for: A</p><p>CVE-ID: CVE-2008-4309</p><p>Impact: one</p><p>Description: d1</p>
<p>Available for: A</p><p>CVE-ID: CVE-2009-2189</p><p>Impact: two</p><p>Description: d2</p></div>`
		adv, err := ParsePage(strings.NewReader(doc), "ht4298")
		require.NoError(t, err)
		require.Len(t, adv.Entries, 2)
		for i, want := range []struct{ cve, impact string }{{"CVE-2008-4309", "one"}, {"CVE-2009-2189", "two"}} {
			assert.Equal(t, "AirPort", adv.Entries[i].Component)
			assert.Equal(t, want.impact, adv.Entries[i].Impact)
			assert.Equal(t, []CVE{{ID: want.cve}}, adv.Entries[i].CVEs)
		}
	})
	t.Run("added and updated in one note", func(t *testing.T) {
		doc := `<title>About the security content of iOS 26.2</title><div id="sections"><h2>iOS 26.2</h2>
<h3>Kernel</h3><p>Available for: iPhone 11 and later</p><p>Impact: x</p><p>CVE-2025-43537: researcher one</p>
<p>Entry added February 11, 2026, updated March 24, 2026</p></div>`
		adv, err := ParsePage(strings.NewReader(doc), "notes")
		require.NoError(t, err)
		require.Len(t, adv.Entries, 1)
		e := adv.Entries[0]
		assert.Equal(t, "2026-02-11", e.Added.String())
		assert.Equal(t, "2026-03-24", e.Updated.String())
		assert.Equal(t, "researcher one", e.CVEs[0].Credit)
	})
}

func TestParsePageNoCVEs(t *testing.T) {
	adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/current-no-cves-xcode-26.0.1.html")), "u")
	require.NoError(t, err)
	assert.Equal(t, "About the security content of Xcode 26.0.1", adv.Title)
	assert.Equal(t, "2025-10-02", adv.Released.String())
	assert.NotNil(t, adv.Entries)
	assert.Empty(t, adv.Entries)
	assert.NotNil(t, adv.Acknowledgements)
	assert.NotNil(t, adv.Releases)
}

func TestParsePageErrors(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		// Nothing at all.
		{"empty", ""},
		// Plain text, not a page.
		{"mail text", "APPLE-SA-2026-03-17-1 Background Security Improvements\n\nWebKit\nImpact: x\nCVE-2026-20643: someone\n"},
		// Entries but no title anywhere, not even a release heading.
		{"no title", `<div id="sections"><h3>WebKit</h3><p>Impact: x</p><p>CVE-2025-1: y</p></div>`},
		// A title and nothing under it.
		{"no entries", `<div id="sections"><h1>About the security content of iOS 26.2</h1><h2>iOS 26.2</h2><p>Released December 12, 2025</p></div>`},
		// The index page is not an advisory.
		{"index page", string(readFixture(t, "index/current-2026.html"))},
		// A title and only recognition: thanks are never entries.
		{"only recognition", `<h1>About the security content of iOS 26.2</h1><h2>Additional recognition</h2><h3>Safari</h3><p>We would like to acknowledge X for their assistance.</p>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			adv, err := ParsePage(strings.NewReader(tc.in), "https://support.apple.com/en-us/1")
			require.Error(t, err)
			assert.Nil(t, adv)
			require.ErrorIs(t, err, ErrMalformed)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "page", pe.Format)
			assert.Equal(t, "https://support.apple.com/en-us/1", pe.Document)
			assert.NotEmpty(t, pe.Detail)
		})
	}
}

func TestParsePageReaderError(t *testing.T) {
	r := iotest.TimeoutReader(strings.NewReader(strings.Repeat("<p>x</p>", 2000)))
	_, err := ParsePage(r, "page.html")
	require.ErrorIs(t, err, iotest.ErrTimeout)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "page", pe.Format)
	assert.NotErrorIs(t, err, ErrMalformed)
}

// Small layouts the fixtures do not show.
func TestParsePageVariants(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		check func(t *testing.T, adv *Advisory)
	}{{
		// No release heading at all: the first component heading whose next
		// line opens an entry starts the entries; "Released" still read.
		name: "no release heading",
		in:   `<h1>About the security content of Safari 26.2</h1><p>Released December 12, 2025</p><h3>WebKit</h3><p>Impact: x</p><p>CVE-2025-43536: a</p>`,
		check: func(t *testing.T, adv *Advisory) {
			require.Len(t, adv.Entries, 1)
			assert.Equal(t, "WebKit", adv.Entries[0].Component)
			assert.Equal(t, "2025-12-12", adv.Released.String())
		},
	}, {
		// Component spelled in a variant case is normalized.
		name: "component normalized",
		in:   `<h1>About the security content of Safari 9</h1><h2>Safari 9</h2><p><strong>Webkit</strong></p><p>Impact: x<br>CVE-2015-5764 : a</p>`,
		check: func(t *testing.T, adv *Advisory) {
			require.Len(t, adv.Entries, 1)
			assert.Equal(t, "WebKit", adv.Entries[0].Component)
			assert.Equal(t, "a", adv.Entries[0].CVEs[0].Credit)
		},
	}, {
		// Title from <title> when the page has no h1; a bare recognition
		// paragraph without a heading has an empty component.
		name: "title element and bare recognition",
		in:   `<html><head><title>About the security content of OS X El Capitan 10.11 - Apple Support</title></head><body><h2>OS X El Capitan 10.11</h2><p><strong>Kernel</strong></p><p>Impact: x</p><p>CVE-2015-5903 : b</p><h2>Additional recognition</h2><p>We would like to acknowledge C for their assistance.</p></body></html>`,
		check: func(t *testing.T, adv *Advisory) {
			assert.Equal(t, "About the security content of OS X El Capitan 10.11", adv.Title)
			require.Len(t, adv.Entries, 1)
			assert.Equal(t, []Acknowledgement{{Credit: "C"}}, adv.Acknowledgements)
		},
	}, {
		// A thanks heading with nothing under it, then another: both stay
		// in the recognition section.
		name: "recognition heading without thanks",
		in:   `<h1>About the security content of iOS 14.4</h1><h2>iOS 14.4</h2><p><strong>Kernel</strong></p><p>Impact: x<br>CVE-2021-1782: a</p><h2>Additional recognition</h2><p><strong>Safari</strong></p><p><strong>WebRTC</strong></p><p>We would like to acknowledge B for their assistance.</p>`,
		check: func(t *testing.T, adv *Advisory) {
			require.Len(t, adv.Entries, 1)
			assert.Equal(t, []Acknowledgement{{Component: "WebRTC", Credit: "B"}}, adv.Acknowledgements)
		},
	}, {
		// Unclosed paragraphs and list items, upper-case tags, entities.
		name: "sloppy markup",
		in:   `<H1>About the security content of iOS 9.3</H1><H2>iOS 9.3<UL><LI><P><B>libxml2</B><P>Impact: a &amp; b<P>CVE-2015-8035 : Gustavo &#8211; G<LI><P><B>WebKit</B><P>CVE-2016-1782 : c</UL>`,
		check: func(t *testing.T, adv *Advisory) {
			require.Len(t, adv.Entries, 2)
			assert.Equal(t, "libxml2", adv.Entries[0].Component)
			assert.Equal(t, "a & b", adv.Entries[0].Impact)
			assert.Equal(t, "Gustavo – G", adv.Entries[0].CVEs[0].Credit)
			assert.Equal(t, "CVE-2016-1782", adv.Entries[1].CVEs[0].ID)
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			adv, err := ParsePage(strings.NewReader(tc.in), "u")
			require.NoError(t, err)
			tc.check(t, adv)
		})
	}
}

// Pathological inputs finish, in bounded memory, with an error or a result.
func TestParsePageDeepNesting(t *testing.T) {
	const depth = 100_000
	var b strings.Builder
	b.WriteString(`<h1>About the security content of iOS 26.2</h1><h2>iOS 26.2</h2><h3>WebKit</h3>`)
	b.WriteString(strings.Repeat("<div>", depth))
	b.WriteString(`<p>Impact: deep</p><p>CVE-2025-43529: x</p>`)
	b.WriteString(strings.Repeat("</div>", depth))
	b.WriteString(strings.Repeat("<span><b>", depth)) // never closed
	adv, err := ParsePage(strings.NewReader(b.String()), "deep")
	require.NoError(t, err)
	require.Len(t, adv.Entries, 1)
	assert.Equal(t, "deep", adv.Entries[0].Impact)
	assert.Equal(t, "CVE-2025-43529", adv.Entries[0].CVEs[0].ID)
}

func TestParsePageMultiMegabyte(t *testing.T) {
	page := bigPage(t, 4<<20)
	adv, err := ParsePage(bytes.NewReader(page), "big")
	require.NoError(t, err)
	assert.Greater(t, len(adv.Entries), 1000)

	// One text node of several megabytes, and a never-ending attribute.
	huge := "<h1>About the security content of X 1</h1><p>" + strings.Repeat("a ", 2<<20) + "</p><div class=\"" + strings.Repeat("x", 2<<20)
	_, err = ParsePage(strings.NewReader(huge), "huge")
	require.ErrorIs(t, err, ErrMalformed)
}

// One entry that never ends: its unlabelled lines would each be joined onto
// the Description, so the reader bounds the lines an entry takes.
func TestParsePageEndlessEntry(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<h1>About the security content of iOS 26.2</h1><h2>iOS 26.2</h2><h3>WebKit</h3><p>Impact: x</p><p>Description: start</p>`)
	for b.Len() < 2<<20 {
		b.WriteString("<p>more prose</p><p>CVE-2025-43529: again</p>")
	}
	adv, err := ParsePage(strings.NewReader(b.String()), "endless")
	require.NoError(t, err)
	require.Len(t, adv.Entries, 1)
	e := adv.Entries[0]
	// Entry assembly is linear, so nothing needs dropping: every line of prose
	// is kept (the one right after the first CVE line continues its credit) and
	// the repeated ID is one fix.
	assert.True(t, strings.HasPrefix(e.Description, "start more prose"))
	require.Len(t, e.CVEs, 1)
	assert.Equal(t, "again more prose", e.CVEs[0].Credit)
	assert.Equal(t, strings.Count(b.String(), "more prose"), strings.Count(e.Description, "more prose")+1)
	assert.Equal(t, "CVE-2025-43529", e.CVEs[0].ID)
}

// bigPage builds a current-layout page of at least size bytes by repeating
// the entry sections of the iOS 26.2 fixture.
func bigPage(t testing.TB, size int) []byte {
	t.Helper()
	src := readFixture(t, "advisory/current-ios-26.2.html")
	start := bytes.Index(src, []byte(`<h3 class="gb-header">App Store</h3>`))
	end := bytes.Index(src, []byte(`<h2 class="gb-header">Additional recognition</h2>`))
	require.True(t, start > 0 && end > start)
	entries := src[start:end]
	var b bytes.Buffer
	b.Grow(size + len(src))
	b.Write(src[:start])
	for b.Len() < size {
		b.Write(entries)
	}
	b.Write(src[end:])
	return b.Bytes()
}

func cveIDs(cves []CVE) []string {
	ids := make([]string, len(cves))
	for i, c := range cves {
		ids[i] = c.ID
	}
	return ids
}

// The shared line reader (html.go): attribute syntax read from raw tags.
func TestScanLinesAttributes(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		text  string
		href  string
		flags lineFlags
	}{
		// Double-quoted href with an entity, class list with the note class.
		{"quoted", `<div class="note gb-note"><a href="/en-us/1?a=1&amp;b=2">x</a></div>`, "x", "/en-us/1?a=1&b=2", lineNote},
		// Single quotes, unquoted values, upper-case names, spaces around '='.
		{"unquoted", `<DIV ID = sections><A HREF='/kb/HT1'>y</A></DIV>`, "y", "/kb/HT1", lineRegion},
		// The DOM-mangled <time> attribute of the real iOS 17.5 page.
		{"mangled", `<div class='mod-date'><span>Published Date:</span>&nbsp;<time datetime="January" 15,="" 2025itemprop="datePublished">January 15, 2025</time></div>`,
			"Published Date: January 15, 2025", "", lineChrome | lineModDate},
		// Valueless attributes and a self-closing slash before the id.
		{"valueless", `<div hidden id=disclaimer/><p>z</p>`, "z", "", 0},
		// A class that merely contains "note" is not a note.
		{"not a note", `<p class="footnote">w</p>`, "w", "", 0},
		// Bold only when every character is bold.
		{"bold", `<p><b>Kernel</b> </p>`, "Kernel", "", lineBold},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := scanLines(strings.NewReader(tc.in))
			require.NoError(t, err)
			require.NotEmpty(t, lines)
			l := lines[len(lines)-1]
			assert.Equal(t, tc.text, l.text)
			assert.Equal(t, tc.href, l.href)
			assert.Equal(t, tc.flags, l.flags)
		})
	}
}
