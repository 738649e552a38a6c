package version

import (
	"strconv"
	"strings"
)

// maxInputLen bounds the text the parsers read; the longest real version
// string ("OS X Mountain Lion v10.8.5 (12F2560)") is far shorter.
const maxInputLen = 128

// Parse parses a version as Apple's pages, mails and feeds write it:
//
//	iOS 26.3.1 (a)
//	iOS 26.3.1 (a) (23D771330a)
//	iPadOS 17.7.10
//	macOS Tahoe 26.2          (the marketing name must match the major)
//	OS X El Capitan 10.11.6
//	OS X Mountain Lion v10.8.5
//	Safari 26.4
//	iOS 26.2 (23C55)          (a build without a letter)
//
// Platform names are matched without regard to case (see ParsePlatform); an
// upper-case letter "(A)" is read as "(a)". Majors that a platform never used
// (iOS 19 to 25, skipped by year-based numbering) are rejected. Every error
// wraps ErrInvalid; a missing platform also wraps ErrMissingPlatform, an
// unknown one ErrUnknownPlatform.
func Parse(s string) (Version, error) {
	if len(s) > maxInputLen {
		return Version{}, invalid(s[:maxInputLen]+"...", nil, "too long (%d bytes)", len(s))
	}
	c := cleanSpaces(s)
	var buf [3]string
	words := buf[:leadingWords(c, buf[:])]
	if len(words) == 0 {
		return Version{}, invalid(s, ErrMissingPlatform, "empty")
	}
	p, n := matchPlatform(words)
	if n == 0 {
		if startsNumeric(words[0]) {
			return Version{}, invalid(s, ErrMissingPlatform, "no platform before the version number (want e.g. \"iOS %s\")", words[0])
		}
		return Version{}, invalid(s, ErrUnknownPlatform, "%q is not a known platform", words[0])
	}
	return parseAfterPlatform(s, p, skipWords(c, n))
}

// ParseFor parses a version of platform p written without its platform:
// "26.3.1 (a)", "26.3.1(a)", "26.3.1 (a) 23D771330a", "26.2", "Tahoe 26.2"
// for MacOS. Text that starts with a platform name is accepted when that
// name is p.
func ParseFor(p Platform, s string) (Version, error) {
	if !p.Valid() {
		return Version{}, invalid(s, ErrUnknownPlatform, "%q is not a known platform", string(p))
	}
	if len(s) > maxInputLen {
		return Version{}, invalid(s[:maxInputLen]+"...", nil, "too long (%d bytes)", len(s))
	}
	c := cleanSpaces(s)
	var buf [3]string
	if q, n := matchPlatform(buf[:leadingWords(c, buf[:])]); n > 0 {
		if q != p {
			return Version{}, invalid(s, nil, "names platform %s, want %s", q, p)
		}
		c = skipWords(c, n)
	}
	return parseAfterPlatform(s, p, c)
}

// FromParts builds a version from the separate fields of Apple's software
// feed or of osquery: a plain numeric productVersion ("13.3.1"), extra ("",
// "(a)" or "a") and build ("" or "20E772520a").
func FromParts(p Platform, productVersion, extra, build string) (Version, error) {
	if !p.Valid() {
		return Version{}, invalid(productVersion, ErrUnknownPlatform, "%q is not a known platform", string(p))
	}
	if n := len(productVersion) + len(extra) + len(build); n > maxInputLen {
		return Version{}, invalid(productVersion, nil, "too long (%d bytes with extra and build)", n)
	}
	core := strings.TrimSpace(productVersion)
	v, rest, err := parseCore(productVersion, p, core)
	if err != nil {
		return Version{}, err
	}
	if rest != "" {
		return Version{}, invalid(productVersion, nil, "product version must be numeric only, found %q after %q", rest, v.Core())
	}
	x := strings.TrimSpace(extra)
	if strings.HasPrefix(x, "(") && strings.HasSuffix(x, ")") {
		x = strings.TrimSpace(x[1 : len(x)-1])
	}
	if v, err = v.WithLetter(x); err != nil {
		return Version{}, invalid(extra, nil, "extra must be a letter such as \"(a)\"")
	}
	if b := strings.TrimSpace(build); b != "" {
		bb, err := ParseBuild(b)
		if err != nil {
			return Version{}, err
		}
		v.build = bb
	}
	return v, nil
}

// MustParse is Parse that panics on error; for tests and examples.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// parseAfterPlatform parses what follows the platform name (rest, its
// spaces cleaned): an optional macOS marketing name, the core, the letter and
// the build.
func parseAfterPlatform(in string, p Platform, rest string) (Version, error) {
	var named Line
	hasName := false
	if rest != "" && !startsNumeric(rest) {
		var buf [2]string
		if l, n := matchMarketingName(p, buf[:leadingWords(rest, buf[:])]); n > 0 {
			named, hasName = l, true
			rest = skipWords(rest, n)
		}
	}
	if rest == "" {
		return Version{}, invalid(in, nil, "no version number after %q", p)
	}
	v, rest, err := parseCore(in, p, rest)
	if err != nil {
		return Version{}, err
	}
	if hasName && named != v.Line() {
		return Version{}, invalid(in, nil, "%s %s is %s, not %s", p, named.MarketingName(), named, v.Core())
	}
	return parseSuffixes(in, v, rest)
}

