package export

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

func TestCSAFConformance(t *testing.T) {
	schema := compileSchema(t, "csaf-2.0/csaf_json_schema.json")
	sets := []struct {
		name string
		docs func(testing.TB) []*advisory.Advisory
	}{
		{"project testdata", projectDocs},
		{"real captures", realworldDocs},
		{"peer fixtures", peerDocs},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			advs := set.docs(t)
			require.NotEmpty(t, advs)
			docs, err := CSAF(Input{Advisories: advs, KEV: map[string]advisory.Date{"CVE-2023-37450": advisory.NewDate(2023, 7, 13)}, Now: testNow})
			if set.name == "peer fixtures" {
				// Their 2010 page has no date Apple's layout of the time
				// gave: left out, the others exported.
				require.ErrorIs(t, err, ErrInvalidAdvisory)
			} else {
				require.NoError(t, err)
			}
			require.NotEmpty(t, docs)
			for _, d := range docs {
				validate(t, schema, d.Document.Tracking.ID, d)
				for _, problem := range csafMandatoryTests(d) {
					t.Errorf("%s: %s", d.Document.Tracking.ID, problem)
				}
			}
		})
	}
}

// csafMandatoryTests runs the CSAF 2.0 section 6.1 mandatory tests that can
// apply to applesec's output and returns what failed.
func csafMandatoryTests(d CSAFDocument) []string {
	var out []string
	fail := func(test, format string, a ...any) { out = append(out, test+": "+fmt.Sprintf(format, a...)) }

	// 6.1.1 and 6.1.2: product IDs defined once, before use.
	defined := map[string]int{}
	var walk func([]CSAFBranch)
	walk = func(bs []CSAFBranch) {
		for _, b := range bs {
			if b.Product != nil {
				defined[b.Product.ProductID]++
			}
			walk(b.Branches)
		}
	}
	if d.ProductTree != nil {
		walk(d.ProductTree.Branches)
		for _, r := range d.ProductTree.Relationships {
			defined[r.FullProductName.ProductID]++
		}
	}
	for id, n := range defined {
		if n > 1 {
			fail("6.1.2", "product ID %s defined %d times", id, n)
		}
	}
	used := func(where, id string) {
		if defined[id] == 0 {
			fail("6.1.1", "%s refers to undefined product ID %s", where, id)
		}
	}
	if d.ProductTree != nil {
		for _, r := range d.ProductTree.Relationships {
			used("relationship", r.ProductReference)
			used("relationship", r.RelatesToProductReference)
			// 6.1.3: no relationship refers to its own product.
			if r.ProductReference == r.FullProductName.ProductID || r.RelatesToProductReference == r.FullProductName.ProductID {
				fail("6.1.3", "circular relationship %s", r.FullProductName.ProductID)
			}
		}
	}
	cves := map[string]bool{}
	for _, v := range d.Vulnerabilities {
		if v.ProductStatus != nil {
			for _, id := range v.ProductStatus.Fixed {
				used("product_status", id)
			}
		}
		for _, r := range v.Remediations {
			for _, id := range r.ProductIDs {
				used("remediation", id)
			}
			// 6.1.29: every remediation names products or groups.
			if len(r.ProductIDs) == 0 {
				fail("6.1.29", "remediation without product reference")
			}
		}
		// 6.1.6: a product is in one status group only (applesec writes
		// fixed only, so no product may repeat within it).
		if v.ProductStatus != nil {
			seen := slices.Clone(v.ProductStatus.Fixed)
			slices.Sort(seen)
			if len(slices.Compact(seen)) != len(v.ProductStatus.Fixed) {
				fail("6.1.6", "product listed twice in product status of %s", v.CVE)
			}
		}
		// 6.1.23: a CVE is used once.
		if v.CVE != "" {
			if cves[v.CVE] {
				fail("6.1.23", "CVE %s used twice", v.CVE)
			}
			cves[v.CVE] = true
		}
	}
	// 6.1.14, 6.1.16, 6.1.21, 6.1.22: revision history sorted, numbers
	// 1..n without gaps or repeats, the last one the document version.
	tr := d.Document.Tracking
	for i, r := range tr.RevisionHistory {
		if r.Number != strconv.Itoa(i+1) {
			fail("6.1.21", "revision %d numbered %q", i+1, r.Number)
		}
		if i > 0 && r.Date < tr.RevisionHistory[i-1].Date {
			fail("6.1.14", "revision %s dated before its predecessor", r.Number)
		}
	}
	if n := len(tr.RevisionHistory); n == 0 || tr.RevisionHistory[n-1].Number != tr.Version {
		fail("6.1.16", "version %q is not the latest revision", tr.Version)
	} else if tr.RevisionHistory[n-1].Date != tr.CurrentReleaseDate {
		fail("6.1.16", "current release date %s is not the latest revision's", tr.CurrentReleaseDate)
	}
	// 6.1.17, 6.1.18, 6.1.20: a final document has a version >= 1 without
	// pre-release part.
	if tr.Status != "final" || tr.Version == "0" || strings.Contains(tr.Version, "-") {
		fail("6.1.17", "status %s with version %s", tr.Status, tr.Version)
	}
	// 6.1.15: a translator must give source_lang; applesec is no translator.
	if d.Document.Publisher.Category == "translator" {
		fail("6.1.15", "publisher is a translator")
	}
	// 6.1.26: the category is one of the profiles, not a look-alike.
	// 6.1.27.x: the profile's requirements.
	switch d.Document.Category {
	case "csaf_security_advisory":
		if d.ProductTree == nil {
			fail("6.1.27.4", "no product tree")
		}
		if len(d.Vulnerabilities) == 0 {
			fail("6.1.27.11", "no vulnerabilities")
		}
		for _, v := range d.Vulnerabilities {
			if len(v.Notes) == 0 {
				fail("6.1.27.5", "vulnerability %s without notes", v.CVE)
			}
			if v.ProductStatus == nil || len(v.ProductStatus.Fixed) == 0 {
				fail("6.1.27.6", "vulnerability %s without product status", v.CVE)
			}
		}
	case "csaf_informational_advisory":
		if len(d.Vulnerabilities) > 0 {
			fail("6.1.27.3", "informational advisory with vulnerabilities")
		}
		if !slices.ContainsFunc(d.Document.References, func(r CSAFReference) bool { return r.Category == "external" }) {
			fail("6.1.27.2", "informational advisory without external reference")
		}
	default:
		fail("6.1.26", "category %q", d.Document.Category)
	}
	// 6.1.27.1: notes of category description, details, general or summary.
	if !slices.ContainsFunc(d.Document.Notes, func(n CSAFNote) bool {
		return slices.Contains([]string{"description", "details", "general", "summary"}, n.Category)
	}) {
		fail("6.1.27.1", "no description, details, general or summary note")
	}
	// 6.1.31: product versions are versions, not ranges in words.
	rangeWords := regexp.MustCompile(`(?i)<|>|\b(after|all|before|earlier|later|prior|versions)\b`)
	var versions func([]CSAFBranch)
	versions = func(bs []CSAFBranch) {
		for _, b := range bs {
			if b.Category == "product_version" && rangeWords.MatchString(b.Name) {
				fail("6.1.31", "product_version %q reads as a range", b.Name)
			}
			versions(b.Branches)
		}
	}
	if d.ProductTree != nil {
		versions(d.ProductTree.Branches)
	}
	return out
}

