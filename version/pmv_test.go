package version_test

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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// The -update flag rewrites golden files. Another test file of the package
// may define it as a package variable, which is initialized before init runs.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

// updating reports whether -update was given.
func updating() bool {
	g, ok := flag.Lookup("update").Value.(flag.Getter)
	return ok && g.Get() == true
}

const pmvDir = "../testdata/pmv"

// parsePMVFile parses a fixture of testdata/pmv.
func parsePMVFile(t testing.TB, name string) *version.PMV {
	t.Helper()
	f, err := os.Open(filepath.Join(pmvDir, name))
	require.NoError(t, err)
	defer f.Close()
	p, err := version.ParsePMV(f)
	require.NoError(t, err)
	return p
}

// TestParsePMVGolden parses each fixture and compares the result, as JSON,
// with its golden file (rewritten with -update).
func TestParsePMVGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(pmvDir, "*.json"))
	require.NoError(t, err)
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.json") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(parsePMVFile(t, filepath.Base(in)), "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := filepath.Join(pmvDir, name+".golden.json")
			if updating() {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create it")
			assert.JSONEq(t, string(want), string(got))
		})
	}
	require.Equal(t, 2, n, "fixtures in %s", pmvDir)
}

// TestParsePMVSplitsPlatforms checks that one asset becomes one offer per
// platform of its devices, with its set, dates and prerequisite.
func TestParsePMVSplitsPlatforms(t *testing.T) {
	p := parsePMVFile(t, "bsi_2026.json")

	// 4 iOS-list assets -> iOS+iPadOS, iOS+iPadOS, watchOS, tvOS+audioOS;
	// 2 macOS, 1 visionOS; AssetSets: iOS+iPadOS, macOS.
	require.Len(t, p.Releases, 13)
	perPlatform := map[version.Platform]int{}
	for _, o := range p.Releases {
		perPlatform[o.Version.Platform()]++
	}
	assert.Equal(t, map[version.Platform]int{
		version.IOS: 3, version.IPadOS: 3, version.WatchOS: 1, version.TvOS: 1,
		version.AudioOS: 1, version.MacOS: 3, version.VisionOS: 1,
	}, perPlatform)

	require.Len(t, p.BSIs, 4)
	ios := p.BSIs[0]
	assert.Equal(t, "iOS 26.3.1 (a) (23D771330a)", ios.Version.String())
	assert.Equal(t, "23D8133", ios.PrerequisiteBuild.String())
	assert.Equal(t, []string{"iPhone12,1", "iPhone18,1"}, ios.Devices)
	assert.True(t, ios.Public)
	assert.Equal(t, version.SetPublicBSI, ios.Set)
	assert.Equal(t, time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC), ios.Posted)
	assert.Equal(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ios.Expires)
	ipad := p.BSIs[1]
	assert.Equal(t, "iPadOS 26.3.1 (a) (23D771330a)", ipad.Version.String())
	assert.Equal(t, []string{"iPad16,3"}, ipad.Devices)

	for _, o := range p.Releases {
		if o.Set == version.SetAssets {
			assert.False(t, o.Public, o.Version.String())
		}
	}
}

