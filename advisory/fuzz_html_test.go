package advisory

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"
)

// addHTMLSeeds adds every .html fixture under testdata/<dir> and a few small
// documents to the fuzz corpus.
func addHTMLSeeds(f *testing.F, dir string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range htmlSeedDocs {
		f.Add([]byte(s))
	}
}

// htmlSeedDocs are small documents of the HTML fuzz corpora (the goquery
// oracle reads them too).
var htmlSeedDocs = []string{
	"",
	"<h1>About the security content of iOS 1</h1><h2>iOS 1</h2><h3>WebKit</h3><p>Impact: x</p><p>CVE-2020-1234: y</p>",
	"<table><tr><td><a href=':bad'>iOS 1</a><td>x<td>1 Jan 2020</table>",
	"<p><b>Kernel</b><br>CVE-ID<br>CVE-2013-0001 : a</p>",
	"<div id=sections><h1>x</h1><div class=note><p>Released",
	"<svg><title><p><b>x</b></p></title></svg><template><h1>t</h1></template>",
	"<title>About the security content of iOS 1</title><link rel=canonical href=/en-us/1><div id=sections><h2>iOS 1 (a) and iOS 1 (c)</h2><h3>Kern\xffel</h3><p>Impact: x</p><p>Description: cve-2020-1111 CVE-2020-1111 CVE-2020-2222</p><p>CVE-2020-1234: y</p><p>Entry added May 1, 2020, updated June 2, 2020</p><p>Available for: z</p><p>CVE-2020-1235: w</p>",
}

var fuzzCVEID = regexp.MustCompile(`^CVE-\d{4}-\d{4,7}$`)

// FuzzParsePage: no panic, and either a well-formed Advisory or a *ParseError.
func FuzzParsePage(f *testing.F) {
	addHTMLSeeds(f, "advisory")
	f.Fuzz(func(t *testing.T, in []byte) {
		adv, err := ParsePage(bytes.NewReader(in), "fuzz")
		if err != nil {
			var pe *ParseError
			if adv != nil || !errors.As(err, &pe) || pe.Format != "page" {
				t.Fatalf("error %v with result %v", err, adv)
			}
			return
		}
		if adv.Kind != "advisory" || adv.Origin != OriginPage || adv.Title == "" {
			t.Fatalf("bad advisory header: %+v", adv)
		}
		if adv.Entries == nil || adv.Acknowledgements == nil || adv.Releases == nil {
			t.Fatal("nil slice in output")
		}
		if !utf8.ValidString(adv.Title) || !utf8.ValidString(adv.URL) {
			t.Fatalf("invalid UTF-8 in %q or %q", adv.Title, adv.URL)
		}
		for _, e := range adv.Entries {
			if e.CVEs == nil || e.MentionedCVEs == nil || e.WebKitBugzilla == nil {
				t.Fatal("nil slice in entry")
			}
			for _, c := range e.CVEs {
				if !fuzzCVEID.MatchString(c.ID) {
					t.Fatalf("bad CVE ID %q", c.ID)
				}
				if !utf8.ValidString(c.Credit) {
					t.Fatalf("invalid UTF-8 in credit %q", c.Credit)
				}
			}
			for _, s := range []string{e.Component, e.AvailableFor, e.Impact, e.Description} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
		}
	})
}

// FuzzParseIndex: no panic, and either a well-formed Index or a *ParseError.
func FuzzParseIndex(f *testing.F) {
	addHTMLSeeds(f, "index")
	f.Fuzz(func(t *testing.T, in []byte) {
		idx, err := ParseIndex(bytes.NewReader(in), "https://support.apple.com/en-us/100100")
		if err != nil {
			var pe *ParseError
			if idx != nil || !errors.As(err, &pe) || pe.Format != "index" {
				t.Fatalf("error %v with result %v", err, idx)
			}
			return
		}
		if idx.Kind != "index" || len(idx.Rows) == 0 {
			t.Fatalf("bad index: %+v", idx)
		}
		for _, r := range idx.Rows {
			if r.Name == "" || r.Releases == nil {
				t.Fatalf("bad row %+v", r)
			}
			if r.DetailsPending && r.URL != "" {
				t.Fatalf("pending row with a link: %+v", r)
			}
		}
	})
}
