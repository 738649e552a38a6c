package feed

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// addFixtureSeeds adds the named testdata files, and a few small documents,
// to a fuzz corpus.
func addFixtureSeeds(f *testing.F, files ...string) {
	f.Helper()
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(name)))
		if err != nil {
			f.Fatalf("seed %s: %v", name, err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<rss version="2.0"><channel><item><title>APPLE-SA-03-17-2026-1 iOS 26.3.1 (a)</title><description>&lt;p&gt;WebKit CVE-2026-20643</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>iOS 18.1 beta 3 (22B5034e)</title><content type="html">x</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"iOS 26.4","content_html":"<b>zero-day</b>"}]}`))
	f.Add([]byte(`{"count":1,"vulnerabilities":[{"cveID":"CVE-2026-20700","vendorProject":"Apple","dateAdded":"2026-02-12"}]}`))
	f.Add([]byte(``))
}

// checkParseError fails unless err is nil or a *ParseError naming the source.
func checkParseError(t *testing.T, err error, format string) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Document != "fuzz" || pe.Format != format {
		t.Fatalf("error is not a *ParseError for %s: %v", format, err)
	}
}

// FuzzParseNewsFeed: no panic; an error is a *ParseError; every item has an advisory.
func FuzzParseNewsFeed(f *testing.F) {
	addFixtureSeeds(f, "news/apple-zero-day.rss", "news/bsi-atom.xml", "news/watch-vision.json", "news/undeclared-prefixes.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseNewsFeed(bytes.NewReader(data), "fuzz")
		checkParseError(t, err, "news")
		if err == nil && items == nil {
			t.Fatal("nil items without error")
		}
		for _, it := range items {
			if it.Advisory == nil || it.Advisory.Releases == nil || it.Advisory.Entries == nil {
				t.Fatalf("item without a complete advisory: %+v", it)
			}
		}
	})
}

// FuzzParseKEV: no panic; an error is a *ParseError; a catalog has entries
// with valid CVE IDs, each found by Contains.
func FuzzParseKEV(f *testing.F) {
	addFixtureSeeds(f, "kev/catalog.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseKEV(bytes.NewReader(data), "fuzz")
		checkParseError(t, err, "kev")
		if err != nil {
			return
		}
		if len(c.Vulnerabilities) == 0 {
			t.Fatal("catalog with no vulnerabilities accepted")
		}
		for _, v := range c.Vulnerabilities {
			if !kevCVE.MatchString(v.CVEID) {
				t.Fatalf("bad CVE ID accepted: %q", v.CVEID)
			}
			if _, ok := c.Contains(v.CVEID); !ok {
				t.Fatalf("%s not found", v.CVEID)
			}
		}
	})
}

// FuzzParseDeveloperReleases: no panic; an error is a *ParseError; kinds
// agree with the beta and RC fields.
func FuzzParseDeveloperReleases(f *testing.F) {
	addFixtureSeeds(f, "developer/releases.rss")
	f.Fuzz(func(t *testing.T, data []byte) {
		rels, err := ParseDeveloperReleases(bytes.NewReader(data), "fuzz")
		checkParseError(t, err, "developer releases")
		for _, r := range rels {
			switch {
			case r.RC && r.Kind != ReleaseKindRC,
				!r.RC && r.Beta > 0 && r.Kind != ReleaseKindBeta,
				r.Kind == ReleaseKindOther && (r.Version != "" || r.Build != ""):
				t.Fatalf("inconsistent release %+v", r)
			}
		}
	})
}

// FuzzParseMailList: no panic; an error is a *ParseError; every link has an APPLE-SA ID.
func FuzzParseMailList(f *testing.F) {
	addFixtureSeeds(f, "maillist/fulldisclosure.rss")
	f.Fuzz(func(t *testing.T, data []byte) {
		links, err := ParseMailList(bytes.NewReader(data), "fuzz")
		checkParseError(t, err, "mailing list")
		for _, l := range links {
			if !mailSubject.MatchString(l.ID) {
				t.Fatalf("bad ID %q", l.ID)
			}
		}
	})
}
