package advisory

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hostile input (issue #8): prose naming tens of thousands of CVE IDs, runs of
// hyphen-wrapped lines, invalid UTF-8. The work must stay linear in the input
// (BenchmarkHostileInput measures 1x against 10x input) and the output stable.

// manyIDs returns n distinct CVE IDs separated by sep, each twice when twice.
func manyIDs(n int, sep string, twice bool) string {
	var b strings.Builder
	for k := range 2 {
		if k == 1 && !twice {
			break
		}
		for i := range n {
			if b.Len() > 0 {
				b.WriteString(sep)
			}
			fmt.Fprintf(&b, "cve-2024-%05d", 10000+i)
		}
	}
	return b.String()
}

// hostilePage is an advisory page whose one entry names n CVE IDs, each
// twice, in its Description.
func hostilePage(n int) string {
	return `<html><head><title>About the security content of iOS 26.2</title></head><body><div id="sections"><h2>iOS 26.2</h2>` +
		`<h3>Kernel</h3><p>Available for: iPhone 11 and later</p><p>Impact: x</p><p>Description: related to ` + manyIDs(n, " and ", true) +
		`</p><p>CVE-2025-43537: researcher one</p></div></body></html>`
}

// hostileMail is an APPLE-SA mail whose one entry names n CVE IDs, each
// twice, on a single Description line.
func hostileMail(n int) string {
	return "APPLE-SA-12-11-2025-1 iOS 26.2\n\nKernel\nAvailable for: iPhone 11 and later\nImpact: x\nDescription: related to " +
		manyIDs(n, ", ", true) + "\nCVE-2025-43537: researcher one\n"
}

func TestHostileMentionsDedupe(t *testing.T) {
	const n = 20000
	check := func(t *testing.T, a *Advisory) {
		require.Len(t, a.Entries, 1)
		got := a.Entries[0].MentionedCVEs
		require.Len(t, got, n, "each mentioned ID once")
		assert.Equal(t, "CVE-2024-10000", got[0])
		assert.Equal(t, fmt.Sprintf("CVE-2024-%05d", 10000+n-1), got[n-1])
	}
	t.Run("page", func(t *testing.T) {
		a, err := ParsePage(strings.NewReader(hostilePage(n)), "hostile")
		require.NoError(t, err)
		check(t, a)
	})
	t.Run("mail", func(t *testing.T) {
		a, err := ParseMail(strings.NewReader(hostileMail(n)), "hostile")
		require.NoError(t, err)
		check(t, a)
	})
	t.Run("fixed IDs are not mentions", func(t *testing.T) {
		e := entryFromLines("Kernel", "Impact: x", "Description: "+manyIDs(40, " ", true), "CVE-2024-10003: y")
		assert.Len(t, e.MentionedCVEs, 39)
		assert.NotContains(t, e.MentionedCVEs, "CVE-2024-10003")
	})
}

func TestHostileHyphenRun(t *testing.T) {
	// 50,000 lines each ending inside a hyphenated word: one line.
	lines := make([]string, 50000)
	for i := range lines {
		lines[i] = "ab-"
	}
	lines[len(lines)-1] = "ab"
	out := unwrapHyphens(lines)
	require.Len(t, out, 1)
	assert.Len(t, out[0], 3*len(lines)-1)
}

func TestInvalidUTF8IsStable(t *testing.T) {
	// Invalid bytes in a component and a credit become U+FFFD at parse time,
	// so a JSON round trip (a snapshot) gives back the same entry.
	check := func(t *testing.T, a *Advisory) {
		require.Len(t, a.Entries, 1)
		e := a.Entries[0]
		assert.Equal(t, "Kern\uFFFDel", e.Component)
		assert.Equal(t, "researcher \uFFFD one", e.CVEs[0].Credit)
		raw, err := json.Marshal(a)
		require.NoError(t, err)
		var back Advisory
		require.NoError(t, json.Unmarshal(raw, &back))
		assert.Equal(t, a.Entries, back.Entries)
		for _, s := range []string{a.Title, e.Component, e.AvailableFor, e.Impact, e.Description, e.CVEs[0].Credit} {
			assert.True(t, utf8.ValidString(s), "%q", s)
		}
	}
	t.Run("page", func(t *testing.T) {
		doc := "<title>About the security content of iOS 26.2\xff</title><div id=\"sections\"><h2>iOS 26.2</h2><h3>Kern\xc3el</h3>" +
			"<p>Available for: iPhone\xe2\x80</p><p>Impact: x</p><p>CVE-2025-43537: researcher \xfe one</p></div>"
		a, err := ParsePage(strings.NewReader(doc), "utf8")
		require.NoError(t, err)
		check(t, a)
	})
	t.Run("mail", func(t *testing.T) {
		text := "APPLE-SA-12-11-2025-1 iOS 26.2\xff\n\nKern\xc3el\nAvailable for: iPhone\xe2\x80\nImpact: x\nCVE-2025-43537: researcher \xfe one\n"
		a, err := ParseMail(strings.NewReader(text), "utf8")
		require.NoError(t, err)
		check(t, a)
	})
}

// BenchmarkHostileInput parses hostile inputs at 1x and 10x size: ns/op of
// the 10x run over the 1x run stays near 10 (linear work).
//
//	go test ./advisory -run '^$' -bench HostileInput -benchtime 5x
func BenchmarkHostileInput(b *testing.B) {
	cases := []struct {
		name  string
		doc   func(int) string
		parse func(string) error
		n     int
	}{
		{"page-mentions", hostilePage, func(s string) error { _, err := ParsePage(strings.NewReader(s), "b"); return err }, 4000},
		{"mail-mentions", hostileMail, func(s string) error { _, err := ParseMail(strings.NewReader(s), "b"); return err }, 10000},
	}
	for _, tc := range cases {
		for _, scale := range []int{1, 10} {
			doc := tc.doc(tc.n * scale)
			b.Run(fmt.Sprintf("%s/%dx", tc.name, scale), func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				b.ReportAllocs()
				for b.Loop() {
					if err := tc.parse(doc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
