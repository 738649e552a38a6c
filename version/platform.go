package version

import "strings"

// Platform is an Apple software product that carries versions: an operating
// system, or Safari (which ships WebKit fixes to older macOS lines).
type Platform string

// The platforms Apple's security releases name.
const (
	IOS      Platform = "iOS"
	IPadOS   Platform = "iPadOS"
	MacOS    Platform = "macOS"
	WatchOS  Platform = "watchOS"
	TvOS     Platform = "tvOS"
	VisionOS Platform = "visionOS"
	Safari   Platform = "Safari"
	// AudioOS is the software of HomePod and HomePod mini, which Apple now
	// calls "HomePod Software" and numbers like the other systems (26 after 18).
	AudioOS Platform = "audioOS"
)

// platforms lists every known platform, sorted by ComparePlatforms.
var platforms = [...]Platform{AudioOS, IOS, IPadOS, MacOS, Safari, TvOS, VisionOS, WatchOS}

// Platforms returns every platform the package knows, sorted by name.
func Platforms() []Platform {
	out := make([]Platform, len(platforms))
	copy(out, platforms[:])
	return out
}

// Valid reports whether p is one of the platforms the package knows.
func (p Platform) Valid() bool {
	switch p {
	case IOS, IPadOS, MacOS, WatchOS, TvOS, VisionOS, Safari, AudioOS:
		return true
	}
	return false
}

// ComparePlatforms orders platforms by name without regard to case (audioOS,
// iOS, iPadOS, macOS, Safari, tvOS, visionOS, watchOS), then byte by byte. It
// returns -1, 0 or +1 and is the order Version.Compare uses across platforms.
func ComparePlatforms(p, q Platform) int {
	for i := 0; i < len(p) && i < len(q); i++ {
		if a, b := lower(p[i]), lower(q[i]); a != b {
			return cmpInt(int(a), int(b))
		}
	}
	if len(p) != len(q) {
		return cmpInt(len(p), len(q))
	}
	switch {
	case p < q:
		return -1
	case p > q:
		return 1
	}
	return 0
}

// String returns the platform's name as Apple writes it ("iOS", "macOS").
func (p Platform) String() string { return string(p) }

// platformAlias is one spelling of a platform name, as a sequence of words.
type platformAlias struct {
	words    []string // lower case
	platform Platform
}

// platformAliases holds every spelling ParsePlatform accepts, longest first so
// that "Mac OS X" wins over "Mac OS".
var platformAliases = []platformAlias{
	{[]string{"homepod", "software"}, AudioOS},
	{[]string{"mac", "os", "x"}, MacOS},
	{[]string{"iphone", "os"}, IOS},
	{[]string{"apple", "watchos"}, WatchOS},
	{[]string{"mac", "os"}, MacOS},
	{[]string{"os", "x"}, MacOS},
	{[]string{"macos"}, MacOS},
	{[]string{"osx"}, MacOS},
	{[]string{"ios"}, IOS},
	{[]string{"ipados"}, IPadOS},
	{[]string{"watchos"}, WatchOS},
	{[]string{"tvos"}, TvOS},
	{[]string{"visionos"}, VisionOS},
	{[]string{"xros"}, VisionOS},
	{[]string{"safari"}, Safari},
	{[]string{"audioos"}, AudioOS},
}

// ParsePlatform returns the platform named by s, ignoring case and extra
// spaces: "iOS", "ios" and "iPhone OS" name IOS; "macOS", "OS X" and
// "Mac OS X" name MacOS; "visionOS" and "xrOS" (its pre-release name) name
// VisionOS; "HomePod Software" names AudioOS.
func ParsePlatform(s string) (Platform, bool) {
	words := strings.Fields(s)
	p, n := matchPlatform(words)
	if n == 0 || n != len(words) {
		return "", false
	}
	return p, true
}

// matchPlatform matches the longest platform alias at the start of words and
// returns it with the number of words it used (0 when none matched).
func matchPlatform(words []string) (Platform, int) {
	for _, a := range platformAliases {
		if len(words) < len(a.words) {
			continue
		}
		ok := true
		for i, w := range a.words {
			if !strings.EqualFold(words[i], w) {
				ok = false
				break
			}
		}
		if ok {
			return a.platform, len(a.words)
		}
	}
	return "", 0
}

// majorGap is a range of majors that a platform skipped when Apple moved to
// year-based numbering in 2025 (iOS 18 was followed by iOS 26).
type majorGap struct{ first, last int }

// majorRange reports the majors a platform has used: the first one, and the
// gap that year-based numbering left (zero gap when none).
func majorRange(p Platform) (first int, gap majorGap) {
	switch p {
	case IOS:
		return 1, majorGap{19, 25}
	case IPadOS: // iPadOS split from iOS at 13 and shares its numbers.
		return 13, majorGap{19, 25}
	case MacOS: // Mac OS X 10.x, then 11 (Big Sur) to 15 (Sequoia), then 26 (Tahoe).
		return 10, majorGap{16, 25}
	case WatchOS:
		return 1, majorGap{12, 25}
	case TvOS:
		return 9, majorGap{19, 25}
	case VisionOS:
		return 1, majorGap{3, 25}
	case Safari:
		return 1, majorGap{19, 25}
	case AudioOS:
		// The first HomePod shipped on HomePod software 11.2.5.
		return 11, majorGap{19, 25}
	}
	return 0, majorGap{}
}

// MajorExists reports whether Apple has used (or, past the year-based jump to
// 26, may use) major for platform p: iOS 19 to 25 never existed, nor did
// macOS 16 to 25, nor iPadOS before 13.
func MajorExists(p Platform, major int) bool {
	first, gap := majorRange(p)
	if first == 0 || major < first {
		return false
	}
	return major < gap.first || major > gap.last
}

// NextMajor returns the major that followed major on platform p, skipping the
// year-based jump (iOS 18 -> 26, macOS 15 -> 26, visionOS 2 -> 26). For macOS
// 10 the next major is 11; it returns 0 when major does not exist on p.
func NextMajor(p Platform, major int) int {
	if !MajorExists(p, major) {
		return 0
	}
	_, gap := majorRange(p)
	if major+1 == gap.first {
		return gap.last + 1
	}
	return major + 1
}