// TestPMVQueries checks OffersFor, NewestFor and BSIFor on the fixture.
func TestPMVQueries(t *testing.T) {
	p := parsePMVFile(t, "bsi_2026.json")

	t.Run("OffersFor", func(t *testing.T) {
		var got []string
		for _, o := range p.OffersFor("IPHONE12,1") { // case is ignored
			got = append(got, o.Version.String())
		}
		// Display order: the BSI sorts above its base, below 26.4.
		assert.Equal(t, []string{"iOS 26.4 (23E246)", "iOS 26.3.1 (a) (23D771330a)", "iOS 26.3.1 (23D8133)"}, got)
		assert.Empty(t, p.OffersFor("iPhone99,9"))
	})

	newest := []struct {
		name     string
		device   string
		platform version.Platform
		want     string // "" for none
	}{
		// An iPhone on the current line.
		{"iPhone", "iPhone18,1", version.IOS, "iOS 26.4 (23E246)"},
		// The same asset gives iPads an iPadOS version.
		{"iPad", "iPad8,1", version.IPadOS, "iPadOS 26.4 (23E246)"},
		// The iPad 7th generation stops at 18.
		{"iPad left on 18", "iPad7,11", "", "iPadOS 18.7.7 (22H320)"},
		// Asking for the wrong platform finds nothing.
		{"wrong platform", "iPad8,1", version.IOS, ""},
		// Apple Watch assets sit in the iOS list.
		{"Watch", "Watch7,5", version.WatchOS, "watchOS 26.4 (23T246)"},
		// So do Apple TV and HomePod.
		{"HomePod", "AudioAccessory5,1", "", "audioOS 26.4 (23L246)"},
		{"Apple TV", "AppleTV6,2", version.TvOS, "tvOS 26.4 (23L246)"},
		// Mac board IDs, Apple silicon and Intel.
		{"Mac", "J413AP", version.MacOS, "macOS 26.4 (25E246)"},
		{"Intel Mac", "Mac-AA95B1DDAB278B95", version.MacOS, "macOS 15.7.5 (24G517)"},
		{"Vision Pro", "RealityDevice14,1", "", "visionOS 26.4 (23O246)"},
		// Unknown devices have no offer.
		{"unknown", "iPhone1,1", "", ""},
	}
	for _, tc := range newest {
		t.Run("NewestFor/"+tc.name, func(t *testing.T) {
			v, ok := p.NewestFor(tc.device, tc.platform)
			if tc.want == "" {
				assert.False(t, ok, v.String())
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, v.String())
		})
	}

	bsi := []struct {
		name   string
		device string
		base   string
		want   []string
	}{
		// The base with its build: the BSI that installs on it.
		{"iOS with build", "iPhone12,1", "iOS 26.3.1 (23D8133)", []string{"iOS 26.3.1 (a) (23D771330a)"}},
		// Without a build, the version alone decides.
		{"iOS without build", "iPhone18,1", "iOS 26.3.1", []string{"iOS 26.3.1 (a) (23D771330a)"}},
		// A letter on the base is ignored: a device on (a) sees (a) again.
		{"iOS on (a)", "iPhone18,1", "iOS 26.3.1 (a)", []string{"iOS 26.3.1 (a) (23D771330a)"}},
		// iPads get the iPadOS split of the same asset.
		{"iPadOS", "iPad16,3", "iPadOS 26.3.1", []string{"iPadOS 26.3.1 (a) (23D771330a)"}},
		// A different build of the same version is another base.
		{"build mismatch", "iPhone12,1", "iOS 26.3.1 (23D9999)", nil},
		// BSIs install only on their base, not on older versions.
		{"older base", "iPhone12,1", "iOS 26.3", nil},
		// Nor on a newer one that sorts above the BSI.
		{"newer base", "iPhone12,1", "iOS 26.3.2", nil},
		// The MacBook Neo's own base.
		{"macOS 26.3.2", "J700AP", "macOS 26.3.2 (25D2140)", []string{"macOS 26.3.2 (a) (25D771400a)"}},
		// The other Macs' base.
		{"macOS 26.3.1", "J413AP", "macOS 26.3.1", []string{"macOS 26.3.1 (a) (25D771280a)"}},
		// A device the BSI does not list.
		{"not listed", "J700AP", "macOS 26.3.1", nil},
	}
	for _, tc := range bsi {
		t.Run("BSIFor/"+tc.name, func(t *testing.T) {
			var got []string
			for _, o := range p.BSIFor(tc.device, version.MustParse(tc.base)) {
				got = append(got, o.Version.String())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestParsePMVRapidSecurityResponses reads the pre-2025 set name and iOS 12
// iPad assets, which are iOS, not iPadOS.
func TestParsePMVRapidSecurityResponses(t *testing.T) {
	p := parsePMVFile(t, "rsr_2023.json")
	require.Len(t, p.BSIs, 3)
	assert.Equal(t, "iOS 16.5.1 (c) (20F770750d)", p.BSIs[0].Version.String())
	assert.Equal(t, version.SetPublicRSR, p.BSIs[0].Set)
	assert.True(t, p.BSIs[0].Public)
	assert.Equal(t, "macOS 13.4.1 (c) (22F770820d)", p.BSIs[2].Version.String())

	v, ok := p.NewestFor("iPad4,1", "")
	require.True(t, ok)
	assert.Equal(t, version.IOS, v.Platform(), "iPads on iOS 12 run iOS")
	v, ok = p.NewestFor("iPod9,1", "")
	require.True(t, ok)
	assert.Equal(t, "iOS 15.7.7 (19H357)", v.String())
	assert.Len(t, p.BSIFor("iPad13,18", version.MustParse("iPadOS 16.5.1 (20F75)")), 1)
}

// TestParsePMVErrors feeds malformed responses: each is rejected with a
// *PMVError wrapping ErrInvalidPMV that names where it went wrong.
func TestParsePMVErrors(t *testing.T) {
	const dev = `"SupportedDevices":["iPhone12,1"]`
	tests := []struct {
		name     string
		in       string
		path     string // wanted PMVError.Path
		alsoIs   error  // a further error the result must wrap, or nil
		wantJSON bool   // the cause is a JSON error
	}{
		// An HTML error page instead of JSON.
		{"html", "<html><body>Service Unavailable</body></html>", "", nil, true},
		// Empty body.
		{"empty", "", "", nil, true},
		// JSON but an array.
		{"array", `[]`, "", nil, true},
		// JSON null.
		{"null", `null`, "", nil, false},
		// An object with none of the sets.
		{"no sets", `{"etag":"x"}`, "", nil, false},
		// Two documents.
		{"trailing data", `{"PublicAssetSets":{}} {}`, "", nil, false},
		// A set that is a list.
		{"set shape", `{"PublicAssetSets":[]}`, "PublicAssetSets", nil, true},
		// An OS key that names no platform.
		{"unknown OS", `{"PublicAssetSets":{"Windows":[]}}`, "PublicAssetSets.Windows", nil, false},
		// An OS list that is an object.
		{"list shape", `{"AssetSets":{"iOS":{}}}`, "AssetSets.iOS", nil, true},
		// An asset that is a number.
		{"asset shape", `{"AssetSets":{"iOS":[1]}}`, "AssetSets.iOS[0]", nil, true},
		// No ProductVersion.
		{"no ProductVersion", `{"AssetSets":{"iOS":[{"Build":"23E246",` + dev + `}]}}`, "AssetSets.iOS[0].ProductVersion", nil, false},
		// ProductVersion of the wrong type.
		{"ProductVersion number", `{"AssetSets":{"iOS":[{"ProductVersion":26.4,` + dev + `}]}}`, "AssetSets.iOS[0]", nil, true},
		// A version that does not parse.
		{"bad version", `{"AssetSets":{"iOS":[{"ProductVersion":"26.x",` + dev + `}]}}`, "AssetSets.iOS[0].ProductVersion", version.ErrInvalid, false},
		// A major iOS never had.
		{"skipped major", `{"AssetSets":{"iOS":[{"ProductVersion":"21.0",` + dev + `}]}}`, "AssetSets.iOS[0].ProductVersion", version.ErrInvalid, false},
		// A build that does not parse.
		{"bad build", `{"AssetSets":{"iOS":[{"ProductVersion":"26.4","Build":"build-1",` + dev + `}]}}`, "AssetSets.iOS[0].ProductVersion", version.ErrInvalidBuild, false},
		// A prerequisite that does not parse.
		{"bad prerequisite", `{"PublicBackgroundSecurityImprovements":{"iOS":[{"ProductVersion":"26.3.1","ProductVersionExtra":"(a)","PrerequisiteBuild":"x",` + dev + `}]}}`, "PublicBackgroundSecurityImprovements.iOS[0].PrerequisiteBuild", version.ErrInvalidBuild, false},
		// A date in another format.
		{"bad date", `{"AssetSets":{"iOS":[{"ProductVersion":"26.4","PostingDate":"03/24/2026",` + dev + `}]}}`, "AssetSets.iOS[0].PostingDate", nil, false},
		// No devices.
		{"no devices", `{"AssetSets":{"iOS":[{"ProductVersion":"26.4"}]}}`, "AssetSets.iOS[0].SupportedDevices", nil, false},
		// An empty device name.
		{"empty device", `{"AssetSets":{"iOS":[{"ProductVersion":"26.4","SupportedDevices":["iPhone12,1"," "]}]}}`, "AssetSets.iOS[0].SupportedDevices[1]", nil, false},
		// A BSI without its letter.
		{"BSI without extra", `{"PublicBackgroundSecurityImprovements":{"iOS":[{"ProductVersion":"26.3.1",` + dev + `}]}}`, "PublicBackgroundSecurityImprovements.iOS[0].ProductVersionExtra", nil, false},
		// A letter that is no letter.
		{"bad extra", `{"PublicBackgroundSecurityImprovements":{"iOS":[{"ProductVersion":"26.3.1","ProductVersionExtra":"(aa)",` + dev + `}]}}`, "PublicBackgroundSecurityImprovements.iOS[0].ProductVersion", version.ErrInvalid, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := version.ParsePMV(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Nil(t, p)
			require.ErrorIs(t, err, version.ErrInvalidPMV)
			var pe *version.PMVError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.path, pe.Path)
			if tc.alsoIs != nil {
				require.ErrorIs(t, err, tc.alsoIs)
			}
			if tc.wantJSON {
				assert.Error(t, pe.Err, "the JSON error is kept")
			}
			assert.True(t, strings.HasPrefix(err.Error(), "version: "), err.Error())
		})
	}

	t.Run("reader fails", func(t *testing.T) {
		_, err := version.ParsePMV(iotest.ErrReader(io.ErrUnexpectedEOF))
		require.ErrorIs(t, err, version.ErrInvalidPMV)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	t.Run("too large", func(t *testing.T) {
		big := io.MultiReader(strings.NewReader(`{"x":"`), io.LimitReader(zeros{}, 9<<20))
		_, err := version.ParsePMV(big)
		require.ErrorIs(t, err, version.ErrInvalidPMV)
	})
}

// zeros is an endless reader of '0' bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}
