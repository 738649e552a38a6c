package advisory

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Conformance on other projects' fixtures of Apple pages
// (shared/realworld/peer-fixtures): every one parses to sane output or fails
// with a clear error, never to a silent empty or half-read document.

func TestPeerFixturesConformance(t *testing.T) {
	tests := []struct {
		file     string
		kind     string // "advisory", "index", or "" for a page Parse rejects
		releases []ProductVersion
		entries  int
		rows     int
	}{
		{"peer-synthetic/advisory-entries.html", "advisory", []ProductVersion{rel("iOS", "26.2"), rel("iPadOS", "26.2")}, 3, 0},
		// A Rapid Security Response page with (a) and (c) sections.
		{"peer-synthetic/advisory-rsr.html", "advisory", []ProductVersion{relx("iOS", "16.5.1", "(a)"), relx("iPadOS", "16.5.1", "(a)"), relx("iOS", "16.5.1", "(c)"), relx("iPadOS", "16.5.1", "(c)")}, 1, 0},
		{"peer-synthetic/index.html", "index", nil, 0, 8},
		{"peer-vuls/100100.html", "index", nil, 0, 4},
		// Archive pages of the pre-CVE era (CAN- IDs, list rows): not a
		// layout Parse reads, and it says so.
		{"peer-vuls/101682.html", "", nil, 0, 0},
		{"peer-vuls/103813.html", "", nil, 0, 0},
		{"peer-vuls/104191.html", "", nil, 0, 0},
		{"peer-vuls/128067.html", "advisory", []ProductVersion{rel("macOS", "26.6")}, 2, 0},
		// Empty <title> and <h1>: the release comes from its section heading.
		{"peer-vuls/HT204426.html", "advisory", []ProductVersion{rel("Apple TV", "7.1")}, 1, 0},
		{"peer-vuls/HT205636.html", "advisory", []ProductVersion{rel("Safari", "9.0.2")}, 2, 0},
		// Two fixes under one heading, each with its own label block.
		{"peer-vuls/HT4298.html", "advisory", []ProductVersion{rel("Time Capsule", "7.5.2"), rel("AirPort Base Station (802.11n) Firmware", "7.5.2")}, 2, 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc := readCapture(t, "peer-fixtures/"+tc.file)
			d, err := Parse(bytes.NewReader(doc), tc.file)
			switch tc.kind {
			case "":
				require.Error(t, err)
				assert.True(t, errors.Is(err, ErrMalformed) || errors.Is(err, ErrUnknownFormat), "%v", err)
				return
			case "index":
				require.NoError(t, err)
				ix, ok := d.(*Index)
				require.True(t, ok, "%T", d)
				assert.Len(t, ix.Rows, tc.rows)
				return
			}
			require.NoError(t, err)
			adv, ok := d.(*Advisory)
			require.True(t, ok, "%T", d)
			assert.Equal(t, tc.releases, adv.Releases)
			for _, r := range adv.Releases {
				assert.NotEmpty(t, r.Version, "bare-platform release %q", r.Platform)
			}
			assert.False(t, adv.Truncated)
			require.Len(t, adv.Entries, tc.entries)
			got := 0
			for i, e := range adv.Entries {
				assert.NotEmpty(t, e.Component, "entry %d", i)
				assert.NotEmpty(t, e.CVEs, "entry %d (%s)", i, e.Component)
				got += len(e.CVEs)
				for _, c := range e.CVEs {
					assert.NotContains(t, c.Credit, "Entry ", "a note glued onto a credit")
				}
			}
			assert.Equal(t, peerCVELines(t, doc), got, "CVE lines of the raw text")
		})
	}
	t.Run("entry added and updated", func(t *testing.T) {
		adv, err := ParsePage(bytes.NewReader(readCapture(t, "peer-fixtures/peer-synthetic/advisory-entries.html")), "x")
		require.NoError(t, err)
		k := adv.Entries[1]
		assert.Equal(t, "Kernel", k.Component)
		assert.Equal(t, "2026-02-11", k.Added.String())
		assert.Equal(t, "2026-03-24", k.Updated.String())
		assert.Equal(t, []CVE{{ID: "CVE-2025-43537", Credit: "researcher one"}}, k.CVEs)
		assert.Equal(t, []string{"CVE-2024-99999"}, k.MentionedCVEs)
	})
}

// peerCVELines counts the CVE lines ("CVE-ID: CVE-...", "CVE-...: credit" or
// an ID alone) of a page's text as html.Parse renders it, up to its
// "Additional recognition" section, whose lines are thanks, not fixes.
func peerCVELines(t *testing.T, doc []byte) int {
	text := rawText(t, doc)
	if i := strings.Index(strings.ToLower(text), "\nadditional recognition"); i >= 0 {
		text = text[:i]
	}
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimPrefix(l, "CVE-ID:"))
		if rawCVELine.MatchString(l) {
			n++
		}
	}
	return n
}
