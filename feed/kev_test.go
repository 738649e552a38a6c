package feed

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
)

func TestParseKEVGolden(t *testing.T) {
	c, err := ParseKEV(openTestdata(t, "kev/catalog.json"), "kev/catalog.json")
	require.NoError(t, err)
	assert.Equal(t, "2026.03.20", c.CatalogVersion)
	assert.Equal(t, time.Date(2026, 3, 20, 15, 2, 11, 482000000, time.UTC), c.DateReleased)
	assert.Equal(t, 5, c.Count)
	assert.True(t, c.CountMatches())
	require.Len(t, c.Vulnerabilities, 5)
	assert.Equal(t, advisory.NewDate(2026, 2, 12), c.Vulnerabilities[0].DateAdded)
	assert.Equal(t, advisory.NewDate(2026, 3, 5), c.Vulnerabilities[0].DueDate)
	assert.Equal(t, []string{"CWE-119"}, c.Vulnerabilities[0].CWEs)
	assert.NotNil(t, c.Vulnerabilities[3].CWEs)
	parsersGolden(t, "kev/catalog.golden.json", c)
}

func TestKEVLookups(t *testing.T) {
	c, err := ParseKEV(openTestdata(t, "kev/catalog.json"), "kev/catalog.json")
	require.NoError(t, err)

	apple := c.Apple()
	ids := []string{}
	for _, v := range apple {
		ids = append(ids, v.CVEID)
	}
	assert.Equal(t, []string{"CVE-2026-20700", "CVE-2025-43529", "CVE-2022-48503"}, ids)

	cases := []struct {
		name, cve, vendor string
		found             bool
	}{
		// An Apple entry.
		{"apple", "CVE-2025-43529", "Apple", true},
		// Case and space do not matter.
		{"lower case", " cve-2026-20700 ", "Apple", true},
		// Another vendor's entry is found too.
		{"other vendor", "CVE-2024-1086", "Linux", true},
		// A CVE not in the catalog.
		{"absent", "CVE-2026-20643", "", false},
		// Not a CVE ID at all.
		{"garbage", "WebKit", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, ok := c.Contains(tc.cve)
			assert.Equal(t, tc.found, ok)
			assert.Equal(t, tc.vendor, v.VendorProject)
		})
	}

	// A catalog decoded without ParseKEV (from its own snake_case JSON) has
	// no index but still answers.
	var plain KEVCatalog
	require.NoError(t, json.Unmarshal([]byte(`{"vulnerabilities":[{"cve_id":"CVE-2026-20700","vendor_project":"Apple"}]}`), &plain))
	_, ok := plain.Contains("cve-2026-20700")
	assert.True(t, ok)
	var nilCatalog *KEVCatalog
	_, ok = nilCatalog.Contains("CVE-2026-20700")
	assert.False(t, ok)
	assert.Nil(t, nilCatalog.Apple())
	assert.False(t, nilCatalog.CountMatches())
}

func TestParseKEVCountMismatch(t *testing.T) {
	// A stated count that disagrees is kept and reported, not fatal.
	in := `{"catalogVersion":"x","count":3,"vulnerabilities":[{"cveID":"CVE-2026-20700","vendorProject":"Apple","dateAdded":"2026-02-12"}]}`
	c, err := ParseKEV(strings.NewReader(in), "kev.json")
	require.NoError(t, err)
	assert.Equal(t, 3, c.Count)
	assert.False(t, c.CountMatches())

	// No count at all: the number of entries stands in.
	c, err = ParseKEV(strings.NewReader(`{"vulnerabilities":[{"cveID":"CVE-2026-20700"}]}`), "kev.json")
	require.NoError(t, err)
	assert.Equal(t, 1, c.Count)
	assert.True(t, c.CountMatches())
}

