package advisory

import (
	"io"
	"regexp"
	"strings"
)

var (
	// pageAboutPrefix is the lead-in of an advisory page title, dropped to get
	// the release name.
	pageAboutPrefix = regexp.MustCompile(`(?i)^about the security content of\s+`)
	// pageReleasedLine is the release date line under the release heading:
	// "Released May 13, 2024".
	pageReleasedLine = regexp.MustCompile(`(?i)^Released:?\s+(.+?)\.?$`)
	// pageNoCVEs is Apple's note for a release that fixed nothing with a CVE.
	pageNoCVEs = regexp.MustCompile(`(?i)\bno published CVE entries\b`)
	// pageRecognition heads the acknowledgements section.
	pageRecognition = regexp.MustCompile(`(?i)^additional recognition\b`)
	// pageAboutSection heads introductory sections ("About Apple security updates").
	pageAboutSection = regexp.MustCompile(`(?i)^about\b`)
)

// ParsePage reads an "About the security content of ..." advisory page, in the
// current layout (h2/h3.gb-header, p.gb-paragraph, div.gb-note), the
// 2014-2022 layout (<p><strong>Component</strong></p> blocks, lines joined by
// <br>) or the 2013 kb layout (<ul><li><p><b>Component</b></p>, "CVE-ID"
// lines).
//
// The Advisory's URL is the page's identity, the same whether it was fetched
// or read from a file: its canonical link (<link rel="canonical">, made
// absolute against https://support.apple.com/ when relative; a canonical link
// to another host is ignored) or else the document ID Apple prints on old kb
// pages ("Article: HT5642", giving https://support.apple.com/kb/HT5642).
// docURL, where the page was read from, is only the fallback; it also names
// the page in errors.
//
// A page that ends before its natural end (a whole page without </body> or
// </html>, or a content region left open) is marked Truncated.
//
// Releases are split from the title; when the release heading is a
// Background Security Improvement variant line ("iOS 26.3.1 (a), macOS 26.3.2
// (a)") they come from it, as ParseMail takes them from a mail's. Every entry
// is assembled from the page's lines by the same rules as a mail's, so pages
// and mails of one release agree. Items of the "Additional
// recognition" section become Acknowledgements, never entries. A page with no
// title, or with neither entries nor Apple's "no published CVE entries" note,
// is a *ParseError wrapping ErrMalformed.
//
// The Advisory's strings share the memory of the page's text (all of it,
// navigation and footer included; not the markup): one allocation per large
// chunk of text instead of one per line.
func ParsePage(r io.Reader, docURL string) (*Advisory, error) {
	pooled := linesPool.Get().(*[]htmlLine)
	lines, info, err := scanDocument(r, *pooled)
	defer putLines(pooled, lines)
	if err != nil {
		return nil, &ParseError{Document: docURL, Format: "page", Detail: "reading the document", Err: err}
	}
	url := pageURL(info, lines, docURL) // before buildPage filters lines
	adv, err := buildPage(lines, docURL)
	if err != nil {
		return nil, err
	}
	adv.URL = url
	adv.Truncated = info.cut()
	return adv, nil
}

// pageMode is the kind of section the page reader is in.
type pageMode int

const (
	// modeIntro: before the release section, or in an "About ..." section.
	modeIntro pageMode = iota
	// modeEntries: in a release section, where component headings start entries.
	modeEntries
	// modeRecognition: in the "Additional recognition" section.
	modeRecognition
)

// pageBuilder walks a page's lines and assembles the Advisory.
type pageBuilder struct {
	adv   *Advisory
	mode  pageMode
	entry *entryBuilder // the entry being built (nil if none): &builder
	// builder is reused for every entry of the page.
	builder  entryBuilder
	ackComp  string
	released Date
	noCVEs   bool
	// variants are the releases of a variant line ("iOS 26.3.1 (a), iPadOS
	// 26.3.1 (a)") heading a Background Security Improvement release section.
	variants []ProductVersion
}

