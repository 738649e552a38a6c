package advisory

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	// cveID finds CVE IDs anywhere in prose.
	cveID = regexp.MustCompile(`(?i)\bCVE-\d{4}-\d{4,7}\b`)
	// cveLine is a fix line: the ID alone, or the ID, a colon and the credit.
	// A wrapped line of prose that merely begins with an ID ("CVE-2025-43529 were
	// also issued ...") does not match.
	cveLine = regexp.MustCompile(`(?i)^(CVE-\d{4}-\d{4,7})\s*(?::\s*(.*))?$`)
	// cveIDLabel is the 2013 layout's label line "CVE-ID" (its IDs follow on
	// their own lines) or the form "CVE-ID: CVE-2013-0948". A wrapped line of
	// prose that begins with the word ("CVE-ID at cve.org.") does not match.
	cveIDLabel = regexp.MustCompile(`(?i)^CVE-ID\s*(?::\s*(CVE-\d{4}-\d{4,7}.*))?$`)
	// exploitedRE is Apple's wording for an issue exploited in the wild.
	exploitedRE = regexp.MustCompile(`(?i)aware of (?:a |some )?reports? that (?:this|these) issues? (?:may|might) have been (?:actively )?exploited`)
	// entryNote is an "Entry added <date>" or "Entry updated <date>" note.
	entryNote   = regexp.MustCompile(`(?i)^Entry (added|updated)\s+(.+?)\.?$`)
	bugzillaNum = regexp.MustCompile(`\d+`)
)

// entryField names the field that an unlabelled line continues.
type entryField int

const (
	fieldNone entryField = iota
	fieldAvailableFor
	fieldImpact
	fieldDescription
	fieldCredit
)

// entryBuilder assembles one Entry from the labelled lines of an advisory:
// "Available for: ...", "Impact: ...", "Description: ...", CVE lines,
// "WebKit Bugzilla: N", "Entry added/updated <date>". A line with no label
// continues the field before it (mails wrap lines at about 70 columns).
// Page and mail parsers feed it lines; it knows nothing of their layout.
type entryBuilder struct {
	e    Entry
	last entryField
	// sawDescription is set once Description starts: a bare CVE ID before it
	// is a wrapped line of Impact prose, not a fix.
	sawDescription bool
	// cveLabel is set after a "CVE-ID" label line whose IDs follow.
	cveLabel bool
}

// newEntryBuilder starts an entry under the given component heading.
func newEntryBuilder(component string) *entryBuilder {
	return &entryBuilder{e: Entry{Component: NormalizeComponent(component)}}
}

// addLine classifies one line (already a single logical or physical line of
// text) and adds it to the entry.
func (b *entryBuilder) addLine(line string) {
	line = cleanText(line)
	if line == "" {
		return
	}
	if v, ok := cutLabel(line, "Available for:"); ok {
		b.e.AvailableFor = v
		b.last = fieldAvailableFor
		return
	}
	if v, ok := cutLabel(line, "Impact:"); ok {
		b.e.Impact = v
		b.last = fieldImpact
		return
	}
	if v, ok := cutLabel(line, "Description:"); ok {
		b.e.Description = v
		b.last = fieldDescription
		b.sawDescription = true
		return
	}
	if v, ok := cutLabel(line, "WebKit Bugzilla:"); ok {
		for _, n := range bugzillaNum.FindAllString(v, -1) {
			if id, err := strconv.Atoi(n); err == nil && !slices.Contains(b.e.WebKitBugzilla, id) {
				b.e.WebKitBugzilla = append(b.e.WebKitBugzilla, id)
			}
		}
		b.last = fieldNone
		return
	}
	if m := entryNote.FindStringSubmatch(line); m != nil {
		if d, err := ParseDate(m[2]); err == nil {
			if strings.EqualFold(m[1], "added") {
				b.e.Added = d
			} else if b.e.Updated.Before(d) {
				b.e.Updated = d
			}
			b.last = fieldNone
			return
		}
	}
	if m := cveIDLabel.FindStringSubmatch(line); m != nil {
		b.cveLabel = true
		b.last = fieldNone
		if m[1] == "" {
			return
		}
		line = m[1]
	}
	if m := cveLine.FindStringSubmatch(line); m != nil {
		hasColon := strings.Contains(line, ":")
		if hasColon || b.sawDescription || b.cveLabel || b.last == fieldCredit || b.last == fieldNone {
			b.addCVE(strings.ToUpper(m[1]), m[2])
			return
		}
	}
	b.continueLast(line)
}

// addCVE records a fix line; a repeated ID keeps its first credit.
func (b *entryBuilder) addCVE(id, credit string) {
	b.last = fieldCredit
	for _, c := range b.e.CVEs {
		if c.ID == id {
			return
		}
	}
	b.e.CVEs = append(b.e.CVEs, CVE{ID: id, Credit: cleanText(credit)})
}

// continueLast appends an unlabelled line to the field it continues.
func (b *entryBuilder) continueLast(line string) {
	switch b.last {
	case fieldAvailableFor:
		b.e.AvailableFor = joinText(b.e.AvailableFor, line)
	case fieldImpact:
		b.e.Impact = joinText(b.e.Impact, line)
	case fieldDescription:
		b.e.Description = joinText(b.e.Description, line)
	case fieldCredit:
		c := &b.e.CVEs[len(b.e.CVEs)-1]
		c.Credit = joinText(c.Credit, line)
	default:
		// A line before any label is more description (older pages put the
		// description in a paragraph of its own).
		b.e.Description = joinText(b.e.Description, line)
		b.last = fieldDescription
	}
}

// finish derives the exploited flag and the mentioned CVEs and returns the
// entry with every slice non-nil, so JSON shows [] rather than null.
func (b *entryBuilder) finish() Entry {
	e := b.e
	// The substring checks spare most entries the regexp scans, which
	// otherwise dominate the cost of parsing a mail.
	e.Exploited = (containsLowerASCII(e.Impact, "exploited") && exploitedRE.MatchString(e.Impact)) ||
		(containsLowerASCII(e.Description, "exploited") && exploitedRE.MatchString(e.Description))
	e.MentionedCVEs = []string{}
	for _, text := range []string{e.Impact, e.Description} {
		if !containsLowerASCII(text, "cve-") {
			continue
		}
		for _, id := range cveID.FindAllString(text, -1) {
			id = strings.ToUpper(id)
			if !slices.Contains(e.MentionedCVEs, id) && !slices.ContainsFunc(e.CVEs, func(c CVE) bool { return c.ID == id }) {
				e.MentionedCVEs = append(e.MentionedCVEs, id)
			}
		}
	}
	if e.CVEs == nil {
		e.CVEs = []CVE{}
	}
	if e.WebKitBugzilla == nil {
		e.WebKitBugzilla = []int{}
	}
	return e
}

// cutLabel reports whether line starts with label (case-insensitively) and
// returns the rest, trimmed.
func cutLabel(line, label string) (string, bool) {
	if len(line) < len(label) || !strings.EqualFold(line[:len(label)], label) {
		return "", false
	}
	return strings.TrimSpace(line[len(label):]), true
}

// containsLowerASCII reports whether s contains the lower-case ASCII substr, ignoring
// ASCII case, without allocating.
func containsLowerASCII(s, substr string) bool {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != substr[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// joinText joins two pieces of wrapped text with one space.
func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}
