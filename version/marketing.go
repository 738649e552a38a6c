package version

import (
	"slices"
	"strings"
)

// macOSNames maps macOS majors from 11 to their marketing names.
var macOSNames = map[int]string{
	11: "Big Sur",
	12: "Monterey",
	13: "Ventura",
	14: "Sonoma",
	15: "Sequoia",
	26: "Tahoe",
}

// macOS10Names maps the minor of each Mac OS X / OS X / macOS 10.x line to
// its marketing name.
var macOS10Names = map[uint16]string{
	0:  "Cheetah",
	1:  "Puma",
	2:  "Jaguar",
	3:  "Panther",
	4:  "Tiger",
	5:  "Leopard",
	6:  "Snow Leopard",
	7:  "Lion",
	8:  "Mountain Lion",
	9:  "Mavericks",
	10: "Yosemite",
	11: "El Capitan",
	12: "Sierra",
	13: "High Sierra",
	14: "Mojave",
	15: "Catalina",
}

// MarketingName returns the marketing name of a major: MarketingName(MacOS,
// 26) is "Tahoe", 15 "Sequoia", 11 "Big Sur". Only macOS has such names; the
// macOS 10 lines are named by their minor (10.15 Catalina), so major 10 gives
// "" here: use Version.MarketingName or Line.MarketingName for them. It
// returns "" when the major has no name.
func MarketingName(p Platform, major int) string {
	if p != MacOS {
		return ""
	}
	return macOSNames[major]
}

// MarketingName returns the marketing name of v's line ("Tahoe" for macOS
// 26.2, "Catalina" for macOS 10.15.7), "" when none.
func (v Version) MarketingName() string { return v.Line().MarketingName() }

// MajorForMarketingName returns the platform and major a marketing name
// stands for: "Tahoe" and "macOS Tahoe" give (MacOS, 26). Case and spacing
// are ignored. The macOS 10 names ("Catalina", "OS X El Capitan") give major
// 10; LineForMarketingName also gives their minor.
func MajorForMarketingName(name string) (Platform, int, bool) {
	l, ok := LineForMarketingName(name)
	if !ok {
		return "", 0, false
	}
	return l.platform, int(l.major), true
}

// LineForMarketingName returns the line a marketing name stands for:
// "macOS Tahoe" is macOS 26, "Catalina" macOS 10.15.
func LineForMarketingName(name string) (Line, bool) {
	words := strings.Fields(name)
	if p, n := matchPlatform(words); n > 0 {
		if p != MacOS {
			return Line{}, false
		}
		words = words[n:]
	}
	l, n := matchMarketingName(MacOS, words)
	if n == 0 || n != len(words) {
		return Line{}, false
	}
	return l, true
}

// marketingName is one marketing name, split into words, and its line.
type marketingName struct {
	words []string
	line  Line
}

// marketingNames lists every macOS marketing name, longest first so that
// "High Sierra" wins over "Sierra". Built once; never modified.
var marketingNames = buildMarketingNames()

func buildMarketingNames() []marketingName {
	var out []marketingName
	for major, name := range macOSNames {
		out = append(out, marketingName{strings.Fields(name), lineOf(MacOS, major, 0)})
	}
	for minor, name := range macOS10Names {
		out = append(out, marketingName{strings.Fields(name), lineOf(MacOS, 10, int(minor))})
	}
	slices.SortFunc(out, func(a, b marketingName) int {
		if len(a.words) != len(b.words) {
			return len(b.words) - len(a.words)
		}
		return a.line.Compare(b.line)
	})
	return out
}

// matchMarketingName matches the longest marketing name of platform p at the
// start of words and returns its line and the number of words used.
func matchMarketingName(p Platform, words []string) (Line, int) {
	if p != MacOS || len(words) == 0 {
		return Line{}, 0
	}
next:
	for _, m := range marketingNames {
		if len(m.words) > len(words) {
			continue
		}
		for i, w := range m.words {
			if !strings.EqualFold(words[i], w) {
				continue next
			}
		}
		return m.line, len(m.words)
	}
	return Line{}, 0
}
