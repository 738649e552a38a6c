package advisory

import (
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
)

var (
	// indexPending is a row's note that the advisory page is not out yet.
	indexPending = regexp.MustCompile(`(?i)\b(?:details (?:will be )?available soon|available soon|coming soon|preparing)\b`)
	// indexArchive is the text of a link to an older years' index page:
	// "Apple security updates (2022 to 2023)", "Apple security releases (2024)".
	indexArchive = regexp.MustCompile(`(?i)^Apple security (?:updates|releases) \(.+\)$`)
	// indexTableHeader is a header cell of the release table.
	indexTableHeader = regexp.MustCompile(`(?i)\b(?:release date|name and information link)\b`)
)

// defaultBase resolves the links of a page whose docURL is not an absolute
// URL (a file name): Apple's index pages link to support.apple.com.
const defaultBase = "https://support.apple.com/"

// ParseIndex reads the "Apple security releases" index page (current gb-table
// layout or the older HT201222 layout). docURL is the page's address; relative
// links are resolved against it (against https://support.apple.com/ when it
// is not an absolute URL).
//
// Each row of the release table becomes a Release: its name as written (a
// Rapid Security Response keeps its "(a)"), the absolute link to its advisory
// page, date, "Available for" text, and the notes "This update has no
// published CVE entries." (NoCVEs) and, on a row with no link yet, "details
// available soon" (DetailsPending). A page with no release rows is a
// *ParseError wrapping ErrMalformed.
func ParseIndex(r io.Reader, docURL string) (*Index, error) {
	lines, err := scanLines(r)
	if err != nil {
		return nil, &ParseError{Document: docURL, Format: "index", Detail: "reading the document", Err: err}
	}
	base, err := url.Parse(docURL)
	if err != nil || !base.IsAbs() {
		base, _ = url.Parse(defaultBase)
	}
	title, _ := pageTitle(lines)
	idx := &Index{Kind: "index", Title: title, URL: docURL, Rows: []Release{}}

	releaseTables := indexReleaseTables(lines)
	archives := map[string]bool{}
	for i := 0; i < len(lines); {
		l := &lines[i]
		if l.row == 0 || !releaseTables[l.table] {
			if l.href != "" && !l.has(lineChrome) && indexArchive.MatchString(l.text) {
				if u := resolveLink(base, l.href); u != "" && !archives[u] {
					archives[u] = true
					idx.Archives = append(idx.Archives, u)
				}
			}
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j].row == l.row {
			j++
		}
		if rel, ok := indexRow(lines[i:j], base); ok {
			idx.Rows = append(idx.Rows, rel)
		}
		i = j
	}
	if len(idx.Rows) == 0 {
		return nil, &ParseError{Document: docURL, Format: "index", Detail: "no release table rows", Err: ErrMalformed}
	}
	return idx, nil
}

// indexReleaseTables returns the tables that list releases: those with a
// header cell "Name and information link" or "Release date", or, when no
// table has such headers, those whose rows end in a date.
func indexReleaseTables(lines []htmlLine) map[int32]bool {
	headed, dated := map[int32]bool{}, map[int32]bool{}
	for i := range lines {
		l := &lines[i]
		if l.table == 0 {
			continue
		}
		if l.has(lineHeaderCell) {
			if !headed[l.table] && indexTableHeader.MatchString(l.text) {
				headed[l.table] = true
			}
		} else if l.cell >= 3 && !dated[l.table] && !indexDate(l.text).IsZero() {
			dated[l.table] = true
		}
	}
	if len(headed) > 0 {
		return headed
	}
	return dated
}

// indexRow reads one table row; ok is false for a header row or a row with no name.
func indexRow(row []htmlLine, base *url.URL) (Release, bool) {
	var name, avail, date []string
	var href string
	var noCVEs, pending bool
	lastCell := int32(0)
	for i := range row {
		lastCell = max(lastCell, row[i].cell)
	}
	for i := range row {
		l := &row[i]
		if l.has(lineHeaderCell) {
			return Release{}, false
		}
		text := l.text
		if text == "" {
			continue
		}
		switch {
		case l.cell <= 1:
			switch {
			case containsLowerASCII(text, "no published cve") && pageNoCVEs.MatchString(text):
				noCVEs = true
			case (l.has(lineNote) || len(name) > 0) && isPendingNote(text):
				pending = true
			case l.has(lineNote):
				// Other notes under a name are not part of it.
			default:
				name = append(name, text)
				if href == "" {
					href = l.href
				}
			}
		case l.cell == lastCell && lastCell >= 3:
			date = append(date, text)
		default:
			avail = append(avail, text)
		}
	}
	if len(name) == 0 {
		return Release{}, false
	}
	rel := Release{
		Name:         strings.Join(name, " "),
		AvailableFor: strings.Join(avail, " "),
		NoCVEs:       noCVEs,
	}
	if href != "" {
		rel.URL = resolveLink(base, href)
	}
	rel.DetailsPending = pending && rel.URL == ""
	rel.Released = indexDate(strings.Join(date, " "))
	rel.Releases = SplitReleaseName(rel.Name)
	if rel.Releases == nil {
		rel.Releases = []ProductVersion{}
	}
	return rel, true
}

// isPendingNote reports a note that the advisory is not published yet.
func isPendingNote(text string) bool {
	return (containsLowerASCII(text, "soon") || containsLowerASCII(text, "preparing")) && indexPending.MatchString(text)
}

// indexDate reads a row's date: "19 Aug 2024" on Apple's index pages, any
// ParseDate form otherwise; the zero Date when the cell holds no date.
func indexDate(s string) Date {
	if t, err := time.Parse("2 Jan 2006", s); err == nil {
		return NewDate(t.Year(), t.Month(), t.Day())
	}
	if d, err := ParseDate(s); err == nil {
		return d
	}
	return Date{}
}

// resolveLink returns href as an absolute URL against base ("" when href is
// not a URL).
func resolveLink(base *url.URL, href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	return base.ResolveReference(u).String()
}
