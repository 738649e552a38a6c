package advisory

import (
	"regexp"
	"unicode/utf8"
)

// Legacy page layouts, read by ParsePage alongside the current one.
//
// 2014-2022 (support.apple.com/kb/HT2xxxxx, then /en-us/HT2xxxxx): no
// gb-header classes; the release section is an <h2>, each component a
// paragraph all in bold, <p><strong>Kernel</strong></p> (sometimes <b>, or the
// bold name then <br> and the entry's first line in the same paragraph), and
// the entry's lines are paragraphs or one paragraph with lines joined by
// <br>. "Released <date>" and "Entry added <date>" are plain paragraphs.
//
// 2013 kb layout (support.apple.com/kb/HT5642): the content region is
// div#articlecontent inside a page of site chrome; the release section is an
// <h4>, each entry a <ul><li> whose first paragraph is <p><b>Component</b></p>,
// CVE IDs follow a "CVE-ID" label line as "CVE-2013-0963 : credit", HTML
// comments sit inside paragraphs, and the page states no release date: only
// "Last Modified: <date>".
//
// Both are read by the same walk as the current layout (page.go): the content
// region is div#sections or div#articlecontent, bold-only lines count as
// component headings, and the date falls back to the page's modification date.

var (
	// pageModDateLine is the page's modification date: "Published Date:
	// January 15, 2025" (current and 2014-2022 layouts), "Last Modified: Jan
	// 28, 2013" (2013 kb layout).
	pageModDateLine = regexp.MustCompile(`(?i)^(?:published date|last modified|published)\s*:?\s*(.+?)\.?$`)
)

// maxComponentLen bounds a component heading: a bold line longer than this is
// emphasis in prose, not a heading.
const maxComponentLen = 100

// isLegacyComponentLine reports a paragraph line all in bold, short, and not
// a labelled entry line: a component heading of the legacy layouts.
func isLegacyComponentLine(l *htmlLine) bool {
	if l.heading != 0 || !l.has(lineBold) || l.has(lineHeaderCell) || utf8.RuneCountInString(l.text) > maxComponentLen {
		return false
	}
	return !isEntryStart(l.text) && !isEntryNote(l.text)
}

// modDate returns the date of the page's modification-date line ("Published
// Date: ...", "Last Modified: ..."), or the zero Date. Pages that predate the
// "Released <date>" line (the 2013 layout) state no other date; there the
// page was published with the release.
func modDate(lines []htmlLine) Date {
	for i := range lines {
		l := &lines[i]
		if !l.has(lineModDate) {
			continue
		}
		if m := pageModDateLine.FindStringSubmatch(l.text); m != nil {
			if d, err := ParseDate(m[1]); err == nil {
				return d
			}
		}
	}
	return Date{}
}
