package version_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/version"
)

// pmvNotModels are SupportedDevices entries of Apple's feed that are no
// retail device model, and why the catalog leaves them out.
var pmvNotModels = map[string]string{
	"VMA2MACOSAP": "macOS virtual machine on Apple silicon",
	"VMM-x86_64":  "macOS virtual machine on Intel",
	"X86LEGACYAP": "generic device class of Intel Macs without a T2 chip",
	"X589AMLUAP":  "generic device class of Intel Macs (Amber Lake)",
	"X589ICLYAP":  "generic device class of Intel Macs (Ice Lake)",
	// Board IDs that Apple's macOS 11 assets (and installers) list but that
	// public model tables attribute to no shipped Mac.
	"Mac-112818653D3AABFC": "unattributed board ID",
	"Mac-112B0A653D3AAB9C": "unattributed board ID",
	"Mac-36B6B6DA9CFCD881": "unattributed board ID",
	"Mac-50619A408DB004DA": "unattributed board ID",
	"Mac-5A49A77366F81C72": "unattributed board ID",
	"Mac-747B1AEFF11738BE": "unattributed board ID",
	"Mac-90BE64C3CB5A9AEB": "unattributed board ID",
	"Mac-9394BDF4BF862EE7": "unattributed board ID",
	"Mac-C6F71043CEAA02A6": "unattributed board ID",
	"Mac-CF21D135A7D34AA6": "unattributed board ID",
	"Mac-F305150B0C7DEEEF": "unattributed board ID",
	"Mac-FA842E06C61E91C5": "unattributed board ID",
}

// pmvEarlyListing are models that the feed lists in an asset older than
// the OS they shipped with: the M3 Macs of November 2023, shipped with
// macOS 14, appear in the macOS 13 asset.
var pmvEarlyListing = []string{
	"MacBook Pro (14-inch, M3, Nov 2023)",
	"iMac (24-inch, 2023, Two ports)",
	"iMac (24-inch, 2023, Four ports)",
}

// realPMV parses the real software lookup response.
func realPMV(t *testing.T) *version.PMV {
	t.Helper()
	f, err := os.Open(realworld.Path(t, "apple-gdmf/pmv.json"))
	require.NoError(t, err)
	defer f.Close()
	p, err := version.ParsePMV(f)
	require.NoError(t, err)
	return p
}

// TestConformancePMV reads Apple's real response: its three BSIs (the iOS
// one split into iOS and iPadOS offers) and its releases per platform.
func TestConformancePMV(t *testing.T) {
	p := realPMV(t)

	require.Len(t, p.BSIs, 4)
	builds := map[string]bool{}
	for _, o := range p.BSIs {
		builds[o.Version.Build().String()] = true
		assert.True(t, o.Public)
		assert.Equal(t, version.SetPublicBSI, o.Set)
		assert.Equal(t, time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC), o.Posted)
		assert.Equal(t, "a", o.Version.Letter())
	}
	assert.Len(t, builds, 3, "three BSIs: iOS/iPadOS 26.3.1 (a), macOS 26.3.2 (a), macOS 26.3.1 (a)")

	byVersion := map[string]version.Offer{}
	for _, o := range p.BSIs {
		byVersion[o.Version.String()] = o
	}
	ios := byVersion["iOS 26.3.1 (a) (23D771330a)"]
	assert.Equal(t, "23D8133", ios.PrerequisiteBuild.String())
	assert.Len(t, ios.Devices, 31)
	ipad := byVersion["iPadOS 26.3.1 (a) (23D771330a)"]
	assert.Equal(t, "23D8133", ipad.PrerequisiteBuild.String())
	assert.Len(t, ipad.Devices, 64)
	mac2 := byVersion["macOS 26.3.2 (a) (25D771400a)"]
	assert.Equal(t, "25D2140", mac2.PrerequisiteBuild.String())
	assert.Equal(t, []string{"J700AP"}, mac2.Devices)
	mac1 := byVersion["macOS 26.3.1 (a) (25D771280a)"]
	assert.Equal(t, "25D2128", mac1.PrerequisiteBuild.String())
	assert.Len(t, mac1.Devices, 62)

	perPlatform := map[version.Platform]int{}
	public := 0
	for _, o := range p.Releases {
		perPlatform[o.Version.Platform()]++
		if o.Public {
			public++
		}
	}
	assert.Equal(t, map[version.Platform]int{
		version.IOS: 37, version.IPadOS: 33, version.MacOS: 21, version.WatchOS: 28,
		version.TvOS: 6, version.AudioOS: 6, version.VisionOS: 8,
	}, perPlatform)
	assert.Equal(t, 49, public)

	// What an iPhone 16 Pro on the BSI's base can install, and its newest.
	base := version.MustParse("iOS 26.3.1 (23D8133)")
	require.Len(t, p.BSIFor("iPhone17,1", base), 1)
	v, ok := p.NewestFor("iPhone17,1", version.IOS)
	require.True(t, ok)
	assert.Equal(t, "26.6.1", v.Core())
	// The iPhone XS stays on iOS 18.
	v, ok = p.NewestFor("iPhone11,2", "")
	require.True(t, ok)
	assert.Equal(t, 18, v.Major())
}