func TestCSAFMandatoryTestsCatchErrors(t *testing.T) {
	advs := loadDocs(t, "../testdata/advisory/current-ios-26.2.html")
	docs, err := CSAF(Input{Advisories: advs, Now: testNow})
	require.NoError(t, err)
	require.Empty(t, csafMandatoryTests(docs[0]))

	tests := []struct {
		name   string
		break_ func(*CSAFDocument)
		want   string
	}{
		{"undefined product", func(d *CSAFDocument) { d.Vulnerabilities[0].ProductStatus.Fixed = []string{"nope"} }, "6.1.1"},
		{"duplicate CVE", func(d *CSAFDocument) { d.Vulnerabilities[1].CVE = d.Vulnerabilities[0].CVE }, "6.1.23"},
		{"wrong version", func(d *CSAFDocument) { d.Document.Tracking.Version = "2" }, "6.1.16"},
		{"gap in history", func(d *CSAFDocument) { d.Document.Tracking.RevisionHistory[0].Number = "2" }, "6.1.21"},
		{"no vulnerabilities", func(d *CSAFDocument) { d.Vulnerabilities = nil }, "6.1.27.11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := CSAF(Input{Advisories: advs, Now: testNow})
			require.NoError(t, err)
			tc.break_(&docs[0])
			problems := csafMandatoryTests(docs[0])
			require.NotEmpty(t, problems)
			assert.True(t, strings.HasPrefix(problems[0], tc.want), "%v", problems)
		})
	}
}

