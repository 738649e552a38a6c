package advisory

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/applesec/applesec/internal/realworld"
)

// Conformance of ParsePage and ParseIndex on real captures (shared/realworld).
// The expected values below were written down by reading the documents; the
// CVE and row counts are also recomputed from the raw HTML with html.Parse,
// independently of the parsers' own reader.

func readCapture(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(realworld.Path(t, rel))
	require.NoError(t, err)
	return b
}

// rawText renders a document's text as html.Parse sees it: one line per block
// element and <br>, script and style left out.
func rawText(t *testing.T, doc []byte) string {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	require.NoError(t, err)
	var b strings.Builder
	type item struct {
		n     *html.Node
		close bool
	}
	stack := []item{{n: root}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		block := n.Type == html.ElementNode && isBlockElement(n.DataAtom)
		if it.close {
			if block {
				b.WriteByte('\n')
			}
			continue
		}
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			continue
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			continue
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
			continue
		}
		if block {
			b.WriteByte('\n')
		}
		stack = append(stack, item{n: n, close: true})
		var kids []*html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, item{n: kids[i]})
		}
	}
	return b.String()
}

var (
	// rawCVELine is a CVE line: the ID at the start of a line, then a colon
	// and credit or nothing.
	rawCVELine = regexp.MustCompile(`(?im)^[\s\x{a0}]*(CVE-\d{4}-\d{4,7})[\s\x{a0}]*(?::.*)?$`)
	rawCVEAny  = regexp.MustCompile(`(?i)CVE-\d{4}-\d{4,7}`)
)

// rawCVEs returns the CVE lines' IDs (in order, repeats kept) and the IDs that
// appear only elsewhere in the text.
func rawCVEs(text string) (lines, mentioned []string) {
	for _, m := range rawCVELine.FindAllStringSubmatch(text, -1) {
		lines = append(lines, strings.ToUpper(m[1]))
	}
	for _, id := range rawCVEAny.FindAllString(text, -1) {
		id = strings.ToUpper(id)
		if !slices.Contains(lines, id) && !slices.Contains(mentioned, id) {
			mentioned = append(mentioned, id)
		}
	}
	return lines, mentioned
}

// checkAccounted checks that every CVE line of the raw document is a parsed
// CVE of some entry, in the same order and number, and that IDs found only in
// prose are the parsed mentioned IDs.
func checkAccounted(t *testing.T, doc []byte, adv *Advisory) {
	t.Helper()
	wantLines, wantMentioned := rawCVEs(rawText(t, doc))
	var gotLines, gotMentioned []string
	for _, e := range adv.Entries {
		for _, c := range e.CVEs {
			gotLines = append(gotLines, c.ID)
		}
		for _, id := range e.MentionedCVEs {
			if !slices.Contains(gotMentioned, id) {
				gotMentioned = append(gotMentioned, id)
			}
		}
	}
	assert.Equal(t, wantLines, gotLines, "CVE lines of the raw document")
	assert.ElementsMatch(t, wantMentioned, gotMentioned, "CVE IDs named only in prose")
}

// checkEntries checks that no entry is empty; noCVE lists the components of
// entries that the real page prints without any CVE line.
func checkEntries(t *testing.T, adv *Advisory, noCVE ...string) {
	t.Helper()
	for i, e := range adv.Entries {
		assert.NotEmpty(t, e.Component, "entry %d", i)
		assert.True(t, e.Impact != "" || e.Description != "", "entry %d (%s) has neither impact nor description", i, e.Component)
		assert.NotContains(t, e.Description, "Available for", "entry %d (%s)", i, e.Component)
		if slices.Contains(noCVE, e.Component) {
			assert.Empty(t, e.CVEs, "entry %d (%s)", i, e.Component)
		} else {
			assert.NotEmpty(t, e.CVEs, "entry %d (%s) has no CVE", i, e.Component)
		}
		for _, c := range e.CVEs {
			assert.Regexp(t, `^CVE-\d{4}-\d{4,7}$`, c.ID)
			assert.NotContains(t, c.Credit, "Entry added")
		}
	}
}

