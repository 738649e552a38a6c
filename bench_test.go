package applesec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/store"
)

// bigMirror serves an index of n rows linking n advisory pages, each a copy
// of the snapshot's iOS 26.3 page under its own document number and CVE IDs:
// the size of Apple's whole history.
type bigMirror struct {
	srv    *httptest.Server
	bodies atomic.Int64
}

// cveRe finds the CVE IDs of the template page.
var cveRe = regexp.MustCompile(`CVE-2026-(\d{5})`)

func newBigMirror(tb testing.TB, n int) *bigMirror {
	tb.Helper()
	dir := "testdata/snapshot/support.apple.com/en-us/"
	index, err := os.ReadFile(dir + "100100.html")
	if err != nil {
		tb.Fatal(err)
	}
	page, err := os.ReadFile(dir + "126346.html")
	if err != nil {
		tb.Fatal(err)
	}
	// The template row is the one that links the template page.
	s := string(index)
	start := strings.LastIndex(s[:strings.Index(s, `href="/en-us/126346"`)], "<tr>")
	end := start + strings.Index(s[start:], "</tr>") + len("</tr>")
	row := s[start:end]
	var rows strings.Builder
	pages := map[string][]byte{}
	for i := range n {
		doc := fmt.Sprint(300000 + i)
		rows.WriteString(strings.ReplaceAll(row, "126346", doc))
		body := strings.ReplaceAll(string(page), "126346", doc)
		body = cveRe.ReplaceAllStringFunc(body, func(id string) string {
			return fmt.Sprintf("CVE-%d-%s", 2000+i%25, id[len("CVE-2026-"):]+fmt.Sprint(i))
		})
		pages["/en-us/"+doc] = []byte(body)
	}
	// Only the generated rows: the snapshot's other rows would be 404s here.
	tableStart := strings.Index(s, "<tr>")
	tableEnd := strings.LastIndex(s, "</tr>") + len("</tr>")
	header := s[tableStart : tableStart+strings.Index(s[tableStart:], "</tr>")+len("</tr>")]
	pages["/en-us/100100"] = []byte(s[:tableStart] + header + rows.String() + s[tableEnd:])

	m := &bigMirror{}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%d-%d"`, len(body), len(r.URL.Path))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		m.bodies.Add(int64(len(body)))
		_, _ = w.Write(body)
	}))
	tb.Cleanup(m.srv.Close)
	return m
}

// options reads the mirror's Apple site only, with a client that does not
// wait between requests to the loopback host.
func (m *bigMirror) options(tb testing.TB) applesec.SyncOptions {
	client, err := feed.NewClient(feed.Config{Retries: -1})
	if err != nil {
		tb.Fatal(err)
	}
	return applesec.SyncOptions{
		BaseURL: m.srv.URL, KEVURL: "-", GDMFURL: "-", Fetcher: client,
		Now: func() time.Time { return snapshotAt },
	}
}

// BenchmarkSync measures a first sync of a 700-page mirror into an empty
// database (every page fetched, parsed and committed as one file), an
// unchanged re-sync, and, as the baseline, fetching every body once with the
// same client, without parsing or storing.
func BenchmarkSync(b *testing.B) {
	const pages = 700
	m := newBigMirror(b, pages)
	ctx := context.Background()
	b.Run("baseline-fetch-only", func(b *testing.B) {
		b.ReportAllocs()
		client, err := feed.NewClient(feed.Config{Retries: -1})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			for i := range pages {
				if _, err := client.Fetch(ctx, fmt.Sprintf("%s/en-us/%d", m.srv.URL, 300000+i), feed.Validators{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			db, err := applesec.Open(ctx, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			rep, err := db.Sync(ctx, m.options(b))
			if err != nil || rep.NewAdvisories != pages {
				b.Fatalf("%d new advisories, %v", rep.NewAdvisories, err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		b.ReportAllocs()
		db, err := applesec.Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Sync(ctx, m.options(b)); err != nil {
			b.Fatal(err)
		}
		before := m.bodies.Load()
		var parsed int
		for b.Loop() {
			rep, err := db.Sync(ctx, m.options(b))
			if err != nil {
				b.Fatal(err)
			}
			parsed += rep.Stats.Parsed
		}
		b.ReportMetric(float64(m.bodies.Load()-before)/float64(b.N), "bodybytes/op")
		b.ReportMetric(float64(parsed)/float64(b.N), "parsed/op")
	})
}

// benchAdvisories builds n advisories of k entries each, with releases and
// CVE IDs spread over the platforms and years.
func benchAdvisories(n, k int) []*advisory.Advisory {
	platforms := []string{"iOS", "iPadOS", "macOS", "watchOS", "tvOS", "visionOS", "Safari"}
	advs := make([]*advisory.Advisory, n)
	for i := range advs {
		p := platforms[i%len(platforms)]
		major := 18 + i%9
		if p == "watchOS" || p == "visionOS" {
			major = 2 + i%9
		}
		a := &advisory.Advisory{
			Kind: "advisory", Origin: advisory.OriginPage,
			Title:    fmt.Sprintf("About the security content of %s %d.%d", p, major, i%7),
			URL:      fmt.Sprintf("https://support.apple.com/en-us/%d", 400000+i),
			Released: advisory.NewDate(2016+i%10, time.Month(1+i%12), 1+i%28),
			Releases: []advisory.ProductVersion{{Platform: p, Version: fmt.Sprintf("%d.%d", major, i%7)}},
		}
		for j := range k {
			a.Entries = append(a.Entries, advisory.Entry{
				Component:    []string{"WebKit", "Kernel", "ImageIO", "CoreMedia"}[j%4],
				AvailableFor: "iPhone 11 and later",
				Impact:       "Processing maliciously crafted web content may lead to an unexpected process crash",
				Description:  "The issue was addressed with improved memory handling.",
				CVEs:         []advisory.CVE{{ID: fmt.Sprintf("CVE-%d-%05d", 2016+i%10, i*k+j), Credit: "an anonymous researcher"}},
			})
		}
		advs[i] = a
	}
	return advs
}

// BenchmarkOpenAndCoverage measures opening a database of 1,000 advisories
// and 20,000 entries and building coverage over it, against the baseline of
// decoding the same advisories from one JSON file and building the same
// coverage.
func BenchmarkOpenAndCoverage(b *testing.B) {
	ctx := context.Background()
	advs := benchAdvisories(1000, 20)
	dir := b.TempDir()
	db, err := applesec.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range advs {
		if _, err := db.PutAdvisory(ctx, a, store.Fetch{URL: a.URL, Checked: snapshotAt}); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	flat := filepath.Join(b.TempDir(), "advisories.json")
	data, err := json.Marshal(advs)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(flat, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Run("baseline-one-json-file", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			raw, err := os.ReadFile(flat)
			if err != nil {
				b.Fatal(err)
			}
			var got []*advisory.Advisory
			if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&got); err != nil {
				b.Fatal(err)
			}
			if _, err := advisory.NewCoverage(got, advisory.CoverageOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("database", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			db, err := applesec.OpenReadOnly(ctx, dir)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.Coverage(advisory.CoverageOptions{}); err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
}
