package advisory

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/applesec/applesec/internal/realworld"
)

// The goquery oracle (issue #10): an extraction of entries and CVE IDs written
// independently of ParsePage, on a DOM built by html.Parse and walked with CSS
// selectors, run over every page ParsePage is tested on. The two must agree on
// the number of entries and, entry by entry, on the component and the set of
// CVE IDs. goquery is a test-only dependency: the parsers stay on the
// tokenizer (html.go explains why).
//
// What the oracle reads, by layout:
//   - current (h2/h3.gb-header, p.gb-paragraph, div.gb-note): an h3-h6 names
//     a component; the p elements after it are its lines;
//   - 2014-2022 (<p><strong>Component</strong></p>, lines joined by <br>): a
//     line all in bold names a component; <br> splits lines;
//   - 2013 kb (<ul><li><p><b>Component</b></p>, "CVE-ID" then "CVE-... :"
//     lines): as 2014-2022, inside div#articlecontent.
//
// In every layout an h2 opens a section ("Additional recognition" holds no
// fixes), a component's entry counts only once a labelled line ("Available
// for", "Impact:", "Description:", a CVE line) follows it, and an "Available
// for" after the entry's fix lines starts a second entry of the component.
//
// Limits of the oracle (documented, not hidden): it reads only p, li, headings
// and note divs as blocks (text loose in other containers is ignored); it
// takes a CVE line to be any line that is an ID alone or an ID and a colon,
// where ParsePage also weighs the line's place in the entry.

// oracleEntry is an entry as the oracle sees it.
type oracleEntry struct {
	Component string
	CVEs      []string // sorted
}

// oracleBlockSel selects the elements whose text the oracle reads.
const oracleBlockSel = "h1, h2, h3, h4, h5, h6, p, li, div.note, div.gb-note"

var (
	oracleCVELine   = regexp.MustCompile(`(?i)^(?:CVE-IDs?:?\s*)?(CVE-\d{4}-\d{4,7})\s*(?::.*)?$`)
	oracleLabelLine = regexp.MustCompile(`(?i)^(?:available for\b|impact:|description:|cve-)`)
	oracleAvailFor  = regexp.MustCompile(`(?i)^available for\b`)
)

// oracleLine is one line of a block: its text and whether it is all bold.
type oracleLine struct {
	text    string
	bold    bool
	heading int
}

// goqueryEntries extracts the entries of an advisory page with goquery.
func goqueryEntries(t testing.TB, doc []byte) []oracleEntry {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(bytes.NewReader(doc))
	require.NoError(t, err)
	d.Find("script, style, noscript, template, #disclaimer, .sosumi, .mod-date, title").Remove()
	root := d.Find("#sections, #articlecontent").First()
	if root.Length() == 0 {
		root = d.Selection
	}
	var lines []oracleLine
	root.Find(oracleBlockSel).Each(func(_ int, s *goquery.Selection) {
		if s.Find(oracleBlockSel).Length() > 0 {
			return // a container: its blocks are read on their own
		}
		level := 0
		if n := s.Get(0); n.DataAtom >= 0 {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				level = int(n.Data[1] - '0')
			}
		}
		for _, l := range blockLines(s.Get(0)) {
			l.heading = level
			lines = append(lines, l)
		}
	})

	out := []oracleEntry{}
	var cur *oracleEntry
	// labelled: a labelled line was read; avail, prose: an "Available for",
	// an Impact or Description was read.
	labelled, avail, prose, recognition := false, false, false, false
	flush := func() {
		if cur != nil && labelled {
			slices.Sort(cur.CVEs)
			cur.CVEs = slices.Compact(cur.CVEs)
			out = append(out, *cur)
		}
		cur, labelled, avail, prose = nil, false, false, false
	}
	addCVE := func(text string) {
		if m := oracleCVELine.FindStringSubmatch(text); m != nil {
			cur.CVEs = append(cur.CVEs, strings.ToUpper(m[1]))
		}
	}
	for _, l := range lines {
		isRecognition := strings.HasPrefix(strings.ToLower(l.text), "additional recognition")
		switch {
		case l.heading == 1:
		case l.heading == 2:
			flush()
			recognition = isRecognition
		case l.heading >= 3 || (l.bold && len([]rune(l.text)) <= maxComponentLen && !oracleLabelLine.MatchString(l.text) && !strings.HasPrefix(strings.ToLower(l.text), "entry ")):
			flush()
			if isRecognition {
				recognition = true
			}
			if !recognition {
				cur = &oracleEntry{Component: NormalizeComponent(l.text), CVEs: []string{}}
			}
		case cur != nil && oracleLabelLine.MatchString(l.text):
			if oracleAvailFor.MatchString(l.text) {
				if len(cur.CVEs) > 0 || (avail && prose) {
					// A second fix under the same heading.
					comp := cur.Component
					flush()
					cur = &oracleEntry{Component: comp, CVEs: []string{}}
				}
				avail = true
			} else if !strings.HasPrefix(strings.ToLower(l.text), "cve") {
				prose = true
			}
			labelled = true
			addCVE(l.text)
		case cur != nil && labelled:
			// More lines of the entry: a CVE line under a "CVE-ID" label.
			addCVE(l.text)
		}
	}
	flush()
	return out
}

