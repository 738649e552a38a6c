package advisory

import (
	"strings"
	"unicode/utf8"
)

// cleanText folds white space (including no-break spaces and line breaks) to
// single spaces, trims the ends, and repairs mojibake where that is unambiguous.
//
// Invalid UTF-8 becomes U+FFFD, as JSON encoding would make it anyway: text
// keeps the same value through a round trip, so keys built from it are stable.
func cleanText(s string) string {
	if isClean(s, true) {
		return s // most lines: nothing to fold, repair or replace
	}
	return cleanTextFull(s)
}

// cleanTextFull is cleanText without its ASCII fast path.
func cleanTextFull(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = repairMojibake(s)
	if isClean(s, false) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u0085', '\u00a0', '\u2007', '\u202f', '\u200b', '\u3000', '\ufeff':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether cleanText would leave s as it is, so the common case
// costs no allocation. With asciiOnly it also reports false for any byte
// outside printable ASCII: cleanText's one-pass fast path.
func isClean(s string, asciiOnly bool) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case asciiOnly && (c < 0x21 || c > 0x7e):
			return false
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			return false
		case c >= 0x80:
			// Multi-byte runes that are spaces: U+0085 and U+00A0 (C2 ..),
			// U+2007/U+200B/U+202F (E2 80 ..), U+3000 (E3 80 80), U+FEFF (EF BB BF).
			if c == 0xC2 && i+1 < len(s) && (s[i+1] == 0xA0 || s[i+1] == 0x85) {
				return false
			}
			if (c == 0xE2 || c == 0xE3 || c == 0xEF) && i+2 < len(s) {
				r, _ := utf8.DecodeRuneInString(s[i:])
				if r == '\u2007' || r == '\u202f' || r == '\u200b' || r == '\u3000' || r == '\ufeff' {
					return false
				}
			}
		}
		prevSpace = false
	}
	return true
}

// repairMojibake undoes the commonest damage of UTF-8 text decoded as
// Windows-1252 or Latin-1 ("â€™" for "’", "Ã©" for "é"): when s contains such a
// sequence and re-encoding every rune to a single byte yields valid UTF-8, that
// is the repaired text. Anything else is returned as it is, so correct text with
// a genuine "Ã" is never changed unless the whole string reads as mojibake.
func repairMojibake(s string) string {
	if !strings.Contains(s, "Ã") && !strings.Contains(s, "â€") && !strings.Contains(s, "Â") {
		return s
	}
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		b, ok := cp1252Byte(r)
		if !ok {
			return s
		}
		buf = append(buf, b)
	}
	if !utf8.Valid(buf) {
		return s
	}
	return string(buf)
}

// cp1252High maps the runes Windows-1252 puts at 0x80-0x9F back to their bytes.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// cp1252Byte returns the single Windows-1252 (or Latin-1) byte that decodes to r.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}
