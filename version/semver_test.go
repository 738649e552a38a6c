package version_test

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

func TestSemverRoundTrip(t *testing.T) {
	tests := []struct {
		in, core, letter string
	}{
		{"iOS 26.3.1 (a) (23D771330a)", "26.3.1+23D771330a", "a"},
		{"iOS 26.4", "26.4.0", ""},
		{"Safari 18", "18.0.0", ""},
		{"macOS 10.15.7 (19H2)", "10.15.7+19H2", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			v := version.MustParse(tc.in)
			sv, letter, err := v.ToSemver()
			require.NoError(t, err)
			assert.Equal(t, tc.core, sv.String())
			assert.Equal(t, tc.letter, letter)
			back, err := version.FromSemver(v.Platform(), sv, letter)
			require.NoError(t, err)
			assert.True(t, v.Equal(back), "%v != %v", v, back)
		})
	}
}

func TestFromSemver(t *testing.T) {
	tests := []struct {
		name   string
		in     string // semver text
		letter string
		want   string // Version.String(); "" means an error
	}{
		{"written core kept", "26.4", "", "iOS 26.4"},
		{"v prefix", "v26.3.1", "(a)", "iOS 26.3.1 (a)"},
		{"numeric prerelease refused", "26.4.0-0", "", ""},
		{"prerelease refused", "26.4.0-beta.1", "", ""},
		{"bad letter", "26.3.1", "ab", ""},
		{"no such major", "21.0.0", "", ""},
		{"huge component", "26.99999.0", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sv, err := semver.NewVersion(tc.in)
			require.NoError(t, err)
			v, err := version.FromSemver(version.IOS, sv, tc.letter)
			if tc.want == "" {
				require.ErrorIs(t, err, version.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, v.String())
		})
	}
	_, err := version.FromSemver(version.IOS, nil, "")
	require.ErrorIs(t, err, version.ErrInvalid)
	_, _, err = version.Version{}.ToSemver()
	require.ErrorIs(t, err, version.ErrInvalid)
	// semver.New writes three components; the version equals 26.4.
	v, err := version.FromSemver(version.IOS, semver.New(26, 4, 0, "", ""), "")
	require.NoError(t, err)
	assert.Equal(t, "iOS 26.4.0", v.String())
	assert.True(t, v.Equal(version.MustParse("iOS 26.4")))
}

// FuzzFromSemver: no panic, and a version made from semver converts back to
// the same core and letter.
func FuzzFromSemver(f *testing.F) {
	for _, s := range []string{"26.3.1", "26.4", "v18.7.7+22H20", "10.15.7", "26.4.0-beta.1", "99999.1.1"} {
		f.Add(s, "a")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, s, letter string) {
		sv, err := semver.NewVersion(s)
		if err != nil {
			return
		}
		for _, p := range version.Platforms() {
			v, err := version.FromSemver(p, sv, letter)
			if err != nil {
				continue
			}
			core, l, err := v.ToSemver()
			if err != nil {
				t.Fatalf("%v from %q: ToSemver: %v", v, s, err)
			}
			if core.Major() != sv.Major() || core.Minor() != sv.Minor() || core.Patch() != sv.Patch() || l != v.Letter() {
				t.Fatalf("%q (%q) -> %v -> %v %q", s, letter, v, core, l)
			}
		}
	})
}
