package advisory

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/applesec/applesec/internal/realworld"
)

// Parse throughput of ParsePage and ParseIndex, each measured beside two
// baselines on the same bytes in the same run: html.Parse (building the whole
// tree, what a goquery-based parser costs at least) and the x/net/html
// tokenizer alone (the floor for any parser built on it).
//
//	go test ./advisory -run '^$' -bench 'HTML' -benchtime 2s
//
// Compare MB/s and allocs/op of ParsePage or ParseIndex with html.Parse in the
// same group. "1MB" repeats the entry sections of "fixture-26.2" (same content
// density), so the two show whether throughput stays flat as pages grow;
// "ios-17.5" is the real 55 KB page. The fixture is denser in work than real
// pages (half its entries are exploited or name CVEs in prose, which the entry
// rules then scan), so its ratio to html.Parse is lower than the real page's.

func benchPageInputs(b *testing.B) map[string][]byte {
	in := map[string][]byte{
		"fixture-26.2": readFixture(b, "advisory/current-ios-26.2.html"),
		"1MB":          bigPage(b, 1<<20),
	}
	if dir, ok := realworld.Find(); ok {
		if doc, err := os.ReadFile(dir + "/apple-advisory/ios-17.5.html"); err == nil {
			in["ios-17.5"] = doc
		}
	}
	return in
}

func BenchmarkPageHTML(b *testing.B) {
	inputs := benchPageInputs(b)
	for _, name := range []string{"ios-17.5", "fixture-26.2", "1MB"} {
		doc, ok := inputs[name]
		b.Run(name, func(b *testing.B) {
			if !ok {
				b.Skip("real-world capture apple-advisory/ios-17.5.html not found")
			}
			benchHTML(b, doc, func(r io.Reader) error {
				_, err := ParsePage(r, "bench")
				return err
			})
			// Parse detects the format first; it should cost within 5% of
			// ParsePage.
			b.Run("Parse", func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Parse(bytes.NewReader(doc), "bench"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkIndexHTML(b *testing.B) {
	dir, ok := realworld.Find()
	if !ok {
		b.Skip("real-world captures not found")
	}
	doc, err := os.ReadFile(dir + "/apple-index/sec_page_2024.html")
	if err != nil {
		b.Skip("real-world capture apple-index/sec_page_2024.html not found")
	}
	b.Run("index-2024", func(b *testing.B) {
		benchHTML(b, doc, func(r io.Reader) error {
			_, err := ParseIndex(r, "https://support.apple.com/en-us/100100")
			return err
		})
	})
}

// benchHTML runs parse and the two baselines on doc.
func benchHTML(b *testing.B, doc []byte, parse func(io.Reader) error) {
	b.Run("parser", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			if err := parse(bytes.NewReader(doc)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html.Parse", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := html.Parse(bytes.NewReader(doc)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tokenizer", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			z := html.NewTokenizer(bytes.NewReader(doc))
			for z.Next() != html.ErrorToken {
			}
			if err := z.Err(); err != io.EOF {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPageInterleaved runs ParsePage, Parse, html.Parse and the bare
// tokenizer in turn within each iteration, on the same bytes, so that all
// four see the same machine load (a shared machine's load swings more between
// separate benchmarks than the differences measured). It reports speed-ups as
// time ratios: "x-html.Parse" is html.Parse's time over ParsePage's (1.5
// means ParsePage runs 1.5 times as fast), "Parse/ParsePage" is Parse's time
// over ParsePage's (1.05 means 5% slower), "tokenizer/ParsePage" the bare
// tokenizer's share.
//
//	go test ./advisory -run '^$' -bench PageInterleaved -benchtime 3s -cpu 1
func BenchmarkPageInterleaved(b *testing.B) {
	inputs := benchPageInputs(b)
	for _, name := range []string{"ios-17.5", "fixture-26.2", "1MB"} {
		doc, ok := inputs[name]
		b.Run(name, func(b *testing.B) {
			if !ok {
				b.Skip("real-world capture apple-advisory/ios-17.5.html not found")
			}
			var tPage, tParse, tHTML, tTok time.Duration
			timed := func(d *time.Duration, f func() error) {
				start := time.Now()
				if err := f(); err != nil {
					b.Fatal(err)
				}
				*d += time.Since(start)
			}
			runs := [4]func(){
				func() { timed(&tPage, func() error { _, err := ParsePage(bytes.NewReader(doc), "bench"); return err }) },
				func() { timed(&tHTML, func() error { _, err := html.Parse(bytes.NewReader(doc)); return err }) },
				func() { timed(&tParse, func() error { _, err := Parse(bytes.NewReader(doc), "bench"); return err }) },
				func() {
					timed(&tTok, func() error {
						z := html.NewTokenizer(bytes.NewReader(doc))
						for z.Next() != html.ErrorToken {
						}
						if err := z.Err(); err != io.EOF {
							return err
						}
						return nil
					})
				},
			}
			b.SetBytes(int64(len(doc)))
			round := 0
			for b.Loop() {
				// The order turns each round, so that none always runs
				// after html.Parse and pays for the collection of its garbage.
				for k := range runs {
					runs[(k+round)%len(runs)]()
				}
				round++
			}
			b.ReportMetric(float64(tHTML)/float64(tPage), "x-html.Parse")
			b.ReportMetric(float64(tParse)/float64(tPage), "Parse/ParsePage")
			b.ReportMetric(float64(tTok)/float64(tPage), "tokenizer/ParsePage")
		})
	}
}