func TestConformancePageIOS175(t *testing.T) {
	doc := readCapture(t, "apple-advisory/ios-17.5.html")
	adv, err := ParsePage(bytes.NewReader(doc), "https://support.apple.com/en-us/120905")
	require.NoError(t, err)

	assert.Equal(t, "About the security content of iOS 17.5 and iPadOS 17.5", adv.Title)
	assert.Equal(t, "2024-05-13", adv.Released.String(), `"Released May 13, 2024", not the Published Date`)
	assert.Equal(t, []ProductVersion{{Platform: "iOS", Version: "17.5"}, {Platform: "iPadOS", Version: "17.5"}}, adv.Releases)

	var comps, ids []string
	for _, e := range adv.Entries {
		comps = append(comps, e.Component)
		require.Len(t, e.CVEs, 1, e.Component)
		ids = append(ids, e.CVEs[0].ID)
		assert.False(t, e.Exploited, "%s: nothing on this page was exploited", e.Component)
		assert.Empty(t, e.MentionedCVEs, e.Component)
	}
	assert.Equal(t, []string{
		"Apple Neural Engine", "AppleAVD", "AppleMobileFileIntegrity", "AVEVideoEncoder", "AVEVideoEncoder",
		"Core Data", "CoreMedia", "CoreMedia", "Disk Images", "Face ID", "Find My", "Foundation", "ImageIO",
		"IOSurface", "Kernel", "Kernel", "Kernel", "Kernel", "libiconv", "Libsystem", "Mail", "Mail", "Maps",
		"MarketplaceKit", "Messages", "Metal", "Metal", "Notes", "Notes", "RemoteViewServices", "Screenshots",
		"Shortcuts", "Shortcuts", "Siri", "Spotlight", "Status Bar", "StorageKit", "Symptom Framework",
		"Sync Services", "Transparency", "Voice Control", "WebKit", "WebKit", "WebKit", "WebKit", "WebKit",
		"WebKit", "WebKit", "WebKit Canvas", "WebKit Web Inspector",
	}, comps)
	assert.Equal(t, []string{
		"CVE-2024-27826", "CVE-2024-27804", "CVE-2024-27816", "CVE-2024-40771", "CVE-2024-27841",
		"CVE-2024-27805", "CVE-2024-27817", "CVE-2024-27831", "CVE-2024-27832", "CVE-2024-44136",
		"CVE-2024-27839", "CVE-2024-27801", "CVE-2024-27836", "CVE-2024-27828", "CVE-2024-27818",
		"CVE-2024-27840", "CVE-2024-27815", "CVE-2024-27823", "CVE-2024-27811", "CVE-2023-42893",
		"CVE-2024-23251", "CVE-2024-23282", "CVE-2024-27810", "CVE-2024-27852", "CVE-2024-27800",
		"CVE-2024-27802", "CVE-2024-27857", "CVE-2024-27835", "CVE-2024-27845", "CVE-2024-27816",
		"CVE-2024-27803", "CVE-2024-27821", "CVE-2024-27855", "CVE-2024-27819", "CVE-2024-27806",
		"CVE-2024-40839", "CVE-2024-27848", "CVE-2024-27807", "CVE-2024-27847", "CVE-2024-27884",
		"CVE-2024-27796", "CVE-2024-27856", "CVE-2024-27834", "CVE-2024-27838", "CVE-2024-27808",
		"CVE-2024-27850", "CVE-2024-27833", "CVE-2024-27851", "CVE-2024-27830", "CVE-2024-27820",
	}, ids, "50 CVE lines; CVE-2024-27816 is listed under two components")
	checkEntries(t, adv)
	checkAccounted(t, doc, adv)

	byCVE := func(id string) Entry {
		for _, e := range adv.Entries {
			if e.CVEs[0].ID == id {
				return e
			}
		}
		t.Fatalf("%s not parsed", id)
		return Entry{}
	}
	ane := byCVE("CVE-2024-27826")
	assert.Equal(t, "A local attacker may be able to cause unexpected system shutdown", ane.Impact)
	assert.Equal(t, "The issue was addressed with improved memory handling.", ane.Description)
	assert.Equal(t, "2024-07-29", ane.Added.String())
	assert.Equal(t, "Minghao Lin, and Ye Zhang (@VAR10CK) of Baidu Security", ane.CVEs[0].Credit)
	// The page writes "Available for devices with Apple Neural Engine: ..."
	// where every other entry writes "Available for: ..."; the qualifier is
	// kept, and the line never leaks into another field.
	assert.True(t, strings.HasPrefix(ane.AvailableFor, "devices with Apple Neural Engine: iPhone XS and later"), ane.AvailableFor)
	for _, e := range adv.Entries {
		assert.NotEmpty(t, e.AvailableFor, e.Component)
	}

	assert.Equal(t, "2024-05-15", byCVE("CVE-2024-27804").Updated.String(), "AppleAVD: Entry updated May 15, 2024")
	assert.Equal(t, "2025-01-15", byCVE("CVE-2024-27821").Updated.String())
	assert.True(t, byCVE("CVE-2024-27821").Added.IsZero())
	assert.Equal(t, "Csaba Fitzl (@theevilbit) of Kandji, Kirin (@Pwnrin), LFY@secsys, 小来来 (@Smi1eSEC), yulige, Snoolie Keffaber (@0xilis), and Robert Reichel",
		byCVE("CVE-2024-27821").CVEs[0].Credit)
	assert.Equal(t, CVE{ID: "CVE-2024-27806"}, byCVE("CVE-2024-27806").CVEs[0], "Spotlight: CVE line without credit")
	assert.Equal(t, "iPhone XS and later", byCVE("CVE-2024-27852").AvailableFor, "MarketplaceKit")

	// WebKit Bugzilla lines sit in div.gb-note before the CVE line.
	bugzilla := map[string]int{
		"CVE-2024-27856": 268765, "CVE-2024-27834": 272750, "CVE-2024-27838": 262337, "CVE-2024-27808": 268221,
		"CVE-2024-27850": 270767, "CVE-2024-27833": 271491, "CVE-2024-27851": 272106, "CVE-2024-27830": 271159,
		"CVE-2024-27820": 270139,
	}
	for _, e := range adv.Entries {
		if want, ok := bugzilla[e.CVEs[0].ID]; ok {
			assert.Equal(t, []int{want}, e.WebKitBugzilla, e.CVEs[0].ID)
			assert.True(t, strings.HasPrefix(e.Component, "WebKit"))
		} else {
			assert.Empty(t, e.WebKitBugzilla, e.CVEs[0].ID)
		}
	}
	assert.True(t, byCVE("CVE-2024-27834").Added.IsZero())
	assert.Equal(t, "2025-01-15", byCVE("CVE-2024-27856").Added.String())

	var ackComps []string
	for _, a := range adv.Acknowledgements {
		ackComps = append(ackComps, a.Component)
		// Names only, as in mails: Apple's frame around them is dropped.
		assert.NotEmpty(t, a.Credit)
		assert.NotRegexp(t, `(?i)we would like to|for their assistance`, a.Credit)
	}
	assert.Equal(t, []string{"App Store", "AppleMobileFileIntegrity", "CoreHAP", "Disk Images", "Face ID",
		"HearingCore", "ImageIO", "Managed Configuration", "ReplayKit", "Safari Downloads", "Siri"}, ackComps)
}