// buildPage assembles an Advisory from the lines of a page.
func buildPage(lines []htmlLine, docURL string) (*Advisory, error) {
	title, titleAt := pageTitle(lines)
	if title == "" {
		// Some pages Apple serves today have an empty <title> and <h1>
		// and name the release only in the heading of its section, which
		// stays content (it starts the release section).
		title = releaseHeading(lines)
		titleAt = -1
	}
	if title == "" {
		return nil, &ParseError{Document: docURL, Format: "page", Detail: "no title (no h1, title element or release heading)", Err: ErrMalformed}
	}
	released := modDate(lines) // before contentLines reuses lines
	content := contentLines(lines, titleAt)
	headings := 0 // at most one entry or thanks item per heading
	for i := range content {
		if isHeadingCandidate(&content[i]) {
			content[i].flags |= lineCandidate
			headings++
		}
	}
	b := &pageBuilder{adv: &Advisory{
		Kind:             "advisory",
		Origin:           OriginPage,
		Title:            title,
		URL:              docURL,
		Entries:          make([]Entry, 0, headings),
		Acknowledgements: []Acknowledgement{},
	}}
	for i := range content {
		var next *htmlLine
		if i+1 < len(content) {
			next = &content[i+1]
		}
		b.line(&content[i], next)
	}
	b.finishEntry()

	adv := b.adv
	adv.Released = b.released
	if adv.Released.IsZero() {
		adv.Released = released
	}
	adv.Releases = SplitReleaseName(pageAboutPrefix.ReplaceAllString(title, ""))
	if b.variants != nil {
		// A BSI title names only base versions; the variant line names what
		// shipped, as ParseMail reads it from a mail.
		adv.Releases = b.variants
	}
	if adv.Releases == nil {
		adv.Releases = []ProductVersion{}
	}
	if len(adv.Entries) == 0 && !b.noCVEs {
		return nil, &ParseError{Document: docURL, Format: "page", Detail: "no entries under component headings and no \"no published CVE entries\" note", Err: ErrMalformed}
	}
	return adv, nil
}

// pageTitle returns the page's title, the text of its first h1 outside the
// page furniture or else of its <title> less the site suffix, and the index
// of the line it came from.
func pageTitle(lines []htmlLine) (string, int) {
	for i := range lines {
		l := &lines[i]
		if l.heading == 1 && !l.has(lineChrome) {
			if t := l.text; t != "" {
				return t, i
			}
		}
	}
	for i := range lines {
		if lines[i].has(lineDocTitle) {
			t := lines[i].text
			t = strings.TrimSpace(strings.TrimSuffix(t, "- Apple Support"))
			if t != "" {
				return t, i
			}
		}
	}
	return "", -1
}

// releaseHeading returns the text of the page's first h2 outside the page
// furniture: the release section's heading, or "".
func releaseHeading(lines []htmlLine) string {
	for i := range lines {
		l := &lines[i]
		if l.heading == 2 && !l.has(lineChrome|lineDocTitle) {
			if t := l.text; t != "" && !pageRecognition.MatchString(t) && !pageAboutSection.MatchString(t) {
				return t
			}
		}
	}
	return ""
}

// contentLines returns the lines that carry the page's content: those of the
// content region when the page marks one (whole pages wrap it in site chrome),
// else all lines; never the furniture, the <title> or the title line itself.
// It filters lines in place.
func contentLines(lines []htmlLine, titleAt int) []htmlLine {
	region := false
	for i := range lines {
		if lines[i].has(lineRegion) {
			region = true
			break
		}
	}
	out := lines[:0]
	for i := range lines {
		l := &lines[i]
		if i == titleAt || l.has(lineChrome|lineDocTitle) || (region && !l.has(lineRegion)) {
			continue
		}
		if len(out) == i {
			out = out[:i+1] // no line dropped yet: it is in place
			continue
		}
		out = append(out, *l)
	}
	return out
}

