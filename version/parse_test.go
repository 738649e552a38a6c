package version_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/version"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		platform version.Platform
		core     string
		letter   string
		build    string
		str      string // canonical String()
	}{
		// A BSI as the BSI advisory and mail name it.
		{"bsi", "iOS 26.3.1 (a)", version.IOS, "26.3.1", "a", "", "iOS 26.3.1 (a)"},
		// A BSI with its build, as the pmv feed pairs them.
		{"bsi with build", "iOS 26.3.1 (a) (23D771330a)", version.IOS, "26.3.1", "a", "23D771330a", "iOS 26.3.1 (a) (23D771330a)"},
		// Four components are never written; three are.
		{"ipados three components", "iPadOS 17.7.10", version.IPadOS, "17.7.10", "", "", "iPadOS 17.7.10"},
		// Current macOS titles carry the marketing name, which is checked and dropped.
		{"macos tahoe", "macOS Tahoe 26.2", version.MacOS, "26.2", "", "", "macOS 26.2"},
		{"macos sequoia", "macOS Sequoia 15.7.4", version.MacOS, "15.7.4", "", "", "macOS 15.7.4"},
		// Two-word marketing name.
		{"macos big sur", "macOS Big Sur 11.7.10", version.MacOS, "11.7.10", "", "", "macOS 11.7.10"},
		// Safari keeps the written form: "26.4", not "26.4.0".
		{"safari", "Safari 26.4", version.Safari, "26.4", "", "", "Safari 26.4"},
		// Safari 18 is written with its major alone.
		{"safari major only", "Safari 18", version.Safari, "18", "", "", "Safari 18"},
		{"watchos", "watchOS 26.3", version.WatchOS, "26.3", "", "", "watchOS 26.3"},
		{"visionos", "visionOS 2.4.1", version.VisionOS, "2.4.1", "", "", "visionOS 2.4.1"},
		{"tvos", "tvOS 18.4.1", version.TvOS, "18.4.1", "", "", "tvOS 18.4.1"},
		// OS X era name with the 10.x line's own marketing name.
		{"os x el capitan", "OS X El Capitan 10.11.6", version.MacOS, "10.11.6", "", "", "macOS 10.11.6"},
		// Older advisories prefix the number with "v".
		{"os x v prefix", "OS X Mountain Lion v10.8.5", version.MacOS, "10.8.5", "", "", "macOS 10.8.5"},
		{"mac os x", "Mac OS X 10.6.8", version.MacOS, "10.6.8", "", "", "macOS 10.6.8"},
		// The oldest name of iOS.
		{"iphone os", "iPhone OS 3.1.3", version.IOS, "3.1.3", "", "", "iOS 3.1.3"},
		// visionOS's pre-release name, as some feeds still write it.
		{"xros alias", "xrOS 1.0.3", version.VisionOS, "1.0.3", "", "", "visionOS 1.0.3"},
		// Developer release feed form: build without a letter.
		{"build no letter", "iOS 26.2 (23C55)", version.IOS, "26.2", "", "23C55", "iOS 26.2 (23C55)"},
		// Letter glued to the number.
		{"glued letter", "macOS 26.3.2(a)", version.MacOS, "26.3.2", "a", "", "macOS 26.3.2 (a)"},
		// Upper-case letter normalised to lower case.
		{"upper letter", "iOS 26.3.1 (A)", version.IOS, "26.3.1", "a", "", "iOS 26.3.1 (a)"},
		// Platform matched without regard to case, NBSP and extra spaces tolerated.
		{"case and spaces", "  IOS\u00a0 16.5.1   (c) ", version.IOS, "16.5.1", "c", "", "iOS 16.5.1 (c)"},
		// Bare build after the letter.
		{"bare build", "iOS 16.5.1 (c) 20F770750d", version.IOS, "16.5.1", "c", "20F770750d", "iOS 16.5.1 (c) (20F770750d)"},
		// HomePod software, numbered like the rest since 26.
		{"homepod", "HomePod Software 26.2", version.AudioOS, "26.2", "", "", "audioOS 26.2"},
		// x.0 as some pages write it.
		{"dot zero", "iOS 26.0", version.IOS, "26.0", "", "", "iOS 26.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := version.Parse(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.platform, v.Platform())
			require.Equal(t, tc.core, v.Core())
			require.Equal(t, tc.letter, v.Letter())
			require.Equal(t, tc.build, v.Build().String())
			require.Equal(t, tc.str, v.String())
			w, err := version.Parse(v.String())
			require.NoError(t, err)
			require.Equal(t, v, w, "round trip through String")
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		cause error // a specific sentinel besides ErrInvalid, or nil
	}{
		// Nothing at all.
		{"empty", "", version.ErrMissingPlatform},
		// Only spaces.
		{"blank", "   ", version.ErrMissingPlatform},
		// A platform and no number.
		{"platform only", "iOS", nil},
		// Empty component.
		{"double dot", "iOS 26..1", nil},
		// Trailing dot.
		{"trailing dot", "iOS 26.3.", nil},
		// Two letters are no BSI letter and no build.
		{"two letters", "iOS 26.3.1 (aa)", nil},
		// A digit where a letter should be: not a build either.
		{"digit letter", "iOS 26.3.1 (1)", nil},
		// Negative numbers do not exist.
		{"negative", "iOS -1", nil},
		// Overflow must be an error, not a wrap-around.
		{"huge", "iOS 99999999999999999999", nil},
		// Not an Apple platform.
		{"windows", "Windows 10", version.ErrUnknownPlatform},
		// Parse needs the platform; ParseFor does not.
		{"no platform", "26.3.1 (a)", version.ErrMissingPlatform},
		// Four components.
		{"four components", "iOS 26.3.1.1", nil},
		// Leading zeros are not Apple's.
		{"leading zero", "iOS 26.03", nil},
		// Year-based numbering skipped iOS 19 to 25.
		{"ios 19", "iOS 19.0", nil},
		// And macOS 16 to 25.
		{"macos 16", "macOS 16.1", nil},
		// iPadOS began at 13.
		{"ipados 12", "iPadOS 12.5.7", nil},
		// The marketing name must agree with the number.
		{"name mismatch", "macOS Tahoe 15.2", nil},
		// A 10.x name must agree with the minor.
		{"name mismatch 10.x", "OS X El Capitan 10.12.6", nil},
		// A marketing name alone is a line, not a version.
		{"name only", "macOS Sequoia", nil},
		// Unclosed parenthesis.
		{"unclosed", "iOS 26.3.1 (a", nil},
		// A bad build.
		{"bad build", "iOS 26.3.1 (a) (23d771330a)", version.ErrInvalidBuild},
		// Garbage after the build.
		{"trailing garbage", "iOS 26.3.1 (a) (23D771330a) beta", nil},
		// Letters glued to the number.
		{"glued word", "iOS 26.3beta", nil},
		// Over-long input is refused before any work.
		{"too long", "iOS 26." + string(make([]byte, 500)), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := version.Parse(tc.in)
			require.ErrorIs(t, err, version.ErrInvalid)
			require.True(t, v.IsZero())
			var pe *version.ParseError
			require.ErrorAs(t, err, &pe)
			require.NotEmpty(t, pe.Detail)
			if tc.cause != nil {
				require.ErrorIs(t, err, tc.cause)
			}
		})
	}
}