func TestConformancePageIOS61(t *testing.T) {
	doc := readCapture(t, "apple-advisory/ios-6.1-HT5642.html")
	adv, err := ParsePage(bytes.NewReader(doc), "http://support.apple.com/kb/HT5642")
	require.NoError(t, err)

	assert.Equal(t, "About the security content of iOS 6.1 Software Update", adv.Title)
	assert.Equal(t, "2013-01-28", adv.Released.String(), `no "Released" line: "Last Modified: Jan 28, 2013"`)
	assert.Equal(t, []ProductVersion{{Platform: "iOS", Version: "6.1"}}, adv.Releases)
	assert.Empty(t, adv.Acknowledgements)

	var comps []string
	var counts []int
	for _, e := range adv.Entries {
		comps = append(comps, e.Component)
		counts = append(counts, len(e.CVEs))
		assert.False(t, e.Exploited)
		want := "iPhone 3GS and later, iPod touch (4th generation) and later, iPad 2 and later"
		if e.Component == NormalizeComponent("WiFi") {
			want = "iPhone 3GS, iPhone 4, iPod touch (4th generation), iPad 2"
		}
		assert.Equal(t, want, e.AvailableFor, e.Component)
	}
	assert.Equal(t, []string{"Identity Services", "International Components for Unicode", "Kernel", "Security",
		"StoreKit", "WebKit", "WebKit", "WebKit", NormalizeComponent("WiFi")}, comps)
	assert.Equal(t, []int{1, 1, 1, 0, 1, 20, 1, 1, 1}, counts)
	// The Security entry (TURKTRUST certificates) has no CVE on the real page.
	checkEntries(t, adv, "Security")
	checkAccounted(t, doc, adv)

	assert.Equal(t, CVE{ID: "CVE-2013-0963"}, adv.Entries[0].CVEs[0], "ID alone after the CVE-ID label")
	assert.True(t, strings.HasPrefix(adv.Entries[0].Description, "An error handling issue existed in Identity Services."),
		"the HTML comment inside the paragraph is not text")
	assert.Contains(t, adv.Entries[3].Description, "issued by TURKTRUST. This may allow")
	assert.Equal(t, CVE{ID: "CVE-2013-0954", Credit: "Dominic Cooney of Google and Martin Barbella of the Google Chrome Security Team"}, adv.Entries[5].CVEs[13])
	assert.Equal(t, "CVE-2013-0968", adv.Entries[5].CVEs[19].ID)
	assert.NotContains(t, adv.Entries[8].Description, "TODO")
}

