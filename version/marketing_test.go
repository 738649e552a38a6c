package version_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

func TestMarketingName(t *testing.T) {
	tests := []struct {
		p     version.Platform
		major int
		want  string
	}{
		{version.MacOS, 26, "Tahoe"},
		{version.MacOS, 15, "Sequoia"},
		{version.MacOS, 14, "Sonoma"},
		{version.MacOS, 13, "Ventura"},
		{version.MacOS, 12, "Monterey"},
		{version.MacOS, 11, "Big Sur"},
		// macOS 10 lines are named by minor: no name for the bare major.
		{version.MacOS, 10, ""},
		// Majors that never existed.
		{version.MacOS, 16, ""},
		// Other platforms have no marketing names.
		{version.IOS, 26, ""},
		{version.Safari, 26, ""},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			require.Equal(t, tc.want, version.MarketingName(tc.p, tc.major))
		})
	}
	// 10.x names through the version or its line.
	require.Equal(t, "Catalina", version.MustParse("macOS 10.15.7").MarketingName())
	require.Equal(t, "El Capitan", version.MustParse("OS X 10.11.6").MarketingName())
	require.Equal(t, "Tahoe", version.MustParse("macOS 26.3.2 (a)").MarketingName())
	require.Equal(t, "", version.MustParse("iOS 26.4").MarketingName())
}

func TestMajorForMarketingName(t *testing.T) {
	tests := []struct {
		in    string
		major int
		minor int // LineForMarketingName's minor, -1 when the major is the line
		ok    bool
	}{
		{"Tahoe", 26, -1, true},
		{"macOS Tahoe", 26, -1, true},
		// Case and spacing ignored.
		{"  macos   big   sur ", 11, -1, true},
		{"Sequoia", 15, -1, true},
		// 10.x names.
		{"Catalina", 10, 15, true},
		{"OS X El Capitan", 10, 11, true},
		{"Mac OS X Snow Leopard", 10, 6, true},
		// "High Sierra" is not "Sierra".
		{"macOS High Sierra", 10, 13, true},
		{"macOS Sierra", 10, 12, true},
		// Not names.
		{"Windows", 0, 0, false},
		{"iOS Tahoe", 0, 0, false},
		{"macOS", 0, 0, false},
		{"Tahoe 26", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, major, ok := version.MajorForMarketingName(tc.in)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.major, major)
			l, ok := version.LineForMarketingName(tc.in)
			require.Equal(t, tc.ok, ok)
			if !tc.ok {
				require.Equal(t, version.Platform(""), p)
				return
			}
			require.Equal(t, version.MacOS, p)
			require.Equal(t, tc.minor, l.Minor())
			require.Equal(t, tc.major, l.Major())
		})
	}
}