// blockLines splits a block's text at <br>, noting lines all in bold.
func blockLines(n *html.Node) []oracleLine {
	var out []oracleLine
	var b strings.Builder
	boldN, plainN := 0, 0
	end := func() {
		text := strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u00a0", " ")), " ")
		if text != "" {
			out = append(out, oracleLine{text: text, bold: boldN > 0 && plainN == 0})
		}
		b.Reset()
		boldN, plainN = 0, 0
	}
	var walk func(n *html.Node, bold bool)
	walk = func(n *html.Node, bold bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
				if k := len(strings.TrimSpace(c.Data)); bold {
					boldN += k
				} else {
					plainN += k
				}
			case html.ElementNode:
				if c.DataAtom == atom.Br {
					end()
					continue
				}
				walk(c, bold || c.DataAtom == atom.Strong || c.DataAtom == atom.B)
			}
		}
	}
	walk(n, false)
	end()
	return out
}

// parserEntries is ParsePage's result in the oracle's terms.
func parserEntries(adv *Advisory) []oracleEntry {
	out := []oracleEntry{}
	for _, e := range adv.Entries {
		ids := []string{}
		for _, c := range e.CVEs {
			ids = append(ids, c.ID)
		}
		slices.Sort(ids)
		out = append(out, oracleEntry{Component: e.Component, CVEs: ids})
	}
	return out
}

// oraclePages returns every page ParsePage is tested on: the project's page
// fixtures, the real captures' advisory and peer pages.
func oraclePages(t *testing.T) map[string][]byte {
	pages := map[string][]byte{}
	var globs []string
	for _, dir := range []string{"advisory", "coverage"} {
		globs = append(globs, filepath.Join("..", "testdata", dir, "*.html"))
	}
	if dir, ok := realworld.Find(); ok {
		globs = append(globs, filepath.Join(dir, "apple-advisory", "*.html"), filepath.Join(dir, "peer-fixtures", "*", "*.html"))
	}
	for _, g := range globs {
		files, err := filepath.Glob(g)
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			pages[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = b
		}
	}
	return pages
}

func TestGoqueryOracle(t *testing.T) {
	pages := oraclePages(t)
	for i, s := range htmlSeedDocs {
		pages[fmt.Sprintf("fuzz-seed-%d", i)] = []byte(s)
	}
	for name, doc := range pages {
		t.Run(name, func(t *testing.T) {
			want := goqueryEntries(t, doc)
			adv, err := ParsePage(bytes.NewReader(doc), name)
			if err != nil {
				// Index pages and the pre-CVE archives: the oracle must find
				// no entries either. A page with no title at all is no
				// advisory to ParsePage; the oracle knows no titles.
				if !strings.Contains(err.Error(), "no title") {
					assert.Empty(t, want, "ParsePage failed (%v) where the oracle reads entries", err)
				}
				return
			}
			if strings.HasPrefix(name, "apple-advisory/") {
				assert.NotEmpty(t, want, "the oracle reads no entries of a real page")
			}
			assert.Equal(t, want, parserEntries(adv))
		})
	}
}
