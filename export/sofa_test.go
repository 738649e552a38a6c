package export

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// The required properties lifted before validation, each a SOFA section or
// field applesec does not collect (see the package documentation). Nothing
// else is relaxed.
var (
	// sofaMacOnlyV1 are the v1 macOS schema's macOS-only requirements,
	// lifted to validate the v1 iOS feed, which has no schema of its own.
	sofaMacOnlyV1 = [][2]string{
		{"/", "Models"},
		{"/properties/OSVersions/items", "SupportedModels"},
	}
	sofaRelaxV1 = [][2]string{
		{"/", "XProtectPayloads"},
		{"/", "XProtectPlistConfigData"},
		{"/", "InstallationApps"},
		{"/properties/OSVersions/items/properties/Latest", "Build"},
		{"/properties/OSVersions/items/properties/Latest", "ExpirationDate"},
		{"/properties/OSVersions/items/properties/SupportedModels/items", "URL"},
	}
	sofaRelaxMacV2 = [][2]string{
		{"/", "XProtectPayloads"},
		{"/", "XProtectPlistConfigData"},
		{"/", "InstallationApps"},
		{"/definitions/MacOSReleaseV2", "Build"},
		{"/definitions/BackgroundSecurityImprovement", "Build"},
	}
	sofaRelaxIOSV2 = [][2]string{
		{"/definitions/IOSReleaseV2", "Build"},
		{"/definitions/BackgroundSecurityImprovement", "Build"},
	}
)

// sofaSchemas compiles the schema of each file WriteSOFA writes.
func sofaSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	v2ios := compileSchema(t, "sofa/ios_data_feed.schema.json", sofaRelaxIOSV2...)
	return map[string]*jsonschema.Schema{
		"v1/macos_data_feed.json":    compileSchema(t, "sofa/v1_mac.schema", sofaRelaxV1...),
		"v1/ios_data_feed.json":      compileSchema(t, "sofa/v1_mac.schema", append(sofaRelaxV1, sofaMacOnlyV1...)...),
		"v2/macos_data_feed.json":    compileSchema(t, "sofa/macos_data_feed.schema.json", sofaRelaxMacV2...),
		"v2/ios_data_feed.json":      v2ios,
		"v2/tvos_data_feed.json":     v2ios,
		"v2/watchos_data_feed.json":  v2ios,
		"v2/visionos_data_feed.json": v2ios,
	}
}

func TestSOFAConformance(t *testing.T) {
	schemas := sofaSchemas(t)
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
			dir := t.TempDir()
			files, err := WriteSOFA(context.Background(), dir, Input{Advisories: set.docs(t), Now: testNow,
				BSIs: []BSIOffer{{Platform: version.IOS, Version: "26.3.1", Extra: "(a)", Build: "23D771330a", PrerequisiteBuild: "23D8133", SupportedDevices: []string{"iPhone18,1", "iPad16,3"}}}})
			if set.name != "peer fixtures" {
				require.NoError(t, err)
			}
			require.Len(t, files, len(schemas))
			for _, f := range files {
				rel, err := filepath.Rel(dir, f)
				require.NoError(t, err)
				schema := schemas[filepath.ToSlash(rel)]
				require.NotNil(t, schema, rel)
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
				require.NoError(t, err)
				if err := schema.Validate(inst); err != nil {
					t.Errorf("%s does not conform: %v", rel, err)
				}
			}
		})
	}
}

// rsr2023 are the July 2023 Rapid Security Responses and iOS 16.6.
func rsr2023(t *testing.T) Input {
	return Input{
		Advisories: loadDocs(t,
			"../testdata/coverage/APPLE-SA-2023-07-10-2.txt",
			"../testdata/coverage/APPLE-SA-2023-07-12-1.txt",
			"../testdata/coverage/APPLE-SA-2023-07-24-1.txt"),
		BSIs: []BSIOffer{
			{Platform: version.IOS, Version: "16.5.1", Extra: "(c)", Build: "20F770750d", PrerequisiteBuild: "20F75",
				Posted: testNow.AddDate(-3, 0, 0), SupportedDevices: []string{"iPhone15,2", "iPhone14,7"}},
			{Platform: version.IOS, Version: "16.5.1", Extra: "(a)", Build: "20F770750b", PrerequisiteBuild: "20F75",
				SupportedDevices: []string{"iPhone15,2"}, Withdrawn: true},
		},
		KEV: map[string]advisory.Date{"CVE-2023-37450": advisory.NewDate(2023, 7, 13)},
		Now: testNow,
	}
}