func TestCSAFBSIPage(t *testing.T) {
	advs := loadDocs(t, "../testdata/advisory/current-bsi-26.3.1.html")
	in := Input{
		Advisories: advs,
		BSIs: []BSIOffer{{Platform: version.IOS, Version: "26.3.1", Extra: "(a)", Build: "23D771330a", PrerequisiteBuild: "23D8133",
			SupportedDevices: []string{"iPhone18,1"}}},
		KEV: map[string]advisory.Date{"CVE-2026-20643": advisory.NewDate(2026, 3, 20)},
		Now: testNow,
	}
	docs, err := CSAF(in)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	d := docs[0]
	assert.Equal(t, "apple-126604", d.Document.Tracking.ID)
	assert.Equal(t, "csaf_security_advisory", d.Document.Category)
	assert.Equal(t, "other", d.Document.Publisher.Category)
	assert.Equal(t, "2026-03-17T00:00:00Z", d.Document.Tracking.InitialReleaseDate)
	assert.Equal(t, "1", d.Document.Tracking.Version)
	assert.Equal(t, "2026-11-30T12:00:00Z", d.Document.Tracking.Generator.Date)

	apple := d.ProductTree.Branches[0]
	assert.Equal(t, "Apple", apple.Name)
	var names []string
	for _, p := range apple.Branches {
		for _, v := range p.Branches {
			names = append(names, p.Name+" "+v.Name+" = "+v.Product.ProductID+" / "+v.Product.Name)
		}
	}
	assert.Equal(t, []string{
		"iOS 26.3.1 (a) = apple-ios-26.3.1-a / Apple iOS 26.3.1 (a) (build 23D771330a)",
		"iPadOS 26.3.1 (a) = apple-ipados-26.3.1-a / Apple iPadOS 26.3.1 (a)",
		"macOS 26.3.1 (a) = apple-macos-26.3.1-a / Apple macOS 26.3.1 (a)",
		"macOS 26.3.2 (a) = apple-macos-26.3.2-a / Apple macOS 26.3.2 (a)",
	}, names)

	require.Len(t, d.Vulnerabilities, 1)
	v := d.Vulnerabilities[0]
	assert.Equal(t, "CVE-2026-20643", v.CVE)
	assert.Equal(t, "WebKit", v.Title)
	assert.Equal(t, []string{"apple-ios-26.3.1-a", "apple-ipados-26.3.1-a", "apple-macos-26.3.1-a", "apple-macos-26.3.2-a"}, v.ProductStatus.Fixed)
	assert.Equal(t, "vendor_fix", v.Remediations[0].Category)
	assert.Equal(t, "https://support.apple.com/en-us/126604", v.Remediations[0].URL)
	assert.Equal(t, []CSAFAcknowledgment{{Names: []string{"Thomas Espach"}}}, v.Acknowledgments)
	require.Len(t, v.Threats, 1)
	assert.Equal(t, "exploit_status", v.Threats[0].Category)
	assert.Equal(t, "2026-03-20T00:00:00Z", v.Threats[0].Date)
	assert.Contains(t, v.Notes, CSAFNote{Category: "summary", Title: "Impact", Text: "Processing maliciously crafted web content may bypass Same Origin Policy"})

	golden(t, "csaf-bsi-26.3.1.golden.json", d)
}

func TestCSAFSafariOnMacOSLines(t *testing.T) {
	dir := realworldDir(t)
	advs := loadDocs(t, filepath.Join(dir, "apple-sa", "APPLE-SA-2026-02-11-9.txt"))
	docs, err := CSAF(Input{Advisories: advs, Now: testNow})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	rels := docs[0].ProductTree.Relationships
	require.NotEmpty(t, rels)
	for _, r := range rels {
		assert.Equal(t, "installed_on", r.Category)
		assert.Equal(t, "apple-safari-26.3", r.ProductReference)
		assert.Regexp(t, `^apple-macos-\d+-line$`, r.RelatesToProductReference)
	}
	assert.Contains(t, docs[0].Vulnerabilities[0].ProductStatus.Fixed, rels[0].FullProductName.ProductID)
}