func TestParseFor(t *testing.T) {
	tests := []struct {
		name string
		p    version.Platform
		in   string
		want string
	}{
		// The pmv/osquery spelling with a space.
		{"letter", version.IOS, "26.3.1 (a)", "iOS 26.3.1 (a)"},
		// Glued letter.
		{"glued", version.IOS, "26.3.1(a)", "iOS 26.3.1 (a)"},
		// Bare build after the letter.
		{"bare build", version.IOS, "26.3.1 (a) 23D771330a", "iOS 26.3.1 (a) (23D771330a)"},
		{"plain", version.MacOS, "26.2", "macOS 26.2"},
		// Marketing name without platform.
		{"name", version.MacOS, "Sonoma 14.8.4", "macOS 14.8.4"},
		// The same platform written out is accepted.
		{"platform repeated", version.IPadOS, "iPadOS 26.4", "iPadOS 26.4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := version.ParseFor(tc.p, tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.want, v.String())
		})
	}
}

func TestParseForInvalid(t *testing.T) {
	tests := []struct {
		name string
		p    version.Platform
		in   string
	}{
		// Another platform's name.
		{"other platform", version.IOS, "macOS 26.2"},
		// Unknown platform value.
		{"bad platform", version.Platform("Windows"), "10"},
		// The zero platform.
		{"zero platform", "", "26.2"},
		{"empty", version.IOS, ""},
		// A name on a platform without names.
		{"name on ios", version.IOS, "Tahoe 26.2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := version.ParseFor(tc.p, tc.in)
			require.ErrorIs(t, err, version.ErrInvalid)
		})
	}
}

