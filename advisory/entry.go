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
	fieldCount
)

// entryBuilder assembles one Entry from the labelled lines of an advisory:
// "Available for: ...", "Impact: ...", "Description: ...", CVE lines,
// "WebKit Bugzilla: N", "Entry added/updated <date>". A line with no label
// continues the field before it (mails wrap lines at about 70 columns).
// Page and mail parsers feed it lines; it knows nothing of their layout.
//
// Text fields are kept as parts and joined once in finish, and repeated IDs
// are found through sets, so the work stays linear in the entry's size.
type entryBuilder struct {
	e Entry
	// parts holds the pieces of each text field; parts[fieldCredit] holds the
	// credit of the last CVE line, flushed into it by flushCredit.
	parts [fieldCount][]string
	last  entryField
	// sawDescription is set once Description starts: a bare CVE ID before it
	// is a wrapped line of Impact prose, not a fix.
	sawDescription bool
	// cveLabel is set after a "CVE-ID" label line whose IDs follow.
	cveLabel bool
	cveSeen  map[string]struct{}
	bugSeen  map[int]struct{}
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
	if v, ok := cutAvailableFor(line); ok {
		b.startField(fieldAvailableFor, v)
		return
	}
	if v, ok := cutLabel(line, "Impact:"); ok {
		b.startField(fieldImpact, v)
		return
	}
	if v, ok := cutLabel(line, "Description:"); ok {
		b.startField(fieldDescription, v)
		b.sawDescription = true
		return
	}
	if v, ok := cutLabel(line, "WebKit Bugzilla:"); ok {
		for _, n := range bugzillaNum.FindAllString(v, -1) {
			if id, err := strconv.Atoi(n); err == nil {
				b.addBugzilla(id)
			}
		}
		b.last = fieldNone
		return
	}
	// The remaining labels start with "Entry" or "CVE": test the first
	// letter before running their regexps on every line of prose.
	switch line[0] {
	case 'E', 'e':
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
	case 'C', 'c':
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
	}
	b.continueLast(line)
}

// startField begins a labelled field; a repeated label replaces the field.
func (b *entryBuilder) startField(f entryField, text string) {
	b.flushCredit()
	b.parts[f] = append(b.parts[f][:0], text)
	b.last = f
}

// addCVE records a fix line; a repeated ID keeps its first credit.
func (b *entryBuilder) addCVE(id, credit string) {
	b.flushCredit()
	if b.cveSeen == nil {
		b.cveSeen = make(map[string]struct{})
	}
	if _, dup := b.cveSeen[id]; dup {
		// Its continuation lines, if any, belong to the first credit: drop them.
		b.last = fieldNone
		return
	}
	b.cveSeen[id] = struct{}{}
	b.e.CVEs = append(b.e.CVEs, CVE{ID: id})
	b.parts[fieldCredit] = append(b.parts[fieldCredit][:0], credit)
	b.last = fieldCredit
}

// addBugzilla records a WebKit Bugzilla ID once.
func (b *entryBuilder) addBugzilla(id int) {
	if b.bugSeen == nil {
		b.bugSeen = make(map[int]struct{})
	}
	if _, dup := b.bugSeen[id]; dup {
		return
	}
	b.bugSeen[id] = struct{}{}
	b.e.WebKitBugzilla = append(b.e.WebKitBugzilla, id)
}

// flushCredit moves the collected credit parts into the last CVE.
func (b *entryBuilder) flushCredit() {
	if len(b.parts[fieldCredit]) == 0 || len(b.e.CVEs) == 0 {
		return
	}
	b.e.CVEs[len(b.e.CVEs)-1].Credit = joinParts(b.parts[fieldCredit])
	b.parts[fieldCredit] = b.parts[fieldCredit][:0]
}

// continueLast appends an unlabelled line to the field it continues.
func (b *entryBuilder) continueLast(line string) {
	switch b.last {
	case fieldAvailableFor, fieldImpact, fieldDescription, fieldCredit:
		b.parts[b.last] = append(b.parts[b.last], line)
	default:
		// A line before any label is more description (older pages put the
		// description in a paragraph of its own).
		b.parts[fieldDescription] = append(b.parts[fieldDescription], line)
		b.last = fieldDescription
	}
}

// finish joins the text fields, derives the exploited flag and the mentioned
// CVEs, and returns the entry with every slice non-nil, so JSON shows []
// rather than null.
func (b *entryBuilder) finish() Entry {
	b.flushCredit()
	e := b.e
	e.AvailableFor = joinParts(b.parts[fieldAvailableFor])
	e.Impact = joinParts(b.parts[fieldImpact])
	e.Description = joinParts(b.parts[fieldDescription])
	// The substring checks spare most entries the regexp scans, which
	// otherwise dominate the cost of parsing.
	e.Exploited = (containsLowerASCII(e.Impact, "exploited") && exploitedRE.MatchString(e.Impact)) ||
		(containsLowerASCII(e.Description, "exploited") && exploitedRE.MatchString(e.Description))
	e.MentionedCVEs = []string{}
	for _, text := range []string{e.Impact, e.Description} {
		if !containsLowerASCII(text, "cve-") {
			continue
		}
		for _, id := range cveID.FindAllString(text, -1) {
			id = strings.ToUpper(id)
			if _, fixed := b.cveSeen[id]; fixed || slices.Contains(e.MentionedCVEs, id) {
				continue
			}
			e.MentionedCVEs = append(e.MentionedCVEs, id)
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

// cutAvailableFor reports whether line is an "Available for" line and returns
// its text. Besides "Available for: iPhone 11 and later" Apple writes
// "Available for devices with Apple Neural Engine: iPhone XS and later, ...",
// whose qualifier is kept as part of the text.
func cutAvailableFor(line string) (string, bool) {
	if v, ok := cutLabel(line, "Available for:"); ok {
		return v, true
	}
	v, ok := cutLabel(line, "Available for ")
	if !ok {
		return "", false
	}
	// A qualified label ends in a colon within its first few words.
	colon := strings.IndexByte(v, ':')
	if colon < 0 || colon > 60 {
		return "", false
	}
	return v, true
}

// containsLowerASCII reports whether s contains the lower-case ASCII substr,
// ignoring ASCII case, without allocating.
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

// joinParts joins pieces of wrapped text with single spaces, skipping empty ones.
func joinParts(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, p := range parts {
		if p == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(p)
	}
	return sb.String()
}