func TestCSAFRevisions(t *testing.T) {
	a := &advisory.Advisory{
		Origin: advisory.OriginPage, Title: "About the security content of iOS 26.2", URL: "https://support.apple.com/en-us/125884",
		Released: advisory.NewDate(2025, 12, 12),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.2"}},
		Entries: []advisory.Entry{
			{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2025-0001"}}, Added: advisory.NewDate(2026, 1, 15)},
			{Component: "WebKit", CVEs: []advisory.CVE{{ID: "CVE-2025-0002"}}, Updated: advisory.NewDate(2026, 1, 15)},
			{Component: "Audio", CVEs: []advisory.CVE{{ID: "CVE-2025-0003"}}, Added: advisory.NewDate(2026, 2, 1)},
			{Component: "Mail", Impact: "An app may read mail"},
		},
	}
	docs, err := CSAF(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
	require.NoError(t, err)
	tr := docs[0].Document.Tracking
	assert.Equal(t, "3", tr.Version)
	assert.Equal(t, "2026-02-01T00:00:00Z", tr.CurrentReleaseDate)
	assert.Equal(t, []CSAFRevision{
		{Date: "2025-12-12T00:00:00Z", Number: "1", Summary: "Initial release of Apple's advisory."},
		{Date: "2026-01-15T00:00:00Z", Number: "2", Summary: "Entries added: CVE-2025-0001. Entries updated: CVE-2025-0002."},
		{Date: "2026-02-01T00:00:00Z", Number: "3", Summary: "Entries added: CVE-2025-0003."},
	}, tr.RevisionHistory)
	require.Len(t, docs[0].Vulnerabilities, 4)
	assert.Empty(t, docs[0].Vulnerabilities[3].CVE, "an entry without CVE is kept")
	assert.Equal(t, "Mail", docs[0].Vulnerabilities[3].Title)
	validate(t, compileSchema(t, "csaf-2.0/csaf_json_schema.json"), "revisions", docs[0])
	assert.Empty(t, csafMandatoryTests(docs[0]))
}

func TestCSAFNoCVEsIsInformational(t *testing.T) {
	docs, err := CSAF(Input{Advisories: loadDocs(t, "../testdata/advisory/current-no-cves-xcode-26.0.1.html"), Now: testNow})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "csaf_informational_advisory", docs[0].Document.Category)
	assert.Empty(t, docs[0].Vulnerabilities)
}

func TestCSAFOnePerPage(t *testing.T) {
	page := &advisory.Advisory{Origin: advisory.OriginPage, Title: "iOS 26.2", URL: "https://support.apple.com/en-us/125884", Released: advisory.NewDate(2025, 12, 12),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.2"}}, Entries: []advisory.Entry{{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2025-0001"}}}}}
	mail := *page
	mail.Origin, mail.ID, mail.Truncated = advisory.OriginMail, "APPLE-SA-12-12-2025-1", true
	news := &advisory.Advisory{Origin: advisory.OriginNews, Title: "news"}
	docs, err := CSAF(Input{Advisories: []*advisory.Advisory{&mail, news, page}, Now: testNow})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "apple-125884", docs[0].Document.Tracking.ID)
	assert.NotContains(t, fmt.Sprint(docs[0].Document.Notes), "cut short", "the whole page wins over the cut mail")
}

func TestCSAFErrors(t *testing.T) {
	ok := &advisory.Advisory{Origin: advisory.OriginPage, Title: "t", URL: "https://support.apple.com/en-us/1", Released: advisory.NewDate(2025, 1, 1)}
	tests := []struct {
		name string
		in   Input
		want error
	}{
		{"no time", Input{Advisories: []*advisory.Advisory{ok}}, ErrNoTime},
		{"nil advisory", Input{Advisories: []*advisory.Advisory{nil}, Now: testNow}, ErrInvalidAdvisory},
		{"no date", Input{Advisories: []*advisory.Advisory{{Origin: advisory.OriginPage, Title: "t", URL: "https://support.apple.com/en-us/1"}}, Now: testNow}, ErrInvalidAdvisory},
		{"no id", Input{Advisories: []*advisory.Advisory{{Origin: advisory.OriginPage, Title: "", URL: "file.html", Released: advisory.NewDate(2025, 1, 1)}}, Now: testNow}, ErrInvalidAdvisory},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CSAF(tc.in)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestWriteCSAF(t *testing.T) {
	dir := t.TempDir()
	files, err := WriteCSAF(context.Background(), dir, Input{Advisories: projectDocs(t), Now: testNow})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	assert.Contains(t, files, filepath.Join(dir, "2026", "apple-126604.json"))
	schema := compileSchema(t, "csaf-2.0/csaf_json_schema.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var v any
		require.NoError(t, json.Unmarshal(data, &v))
		validate(t, schema, f, v)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "2026"))
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), "."), "temporary file %s left behind", e.Name())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = WriteCSAF(ctx, t.TempDir(), Input{Advisories: projectDocs(t), Now: testNow})
	require.ErrorIs(t, err, context.Canceled)
}

