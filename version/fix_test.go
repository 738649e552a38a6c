package version_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// points parses fix points; a trailing "!" marks a withdrawn one.
func points(t testing.TB, specs ...string) []version.FixPoint {
	t.Helper()
	out := make([]version.FixPoint, 0, len(specs))
	for _, s := range specs {
		withdrawn := false
		if s[len(s)-1] == '!' {
			withdrawn, s = true, s[:len(s)-1]
		}
		v, err := version.Parse(s)
		require.NoError(t, err)
		out = append(out, version.FixPoint{Version: v, Withdrawn: withdrawn})
	}
	return out
}

// cve202620643 is the real fix set of CVE-2026-20643 (WebKit): BSIs of
// 2026-03-17, then mainline updates of 2026-03-24.
func cve202620643(t testing.TB) version.FixSet {
	return version.NewFixSet(points(t,
		"iOS 26.3.1 (a)", "iPadOS 26.3.1 (a)", "macOS 26.3.1 (a)", "macOS 26.3.2 (a)",
		"iOS 26.4", "iPadOS 26.4", "macOS 26.4", "Safari 26.4", "iOS 18.7.7", "iPadOS 18.7.7",
	)...)
}

// rsr202337450 models the RSR case of CVE-2023-37450: iOS 16.5.1 (a) was
// withdrawn and replaced by (c); iOS 16.6 then shipped the fix.
func rsr202337450(t testing.TB) version.FixSet {
	return version.NewFixSet(points(t,
		"iOS 16.5.1 (a)!", "iOS 16.5.1 (c)", "iOS 16.6", "macOS 13.4.1 (a)!", "macOS 13.4.1 (c)", "Safari 16.5.2",
	)...)
}

