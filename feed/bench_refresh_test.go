package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchMirror publishes a mirror of the size of Apple's real site: an index of
// 100 recent rows and six archive pages of 100 rows each, 700 advisory pages
// of 24 entries each (a third WebKit), 30 of them within the recent window.
func benchMirror(b *testing.B) (*testMirror, int) {
	b.Helper()
	m := newTestMirror(b)
	const perIndex, archives, entries = 100, 6, 24
	var main []specRow
	var archivePaths []string
	pages := 0
	for a := 0; a <= archives; a++ {
		var rows []specRow
		for i := range perIndex {
			n := a*perIndex + i
			released := testNow.AddDate(0, 0, -n*4)
			p := specPage{doc: 110000 + n, name: fmt.Sprintf("iOS %d.%d and iPadOS %d.%d", 26-n/40, n%10, 26-n/40, n%10), released: released}
			for e := range entries {
				cve := fmt.Sprintf("CVE-%d-%05d", released.Year(), n*entries+e)
				if e%3 == 0 {
					p.entries = append(p.entries, webkitEntry(cve, 200000+n*entries+e))
				} else {
					p.entries = append(p.entries, kernelEntry(cve))
				}
			}
			p.thanks = []string{"WebKit", "Safari"}
			m.set(p.path(), p.html())
			rows = append(rows, rowOf(p))
			pages++
		}
		if a == 0 {
			main = rows
			continue
		}
		path := fmt.Sprintf("/en-us/%d", 90000+a)
		archivePaths = append(archivePaths, path)
		m.set(path, indexHTML(rows))
	}
	m.set("/en-us/100100", indexHTML(main, archivePaths...))
	return m, pages
}

// BenchmarkRefresh measures a full crawl of a 700-page mirror from an empty
// State, an unchanged re-poll an hour later, and, as the baseline, the bare
// transport cost of downloading every document once without parsing.
func BenchmarkRefresh(b *testing.B) {
	m, pages := benchMirror(b)
	ctx := context.Background()
	// report divides the counters by the runs; wirebytes are the body bytes
	// the server sent, bodybytes those the sources received as changed.
	report := func(b *testing.B, total Stats) {
		n := float64(b.N)
		_, wire, _ := m.counters()
		b.ReportMetric(float64(total.Requests)/n, "requests/op")
		b.ReportMetric(float64(total.Bytes)/n, "bodybytes/op")
		b.ReportMetric(float64(wire)/n, "wirebytes/op")
		b.ReportMetric(float64(total.Parsed)/n, "parsed/op")
	}
	newAgg := func(b *testing.B, now time.Time, total *Stats) *Aggregator {
		agg, err := NewAggregator(AggregatorConfig{
			Fetcher: mirrorClient(b, m),
			Sources: []Source{AppleSource{BaseURL: m.url(""), Archives: true}},
			Now:     func() time.Time { return now },
			Progress: func(p Progress) {
				if p.Final {
					*total = total.add(p.Stats)
				}
			},
		})
		if err != nil {
			b.Fatal(err)
		}
		return agg
	}

	b.Run("full", func(b *testing.B) {
		var total Stats
		agg := newAgg(b, testNow, &total)
		m.counters()
		b.ReportAllocs()
		for b.Loop() {
			events, _, err := agg.Run(ctx, State{})
			if err != nil {
				b.Fatal(err)
			}
			if len(events) != pages {
				b.Fatalf("%d events, want %d", len(events), pages)
			}
		}
		report(b, total)
	})

	b.Run("unchanged", func(b *testing.B) {
		var first Stats
		_, state, err := newAgg(b, testNow, &first).Run(ctx, State{})
		if err != nil {
			b.Fatal(err)
		}
		var total Stats
		agg := newAgg(b, testNow.Add(time.Hour), &total)
		m.counters()
		b.ReportAllocs()
		for b.Loop() {
			events, _, err := agg.Run(ctx, state)
			if err != nil {
				b.Fatal(err)
			}
			if len(events) != 0 {
				b.Fatalf("%d events on an unchanged mirror", len(events))
			}
		}
		report(b, total)
		if total.Bytes != 0 || total.Parsed != 0 {
			b.Fatalf("unchanged re-poll downloaded %d bytes and parsed %d documents", total.Bytes, total.Parsed)
		}
	})

	b.Run("baseline-fetch-only", func(b *testing.B) {
		client := mirrorClient(b, m)
		var paths []string
		m.mu.Lock()
		for p := range m.docs {
			paths = append(paths, p)
		}
		m.mu.Unlock()
		var total Stats
		m.counters()
		b.ReportAllocs()
		for b.Loop() {
			err := forEach(ctx, DefaultPageConcurrency, paths, func(ctx context.Context, p string) error {
				resp, err := client.Fetch(ctx, m.url(p), Validators{})
				if err == nil {
					total.Requests++
					total.Bytes += int64(len(resp.Body))
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		report(b, total)
	})
}

// BenchmarkIndexRows measures an hourly run whose index is unchanged (a 304)
// and whose pages are not due, so that only the schedule is at work: an
// index of Apple's real size (700 rows) as the baseline, and a hostile one
// of 100,000 rows.
func BenchmarkIndexRows(b *testing.B) {
	for _, n := range []int{700, 100000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			m := newTestMirror(b)
			rows := make([]specRow, n)
			for i := range rows {
				rows[i] = specRow{name: fmt.Sprintf("Ghost %d", i), doc: 300000 + i, availableFor: "iPhone", released: testNow.AddDate(-1, 0, 0).Add(-time.Duration(i) * time.Minute)}
			}
			m.set("/en-us/100100", indexHTML(rows))
			// The State of a crawl that read every page a day ago.
			prev := State{Version: StateVersion, Checked: map[string]time.Time{}, Reported: map[string]string{}}
			for i := range rows {
				u := m.url(fmt.Sprintf("/en-us/%d", 300000+i))
				prev.Checked[u] = testNow.Add(-24 * time.Hour)
			}
			agg, err := NewAggregator(AggregatorConfig{
				Fetcher: mirrorClient(b, m),
				Sources: []Source{AppleSource{BaseURL: m.url(""), MaxNewPages: -1}},
				Now:     func() time.Time { return testNow.Add(-24 * time.Hour) },
			})
			if err != nil {
				b.Fatal(err)
			}
			// Learn the rows (every page answers 404: fine, they are not due
			// in the measured runs).
			_, st, err := agg.Run(context.Background(), prev)
			if err != nil {
				b.Fatal(err)
			}
			// As if every page had been read: no failure, nothing pending.
			for k, v := range st.Reported {
				switch {
				case strings.HasPrefix(k, "fail "), strings.HasPrefix(k, "problem "):
					delete(st.Reported, k)
				case strings.HasPrefix(k, "page "):
					r := decodePageRow(v)
					r.pending = false
					st.Reported[k] = r.encode()
				}
			}
			for i := range rows {
				u := m.url(fmt.Sprintf("/en-us/%d", 300000+i))
				st.Checked[u] = testNow.Add(-time.Hour)
			}
			agg, err = NewAggregator(AggregatorConfig{
				Fetcher: mirrorClient(b, m),
				Sources: []Source{AppleSource{BaseURL: m.url("")}},
				Now:     func() time.Time { return testNow },
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := agg.Run(context.Background(), st); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
