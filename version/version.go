package version

import (
	"strconv"
)

// maxComponent bounds each numeric component: Apple's never exceed two digits,
// and a bound keeps arithmetic and parsing trivially safe.
const maxComponent = 9999

// Version is an Apple software version: a platform, a numeric core of one to
// three components ("26.3.1", "26.4", "18" for Safari 18), an optional
// Background Security Improvement or Rapid Security Response letter ("(a)")
// and an optional build ("23D771330a").
//
// A Version is an immutable value. The core keeps the number of components as
// written, so String gives back what Apple wrote; Equal and Compare treat
// missing components as zero (26.4 equals 26.4.0). Use Equal, not ==.
// The zero Version means "no version".
type Version struct {
	platform Platform
	nums     [3]uint16 // major, minor, patch
	n        uint8     // components written, 1..3; 0 for the zero Version
	letter   byte      // 'a'..'z', 0 when none
	build    Build
}

// Platform returns the version's platform.
func (v Version) Platform() Platform { return v.platform }

// Major returns the first component (26 in 26.3.1).
func (v Version) Major() int { return int(v.nums[0]) }

// Minor returns the second component (3 in 26.3.1), 0 when not written.
func (v Version) Minor() int { return int(v.nums[1]) }

// Patch returns the third component (1 in 26.3.1), 0 when not written.
func (v Version) Patch() int { return int(v.nums[2]) }

// Letter returns the BSI or RSR letter ("a" for 26.3.1 (a)), "" when none.
func (v Version) Letter() string {
	if v.letter == 0 {
		return ""
	}
	return string(rune(v.letter))
}

// Extra returns the letter the way Apple's software feed writes it
// (ProductVersionExtra "(a)"), "" when none.
func (v Version) Extra() string {
	if v.letter == 0 {
		return ""
	}
	return "(" + string(rune(v.letter)) + ")"
}

// HasLetter reports whether v is a BSI or RSR version ("26.3.1 (a)").
func (v Version) HasLetter() bool { return v.letter != 0 }

// Build returns the version's build, the zero Build when none is known.
func (v Version) Build() Build { return v.build }

// WithBuild returns v with build b (the zero Build removes it).
func (v Version) WithBuild(b Build) Version {
	v.build = b
	return v
}

// WithPlatform returns v on platform p, e.g. to turn iOS 26.4 into iPadOS
// 26.4 (they share numbers since 13). It does not check that p uses v's major.
func (v Version) WithPlatform(p Platform) Version {
	v.platform = p
	return v
}

// WithLetter returns v with BSI/RSR letter l ("a".."z", upper case
// accepted); "" removes the letter. Any other l is an error.
func (v Version) WithLetter(l string) (Version, error) {
	switch {
	case l == "":
		v.letter = 0
	case len(l) == 1 && isLetter(l[0]):
		v.letter = lower(l[0])
	default:
		return Version{}, invalid(l, nil, "a letter must be one of a to z")
	}
	return v, nil
}

// Base returns the same platform and numeric core without letter or build:
// the version a BSI or RSR installs on.
func (v Version) Base() Version {
	return Version{platform: v.platform, nums: v.nums, n: v.n}
}

// Core returns the numeric core as Apple writes it: "26.3.1", "26.4", "18".
func (v Version) Core() string {
	if v.n == 0 {
		return ""
	}
	return string(v.appendCore(make([]byte, 0, 16)))
}

func (v Version) appendCore(dst []byte) []byte {
	for i := 0; i < int(v.n); i++ {
		if i > 0 {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, uint64(v.nums[i]), 10)
	}
	return dst
}

// IsZero reports whether v has no version number, as the zero Version. A
// version without number holds nothing else of use: String gives "".
func (v Version) IsZero() bool { return v.n == 0 }

// Compare returns -1, 0 or +1 in display order. Within a platform:
// 26.3.1 < 26.3.1 (a) < 26.3.1 (b) < 26.3.2 < 26.4; with the same core and
// letter, by build (no build first). Versions of different platforms order by
// platform name, then version (see ComparePlatforms). Display order is not
// coverage: see FixPoint.
func (v Version) Compare(w Version) int {
	if v.platform != w.platform {
		return ComparePlatforms(v.platform, w.platform)
	}
	if c := v.compareCore(w); c != 0 {
		return c
	}
	if v.letter != w.letter {
		return cmpInt(int(v.letter), int(w.letter))
	}
	return v.build.Compare(w.build)
}