func TestFixSetCovers(t *testing.T) {
	tests := []struct {
		name    string
		set     func(testing.TB) version.FixSet
		device  string
		covered bool
		fix     string // FixFor; "" when ok=false
	}{
		// The BSI itself.
		{"bsi installed", cve202620643, "iOS 26.3.1 (a)", true, "iOS 26.3.1 (a)"},
		// A later letter on the same base carries the fix too.
		{"later letter", cve202620643, "iOS 26.3.1 (b)", true, "iOS 26.3.1 (b)"},
		// The BSI's base without the letter: install the letter.
		{"bsi base without letter", cve202620643, "iOS 26.3.1", false, "iOS 26.3.1 (a)"},
		// The build on the device does not change the verdict.
		{"bsi base with build", cve202620643, "iOS 26.3.1 (23D8133)", false, "iOS 26.3.1 (a)"},
		// An older base: a BSI installs only on its base, so the one-step fix is 26.4.
		{"older base", cve202620643, "iOS 26.3", false, "iOS 26.4"},
		// The trap: 26.3.2 sorts after 26.3.1 (a) but is not covered by it, and
		// iOS has no 26.3.2 (a).
		{"ios 26.3.2 trap", cve202620643, "iOS 26.3.2", false, "iOS 26.4"},
		// macOS has a BSI on 26.3.2.
		{"macos 26.3.2", cve202620643, "macOS 26.3.2", false, "macOS 26.3.2 (a)"},
		{"macos 26.3.2 (a)", cve202620643, "macOS 26.3.2 (a)", true, "macOS 26.3.2 (a)"},
		// macOS 26.3.1 (a) does not protect 26.3.2 (a)'s sibling base the other way round.
		{"macos 26.3.1", cve202620643, "macOS 26.3.1", false, "macOS 26.3.1 (a)"},
		// Mainline fix.
		{"mainline", cve202620643, "iOS 26.4", true, "iOS 26.4"},
		// Later in the line.
		{"later minor", cve202620643, "iOS 26.5", true, "iOS 26.5"},
		// A later letter in the line, on a base above the fix.
		{"later bsi", cve202620643, "iOS 26.4.1 (a)", true, "iOS 26.4.1 (a)"},
		// A newer major ships with the fix.
		{"newer major", cve202620643, "iOS 27.0", true, "iOS 27.0"},
		// The older line has its own fix.
		{"ios 18 exposed", cve202620643, "iOS 18.7.6", false, "iOS 18.7.7"},
		{"ios 18 fixed", cve202620643, "iOS 18.7.7", true, "iOS 18.7.7"},
		{"ios 18 later", cve202620643, "iOS 18.8", true, "iOS 18.8"},
		// No fix in 17: the nearest newer line's smallest mainline fix.
		{"ios 17", cve202620643, "iOS 17.7.10", false, "iOS 18.7.7"},
		// iPadOS has its own points.
		{"ipados base", cve202620643, "iPadOS 26.3.1", false, "iPadOS 26.3.1 (a)"},
		{"ipados 18", cve202620643, "iPadOS 18.7.6", false, "iPadOS 18.7.7"},
		// Safari 26.4 and later.
		{"safari fixed", cve202620643, "Safari 26.4", true, "Safari 26.4"},
		{"safari old", cve202620643, "Safari 26.3.1", false, "Safari 26.4"},
		{"safari 18", cve202620643, "Safari 18.6", false, "Safari 26.4"},
		{"safari 27", cve202620643, "Safari 27", true, "Safari 27"},
		// macOS Sequoia has no point here: its coverage comes from Safari,
		// which package advisory combines; on macOS alone the fix is Tahoe's
		// smallest mainline (an upgrade lands on a full update, not a BSI).
		{"macos sequoia", cve202620643, "macOS 15.7.4", false, "macOS 26.4"},
		// No point on watchOS: not covered, nothing to offer.
		{"other platform", cve202620643, "watchOS 26.3", false, ""},
		// The zero version is never covered.
		{"zero", cve202620643, "", false, ""},

		// RSR: the replacement letter.
		{"rsr (c)", rsr202337450, "iOS 16.5.1 (c)", true, "iOS 16.5.1 (c)"},
		// The withdrawn letter still protects devices that installed it.
		{"rsr withdrawn (a)", rsr202337450, "iOS 16.5.1 (a)", true, "iOS 16.5.1 (a)"},
		// (b) was never shipped but sits between: covered by (a)'s code.
		{"rsr (b)", rsr202337450, "iOS 16.5.1 (b)", true, "iOS 16.5.1 (b)"},
		// The base is offered (c), never the withdrawn (a).
		{"rsr base", rsr202337450, "iOS 16.5.1", false, "iOS 16.5.1 (c)"},
		// An older base gets the mainline update.
		{"rsr older base", rsr202337450, "iOS 16.5", false, "iOS 16.6"},
		// The RSR folds into 16.6 and later.
		{"rsr folded", rsr202337450, "iOS 16.7.10", true, "iOS 16.7.10"},
		// macOS had only RSRs: (c) offered to the base.
		{"macos rsr base", rsr202337450, "macOS 13.4.1", false, "macOS 13.4.1 (c)"},
		// macOS 13.5 follows the RSR's minor: folded.
		{"macos rsr folded", rsr202337450, "macOS 13.5", true, "macOS 13.5"},
		// macOS 13.4 before the base: update to the base then install (c).
		{"macos before base", rsr202337450, "macOS 13.4", false, "macOS 13.4.1 (c)"},
		// macOS 14 is newer than every macOS point.
		{"macos newer", rsr202337450, "macOS 14.0", true, "macOS 14.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.set(t)
			var v version.Version
			if tc.device != "" {
				v = version.MustParse(tc.device)
			}
			require.Equal(t, tc.covered, s.Covers(v), "Covers(%s)", tc.device)
			fix, ok := s.FixFor(v)
			if tc.fix == "" {
				require.False(t, ok, "FixFor(%s) = %s", tc.device, fix)
				return
			}
			require.True(t, ok, "FixFor(%s)", tc.device)
			require.Equal(t, tc.fix, fix.String())
			if !tc.covered {
				require.False(t, fix.Equal(v))
				require.True(t, s.Covers(fix), "the offered fix %s must be covered", fix)
			}
		})
	}
}

func TestFixSetFolding(t *testing.T) {
	// Only the BSI is out (2026-03-17 to 03-24): the set has no mainline point.
	s := version.NewFixSet(points(t, "macOS 26.3.1 (a)", "macOS 26.3.2 (a)")...)
	tests := []struct {
		name    string
		device  string
		covered bool
		fix     string
	}{
		// Before the first base: update to it, then the letter installs.
		{"before bases", "macOS 26.3", false, "macOS 26.3.1 (a)"},
		// Between bases with their letters.
		{"first base", "macOS 26.3.1", false, "macOS 26.3.1 (a)"},
		{"second base", "macOS 26.3.2", false, "macOS 26.3.2 (a)"},
		// Folded into the next full update.
		{"next minor", "macOS 26.4", true, "macOS 26.4"},
		{"next minor with letter", "macOS 26.4 (a)", true, "macOS 26.4 (a)"},
		// A hypothetical patch after the last base in the same minor is not
		// assumed to carry the fix; nothing installable on it fixes it.
		{"same minor patch", "macOS 26.3.3", false, ""},
		// Older lines have nothing.
		{"older line", "macOS 15.7.4", false, "macOS 26.3.1 (a)"},
		{"newer line", "macOS 27.0", true, "macOS 27.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := version.MustParse(tc.device)
			require.Equal(t, tc.covered, s.Covers(v))
			fix, ok := s.FixFor(v)
			if tc.fix == "" {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Equal(t, tc.fix, fix.String())
		})
	}
}