func TestParseKEVErrors(t *testing.T) {
	cases := []struct {
		name string
		r    io.Reader
		want error
	}{
		// The vulnerabilities key is missing.
		{"missing vulnerabilities", strings.NewReader(`{"title":"t","count":0}`), ErrMalformedFeed},
		// The vulnerabilities key is null.
		{"null vulnerabilities", strings.NewReader(`{"vulnerabilities":null}`), ErrMalformedFeed},
		// An empty list would clear every exploited flag: refused.
		{"empty vulnerabilities", strings.NewReader(`{"vulnerabilities":[]}`), ErrMalformedFeed},
		// The list is not a list.
		{"wrong type", strings.NewReader(`{"vulnerabilities":{"cveID":"CVE-2026-20700"}}`), ErrMalformedFeed},
		// An entry without a CVE ID.
		{"missing cve", strings.NewReader(`{"vulnerabilities":[{"vendorProject":"Apple"}]}`), ErrMalformedFeed},
		// An entry whose CVE ID is not one.
		{"bad cve", strings.NewReader(`{"vulnerabilities":[{"cveID":"CVE-26-1"}]}`), ErrMalformedFeed},
		// A date that is no date.
		{"bad date", strings.NewReader(`{"vulnerabilities":[{"cveID":"CVE-2026-20700","dateAdded":"soon"}]}`), ErrMalformedFeed},
		// A release time that is no time.
		{"bad dateReleased", strings.NewReader(`{"dateReleased":"yesterday","vulnerabilities":[{"cveID":"CVE-2026-20700"}]}`), ErrMalformedFeed},
		// Not JSON.
		{"not json", strings.NewReader(`<html></html>`), ErrMalformedFeed},
		// Cut short.
		{"truncated", strings.NewReader(`{"vulnerabilities":[{"cveID":"CVE-2026-20700"`), ErrMalformedFeed},
		// Empty body.
		{"empty", strings.NewReader(``), ErrMalformedFeed},
		// The reader fails: its error is reported as itself.
		{"reader error", iotest.ErrReader(io.ErrClosedPipe), io.ErrClosedPipe},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseKEV(tc.r, "https://www.cisa.gov/kev.json")
			assert.Nil(t, c)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "https://www.cisa.gov/kev.json", pe.Document)
			assert.Equal(t, "kev", pe.Format)
		})
	}
}

// TestParseKEVRealWorld reads the real catalog: 1674 entries, 94 of them
// Apple's, an extra fetchTimestamp key and a cwes list per entry.
func TestParseKEVRealWorld(t *testing.T) {
	f, err := os.Open(realworld.Path(t, "kev/kev_catalog.json"))
	require.NoError(t, err)
	defer f.Close()
	c, err := ParseKEV(f, "kev/kev_catalog.json")
	require.NoError(t, err)
	assert.Equal(t, "2026.08.21", c.CatalogVersion)
	assert.Equal(t, 1674, c.Count)
	assert.Len(t, c.Vulnerabilities, 1674)
	assert.True(t, c.CountMatches())
	apple := c.Apple()
	assert.Len(t, apple, 94)
	for _, v := range apple {
		got, ok := c.Contains(v.CVEID)
		require.True(t, ok, v.CVEID)
		assert.Equal(t, "Apple", got.VendorProject)
		assert.False(t, v.DateAdded.IsZero(), v.CVEID)
	}
	// The exploited dyld flaw of iOS 26.3 and a WebKit flaw of December 2025.
	for _, id := range []string{"CVE-2026-20700", "CVE-2025-43529"} {
		v, ok := c.Contains(id)
		require.True(t, ok, id)
		assert.Equal(t, "Apple", v.VendorProject)
	}
	assert.False(t, c.DateReleased.IsZero())
}

// BenchmarkParseKEV measures ParseKEV on the real catalog against a baseline
// of encoding/json decoding the same bytes into map[string]any.
func BenchmarkParseKEV(b *testing.B) {
	dir, ok := realworld.Find()
	if !ok {
		b.Skip("real-world captures not found")
	}
	data, err := os.ReadFile(dir + "/kev/kev_catalog.json")
	if err != nil {
		b.Skip("kev/kev_catalog.json not found")
	}
	b.Run("ParseKEV", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ParseKEV(bytes.NewReader(data), "kev"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-json-map", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	c, err := ParseKEV(bytes.NewReader(data), "kev")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Contains", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = c.Contains("CVE-2022-48503")
		}
	})
}