func TestConformanceIndex2024(t *testing.T) {
	doc := readCapture(t, "apple-index/sec_page_2024.html")
	require.True(t, bytes.HasPrefix(doc, []byte("\xef\xbb\xbf")), "the capture starts with a BOM")
	idx, err := ParseIndex(bytes.NewReader(doc), "https://support.apple.com/en-us/100100")
	require.NoError(t, err)

	assert.Equal(t, "Apple security releases", idx.Title)
	rows, noCVE, linked := rawIndexRows(t, doc)
	require.Equal(t, 64, rows, "data rows counted with html.Parse")
	require.Len(t, idx.Rows, rows)
	var gotNoCVE, gotLinked int
	for _, r := range idx.Rows {
		assert.NotEmpty(t, r.Name)
		assert.False(t, r.Released.IsZero(), r.Name)
		assert.NotEmpty(t, r.AvailableFor, r.Name)
		assert.False(t, r.DetailsPending, r.Name)
		assert.NotNil(t, r.Releases, r.Name)
		assert.NotContains(t, r.Name, "published CVE")
		if r.NoCVEs {
			gotNoCVE++
			assert.Empty(t, r.URL, r.Name)
		}
		if r.URL != "" {
			gotLinked++
			assert.Regexp(t, `^https://support\.apple\.com/en-us/\d+$`, r.URL, r.Name)
		}
	}
	assert.Equal(t, 16, noCVE, "rows noted no published CVE entries")
	assert.Equal(t, noCVE, gotNoCVE)
	assert.Equal(t, linked, gotLinked)
	assert.Equal(t, rows-noCVE, gotLinked, "every other row links its advisory")

	first, last := idx.Rows[0], idx.Rows[len(idx.Rows)-1]
	assert.Equal(t, Release{Name: "watchOS 10.6.1", AvailableFor: "Apple Watch Series 4 and later", Released: NewDate(2024, 8, 19), NoCVEs: true, Releases: first.Releases}, first)
	assert.Equal(t, "Magic Keyboard Firmware Update 2.0.6", last.Name)
	assert.Equal(t, "https://support.apple.com/en-us/120303", last.URL)
	assert.Equal(t, "2024-01-09", last.Released.String())
	ios := idx.Rows[21]
	assert.Equal(t, "iOS 17.5 and iPadOS 17.5", ios.Name)
	assert.Equal(t, "https://support.apple.com/en-us/120905", ios.URL)
	assert.Equal(t, "2024-05-13", ios.Released.String())
	assert.Equal(t, "AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8", idx.Rows[16].Name)

	require.Len(t, idx.Archives, 13)
	assert.Equal(t, "https://support.apple.com/en-us/121012", idx.Archives[0], "Apple security updates (2022 to 2023)")
	assert.Equal(t, "https://support.apple.com/en-us/104191", idx.Archives[12], "August 2003 and earlier")
}

