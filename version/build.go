package version

import (
	"fmt"
	"strconv"
	"strings"
)

// maxBuildLen bounds the text ParseBuild reads: real builds have at most 11
// characters ("23D771330a").
const maxBuildLen = 24

// Build is an Apple build number such as "23D8133", "23D771330a" (a
// Background Security Improvement), "21H461" or "22B5034e" (a beta).
//
// Apple's grammar: a major-train number (23), an upper-case letter for the
// minor train (D), a build number (8133; long for BSI/RSR builds: 771330)
// and an optional lower-case suffix (a, e...). The zero Build means "no
// build". Build is comparable with ==.
type Build struct {
	train  uint16 // major train: 23 in 23D8133
	letter byte   // minor train: 'D' in 23D8133; 0 for the zero Build
	number uint64 // 8133 in 23D8133
	digits uint8  // digits written for number, to keep leading zeros
	suffix byte   // 'a' in 23D771330a; 0 when none
}

// ParseBuild parses an Apple build number. It accepts surrounding spaces and
// parentheses ("(23D771330a)") and nothing else: the train letter must be
// upper case and the suffix, when present, one lower-case letter.
func ParseBuild(s string) (Build, error) {
	in := s
	bad := func(format string, args ...any) (Build, error) {
		return Build{}, &ParseError{Document: in, Format: "build", Detail: fmt.Sprintf(format, args...), Err: ErrInvalidBuild}
	}
	if len(s) > maxBuildLen+4 {
		return bad("too long (%d bytes)", len(s))
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return bad("empty")
	}
	if len(s) > maxBuildLen {
		return bad("too long (%d bytes)", len(s))
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 {
		return bad("must start with the train number (as in 23D8133)")
	}
	if i > 4 || s[0] == '0' {
		return bad("train number %q out of range", s[:i])
	}
	train, _ := strconv.Atoi(s[:i])
	if i == len(s) || s[i] < 'A' || s[i] > 'Z' {
		return bad("train number must be followed by an upper-case train letter (as in 23D8133)")
	}
	letter := s[i]
	i++
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i {
		return bad("missing build number after the train letter")
	}
	if j-i > 12 {
		return bad("build number %q too long", s[i:j])
	}
	number, err := strconv.ParseUint(s[i:j], 10, 64)
	if err != nil {
		return bad("build number %q: %v", s[i:j], err)
	}
	b := Build{train: uint16(train), letter: letter, number: number, digits: uint8(j - i)}
	switch rest := s[j:]; {
	case rest == "":
	case len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z':
		b.suffix = rest[0]
	default:
		return bad("unexpected %q after the build number (want at most one lower-case letter)", rest)
	}
	return b, nil
}

// MustParseBuild is ParseBuild that panics on error; for tests and examples.
func MustParseBuild(s string) Build {
	b, err := ParseBuild(s)
	if err != nil {
		panic(err)
	}
	return b
}

// IsZero reports whether b is the zero Build ("no build").
func (b Build) IsZero() bool { return b == Build{} }

// Train returns the major-train number (23 in "23D8133").
func (b Build) Train() int { return int(b.train) }

// TrainLetter returns the minor-train letter ("D" in "23D8133"), "" for the zero Build.
func (b Build) TrainLetter() string {
	if b.letter == 0 {
		return ""
	}
	return string(rune(b.letter))
}

// Number returns the build number (8133 in "23D8133").
func (b Build) Number() uint64 { return b.number }

// Suffix returns the trailing lower-case letter ("a" in "23D771330a"), "" when none.
func (b Build) Suffix() string {
	if b.suffix == 0 {
		return ""
	}
	return string(rune(b.suffix))
}

// String returns the build as Apple writes it, "" for the zero Build.
func (b Build) String() string {
	if b.IsZero() {
		return ""
	}
	return string(b.appendTo(make([]byte, 0, 16)))
}

// appendTo appends the build's text to dst.
func (b Build) appendTo(dst []byte) []byte {
	dst = strconv.AppendUint(dst, uint64(b.train), 10)
	dst = append(dst, b.letter)
	n := strconv.AppendUint(make([]byte, 0, 20), b.number, 10)
	for k := len(n); k < int(b.digits); k++ {
		dst = append(dst, '0')
	}
	dst = append(dst, n...)
	if b.suffix != 0 {
		dst = append(dst, b.suffix)
	}
	return dst
}

// Compare orders builds by train number, train letter, build number, then
// suffix (none first); it returns -1, 0 or +1. The zero Build sorts first.
// On one base, 23D8133 < 23D771330a.
func (b Build) Compare(c Build) int {
	switch {
	case b.train != c.train:
		return cmpInt(int(b.train), int(c.train))
	case b.letter != c.letter:
		return cmpInt(int(b.letter), int(c.letter))
	case b.number != c.number:
		if b.number < c.number {
			return -1
		}
		return 1
	case b.suffix != c.suffix:
		return cmpInt(int(b.suffix), int(c.suffix))
	}
	return cmpInt(int(b.digits), int(c.digits))
}

// MarshalText returns the build's text ("" for the zero Build).
func (b Build) MarshalText() ([]byte, error) {
	if b.IsZero() {
		return []byte{}, nil
	}
	return b.appendTo(nil), nil
}

// UnmarshalText parses a build; empty text gives the zero Build.
func (b *Build) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*b = Build{}
		return nil
	}
	c, err := ParseBuild(string(text))
	if err != nil {
		return err
	}
	*b = c
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