func TestFromParts(t *testing.T) {
	tests := []struct {
		name                  string
		p                     version.Platform
		product, extra, build string
		want                  string
	}{
		// osquery: the letter apart, in parentheses.
		{"osquery", version.MacOS, "13.3.1", "(a)", "", "macOS 13.3.1 (a)"},
		// A bare letter.
		{"bare letter", version.MacOS, "13.3.1", "a", "", "macOS 13.3.1 (a)"},
		// pmv BSI entry.
		{"pmv bsi", version.IOS, "26.3.1", "(a)", "23D771330a", "iOS 26.3.1 (a) (23D771330a)"},
		// pmv mainline entry.
		{"pmv mainline", version.WatchOS, "9.6.4", "", "20U512", "watchOS 9.6.4 (20U512)"},
		{"no extra", version.IOS, "17.7.11", "", "", "iOS 17.7.11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := version.FromParts(tc.p, tc.product, tc.extra, tc.build)
			require.NoError(t, err)
			require.Equal(t, tc.want, v.String())
		})
	}
}

func TestFromPartsInvalid(t *testing.T) {
	tests := []struct {
		name                  string
		p                     version.Platform
		product, extra, build string
		cause                 error
	}{
		// The letter belongs in extra.
		{"letter in product", version.IOS, "26.3.1 (a)", "", "", nil},
		{"two letters", version.IOS, "26.3.1", "(ab)", "", nil},
		{"bad build", version.IOS, "26.3.1", "(a)", "x", version.ErrInvalidBuild},
		{"empty product", version.IOS, "", "", "", nil},
		{"bad platform", version.Platform("ios"), "26.3.1", "", "", version.ErrUnknownPlatform},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := version.FromParts(tc.p, tc.product, tc.extra, tc.build)
			require.ErrorIs(t, err, version.ErrInvalid)
			if tc.cause != nil {
				require.ErrorIs(t, err, tc.cause)
			}
		})
	}
}

func TestParsePlatform(t *testing.T) {
	tests := []struct {
		in   string
		want version.Platform
		ok   bool
	}{
		{"ios", version.IOS, true},
		{"iOS", version.IOS, true},
		{"iPhone OS", version.IOS, true},
		{"iPadOS", version.IPadOS, true},
		{"OS X", version.MacOS, true},
		{"Mac OS X", version.MacOS, true},
		{"macOS", version.MacOS, true},
		{"xrOS", version.VisionOS, true},
		{"visionOS", version.VisionOS, true},
		{"Safari", version.Safari, true},
		{"watchOS", version.WatchOS, true},
		{"tvOS", version.TvOS, true},
		{"HomePod Software", version.AudioOS, true},
		// Unknown names and trailing words are refused.
		{"Windows", "", false},
		{"iOS 26", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := version.ParsePlatform(tc.in)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.want, got)
			if ok {
				require.True(t, got.Valid())
			}
		})
	}
}

func TestMajorExists(t *testing.T) {
	tests := []struct {
		p     version.Platform
		major int
		want  bool
		next  int
	}{
		{version.IOS, 18, true, 26},
		{version.IOS, 19, false, 0},
		{version.IOS, 26, true, 27},
		{version.IPadOS, 12, false, 0},
		{version.IPadOS, 13, true, 14},
		{version.MacOS, 10, true, 11},
		{version.MacOS, 15, true, 26},
		{version.MacOS, 9, false, 0},
		{version.WatchOS, 11, true, 26},
		{version.TvOS, 18, true, 26},
		{version.VisionOS, 2, true, 26},
		{version.VisionOS, 3, false, 0},
		{version.Safari, 18, true, 26},
		{version.Platform("Windows"), 10, false, 0},
	}
	for _, tc := range tests {
		t.Run(string(tc.p)+" "+strconv.Itoa(tc.major), func(t *testing.T) {
			require.Equal(t, tc.want, version.MajorExists(tc.p, tc.major))
			require.Equal(t, tc.next, version.NextMajor(tc.p, tc.major))
		})
	}
}