// TestConformanceCatalogAgainstPMV cross-checks the catalog with the feed:
// every device the feed lists is a catalog model (or a documented
// non-model), and each model's MaxMajor and MinMajor agree with the majors
// the feed offers it.
func TestConformanceCatalogAgainstPMV(t *testing.T) {
	p := realPMV(t)
	c := version.DefaultCatalog()

	offered := map[string][]int{}         // model name -> majors offered
	newest := map[version.Platform]int{}  // platform -> newest major in the feed
	lines := map[version.Platform][]int{} // platform -> majors the feed carries
	listed := map[string]map[int]bool{}   // model name -> majors it is listed for
	for _, o := range append(slices.Clone(p.Releases), p.BSIs...) {
		pl, major := o.Version.Platform(), o.Version.Major()
		newest[pl] = max(newest[pl], major)
		if !slices.Contains(lines[pl], major) {
			lines[pl] = append(lines[pl], major)
		}
		for _, d := range o.Devices {
			if _, skip := pmvNotModels[d]; skip {
				continue
			}
			m, ok := c.Lookup(d)
			if !assert.True(t, ok, "feed device %s (%s) is not in the catalog", d, o.Version) {
				continue
			}
			wantPlatform := m.Platform
			if pl == version.IOS && major < 13 && strings.HasPrefix(d, "iPad") {
				wantPlatform = version.IOS
			}
			assert.Equal(t, wantPlatform, pl, "%s (%s) offered %s", d, m.Name, o.Version)
			offered[m.Name] = append(offered[m.Name], major)
			if listed[m.Name] == nil {
				listed[m.Name] = map[int]bool{}
			}
			listed[m.Name][major] = true
		}
	}

	for name, majors := range offered {
		m, _ := c.Lookup(name)
		hi, lo := slices.Max(majors), slices.Min(majors)
		if hi == newest[m.Platform] || m.Platform == version.IPadOS && hi == newest[version.IPadOS] {
			assert.GreaterOrEqual(t, m.MaxMajor, hi, "%s is offered %d", name, hi)
		} else {
			assert.Equal(t, hi, m.MaxMajor, "%s: newest major offered", name)
		}
		if !slices.Contains(pmvEarlyListing, name) {
			assert.GreaterOrEqual(t, lo, m.MinMajor, "%s is offered %d, before the OS it shipped with", name, lo)
		}
	}

	// The other way: a model whose newest line the feed still carries must
	// be listed for it.
	for _, m := range c.Models() {
		if m.Platform == "" || !slices.Contains(lines[m.Platform], m.MaxMajor) {
			continue
		}
		assert.True(t, listed[m.Name][m.MaxMajor], "%s (MaxMajor %d) is not listed for %s %d", m.Name, m.MaxMajor, m.Platform, m.MaxMajor)
	}
}