// parseCore reads the numeric core at the start of t (an optional "v" first,
// as in "v10.8.5") and returns the rest of t.
func parseCore(in string, p Platform, t string) (Version, string, error) {
	if len(t) > 1 && (t[0] == 'v' || t[0] == 'V') && isDigit(t[1]) {
		t = t[1:]
	}
	v := Version{platform: p}
	i := 0
	for {
		j := i
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		switch {
		case j == i && v.n == 0:
			return Version{}, "", invalid(in, nil, "no version number")
		case j == i:
			return Version{}, "", invalid(in, nil, "empty component in %q", t[:min(j+1, len(t))])
		case j-i > 1 && t[i] == '0':
			return Version{}, "", invalid(in, nil, "component %q has a leading zero", t[i:j])
		case j-i > 4:
			return Version{}, "", invalid(in, nil, "component %q out of range", t[i:j])
		}
		if v.n == 3 {
			return Version{}, "", invalid(in, nil, "more than three components")
		}
		x := 0
		for _, c := range []byte(t[i:j]) {
			x = x*10 + int(c-'0')
		}
		if x > maxComponent {
			return Version{}, "", invalid(in, nil, "component %q out of range", t[i:j])
		}
		v.nums[v.n] = uint16(x)
		v.n++
		i = j
		if i < len(t) && t[i] == '.' {
			i++
			continue
		}
		break
	}
	if i < len(t) && t[i] != ' ' && t[i] != '(' {
		return Version{}, "", invalid(in, nil, "unexpected %q after version number %q", t[i:], v.Core())
	}
	if !MajorExists(p, v.Major()) {
		return Version{}, "", invalid(in, nil, "%s has no major version %d%s", p, v.Major(), majorHint(p, v.Major()))
	}
	return v, strings.TrimSpace(t[i:]), nil
}

// majorHint explains why a major does not exist.
func majorHint(p Platform, major int) string {
	first, gap := majorRange(p)
	switch {
	case major < first:
		return " (first was " + strconv.Itoa(first) + ")"
	case major >= gap.first && major <= gap.last:
		return " (numbering jumped from " + strconv.Itoa(gap.first-1) + " to " + strconv.Itoa(gap.last+1) + ")"
	}
	return ""
}

// parseSuffixes reads an optional "(a)" letter then an optional build, bare
// or in parentheses, and requires nothing after them.
func parseSuffixes(in string, v Version, t string) (Version, error) {
	if strings.HasPrefix(t, "(") {
		end := strings.IndexByte(t, ')')
		if end < 0 {
			return Version{}, invalid(in, nil, "unclosed parenthesis")
		}
		inner := strings.TrimSpace(t[1:end])
		if len(inner) == 1 {
			if !isLetter(inner[0]) {
				return Version{}, invalid(in, nil, "(%s) is not a letter a to z", inner)
			}
			v.letter = lower(inner[0])
			t = strings.TrimSpace(t[end+1:])
		}
	}
	if t == "" {
		return v, nil
	}
	bt := t
	if strings.HasPrefix(t, "(") {
		end := strings.IndexByte(t, ')')
		if end < 0 {
			return Version{}, invalid(in, nil, "unclosed parenthesis")
		}
		bt, t = t[1:end], strings.TrimSpace(t[end+1:])
	} else if sp := strings.IndexByte(t, ' '); sp >= 0 {
		bt, t = t[:sp], strings.TrimSpace(t[sp:])
	} else {
		t = ""
	}
	if t != "" {
		return Version{}, invalid(in, nil, "unexpected %q after the build", t)
	}
	if isAllLetters(strings.TrimSpace(bt)) {
		return Version{}, invalid(in, nil, "(%s) is neither one letter a to z nor a build", strings.TrimSpace(bt))
	}
	b, err := ParseBuild(bt)
	if err != nil {
		return Version{}, &ParseError{Document: in, Format: "version", Detail: "bad build: " + err.(*ParseError).Detail, Err: ErrInvalidBuild}
	}
	v.build = b
	return v, nil
}

func startsNumeric(w string) bool {
	if len(w) > 1 && (w[0] == 'v' || w[0] == 'V') {
		w = w[1:]
	}
	return w != "" && isDigit(w[0])
}

func isAllLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

// cleanSpaces returns s with each run of white space (NBSP included) made
// one space and none at either end. It allocates only when s needs a change.
func cleanSpaces(s string) string {
	prevSpace := true // no space allowed at the start
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c < ' ':
			return strings.Join(strings.Fields(s), " ") // may hold Unicode spaces
		case c == ' ' && prevSpace:
			return strings.Join(strings.Fields(s), " ")
		default:
			prevSpace = c == ' '
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// leadingWords stores the first len(dst) words of space-cleaned s in dst and
// returns how many it stored.
func leadingWords(s string, dst []string) int {
	n := 0
	for n < len(dst) && s != "" {
		dst[n], s, _ = strings.Cut(s, " ")
		n++
	}
	return n
}

// skipWords returns space-cleaned s without its first k words.
func skipWords(s string, k int) string {
	for ; k > 0 && s != ""; k-- {
		_, s, _ = strings.Cut(s, " ")
	}
	return s
}
