package advisory

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Clean text is returned as it is.
		{"clean", "Processing web content may lead to arbitrary code execution", "Processing web content may lead to arbitrary code execution"},
		// Runs of spaces, tabs and line breaks fold to one space; ends trimmed.
		{"white space", "  An app\tmay be\r\n able  to ", "An app may be able to"},
		// No-break, figure, narrow no-break and zero-width spaces and a BOM are
		// spaces too.
		{"unicode spaces", "\ufeffiPhone\u00a011\u2007and\u202flater\u200b", "iPhone 11 and later"},
		// Next line (U+0085) and the ideographic space (U+3000) are spaces too.
		{"next line and ideographic space", "WebKit\u0085Canvas\u3000", "WebKit Canvas"},
		// Empty stays empty, blank becomes empty.
		{"empty", "", ""},
		{"blank", " \n\u00a0 ", ""},
		// UTF-8 read as Windows-1252: right single quote.
		{"mojibake quote", "The University of Torontoâ€™s Munk School", "The University of Toronto’s Munk School"},
		// UTF-8 read as Latin-1: e acute.
		{"mojibake e acute", "ClÃ©ment Lecigne", "Clément Lecigne"},
		// Sharp s, whose second byte is a Windows-1252 letter.
		{"mojibake sharp s", "Jonas DreÃŸler", "Jonas Dreßler"},
		// Left double quote.
		{"mojibake left quote", "select â€œSettings -> General -> About.â€œ", "select “Settings -> General -> About.“"},
		// A no-break space read as Latin-1 is repaired, then folded.
		{"mojibake no-break space", "Apple\u00c2\u00a0TV", "Apple TV"},
		// A genuine capital A with tilde is left alone: it does not start a
		// valid UTF-8 sequence.
		{"genuine A tilde", "Ãngel Ãlvarez", "Ãngel Ãlvarez"},
		// A genuine "Ã" next to text outside Latin-1 cannot be mojibake.
		{"genuine A tilde with CJK", "Ã© 风沐云烟", "Ã© 风沐云烟"},
		// Mojibake mixed with a correct accented letter is left as it is (the
		// string is not wholly mojibake).
		{"mixed", "Clément and ClÃ©ment", "Clément and ClÃ©ment"},
		// Correct typographic quotes are not touched.
		{"correct quotes", "D’Angelo “quoted”", "D’Angelo “quoted”"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, cleanText(tc.in))
		})
	}
}

func TestCleanTextNoAllocForCleanText(t *testing.T) {
	// The common case, text that is already clean, costs no allocation.
	s := "An app may be able to execute arbitrary code with kernel privileges"
	allocs := testing.AllocsPerRun(100, func() { _ = cleanText(s) })
	assert.Zero(t, allocs)
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// No marker of mojibake: unchanged.
		{"plain", "Kernel", "Kernel"},
		// The whole string re-encodes to valid UTF-8.
		{"repaired", "Karsten KÃ¶nig", "Karsten König"},
		// Replacement characters carry no marker: unchanged.
		{"replacement chars", "Yiï¿½it", "Yiï¿½it"},
		// Windows-1252 high characters map back to their bytes.
		{"en dash", "denial-of-service â€“ crash", "denial-of-service – crash"},
		// A marker but a rune outside Windows-1252: unchanged.
		{"outside cp1252", "Ã© ✓", "Ã© ✓"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, repairMojibake(tc.in))
		})
	}
}

// FuzzCleanTextFastPath: the ASCII fast path changes no result.
func FuzzCleanTextFastPath(f *testing.F) {
	for _, s := range []string{"", "a b", " a", "a  b", "a\tb", "Ã©", "x\x7f", "a\u00a0b", "plain text."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cleanText(s), cleanTextFull(s); got != want {
			t.Fatalf("%q: %q, want %q", s, got, want)
		}
	})
}

// naiveIndexLowerASCII is indexLowerASCII's specification.
func naiveIndexLowerASCII(s, substr string) int {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != substr[j] {
				break
			}
		}
		if j == n {
			return i
		}
	}
	return -1
}

// FuzzIndexLowerASCII: the IndexByte-driven search finds what a naive one does.
func FuzzIndexLowerASCII(f *testing.F) {
	f.Add("Apple is AWARE OF a report", "aware of")
	f.Add("cve-CVE-Cve-", "cve-")
	f.Add("<TITLE>x</title>", "</title>")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, s, sub string) {
		sub = strings.ToLower(sub)
		for i := 0; i < len(sub); i++ {
			if sub[i] >= 0x80 {
				return // the substr is lower-case ASCII by contract
			}
		}
		if got, want := indexLowerASCII(s, sub), naiveIndexLowerASCII(s, sub); got != want {
			t.Fatalf("indexLowerASCII(%q, %q) = %d, want %d", s, sub, got, want)
		}
	})
}

// FuzzIndexRareLowerASCII: searching by the rest of substr finds what the
// naive search does.
func FuzzIndexRareLowerASCII(f *testing.F) {
	f.Add("Apple is AWARE OF a report", "aware of")
	f.Add("cve-CVE-Cve- ve-", "cve-")
	f.Add("ve-", "cve-")
	f.Fuzz(func(t *testing.T, s, sub string) {
		sub = strings.ToLower(sub)
		if len(sub) < 2 {
			return
		}
		for i := 0; i < len(sub); i++ {
			if sub[i] >= 0x80 {
				return
			}
		}
		if got, want := indexRareLowerASCII(s, sub), naiveIndexLowerASCII(s, sub); got != want {
			t.Fatalf("indexRareLowerASCII(%q, %q) = %d, want %d", s, sub, got, want)
		}
	})
}
