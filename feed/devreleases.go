package feed

import (
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ReleaseKind tells a final release from a beta or a release candidate.
type ReleaseKind string

// The kinds of DeveloperRelease.
const (
	// ReleaseKindRelease is a final release: "iOS 17.6.1 (21G101)".
	ReleaseKindRelease ReleaseKind = "release"
	// ReleaseKindBeta is a beta: "iOS 18.1 beta 3 (22B5034e)".
	ReleaseKindBeta ReleaseKind = "beta"
	// ReleaseKindRC is a release candidate: "macOS Sequoia 15.1 RC (24B82)".
	ReleaseKindRC ReleaseKind = "rc"
	// ReleaseKindOther is an item that names no version and no build, such as
	// "TestFlight update".
	ReleaseKindOther ReleaseKind = "other"
)

// DeveloperRelease is one item of Apple's developer releases feed.
type DeveloperRelease struct {
	// Title is the item's title as written ("iOS 18.1 beta 3 (22B5034e)").
	Title string `json:"title"`
	// Link is the item's link.
	Link string `json:"link"`
	// Published is the item's publication time (zero when absent).
	Published time.Time `json:"published"`
	// Platform is the product, without a macOS marketing name ("iOS",
	// "macOS", "Xcode", "AirPods Firmware"); the whole title for an item of
	// kind ReleaseKindOther.
	Platform string `json:"platform"`
	// Version is the numeric version ("18.1", "16"); empty when the title
	// names none ("AirPods Firmware beta (7A5220e)").
	Version string `json:"version"`
	// Build is the build in parentheses ("22B5034e"); empty when absent.
	Build string `json:"build"`
	// Beta is the beta number: 3 for "beta 3", 1 for a "beta" with no number,
	// 0 for no beta.
	Beta int `json:"beta"`
	// RC is true for a release candidate ("RC", "RC 2", "Release Candidate").
	RC bool `json:"rc"`
	// Kind is the kind of release the title names.
	Kind ReleaseKind `json:"kind"`
}

// devTitle reads a developer release title: product, optional version,
// optional "beta [N]", optional "RC [N]", optional "(build)".
var devTitle = regexp.MustCompile(`^(.+?)(?:\s+(\d{1,4}(?:\.\d{1,4}){0,3}))?(?:\s+((?i:beta))(?:\s+(\d{1,3}))?)?(?:\s+((?i:RC|Release Candidate))(?:\s*(\d{1,3}))?)?(?:\s+\((\d{1,2}[A-Z]\d{1,7}[a-z]?)\))?$`)

// devMarketing are macOS marketing names that titles put before the version.
var devMarketing = regexp.MustCompile(`^macOS\s+(?:Tahoe|Sequoia|Sonoma|Ventura|Monterey|Big Sur)$`)

// ParseDeveloperReleases reads Apple's developer releases RSS
// (developer.apple.com/news/releases/rss/releases.rss) and returns its items
// in feed order, each title split into platform, version, build, beta number
// and RC flag. sourceURL names the feed in errors and resolves relative links.
// A document that is no feed gives a *ParseError wrapping
// ErrUnknownFeedFormat, a broken one ErrMalformedFeed.
func ParseDeveloperReleases(r io.Reader, sourceURL string) ([]DeveloperRelease, error) {
	f, err := parseFeed(r, sourceURL, "developer releases")
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(sourceURL)
	out := make([]DeveloperRelease, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		d := splitDeveloperTitle(strings.Join(strings.Fields(it.Title), " "))
		d.Link = itemLink(it, base)
		d.Published = itemTime(it)
		out = append(out, d)
	}
	return out, nil
}

// splitDeveloperTitle reads one title into a DeveloperRelease.
func splitDeveloperTitle(title string) DeveloperRelease {
	d := DeveloperRelease{Title: title, Platform: title, Kind: ReleaseKindOther}
	m := devTitle.FindStringSubmatch(title)
	if m == nil || m[2] == "" && m[3] == "" && m[5] == "" && m[7] == "" {
		return d
	}
	d.Platform = m[1]
	if devMarketing.MatchString(d.Platform) {
		d.Platform = "macOS"
	}
	d.Version, d.Build = m[2], m[7]
	d.Kind = ReleaseKindRelease
	if m[3] != "" {
		d.Kind, d.Beta = ReleaseKindBeta, 1
		if n, err := strconv.Atoi(m[4]); err == nil {
			d.Beta = n
		}
	}
	if m[5] != "" {
		d.Kind, d.RC = ReleaseKindRC, true
	}
	return d
}