// line takes one content line; next is the line after it (nil at the end).
func (b *pageBuilder) line(l, next *htmlLine) {
	if b.entry != nil && b.mode == modeEntries && l.heading == 0 && !l.has(lineBold) {
		// The common case, a line of an entry: entryBuilder cleans it.
		if b.entry.repeatsAvailableFor(l.text) {
			// Old pages list several fixes under one heading, each with its
			// own "Available for" block: each is an entry of that component.
			component := b.entry.e.Component
			b.finishEntry()
			b.startEntry(component)
		}
		b.addEntryLine(l.text)
		return
	}
	text := l.text
	if text == "" {
		return
	}
	switch {
	case l.heading == 1:
		return // a second h1 is not content
	case l.heading == 2:
		b.section(text)
		return
	case l.has(lineCandidate):
		switch {
		case pageRecognition.MatchString(text):
			b.section(text)
		case b.mode == modeRecognition && (next == nil || next.heading != 1 && next.heading != 2):
			// Under "Additional recognition" every lesser heading names
			// the component of the thanks that follow.
			b.component(text, next)
		case next == nil || next.has(lineCandidate) || next.heading != 0:
			// A heading with a heading right after it names a section (the
			// 2013 layout's <h4>iOS 6.1</h4>), not a component.
			b.section(text)
		default:
			b.component(text, next)
		}
		return
	}
	if b.entry == nil {
		// Lines outside entries: the release date, the no-CVE note, thanks.
		if b.released.IsZero() && hasPrefixFold(text, "released") {
			if m := pageReleasedLine.FindStringSubmatch(text); m != nil {
				if d, err := ParseDate(m[1]); err == nil {
					b.released = d
					return
				}
			}
		}
		if l.table == 0 && containsLowerASCII(text, "no published cve") && pageNoCVEs.MatchString(text) {
			// The page's own note; in a table it is an index row's.
			b.noCVEs = true
			return
		}
	}
	switch b.mode {
	case modeEntries:
		if b.entry != nil {
			b.addEntryLine(text)
		}
	case modeRecognition:
		if isEntryNote(text) {
			return // "Entry added ..." under a thanks item dates the thanks, not a fix
		}
		b.adv.Acknowledgements = append(b.adv.Acknowledgements, Acknowledgement{Component: b.ackComp, Credit: thanksCredit(text)})
	}
}

// section starts a section named by a heading.
func (b *pageBuilder) section(text string) {
	b.finishEntry()
	b.ackComp = ""
	switch {
	case pageRecognition.MatchString(text):
		b.mode = modeRecognition
	case pageAboutSection.MatchString(text):
		b.mode = modeIntro
	default:
		// Any other section heading names the release ("iOS 17.5 and iPadOS
		// 17.5"); its component headings start entries.
		b.mode = modeEntries
		// A Rapid Security Response page has a section per letter ("iOS
		// 16.5.1 (a)", then "iOS 16.5.1 (c)"): every section's releases count.
		for _, pv := range variantLine(text) {
			if !containsRelease(b.variants, pv) {
				b.variants = append(b.variants, pv)
			}
		}
	}
}

// variantLine returns the releases of a Background Security Improvement or
// Rapid Security Response variant line, "iOS 26.3.1 (a), macOS 26.3.2 (a)":
// every release it names carries a letter. It returns nil for any other text.
func variantLine(text string) []ProductVersion {
	if strings.IndexByte(text, '(') < 0 {
		return nil // no letter: "(a)" is what makes a variant
	}
	pvs := SplitReleaseName(text)
	for _, pv := range pvs {
		if pv.Extra == "" || pv.Version == "" {
			return nil
		}
	}
	return pvs
}

// component starts an entry (or a thanks item) under a component heading.
// Outside the recognition section a heading starts an entry only when its
// next line opens one ("Available for", "Impact:", ...): other headings (a
// page's "For more information" or a release heading with no "Released"
// line) end the entry before them and start nothing.
func (b *pageBuilder) component(text string, next *htmlLine) {
	if b.mode == modeRecognition {
		b.ackComp = NormalizeComponent(text)
		return
	}
	b.finishEntry()
	if next == nil || !isEntryStart(next.text) {
		return
	}
	b.mode = modeEntries
	b.startEntry(text)
}

// startEntry starts an entry under a component heading.
func (b *pageBuilder) startEntry(component string) {
	b.builder.reset(component)
	b.entry = &b.builder
}

// addEntryLine feeds a line (clean, as every line is) to the entry being built.
func (b *pageBuilder) addEntryLine(text string) {
	b.entry.addCleanLine(text)
}

// finishEntry closes the entry being built, if any.
func (b *pageBuilder) finishEntry() {
	if b.entry == nil {
		return
	}
	b.adv.Entries = append(b.adv.Entries, b.entry.finish())
	b.entry = nil
}

// isEntryStart reports whether a line opens an entry: "Available for" (as a
// word), "Impact:", "Description:" or a CVE ID, in any case.
func isEntryStart(text string) bool {
	switch {
	case hasPrefixFold(text, "available for"):
		return len(text) == len("available for") || !isWordByte(text[len("available for")])
	case hasPrefixFold(text, "impact:"), hasPrefixFold(text, "description:"), hasPrefixFold(text, "cve-"):
		return true
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isHeadingCandidate reports a line that may be a component heading: an
// h3-h6 (current layout) or a short line all in bold (legacy layouts).
func isHeadingCandidate(l *htmlLine) bool {
	return l.heading >= 3 || isLegacyComponentLine(l)
}
