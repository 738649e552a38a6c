package version_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

func TestVersionAccessors(t *testing.T) {
	v := version.MustParse("iOS 26.3.1 (a) (23D771330a)")
	require.Equal(t, version.IOS, v.Platform())
	require.Equal(t, 26, v.Major())
	require.Equal(t, 3, v.Minor())
	require.Equal(t, 1, v.Patch())
	require.Equal(t, "a", v.Letter())
	require.Equal(t, "(a)", v.Extra())
	require.True(t, v.HasLetter())
	require.Equal(t, "23D771330a", v.Build().String())
	require.Equal(t, "26.3.1", v.Core())
	require.Equal(t, "iOS 26.3.1", v.Base().String())
	require.False(t, v.IsZero())

	w := v.WithBuild(version.Build{}).WithPlatform(version.IPadOS)
	require.Equal(t, "iPadOS 26.3.1 (a)", w.String())
	require.Equal(t, "iOS 26.3.1 (a) (23D771330a)", v.String(), "v is unchanged")

	x, err := v.WithLetter("C")
	require.NoError(t, err)
	require.Equal(t, "c", x.Letter())
	x, err = v.WithLetter("")
	require.NoError(t, err)
	require.Equal(t, "", x.Extra())
	_, err = v.WithLetter("ab")
	require.ErrorIs(t, err, version.ErrInvalid)

	s := version.MustParse("Safari 18")
	require.Equal(t, 18, s.Major())
	require.Equal(t, 0, s.Minor())
	require.Equal(t, "18", s.Core())

	var zero version.Version
	require.True(t, zero.IsZero())
	require.Equal(t, "", zero.String())
	require.Equal(t, "", zero.Core())
	require.Equal(t, "", zero.Letter())
	require.True(t, zero.Line().IsZero())
}

func TestVersionCompare(t *testing.T) {
	// Display order within a platform, each strictly before the next.
	ordered := []string{
		"iOS 18.7.7",
		"iOS 26.3",
		"iOS 26.3.1",
		"iOS 26.3.1 (23D8133)",
		"iOS 26.3.1 (a)",
		"iOS 26.3.1 (a) (23D771330a)",
		"iOS 26.3.1 (b)",
		"iOS 26.3.2",
		"iOS 26.4",
		"iOS 26.4.1",
		"iOS 27",
	}
	for i := range ordered {
		for j := range ordered {
			v, w := version.MustParse(ordered[i]), version.MustParse(ordered[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			require.Equal(t, want, v.Compare(w), "%s vs %s", v, w)
			require.Equal(t, i < j, v.Less(w))
			require.Equal(t, i == j, v.Equal(w))
		}
	}

	tests := []struct {
		name string
		a, b string
		want int
	}{
		// Missing components are zero.
		{"written shorter", "iOS 26.4", "iOS 26.4.0", 0},
		{"safari major only", "Safari 18", "Safari 18.0", 0},
		// Different platforms: by platform name, whatever the numbers.
		{"platforms", "iOS 26.4", "macOS 11.0", -1},
		{"platforms reversed", "macOS 11.0", "iOS 26.4", 1},
		{"ios before ipados", "iOS 26.4", "iPadOS 18.0", -1},
		// Names compare without regard to case: "iOS" before "Safari".
		{"case ignored", "Safari 1.0", "iOS 27", 1},
		{"audioos first", "audioOS 26.2", "iOS 1.0", -1},
		// Same core and letter: by build, no build first.
		{"build zero first", "macOS 26.3.2 (a)", "macOS 26.3.2 (a) (25D771400a)", -1},
		{"build order", "iOS 26.4 (23E240)", "iOS 26.4 (23E244)", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := version.MustParse(tc.a), version.MustParse(tc.b)
			require.Equal(t, tc.want, a.Compare(b))
			require.Equal(t, -tc.want, b.Compare(a))
		})
	}

	// Sorting with slices.SortFunc uses Compare directly.
	vs := []version.Version{version.MustParse("iOS 26.4"), version.MustParse("iOS 26.3.1 (a)"), version.MustParse("iOS 26.3.2")}
	slices.SortFunc(vs, version.Version.Compare)
	require.Equal(t, "iOS 26.3.1 (a)", vs[0].String())
	require.Equal(t, "iOS 26.3.2", vs[1].String())
}

func TestVersionText(t *testing.T) {
	type doc struct {
		Fixed version.Version  `json:"fixed"`
		None  version.Version  `json:"none"`
		Ptr   *version.Version `json:"ptr,omitempty"`
	}
	v := version.MustParse("macOS Tahoe 26.3.2 (a) (25D771400a)")
	b, err := json.Marshal(doc{Fixed: v, Ptr: &v})
	require.NoError(t, err)
	require.JSONEq(t, `{"fixed":"macOS 26.3.2 (a) (25D771400a)","none":"","ptr":"macOS 26.3.2 (a) (25D771400a)"}`, string(b))

	var back doc
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, v, back.Fixed)
	require.True(t, back.None.IsZero())

	// Invalid text is an error that wraps ErrInvalid.
	err = json.Unmarshal([]byte(`{"fixed":"Windows 10"}`), &back)
	require.ErrorIs(t, err, version.ErrInvalid)
	err = json.Unmarshal([]byte(`{"fixed":"26.3.1 (a)"}`), &back)
	require.ErrorIs(t, err, version.ErrMissingPlatform)

	text, err := v.MarshalText()
	require.NoError(t, err)
	var w version.Version
	require.NoError(t, w.UnmarshalText(text))
	require.Equal(t, v, w)
}