// compareCore compares numeric cores only, missing components being zero.
func (v Version) compareCore(w Version) int {
	for i := range v.nums {
		if v.nums[i] != w.nums[i] {
			return cmpInt(int(v.nums[i]), int(w.nums[i]))
		}
	}
	return 0
}

// Less reports whether v sorts before w (Compare(v, w) < 0).
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// Equal reports whether v and w are the same version: same platform, core
// (26.4 equals 26.4.0), letter and build.
func (v Version) Equal(w Version) bool { return v.Compare(w) == 0 }

// String returns the version as Apple writes it: "iOS 26.3.1 (a)", with
// " (23D771330a)" appended when the build is known; "" for the zero Version.
// Parse(v.String()) gives back v.
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	return string(v.appendTo(make([]byte, 0, 32)))
}

func (v Version) appendTo(dst []byte) []byte {
	dst = append(dst, v.platform...)
	dst = append(dst, ' ')
	dst = v.appendCore(dst)
	if v.letter != 0 {
		dst = append(dst, " ("...)
		dst = append(dst, v.letter, ')')
	}
	if !v.build.IsZero() {
		dst = append(dst, " ("...)
		dst = v.build.appendTo(dst)
		dst = append(dst, ')')
	}
	return dst
}

// MarshalText returns v.String(); the zero Version marshals to "".
func (v Version) MarshalText() ([]byte, error) {
	if v.IsZero() {
		return []byte{}, nil
	}
	return v.appendTo(nil), nil
}

// UnmarshalText parses text with Parse; empty text gives the zero Version.
func (v *Version) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = Version{}
		return nil
	}
	w, err := Parse(string(text))
	if err != nil {
		return err
	}
	*v = w
	return nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Line is a release line of a platform: what "the same major" means for
// coverage. It is the major (iOS 26, macOS 15, Safari 18), except for macOS
// 10, where each minor was its own yearly release (10.14 Mojave and 10.15
// Catalina are different lines). Line is comparable with ==.
type Line struct {
	platform Platform
	major    uint16
	minor    uint16 // used only when hasMinor (macOS 10.x)
	hasMinor bool
}

// Line returns the release line v belongs to.
func (v Version) Line() Line {
	if v.n == 0 {
		return Line{}
	}
	return lineOf(v.platform, int(v.nums[0]), int(v.nums[1]))
}

// lineOf returns the line of platform p for major and minor.
func lineOf(p Platform, major, minor int) Line {
	if p == MacOS && major == 10 {
		return Line{platform: p, major: uint16(major), minor: uint16(minor), hasMinor: true}
	}
	return Line{platform: p, major: uint16(major)}
}

// Platform returns the line's platform.
func (l Line) Platform() Platform { return l.platform }

// Major returns the line's major (26; 10 for macOS 10.15).
func (l Line) Major() int { return int(l.major) }

// Minor returns the minor that identifies a macOS 10 line (15 for 10.15);
// -1 for lines identified by their major alone.
func (l Line) Minor() int {
	if !l.hasMinor {
		return -1
	}
	return int(l.minor)
}

// IsZero reports whether l is the zero Line.
func (l Line) IsZero() bool { return l == Line{} }

// Compare orders lines of one platform by major then minor; lines of
// different platforms order by platform name. It returns -1, 0 or +1.
func (l Line) Compare(m Line) int {
	if l.platform != m.platform {
		return ComparePlatforms(l.platform, m.platform)
	}
	if l.major != m.major {
		return cmpInt(int(l.major), int(m.major))
	}
	return cmpInt(int(l.minor), int(m.minor))
}

// String returns "iOS 26" or "macOS 10.15"; "" for the zero Line.
func (l Line) String() string {
	if l.IsZero() {
		return ""
	}
	s := string(l.platform) + " " + strconv.Itoa(int(l.major))
	if l.hasMinor {
		s += "." + strconv.Itoa(int(l.minor))
	}
	return s
}

// MarketingName returns the line's marketing name ("Tahoe", "Catalina"),
// "" when it has none.
func (l Line) MarketingName() string {
	if l.hasMinor {
		return macOS10Names[l.minor]
	}
	return MarketingName(l.platform, int(l.major))
}