// versionInText finds platform-and-version phrases in real mails.
var versionInText = regexp.MustCompile(`(iOS|iPadOS|macOS|OS X|Safari|watchOS|tvOS|visionOS)( [A-Z][a-z]+){0,2} v?[0-9]+(\.[0-9]+)*( \([a-z]\))?`)

func TestConformanceMailVersions(t *testing.T) {
	dir := realworld.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "apple-sa", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, m := range versionInText.FindAllString(text, -1) {
			// Phrases such as "iOS 12 and later" or "macOS Sonoma 14" are
			// still versions; only words before the number that are not a
			// marketing name are skipped (e.g. "Safari Private Browsing 2").
			if !plausibleVersionPhrase(m) {
				continue
			}
			v, err := version.Parse(m)
			require.NoError(t, err, "%s: %q", filepath.Base(f), m)
			w, err := version.Parse(v.String())
			require.NoError(t, err)
			require.Equal(t, v, w)
			seen++
		}
	}
	require.Greater(t, seen, 100, "versions found in the mails")
}

// plausibleVersionPhrase reports whether the words between the platform and
// the number, if any, are a macOS marketing name.
func plausibleVersionPhrase(m string) bool {
	words := strings.Fields(m)
	if len(words) <= 2 || words[0] == "OS" && len(words) == 3 {
		return true
	}
	start, end := 1, len(words)-1
	if words[0] == "OS" {
		start = 2
	}
	if start >= end {
		return true
	}
	_, ok := version.LineForMarketingName(strings.Join(words[start:end], " "))
	return ok
}

func TestConformancePMVVersions(t *testing.T) {
	path := realworld.Path(t, "apple-gdmf/pmv.json")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	type asset struct {
		ProductVersion      string
		ProductVersionExtra string
		Build               string
		PrerequisiteBuild   string
		SupportedDevices    []string
	}
	var doc map[string]map[string][]asset
	require.NoError(t, json.Unmarshal(b, &doc))
	n := 0
	for set, byOS := range doc {
		for key, assets := range byOS {
			for _, a := range assets {
				p := version.Platform(key)
				if key == "iOS" && len(a.SupportedDevices) > 0 {
					// The "iOS" key holds the whole iOS family; the product
					// type says which system it is.
					switch d := a.SupportedDevices[0]; {
					case strings.HasPrefix(d, "Watch"):
						p = version.WatchOS
					case strings.HasPrefix(d, "AppleTV"):
						p = version.TvOS
					case strings.HasPrefix(d, "AudioAccessory"):
						p = version.AudioOS
					}
				}
				v, err := version.FromParts(p, a.ProductVersion, a.ProductVersionExtra, a.Build)
				require.NoError(t, err, "%s/%s %+v", set, key, a)
				require.Equal(t, a.Build, v.Build().String())
				w, err := version.Parse(v.String())
				require.NoError(t, err)
				require.Equal(t, v, w)
				if a.PrerequisiteBuild != "" {
					// A BSI's build sorts after the build it installs on.
					pre, err := version.ParseBuild(a.PrerequisiteBuild)
					require.NoError(t, err)
					require.Equal(t, -1, pre.Compare(v.Build()), "%s < %s", pre, v.Build())
					require.True(t, v.HasLetter())
				}
				n++
			}
		}
	}
	require.Greater(t, n, 50)
}

func TestConformanceDeveloperReleaseTitles(t *testing.T) {
	path := realworld.Path(t, "apple-developer/releases.rss")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	titles := regexp.MustCompile(`<title>([^<]*)</title>`).FindAllStringSubmatch(string(b), -1)
	ok, beta := 0, 0
	for _, m := range titles {
		title := m[1]
		words := strings.Fields(title)
		if len(words) == 0 {
			continue
		}
		if _, isPlatform := version.ParsePlatform(words[0]); !isPlatform {
			continue // Xcode, TestFlight...: not platforms
		}
		v, err := version.Parse(title)
		if strings.Contains(title, " beta") || strings.Contains(title, " RC") {
			// Pre-releases are not versions a fix can name.
			require.ErrorIs(t, err, version.ErrInvalid, title)
			beta++
			continue
		}
		require.NoError(t, err, title)
		require.False(t, v.Build().IsZero(), title)
		ok++
	}
	require.Positive(t, ok)
	require.Positive(t, beta)
}
