package advisory

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// indexCases are the index page fixtures in testdata/index, each with a golden
// file <name>.golden.json.
var indexCases = []struct {
	name string
	url  string
}{
	// Current gb-table layout with a UTF-8 BOM: a details-pending row, no-CVE
	// rows, the BSI row, Safari 26.4, relative and absolute links, archives.
	{"current-2026", "https://support.apple.com/en-us/100100"},
	// Current layout, an archive year: Rapid Security Response rows.
	{"current-archive-2022-2023", "https://support.apple.com/en-us/121012"},
	// Older HT201222 layout: a plain table, notes in <span class="note">
	// after <br>, &nbsp; in names, RSR rows; no h1 (title from <title>).
	{"ht201222-2023", "https://support.apple.com/kb/HT201222"},
}

func TestParseIndexGolden(t *testing.T) {
	for _, tc := range indexCases {
		t.Run(tc.name, func(t *testing.T) {
			idx, err := ParseIndex(bytes.NewReader(readFixture(t, "index/"+tc.name+".html")), tc.url)
			require.NoError(t, err)
			assertGolden(t, "index/"+tc.name+".golden.json", idx)
		})
	}
}

func TestIndexFixturesAllCovered(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "index", "*.html"))
	require.NoError(t, err)
	var names, cases []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".html"))
	}
	for _, tc := range indexCases {
		cases = append(cases, tc.name)
	}
	assert.ElementsMatch(t, names, cases)
}

func TestParseIndexCurrentLayout(t *testing.T) {
	idx, err := ParseIndex(bytes.NewReader(readFixture(t, "index/current-2026.html")), "https://support.apple.com/en-us/100100")
	require.NoError(t, err)
	assert.Equal(t, "index", idx.Kind)
	assert.Equal(t, "Apple security releases", idx.Title)
	assert.Equal(t, "https://support.apple.com/en-us/100100", idx.URL)
	require.Len(t, idx.Rows, 10, "the header row is not a release")

	pending := idx.Rows[0]
	assert.Equal(t, "iOS 26.4.1 and iPadOS 26.4.1", pending.Name, "the note is not part of the name")
	assert.True(t, pending.DetailsPending)
	assert.False(t, pending.NoCVEs)
	assert.Empty(t, pending.URL)
	assert.Equal(t, "2026-04-08", pending.Released.String())

	noCVE := idx.Rows[1]
	assert.Equal(t, "watchOS 26.4.1", noCVE.Name)
	assert.True(t, noCVE.NoCVEs)
	assert.False(t, noCVE.DetailsPending, "no CVEs is not pending")

	safari := idx.Rows[5]
	assert.Equal(t, "Safari 26.4", safari.Name)
	assert.Equal(t, "https://support.apple.com/en-us/126800", safari.URL, "relative link resolved")
	assert.Equal(t, "macOS Sonoma and macOS Sequoia", safari.AvailableFor)
	assert.Equal(t, "2026-03-24", safari.Released.String())

	bsi := idx.Rows[6]
	assert.Equal(t, "Background Security Improvements for iOS, iPadOS, and macOS", bsi.Name)
	assert.Equal(t, "https://support.apple.com/en-us/126604", bsi.URL)

	assert.Equal(t, "https://support.apple.com/en-us/126353", idx.Rows[8].URL, "absolute link kept")
	for _, r := range idx.Rows {
		assert.NotNil(t, r.Releases, r.Name)
		assert.False(t, r.Released.IsZero(), r.Name)
	}
	assert.Equal(t, []string{
		"https://support.apple.com/en-us/125999",
		"https://support.apple.com/en-us/121839",
		"https://support.apple.com/en-us/121012",
		"https://support.apple.com/en-us/104191",
	}, idx.Archives)
}

func TestParseIndexRapidSecurityResponses(t *testing.T) {
	for _, name := range []string{"current-archive-2022-2023", "ht201222-2023"} {
		t.Run(name, func(t *testing.T) {
			idx, err := ParseIndex(bytes.NewReader(readFixture(t, "index/"+name+".html")), "https://support.apple.com/kb/HT201222")
			require.NoError(t, err)
			var rsr []string
			for _, r := range idx.Rows {
				if strings.HasPrefix(r.Name, "Rapid Security Response") {
					rsr = append(rsr, r.Name)
					assert.NotEmpty(t, r.URL)
				}
			}
			require.NotEmpty(t, rsr)
			for _, n := range rsr {
				assert.Regexp(t, `\([ac]\)$`, n, "the letter stays in the name")
			}
		})
	}
}