func TestFixSetFoldingYieldsToMainline(t *testing.T) {
	// A known mainline point says where the fix landed: 26.4 must have
	// shipped before the BSI on 26.3.1, so it is not assumed to carry it.
	s := version.NewFixSet(points(t, "iOS 26.3.1 (a)", "iOS 26.5")...)
	tests := []struct {
		name    string
		device  string
		covered bool
		fix     string
	}{
		{"between", "iOS 26.4", false, "iOS 26.5"},
		{"between with letter", "iOS 26.4.1 (a)", false, "iOS 26.5"},
		{"mainline", "iOS 26.5", true, "iOS 26.5"},
		{"bsi", "iOS 26.3.1 (a)", true, "iOS 26.3.1 (a)"},
		{"base", "iOS 26.3.1", false, "iOS 26.3.1 (a)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := version.MustParse(tc.device)
			require.Equal(t, tc.covered, s.Covers(v))
			fix, ok := s.FixFor(v)
			require.True(t, ok)
			require.Equal(t, tc.fix, fix.String())
		})
	}
}

func TestFixSetMacOS10Lines(t *testing.T) {
	// On macOS 10 each minor is a line: 10.14 and 10.15 are different.
	s := version.NewFixSet(points(t, "macOS 10.15.7", "macOS 10.14.6 (18G9323)")...)
	tests := []struct {
		name    string
		device  string
		covered bool
	}{
		// Catalina's fix covers later Catalina.
		{"catalina fixed", "macOS 10.15.7", true},
		{"catalina older", "macOS 10.15.6", false},
		// Mojave's own point.
		{"mojave fixed", "macOS 10.14.6", true},
		{"mojave older", "macOS 10.14.5", false},
		// 10.13 is not newer than the 10.14 and 10.15 points.
		{"high sierra", "macOS 10.13.6", false},
		// Big Sur is newer than every 10.x line.
		{"big sur", "macOS 11.0", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.covered, s.Covers(version.MustParse(tc.device)))
		})
	}
	// Mojave 10.14.5 is offered Mojave's point, not Catalina's.
	fix, ok := s.FixFor(version.MustParse("macOS 10.14.5"))
	require.True(t, ok)
	require.Equal(t, "macOS 10.14.6 (18G9323)", fix.String())
	// High Sierra is offered the nearest newer line.
	fix, ok = s.FixFor(version.MustParse("macOS 10.13.6"))
	require.True(t, ok)
	require.Equal(t, "macOS 10.14.6 (18G9323)", fix.String())
}

func TestFixPointCovers(t *testing.T) {
	tests := []struct {
		name   string
		point  string
		device string
		want   bool
	}{
		// Letter points: same base, letter at or after.
		{"same letter", "iOS 26.3.1 (a)", "iOS 26.3.1 (a)", true},
		{"later letter", "iOS 26.3.1 (a)", "iOS 26.3.1 (b)", true},
		{"earlier letter", "iOS 16.5.1 (c)", "iOS 16.5.1 (a)", false},
		{"base without letter", "iOS 26.3.1 (a)", "iOS 26.3.1", false},
		// Display order is not coverage.
		{"higher core", "iOS 26.3.1 (a)", "iOS 26.3.2", false},
		{"other platform", "iOS 26.3.1 (a)", "iPadOS 26.3.1 (a)", false},
		// "26.4" and "26.4.0" are one core.
		{"mainline written shorter", "iOS 26.4.0", "iOS 26.4", true},
		// Mainline points: same line, at or after.
		{"mainline equal", "iOS 26.4", "iOS 26.4", true},
		{"mainline later", "iOS 26.4", "iOS 26.4.1", true},
		{"mainline with letter on device", "iOS 26.4", "iOS 26.4 (a)", true},
		{"mainline earlier", "iOS 26.4", "iOS 26.3.1 (a)", false},
		// A single point never reaches another line; FixSet does.
		{"mainline newer line", "iOS 18.7.7", "iOS 26.0", false},
		{"mainline older line", "iOS 26.4", "iOS 18.8", false},
		// Builds do not matter.
		{"build ignored", "iOS 26.4 (23E244)", "iOS 26.4 (23E240)", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := version.FixPoint{Version: version.MustParse(tc.point)}
			require.Equal(t, tc.want, f.Covers(version.MustParse(tc.device)))
		})
	}
	require.False(t, version.FixPoint{}.Covers(version.MustParse("iOS 26.4")), "zero point covers nothing")
}