func TestConformanceIndex2023(t *testing.T) {
	doc := readCapture(t, "apple-index/sec_page_2023.html")
	idx, err := ParseIndex(bytes.NewReader(doc), "https://support.apple.com/kb/HT201222")
	require.NoError(t, err)

	assert.Equal(t, "Apple security updates", idx.Title, "no h1: the <title> less its site suffix")
	rows, noCVE, linked := rawIndexRows(t, doc)
	require.Equal(t, 47, rows)
	require.Len(t, idx.Rows, rows)
	var gotNoCVE, gotLinked int
	for _, r := range idx.Rows {
		assert.False(t, r.Released.IsZero(), r.Name)
		assert.NotEmpty(t, r.AvailableFor, r.Name)
		if r.NoCVEs {
			gotNoCVE++
		}
		if r.URL != "" {
			gotLinked++
			assert.Regexp(t, `^https://support\.apple\.com/kb/HT\d+$`, r.URL, r.Name)
		}
	}
	assert.Equal(t, 5, noCVE)
	assert.Equal(t, noCVE, gotNoCVE)
	assert.Equal(t, linked, gotLinked)

	assert.Equal(t, "watchOS 9.5.1", idx.Rows[0].Name, "the <br> and note are not part of the name")
	assert.True(t, idx.Rows[0].NoCVEs)
	assert.Equal(t, "iTunes 12.12.9 for Windows", idx.Rows[1].Name, "&nbsp; folded")
	assert.Equal(t, "iPhone 8 and later, iPad Pro (all models), iPad Air 3rd generation and later, iPad 5th generation and later, and iPad mini 5th generation and later",
		idx.Rows[5].AvailableFor, "cell text wrapped over lines")
	assert.Equal(t, "macOS Ventura 13.2", idx.Rows[46].Name)
	assert.Equal(t, "2023-01-23", idx.Rows[46].Released.String())
	require.Len(t, idx.Archives, 11)
	assert.Equal(t, "https://support.apple.com/kb/TA22413", idx.Archives[10])
}

// rawIndexRows counts, with html.Parse, the table rows that have data cells,
// those whose text says "no published CVE entries", and those with a link.
func rawIndexRows(t *testing.T, doc []byte) (rows, noCVE, linked int) {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	require.NoError(t, err)
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Tr {
			continue
		}
		hasTD, hasLink := false, false
		var text strings.Builder
		for d := range n.Descendants() {
			switch {
			case d.Type == html.ElementNode && d.DataAtom == atom.Td:
				hasTD = true
			case d.Type == html.ElementNode && d.DataAtom == atom.A:
				hasLink = true
			case d.Type == html.TextNode:
				text.WriteString(d.Data)
			}
		}
		if !hasTD {
			continue
		}
		rows++
		if strings.Contains(text.String(), "no published CVE entries") {
			noCVE++
		}
		if hasLink {
			linked++
		}
	}
	return rows, noCVE, linked
}