func TestParseIndexOldLayout(t *testing.T) {
	idx, err := ParseIndex(bytes.NewReader(readFixture(t, "index/ht201222-2023.html")), "https://support.apple.com/kb/HT201222")
	require.NoError(t, err)
	assert.Equal(t, "Apple security updates", idx.Title, "from <title>, site suffix dropped")
	require.Len(t, idx.Rows, 7)
	assert.Equal(t, "Safari 16.5.2", idx.Rows[2].Name, "&nbsp; folded")
	assert.Equal(t, "tvOS 16.5.1", idx.Rows[3].Name)
	assert.True(t, idx.Rows[3].NoCVEs)
	assert.Equal(t, "watchOS 9.5.2", idx.Rows[4].Name)
	assert.True(t, idx.Rows[4].DetailsPending)
	assert.Equal(t, "iPhone 8 and later, iPad Pro (all models), iPad Air 3rd generation and later, iPad 5th generation and later, and iPad mini 5th generation and later",
		idx.Rows[0].AvailableFor, "wrapped cell text folded")
	assert.Equal(t, "https://support.apple.com/kb/TA22413", idx.Archives[2], "root-relative archive link resolved")
}

// A docURL that is not an absolute URL (a file name) resolves links against support.apple.com.
func TestParseIndexRelativeDocURL(t *testing.T) {
	idx, err := ParseIndex(bytes.NewReader(readFixture(t, "index/current-2026.html")), "testdata/index/current-2026.html")
	require.NoError(t, err)
	assert.Equal(t, "https://support.apple.com/en-us/126800", idx.Rows[5].URL)
	assert.Equal(t, "testdata/index/current-2026.html", idx.URL)
}

func TestParseIndexErrors(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		// Nothing at all.
		{"empty", ""},
		// An advisory page is not an index.
		{"advisory page", string(readFixture(t, "advisory/current-ios-26.2.html"))},
		// A table with only its header row.
		{"header only", `<h1>Apple security releases</h1><table><tr><th>Name and information link</th><th>Available for</th><th>Release date</th></tr></table>`},
		// A table that lists something else.
		{"other table", `<table><tr><td>Model</td><td>Year</td></tr><tr><td>iPhone 17</td><td>2025</td></tr></table>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			idx, err := ParseIndex(strings.NewReader(tc.in), "https://support.apple.com/en-us/100100")
			assert.Nil(t, idx)
			require.ErrorIs(t, err, ErrMalformed)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "index", pe.Format)
			assert.Equal(t, "https://support.apple.com/en-us/100100", pe.Document)
		})
	}
}

func TestParseIndexReaderError(t *testing.T) {
	_, err := ParseIndex(iotest.ErrReader(iotest.ErrTimeout), "index.html")
	require.ErrorIs(t, err, iotest.ErrTimeout)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "index", pe.Format)
}

// A table without header cells counts as the release table when its rows end in dates.
func TestParseIndexHeaderlessTable(t *testing.T) {
	in := `<table><tr><td><a href="/kb/HT213757">iOS 16.5 and iPadOS 16.5</a></td><td>iPhone 8 and later</td><td>18 May 2023</td></tr>
	<tr><td>tvOS 16.4.1<br><span class="note">This update has no published CVE entries.</span><td>Apple TV HD<td>12 Apr 2023</table>`
	idx, err := ParseIndex(strings.NewReader(in), "https://support.apple.com/kb/HT201222")
	require.NoError(t, err)
	require.Len(t, idx.Rows, 2)
	assert.Equal(t, "https://support.apple.com/kb/HT213757", idx.Rows[0].URL)
	assert.Equal(t, Release{Name: "tvOS 16.4.1", AvailableFor: "Apple TV HD", Released: NewDate(2023, 4, 12), NoCVEs: true, Releases: idx.Rows[1].Releases},
		idx.Rows[1], "unclosed cells")
}

func TestParseIndexDeepNesting(t *testing.T) {
	const depth = 100_000
	in := strings.Repeat("<div>", depth) +
		`<table><tr><td>macOS Ventura 13.4.1</td><td>macOS Ventura</td><td>21 Jun 2023</td></tr></table>` +
		strings.Repeat("</div>", depth) + strings.Repeat("<table><tr><td>", depth/10)
	idx, err := ParseIndex(strings.NewReader(in), "deep")
	require.NoError(t, err)
	require.NotEmpty(t, idx.Rows)
	assert.Equal(t, "macOS Ventura 13.4.1", idx.Rows[0].Name)
}

func TestParseIndexMultiMegabyte(t *testing.T) {
	src := readFixture(t, "index/current-2026.html")
	start := bytes.Index(src, []byte("<tr>\n                        <td"))
	end := bytes.LastIndex(src, []byte("</tr>")) + len("</tr>")
	require.True(t, start > 0 && end > start)
	var b bytes.Buffer
	b.Write(src[:start])
	n := 0
	for b.Len() < 4<<20 {
		b.Write(src[start:end])
		n++
	}
	b.Write(src[end:])
	idx, err := ParseIndex(&b, "big")
	require.NoError(t, err)
	assert.Len(t, idx.Rows, 10*n)
}