func TestSOFARecords(t *testing.T) {
	feeds, err := SOFA(rsr2023(t))
	require.NoError(t, err)

	ios := feeds.V2["ios"]
	assert.Equal(t, "2026.04.11.2", ios.SchemaVersion)
	assert.Equal(t, "2026-11-30T12:00:00Z", ios.LastCheck)
	require.Len(t, ios.OSVersions, 1)
	line := ios.OSVersions[0]
	assert.Equal(t, "16", line.OSVersion)
	assert.Equal(t, "16.6", line.Latest.ProductVersion)
	require.Len(t, line.SecurityReleases, 1, "RSRs are no security releases in SOFA's sense")
	r := line.SecurityReleases[0]
	assert.Equal(t, "iOS 16.6 and iPadOS 16.6", r.UpdateName)
	assert.Equal(t, "iOS and iPadOS", r.ProductName)
	assert.Equal(t, "2023-07-24T00:00:00Z", r.ReleaseDate)
	assert.Equal(t, "OS", r.ReleaseType)
	assert.Equal(t, r.UniqueCVEsCount, len(r.CVEs))
	assert.Equal(t, 0, r.DaysSincePreviousRelease)
	assert.Contains(t, r.SupportedDevices, "iPhone15,2")
	for _, id := range r.SupportedDevices {
		assert.Contains(t, ios.Devices, id, "every identifier resolves through Devices")
	}

	bsis := ios.BackgroundSecurityImprovements["16"]
	require.Len(t, bsis, 1, "the withdrawn (a) is left out, the offered (c) kept")
	assert.Equal(t, SOFABSI{
		Version: "16.5.1", VersionExtra: "(c)", Build: "20F770750d", PostingDate: "2023-11-30", PrerequisiteBuild: "20F75",
		SecurityInfo: bsis[0].SecurityInfo, SupportedDevices: []string{"iPhone14,7", "iPhone15,2"}, CVEs: []string{"CVE-2023-37450"},
	}, bsis[0])
	assert.True(t, isWebURL(bsis[0].SecurityInfo))

	mac := feeds.V2["macos"]
	require.Empty(t, mac.OSVersions)
	require.Len(t, mac.BackgroundSecurityImprovements["13"], 1)
	mb := mac.BackgroundSecurityImprovements["13"][0]
	assert.Equal(t, "(c)", mb.VersionExtra)
	assert.Empty(t, mb.Build, "no offer names the macOS build: left out, not invented")
	assert.NotEmpty(t, mb.SupportedDevices)

	v1 := feeds.IOSV1.OSVersions[0]
	assert.Equal(t, "16.6", v1.Latest.ProductVersion)
	assert.Equal(t, r.UniqueCVEsCount, len(v1.SecurityReleases[0].CVEs))
	assert.Nil(t, v1.SupportedModels)
	assert.Nil(t, feeds.IOSV1.Models)
}

func TestSOFAExploitedAndDays(t *testing.T) {
	in := Input{Now: testNow, KEV: map[string]advisory.Date{"CVE-2026-0003": advisory.NewDate(2026, 3, 1)}}
	page := func(url string, date advisory.Date, ver string, entries ...advisory.Entry) *advisory.Advisory {
		return &advisory.Advisory{Origin: advisory.OriginPage, Title: "macOS Tahoe " + ver, URL: url, Released: date,
			Releases: []advisory.ProductVersion{{Platform: "macOS", Version: ver}}, Entries: entries}
	}
	in.Advisories = []*advisory.Advisory{
		page("https://support.apple.com/en-us/3", advisory.NewDate(2026, 3, 24), "26.4",
			advisory.Entry{Component: "Kernel", AvailableFor: "macOS Tahoe", Impact: "An attacker may gain kernel privileges. Apple is aware of a report that this issue may have been exploited.", Exploited: true,
				CVEs: []advisory.CVE{{ID: "CVE-2026-0001"}}},
			advisory.Entry{Component: "WebKit", AvailableFor: "macOS Tahoe", CVEs: []advisory.CVE{{ID: "CVE-2026-0003"}, {ID: "CVE-2026-0002"}}}),
		page("https://support.apple.com/en-us/1", advisory.NewDate(2025, 9, 15), "26", advisory.Entry{Component: "Audio", AvailableFor: "macOS Tahoe", CVEs: []advisory.CVE{{ID: "CVE-2025-0009"}}}),
		page("https://support.apple.com/en-us/2", advisory.NewDate(2026, 3, 4), "26.3.1"),
		page("https://support.apple.com/en-us/0", advisory.NewDate(2025, 9, 15), "15.7"),
	}
	feeds, err := SOFA(in)
	require.NoError(t, err)
	mac := feeds.V2["macos"]
	require.Len(t, mac.OSVersions, 2)
	assert.Equal(t, "Tahoe 26", mac.OSVersions[0].OSVersion)
	assert.Equal(t, "Sequoia 15", mac.OSVersions[1].OSVersion)
	rels := mac.OSVersions[0].SecurityReleases
	var got []string
	for _, r := range rels {
		got = append(got, r.ProductVersion+"/"+strconv.Itoa(r.DaysSincePreviousRelease))
	}
	assert.Equal(t, []string{"26.4/20", "26.3.1/170", "26.0/0"}, got, "newest first, days within the line")
	top := rels[0]
	assert.Equal(t, []string{"CVE-2026-0001", "CVE-2026-0003"}, top.ActivelyExploitedCVEs, "Apple's flag and KEV")
	assert.Equal(t, 3, top.UniqueCVEsCount)
	assert.Equal(t, SOFACVE{ActivelyExploited: true, InKEV: true, Component: "WebKit", NISTURL: "https://nvd.nist.gov/vuln/detail/CVE-2026-0003"}, top.CVEs["CVE-2026-0003"])
	assert.Equal(t, "critical", top.UpdateSummary.Priority)
	assert.Equal(t, 2, top.UpdateSummary.Stats.Exploited)
	assert.Equal(t, "26.4", mac.OSVersions[0].Latest.ProductVersion)
	for _, id := range top.SupportedDevices {
		d := mac.Devices[id]
		assert.NotEmpty(t, d.MarketingName, id)
	}
	v1 := feeds.MacOSV1.OSVersions[0]
	assert.Equal(t, map[string]bool{"CVE-2026-0001": true, "CVE-2026-0002": false, "CVE-2026-0003": true}, v1.Latest.CVEs)
	assert.NotEmpty(t, v1.SupportedModels)
	assert.NotEmpty(t, feeds.MacOSV1.Models)
	assert.Empty(t, feeds.V2["tvos"].OSVersions)
	assert.NotNil(t, feeds.V2["tvos"].OSVersions, "an empty feed lists no lines, as [] not null")
}

