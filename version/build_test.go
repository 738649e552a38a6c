package version_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

func TestParseBuild(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		train  int
		letter string
		number uint64
		suffix string
		str    string
	}{
		// iOS 26.3.1 release build.
		{"release", "23D8133", 23, "D", 8133, "", "23D8133"},
		// BSI builds are long and carry a suffix.
		{"bsi", "23D771330a", 23, "D", 771330, "a", "23D771330a"},
		{"macos bsi", "25D771400a", 25, "D", 771400, "a", "25D771400a"},
		// iOS 17.7.x.
		{"ios 17", "21H461", 21, "H", 461, "", "21H461"},
		// watchOS 9.6.4.
		{"watchos", "20U512", 20, "U", 512, "", "20U512"},
		// A beta.
		{"beta", "22B5034e", 22, "B", 5034, "e", "22B5034e"},
		// Old single-digit trains.
		{"old", "9A334", 9, "A", 334, "", "9A334"},
		// Leading zeros in the build number are kept.
		{"leading zero", "4A093", 4, "A", 93, "", "4A093"},
		// Parentheses and spaces as in "iOS 26.2 (23C55)".
		{"parens", " (23C55) ", 23, "C", 55, "", "23C55"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := version.ParseBuild(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.train, b.Train())
			require.Equal(t, tc.letter, b.TrainLetter())
			require.Equal(t, tc.number, b.Number())
			require.Equal(t, tc.suffix, b.Suffix())
			require.Equal(t, tc.str, b.String())
			c, err := version.ParseBuild(b.String())
			require.NoError(t, err)
			require.Equal(t, b, c)
		})
	}
}

func TestParseBuildInvalid(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"empty parens", "()"},
		// No train number.
		{"letter first", "D8133"},
		// Lower-case train letter.
		{"lower train", "23d8133"},
		// Missing build number.
		{"no number", "23D"},
		{"no number suffix", "23Da"},
		// Two suffix letters.
		{"two suffixes", "23D8133ab"},
		// Upper-case suffix.
		{"upper suffix", "23D8133A"},
		// Train number with a leading zero, or too long.
		{"train zero", "023D8133"},
		{"train long", "12345A1"},
		// Over-long build numbers are refused, not wrapped around.
		{"number long", "23D1234567890123"},
		{"spaces inside", "23D 8133"},
		{"too long", "23D8133aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := version.ParseBuild(tc.in)
			require.ErrorIs(t, err, version.ErrInvalid)
			require.ErrorIs(t, err, version.ErrInvalidBuild)
			require.True(t, b.IsZero())
		})
	}
}

func TestBuildCompare(t *testing.T) {
	ordered := []string{
		"", // the zero Build first
		"9A334",
		"21H461",
		"22B83",
		"22B5034e", // a beta of the same train sorts by number
		"23C55",
		"23D8133",
		"23D771330a", // BSI after its prerequisite on the same base
		"23D771330b",
		"23E244",
	}
	parse := func(s string) version.Build {
		if s == "" {
			return version.Build{}
		}
		return version.MustParseBuild(s)
	}
	for i := range ordered {
		for j := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			require.Equal(t, want, parse(ordered[i]).Compare(parse(ordered[j])), "%q vs %q", ordered[i], ordered[j])
		}
	}
	// The number compares as a number, not as text.
	require.Equal(t, -1, version.MustParseBuild("23D999").Compare(version.MustParseBuild("23D1000")))
}

func TestBuildText(t *testing.T) {
	type doc struct {
		Build  version.Build `json:"build"`
		Prereq version.Build `json:"prereq"`
	}
	b, err := json.Marshal(doc{Build: version.MustParseBuild("23D771330a")})
	require.NoError(t, err)
	require.JSONEq(t, `{"build":"23D771330a","prereq":""}`, string(b))
	var back doc
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, version.MustParseBuild("23D771330a"), back.Build)
	require.True(t, back.Prereq.IsZero())
	require.ErrorIs(t, json.Unmarshal([]byte(`{"build":"x"}`), &back), version.ErrInvalidBuild)
	require.Equal(t, "", version.Build{}.String())
}
