package feed

import (
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
)

func TestParseDeveloperReleasesGolden(t *testing.T) {
	rels, err := ParseDeveloperReleases(openTestdata(t, "developer/releases.rss"), "https://developer.apple.com/news/releases/rss/releases.rss")
	require.NoError(t, err)
	require.Len(t, rels, 10)
	// A relative link is made absolute against the feed's URL.
	assert.Equal(t, "https://developer.apple.com/news/releases/?id=09162024a", rels[5].Link)
	assert.Equal(t, time.Date(2026, 3, 24, 17, 0, 0, 0, time.UTC), rels[0].Published.UTC())
	parsersGolden(t, "developer/releases.golden.json", rels)
}

func TestSplitDeveloperTitle(t *testing.T) {
	cases := []struct {
		name, title string
		want        DeveloperRelease
	}{
		// A final release with its build.
		{"release", "iOS 26.2 (23C55)",
			DeveloperRelease{Platform: "iOS", Version: "26.2", Build: "23C55", Kind: ReleaseKindRelease}},
		// A numbered beta.
		{"beta", "iOS 18.1 beta 3 (22B5034e)",
			DeveloperRelease{Platform: "iOS", Version: "18.1", Build: "22B5034e", Beta: 3, Kind: ReleaseKindBeta}},
		// A beta with no number is the first.
		{"beta without number", "Xcode 16.1 beta (16B5001e)",
			DeveloperRelease{Platform: "Xcode", Version: "16.1", Build: "16B5001e", Beta: 1, Kind: ReleaseKindBeta}},
		// A release candidate with a marketing name.
		{"rc", "macOS Sequoia 15.1 RC (24B82)",
			DeveloperRelease{Platform: "macOS", Version: "15.1", Build: "24B82", RC: true, Kind: ReleaseKindRC}},
		// A second release candidate.
		{"rc 2", "macOS Tahoe 26.4 RC 2 (25E246)",
			DeveloperRelease{Platform: "macOS", Version: "26.4", Build: "25E246", RC: true, Kind: ReleaseKindRC}},
		// Spelled out.
		{"release candidate", "iOS 17.0 Release Candidate (21A329)",
			DeveloperRelease{Platform: "iOS", Version: "17.0", Build: "21A329", RC: true, Kind: ReleaseKindRC}},
		// A major-only version.
		{"major only", "Xcode 16 (16A242d)",
			DeveloperRelease{Platform: "Xcode", Version: "16", Build: "16A242d", Kind: ReleaseKindRelease}},
		// A letter-O build.
		{"visionOS", "visionOS 1.3 (21O771)",
			DeveloperRelease{Platform: "visionOS", Version: "1.3", Build: "21O771", Kind: ReleaseKindRelease}},
		// A firmware beta with a build and no version.
		{"firmware beta", "AirPods Firmware beta (7A5220e)",
			DeveloperRelease{Platform: "AirPods Firmware", Build: "7A5220e", Beta: 1, Kind: ReleaseKindBeta}},
		// A tool with a version and no build.
		{"no build", "Transporter 1.3.1",
			DeveloperRelease{Platform: "Transporter", Version: "1.3.1", Kind: ReleaseKindRelease}},
		// No version and no build.
		{"other", "TestFlight update",
			DeveloperRelease{Platform: "TestFlight update", Kind: ReleaseKindOther}},
		// Something in parentheses that is no build stays in the name.
		{"not a build", "Safari Technology Preview (Release 230)",
			DeveloperRelease{Platform: "Safari Technology Preview (Release 230)", Kind: ReleaseKindOther}},
		// An empty title.
		{"empty", "", DeveloperRelease{Kind: ReleaseKindOther}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.want.Title = tc.title
			assert.Equal(t, tc.want, splitDeveloperTitle(tc.title))
		})
	}
}

func TestParseDeveloperReleasesErrors(t *testing.T) {
	cases := []struct {
		name string
		r    io.Reader
		want error
	}{
		// An HTML page is no feed.
		{"html", strings.NewReader(`<html><body>Releases</body></html>`), ErrUnknownFeedFormat},
		// Broken XML.
		{"broken", strings.NewReader(`<rss version="2.0"><channel><item><title>iOS 26.2 (23C55)</title>`), ErrMalformedFeed},
		// A failing reader.
		{"reader error", iotest.ErrReader(io.ErrUnexpectedEOF), io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rels, err := ParseDeveloperReleases(tc.r, "releases.rss")
			assert.Nil(t, rels)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "developer releases", pe.Format)
			assert.Equal(t, "releases.rss", pe.Document)
		})
	}
}

// TestParseDeveloperReleasesRealWorld reads the real feed: 27 items, betas,
// final releases with builds, and items with no version.
func TestParseDeveloperReleasesRealWorld(t *testing.T) {
	f, err := os.Open(realworld.Path(t, "apple-developer/releases.rss"))
	require.NoError(t, err)
	defer f.Close()
	rels, err := ParseDeveloperReleases(f, "https://developer.apple.com/news/releases/rss/releases.rss")
	require.NoError(t, err)
	require.Len(t, rels, 27)

	kinds := map[ReleaseKind]int{}
	for _, r := range rels {
		kinds[r.Kind]++
		assert.False(t, r.Published.IsZero(), r.Title)
		assert.True(t, strings.HasPrefix(r.Link, "https://developer.apple.com/news/releases/?id="), r.Link)
	}
	// 11 betas (the AirPods Firmware beta among them); 13 releases, two of
	// them with a version and no build (Transporter 1.3.1, App Store Connect
	// API 3.5); 3 with neither (TestFlight update twice, App Store Connect Update).
	assert.Equal(t, map[ReleaseKind]int{ReleaseKindBeta: 11, ReleaseKindRelease: 13, ReleaseKindOther: 3}, kinds)

	want := map[string]DeveloperRelease{
		"iOS 18.1 beta 3 (22B5034e)": {Platform: "iOS", Version: "18.1", Build: "22B5034e", Beta: 3, Kind: ReleaseKindBeta},
		"macOS 15 beta 8 (24A5331b)": {Platform: "macOS", Version: "15", Build: "24A5331b", Beta: 8, Kind: ReleaseKindBeta},
		"Xcode 16.1 beta (16B5001e)": {Platform: "Xcode", Version: "16.1", Build: "16B5001e", Beta: 1, Kind: ReleaseKindBeta},
		"iOS 17.6.1 (21G101)":        {Platform: "iOS", Version: "17.6.1", Build: "21G101", Kind: ReleaseKindRelease},
		"visionOS 1.3 (21O771)":      {Platform: "visionOS", Version: "1.3", Build: "21O771", Kind: ReleaseKindRelease},
		"Transporter 1.3.1":          {Platform: "Transporter", Version: "1.3.1", Kind: ReleaseKindRelease},
		"TestFlight update":          {Platform: "TestFlight update", Kind: ReleaseKindOther},
	}
	found := 0
	for _, r := range rels {
		w, ok := want[r.Title]
		if !ok {
			continue
		}
		found++
		w.Title, w.Link, w.Published = r.Title, r.Link, r.Published
		assert.Equal(t, w, r)
	}
	assert.Equal(t, 8, found, "TestFlight update appears twice")
}