func TestSOFADeterministic(t *testing.T) {
	a, err := SOFA(rsr2023(t))
	require.NoError(t, err)
	b, err := SOFA(rsr2023(t))
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Len(t, a.V2["ios"].UpdateHash, 64)
	golden(t, "sofa-rsr-2023-ios-v2.golden.json", a.V2["ios"])
}

func TestSOFAErrors(t *testing.T) {
	_, err := SOFA(Input{})
	require.ErrorIs(t, err, ErrNoTime)
	_, err = SOFA(Input{Advisories: []*advisory.Advisory{nil}, Now: testNow})
	require.ErrorIs(t, err, ErrInvalidAdvisory)
	for _, o := range []BSIOffer{
		{Platform: "iOS", Version: "26.3.1"},
		{Platform: "Windows", Version: "26.3.1", Extra: "(a)"},
		{Platform: "iOS", Version: "twenty", Extra: "(a)"},
		{Platform: "iOS", Version: "26.3.1", Extra: "(a)", Build: "not a build!"},
	} {
		_, err = SOFA(Input{BSIs: []BSIOffer{o}, Now: testNow})
		require.ErrorIs(t, err, ErrInvalidOffer, "%+v", o)
		_, err = CSAF(Input{BSIs: []BSIOffer{o}, Now: testNow})
		require.ErrorIs(t, err, ErrInvalidOffer, "%+v", o)
	}
}

func TestSOFASupportedModelsByProductLine(t *testing.T) {
	a := &advisory.Advisory{Origin: advisory.OriginPage, Title: "macOS Tahoe 26.4", URL: "https://support.apple.com/en-us/9", Released: advisory.NewDate(2026, 3, 24),
		Releases: []advisory.ProductVersion{{Platform: "macOS", Version: "26.4"}}}
	feeds, err := SOFA(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
	require.NoError(t, err)
	var lines []string
	for _, m := range feeds.MacOSV1.OSVersions[0].SupportedModels {
		lines = append(lines, m.Model)
		assert.NotEmpty(t, m.Identifiers)
	}
	assert.Contains(t, lines, "MacBook Pro")
	assert.Contains(t, lines, "Mac mini")
	assert.IsIncreasing(t, lines)
}

func TestSOFAPartial(t *testing.T) {
	undated := &advisory.Advisory{Origin: advisory.OriginPage, Title: "iOS 26.4", URL: "https://support.apple.com/en-us/9",
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.4"}}}
	good := &advisory.Advisory{Origin: advisory.OriginPage, Title: "iOS 26.3", URL: "https://support.apple.com/en-us/8", Released: advisory.NewDate(2026, 2, 11),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.3"}}}
	feeds, err := SOFA(Input{Advisories: []*advisory.Advisory{undated, good}, Now: testNow})
	require.ErrorIs(t, err, ErrInvalidAdvisory)
	require.Len(t, feeds.V2["ios"].OSVersions, 1, "the dated advisory is still exported")
	assert.Equal(t, "26.3", feeds.V2["ios"].OSVersions[0].Latest.ProductVersion)

	files, err := WriteSOFA(context.Background(), t.TempDir(), Input{Advisories: []*advisory.Advisory{undated, good}, Now: testNow})
	require.ErrorIs(t, err, ErrInvalidAdvisory)
	assert.Len(t, files, 7)
}