func TestFixKind(t *testing.T) {
	tests := []struct {
		point string
		want  version.FixKind
		str   string
	}{
		{"iOS 26.4", version.Mainline, "mainline"},
		{"iOS 26.3.1 (a)", version.BSI, "BSI"},
		{"macOS 26.3.2 (a)", version.BSI, "BSI"},
		{"iOS 16.5.1 (c)", version.RSR, "RSR"},
		{"macOS 13.4.1 (a)", version.RSR, "RSR"},
		{"Safari 16.5.2", version.Mainline, "mainline"},
	}
	for _, tc := range tests {
		t.Run(tc.point, func(t *testing.T) {
			k := version.FixPoint{Version: version.MustParse(tc.point)}.Kind()
			require.Equal(t, tc.want, k)
			require.Equal(t, tc.str, k.String())
		})
	}
}

func TestNewFixSet(t *testing.T) {
	ps := points(t, "macOS 26.4", "iOS 26.4", "iOS 26.3.1 (a)", "iOS 26.3.1 (a) (23D771330a)", "iOS 26.3.1 (a)!", "Safari 26.4")
	ps = append(ps, version.FixPoint{}) // the zero point is dropped
	in := append([]version.FixPoint(nil), ps...)
	s := version.NewFixSet(ps...)
	require.Equal(t, in, ps, "the caller's slice is not modified")
	got := s.Points()
	require.Len(t, got, 4)
	require.Equal(t, 4, s.Len())
	// Sorted by platform name, case ignored, then version.
	// Duplicates merged: build kept, withdrawn kept.
	require.Equal(t, "iOS 26.3.1 (a) (23D771330a) [withdrawn]", got[0].String())
	require.Equal(t, "iOS 26.4", got[1].String())
	require.Equal(t, "macOS 26.4", got[2].String())
	require.Equal(t, "Safari 26.4", got[3].String())
	require.Equal(t, []version.Platform{version.IOS, version.MacOS, version.Safari}, s.Platforms())
	// Points returns a copy.
	got[0].Withdrawn = false
	require.True(t, s.Points()[0].Withdrawn)

	var zero version.FixSet
	require.False(t, zero.Covers(version.MustParse("iOS 26.4")))
	_, ok := zero.FixFor(version.MustParse("iOS 26.4"))
	require.False(t, ok)
	require.Empty(t, zero.Platforms())
}

func TestFixSetJSON(t *testing.T) {
	s := version.NewFixSet(points(t, "iOS 16.5.1 (a)!", "iOS 16.5.1 (c) (20F770750d)", "iOS 16.6")...)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	require.JSONEq(t, `[{"version":"iOS 16.5.1 (a)","withdrawn":true},{"version":"iOS 16.5.1 (c) (20F770750d)"},{"version":"iOS 16.6"}]`, string(b))
	var back version.FixSet
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, s.Points(), back.Points())

	var bad version.FixSet
	err = json.Unmarshal([]byte(`[{"version":"iOS 19.1"}]`), &bad)
	require.ErrorIs(t, err, version.ErrInvalid)
	b, err = json.Marshal(version.FixSet{})
	require.NoError(t, err)
	require.Equal(t, "[]", string(b))
}

func TestFixKindText(t *testing.T) {
	type doc struct {
		Kind version.FixKind `json:"kind"`
	}
	b, err := json.Marshal(doc{Kind: version.BSI})
	require.NoError(t, err)
	require.JSONEq(t, `{"kind":"BSI"}`, string(b))
	var back doc
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"rsr"}`), &back))
	require.Equal(t, version.RSR, back.Kind)
	err = json.Unmarshal([]byte(`{"kind":"hotfix"}`), &back)
	require.ErrorIs(t, err, version.ErrInvalidFixKind)
	require.ErrorIs(t, err, version.ErrInvalid)
	_, err = json.Marshal(doc{Kind: version.FixKind(7)})
	require.ErrorIs(t, err, version.ErrInvalidFixKind)
	require.Equal(t, "FixKind(7)", version.FixKind(7).String())
}