func TestVersionLine(t *testing.T) {
	tests := []struct {
		in       string
		line     string
		minor    int
		name     string
		sameAs   string // a version on the same line
		otherOne string // a version on another line
	}{
		// Modern lines are majors.
		{"iOS 26.3.1 (a)", "iOS 26", -1, "", "iOS 26.4", "iOS 18.7.7"},
		{"macOS 26.2", "macOS 26", -1, "Tahoe", "macOS 26.4.1", "macOS 15.7.4"},
		{"macOS 11.7.10", "macOS 11", -1, "Big Sur", "macOS 11.0", "macOS 12.0"},
		// macOS 10 lines are major.minor.
		{"macOS 10.15.7", "macOS 10.15", 15, "Catalina", "macOS 10.15", "macOS 10.14.6"},
		{"macOS 10.14.6", "macOS 10.14", 14, "Mojave", "macOS 10.14.1", "macOS 10.15.7"},
		{"Safari 18.6", "Safari 18", -1, "", "Safari 18", "Safari 26.4"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			l := version.MustParse(tc.in).Line()
			require.Equal(t, tc.line, l.String())
			require.Equal(t, tc.minor, l.Minor())
			require.Equal(t, tc.name, l.MarketingName())
			require.Equal(t, l, version.MustParse(tc.sameAs).Line())
			require.NotEqual(t, l, version.MustParse(tc.otherOne).Line())
			require.Equal(t, 0, l.Compare(version.MustParse(tc.sameAs).Line()))
		})
	}
	a, b := version.MustParse("macOS 10.14.6").Line(), version.MustParse("macOS 10.15").Line()
	require.Equal(t, -1, a.Compare(b))
	require.Equal(t, 1, version.MustParse("macOS 11.0").Line().Compare(b))
	require.Equal(t, version.MacOS, a.Platform())
	require.Equal(t, 10, a.Major())
}

func TestComparePlatforms(t *testing.T) {
	ps := version.Platforms()
	for i := range ps {
		require.True(t, ps[i].Valid())
		for j := range ps {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			require.Equal(t, want, version.ComparePlatforms(ps[i], ps[j]), "%s vs %s", ps[i], ps[j])
		}
	}
	require.Equal(t, []version.Platform{version.AudioOS, version.IOS, version.IPadOS, version.MacOS, version.Safari, version.TvOS, version.VisionOS, version.WatchOS}, ps)
	// Unknown spellings still order totally.
	require.Equal(t, -1, version.ComparePlatforms("IOS", "iOS"))
	require.Equal(t, 1, version.ComparePlatforms("iOSx", "iOS"))
	require.False(t, version.Platform("ios").Valid())
}