func TestCSAFFixedFollowsAvailableFor(t *testing.T) {
	a := &advisory.Advisory{
		Origin: advisory.OriginPage, Title: "About the security content of iOS 26.4 and macOS Tahoe 26.4", URL: "https://support.apple.com/en-us/5",
		Released: advisory.NewDate(2026, 3, 24),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.4"}, {Platform: "macOS", Version: "26.4"}},
		Entries: []advisory.Entry{
			{Component: "Phone", AvailableFor: "iPhone 11 and later", CVEs: []advisory.CVE{{ID: "CVE-2026-1001"}}},
			{Component: "Finder", AvailableFor: "macOS Tahoe", CVEs: []advisory.CVE{{ID: "CVE-2026-1002"}}},
			{Component: "Kernel", AvailableFor: "", CVEs: []advisory.CVE{{ID: "CVE-2026-1003"}}},
		},
	}
	docs, err := CSAF(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
	require.NoError(t, err)
	fixed := map[string][]string{}
	for _, v := range docs[0].Vulnerabilities {
		fixed[v.CVE] = v.ProductStatus.Fixed
	}
	assert.Equal(t, map[string][]string{
		"CVE-2026-1001": {"apple-ios-26.4"},
		"CVE-2026-1002": {"apple-macos-26.4"},
		"CVE-2026-1003": {"apple-ios-26.4", "apple-macos-26.4"},
	}, fixed, "an entry naming no platform of the advisory is fixed in all its releases")
}

func TestCSAFFirmwareBuilds(t *testing.T) {
	a := &advisory.Advisory{
		Origin: advisory.OriginMail, ID: "APPLE-SA-06-25-2024-1", URL: "https://support.apple.com/HT214111", Released: advisory.NewDate(2024, 6, 25),
		Title:    "AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8",
		Releases: []advisory.ProductVersion{{Platform: "AirPods Firmware"}, {Platform: "Beats Firmware"}, {Platform: "HomePod Firmware"}},
		Entries:  []advisory.Entry{{Component: "Bluetooth", CVEs: []advisory.CVE{{ID: "CVE-2024-27867"}}}},
	}
	docs, err := CSAF(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
	require.NoError(t, err)
	assert.Equal(t, []string{"apple-airpods_firmware-6a326", "apple-airpods_firmware-6f8", "apple-beats_firmware-6f8", "apple-homepod_firmware"},
		docs[0].Vulnerabilities[0].ProductStatus.Fixed, "builds named in the title are the fixed versions; a product without one stays bare")
	assert.Empty(t, csafMandatoryTests(docs[0]))
	validate(t, compileSchema(t, "csaf-2.0/csaf_json_schema.json"), "firmware", docs[0])
}

func TestCSAFPartial(t *testing.T) {
	undated := &advisory.Advisory{Origin: advisory.OriginPage, Title: "t", URL: "https://support.apple.com/en-us/1"}
	good := &advisory.Advisory{Origin: advisory.OriginPage, Title: "iOS 26.3", URL: "https://support.apple.com/en-us/8", Released: advisory.NewDate(2026, 2, 11),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.3"}}, Entries: []advisory.Entry{{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2026-0001"}}}}}
	in := Input{Advisories: []*advisory.Advisory{undated, good}, Now: testNow}
	docs, err := CSAF(in)
	require.ErrorIs(t, err, ErrInvalidAdvisory)
	require.Len(t, docs, 1)
	assert.Equal(t, "apple-8", docs[0].Document.Tracking.ID)

	files, err := WriteCSAF(context.Background(), t.TempDir(), in)
	require.ErrorIs(t, err, ErrInvalidAdvisory)
	assert.Len(t, files, 1)
}