// TestConformanceBSIPhrase checks that the BSI mail's "Available for"
// phrase resolves to exactly the models the feed offers those BSIs to.
func TestConformanceBSIPhrase(t *testing.T) {
	p := realPMV(t)
	c := version.DefaultCatalog()
	phrases := mailPhrases(t, realworld.Path(t, "apple-sa/APPLE-SA-2026-03-17-1.txt"))
	require.Len(t, phrases, 1)
	r := c.Resolve(phrases[0])
	require.Empty(t, r.Unresolved)

	var fromFeed []string
	for _, o := range p.BSIs {
		for _, d := range o.Devices {
			if _, skip := pmvNotModels[d]; skip {
				continue
			}
			m, ok := c.Lookup(d)
			require.True(t, ok, d)
			if !slices.Contains(fromFeed, m.Name) {
				fromFeed = append(fromFeed, m.Name)
			}
		}
	}
	assert.ElementsMatch(t, fromFeed, names(r.Models))
}

// TestConformanceAvailableFor resolves every "Available for" text of the
// real mails, advisory pages and index pages. Each must map to a model or
// platform or name a non-Apple system; parts left unresolved are logged
// and must not occur.
func TestConformanceAvailableFor(t *testing.T) {
	dir := realworld.Dir(t)
	var phrases []string
	mails, err := filepath.Glob(filepath.Join(dir, "apple-sa", "*.txt"))
	require.NoError(t, err)
	for _, m := range mails {
		phrases = append(phrases, mailPhrases(t, m)...)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "apple-advisory", "*.html"))
	require.NoError(t, err)
	for _, p := range pages {
		phrases = append(phrases, pagePhrases(t, p)...)
	}
	index, err := filepath.Glob(filepath.Join(dir, "apple-index", "*.html"))
	require.NoError(t, err)
	for _, p := range index {
		phrases = append(phrases, indexPhrases(t, p)...)
	}
	sort.Strings(phrases)
	phrases = slices.Compact(phrases)
	require.Greater(t, len(phrases), 40, "distinct phrases found")

	c := version.DefaultCatalog()
	var unresolved, nonApple []string
	for _, ph := range phrases {
		r := c.Resolve(ph)
		assert.True(t, r.Resolved() || len(r.NonApple) > 0, "nothing resolved in %q", ph)
		if len(r.Unresolved) > 0 {
			unresolved = append(unresolved, ph)
			t.Logf("unresolved parts %q in %q", r.Unresolved, ph)
		}
		for _, n := range r.NonApple {
			nonApple = append(nonApple, n)
			assert.True(t, strings.HasPrefix(n, "Windows"), "non-Apple part %q", n)
		}
	}
	assert.Empty(t, unresolved)
	t.Logf("%d distinct phrases; non-Apple parts: %q", len(phrases), slices.Compact(nonApple))
}

// mailPhrases returns the "Available for:" texts of a mail, each joined
// with its continuation lines up to the "Impact:" line.
func mailPhrases(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Available for:"):
			flush()
			cur = append(cur, line)
		case len(cur) > 0 && (line == "" || strings.HasPrefix(line, "Impact:") || strings.HasPrefix(line, "Description:")):
			flush()
		case len(cur) > 0:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

// pagePhrases returns the text of each <p> of an advisory page that starts
// with "Available for".
func pagePhrases(t *testing.T, path string) []string {
	t.Helper()
	doc := parseHTMLFile(t, path)
	var out []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "p" {
			if s := nodeText(n); strings.HasPrefix(s, "Available for") {
				out = append(out, s)
			}
		}
	}
	return out
}

// indexPhrases returns the second cell ("Available for") of each row of an
// index page.
func indexPhrases(t *testing.T, path string) []string {
	t.Helper()
	doc := parseHTMLFile(t, path)
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "tr" {
			continue
		}
		var cells []*html.Node
		for c := range n.ChildNodes() {
			if c.Type == html.ElementNode && c.Data == "td" {
				cells = append(cells, c)
			}
		}
		if len(cells) >= 2 {
			if s := nodeText(cells[1]); s != "" && s != "-" {
				out = append(out, s)
			}
		}
	}
	return out
}

// parseHTMLFile parses an HTML capture.
func parseHTMLFile(t *testing.T, path string) *html.Node {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := html.Parse(f)
	require.NoError(t, err)
	return doc
}

// nodeText returns the text under n with white space collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
