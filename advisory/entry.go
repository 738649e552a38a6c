package advisory

import (
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

var (
	// exploitedRE is Apple's wording for an issue exploited in the wild, matched
	// at each "aware of" (see isExploited).
	exploitedRE = regexp.MustCompile(`^(?i)aware of (?:a |some )?reports? that (?:this|these) issues? (?:may|might) have been (?:actively )?exploited`)
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
	// cveSeen and bugSeen index the IDs once an entry has more than
	// smallSet of them (a linear scan is cheaper before).
	cveSeen map[string]struct{}
	bugSeen map[int]struct{}
	// arena, when set, holds the joined text of fields instead of new
	// strings: ParseMail's pooled scratch, copied out by ownStrings.
	arena *[]byte
}

// newEntryBuilder starts an entry under the given component heading.
func newEntryBuilder(component string) *entryBuilder {
	b := &entryBuilder{}
	b.reset(component)
	return b
}

// reset starts a new entry under the given component heading, keeping the
// builder's buffers (the entries it returned own nothing of them).
func (b *entryBuilder) reset(component string) {
	for f := range b.parts {
		clear(b.parts[f])
		b.parts[f] = b.parts[f][:0]
	}
	*b = entryBuilder{e: Entry{Component: NormalizeComponent(component)}, parts: b.parts, arena: b.arena}
}

// addLine classifies one line (already a single logical or physical line of
// text) and adds it to the entry.
func (b *entryBuilder) addLine(line string) {
	b.addCleanLine(cleanText(line))
}

// addCleanLine is addLine for text already passed through cleanText.
func (b *entryBuilder) addCleanLine(line string) {
	if line == "" {
		return
	}
	// Every label is told by its first letter (in either case; no other
	// character folds to these), so a line tries only the labels it may be.
	switch line[0] | 0x20 {
	case 'a':
		if v, ok := cutAvailableFor(line); ok {
			b.startField(fieldAvailableFor, v)
			return
		}
	case 'i':
		if v, ok := cutLabel(line, "Impact:"); ok {
			b.startField(fieldImpact, v)
			return
		}
	case 'd':
		if v, ok := cutLabel(line, "Description:"); ok {
			b.startField(fieldDescription, v)
			b.sawDescription = true
			return
		}
	case 'w':
		if v, ok := cutLabel(line, "WebKit Bugzilla:"); ok {
			for n := range digitRuns(v) {
				if id, err := strconv.Atoi(n); err == nil {
					b.addBugzilla(id)
				}
			}
			b.last = fieldNone
			return
		}
	}
	switch line[0] {
	case 'E', 'e':
		if n, ok := cutEntryNote(line); ok {
			// A note is never part of a credit or prose, even when its
			// date cannot be read.
			b.note(n.kind1, n.date1)
			if n.kind2 != "" {
				b.note(n.kind2, n.date2)
			}
			b.flushCredit()
			b.last = fieldNone
			return
		}
	case 'C', 'c':
		if rest, ok := cutCVEIDLabel(line); ok {
			b.cveLabel = true
			b.last = fieldNone
			if rest == "" {
				return
			}
			line = rest
		}
		if id, credit, hasColon, ok := cutCVELine(line); ok {
			if hasColon || b.sawDescription || b.cveLabel || b.last == fieldCredit || b.last == fieldNone {
				b.addCVE(id, credit)
				return
			}
		}
	}
	b.continueLast(line)
}

// note records the date of an "added" or "updated" note; a date that cannot
// be read is left out.
func (b *entryBuilder) note(kind, date string) {
	d, err := ParseDate(date)
	if err != nil {
		return
	}
	if strings.EqualFold(kind, "added") {
		b.e.Added = d
	} else if b.e.Updated.Before(d) {
		b.e.Updated = d
	}
}

// repeatsAvailableFor reports whether line is an "Available for" line that
// starts a second fix: the entry already has CVE lines, or its own
// "Available for" text and an Impact or Description after it.
func (b *entryBuilder) repeatsAvailableFor(line string) bool {
	fixed := len(b.e.CVEs) > 0
	described := len(b.parts[fieldAvailableFor]) > 0 && (len(b.parts[fieldImpact]) > 0 || len(b.parts[fieldDescription]) > 0)
	if !fixed && !described {
		return false
	}
	_, ok := cutAvailableFor(line)
	return ok
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
	if b.hasCVE(id) {
		// Its continuation lines, if any, belong to the first credit: drop them.
		b.last = fieldNone
		return
	}
	if b.cveSeen != nil {
		b.cveSeen[id] = struct{}{}
	} else if len(b.e.CVEs) >= smallSet {
		b.cveSeen = make(map[string]struct{}, 2*smallSet)
		for _, c := range b.e.CVEs {
			b.cveSeen[c.ID] = struct{}{}
		}
		b.cveSeen[id] = struct{}{}
	}
	b.e.CVEs = append(b.e.CVEs, CVE{ID: id})
	b.parts[fieldCredit] = append(b.parts[fieldCredit][:0], credit)
	b.last = fieldCredit
}

// hasCVE reports whether the entry has a CVE line of id.
func (b *entryBuilder) hasCVE(id string) bool {
	if b.cveSeen != nil {
		_, ok := b.cveSeen[id]
		return ok
	}
	for i := range b.e.CVEs {
		if b.e.CVEs[i].ID == id {
			return true
		}
	}
	return false
}

// addBugzilla records a WebKit Bugzilla ID once.
func (b *entryBuilder) addBugzilla(id int) {
	if b.bugSeen != nil {
		if _, dup := b.bugSeen[id]; dup {
			return
		}
		b.bugSeen[id] = struct{}{}
	} else {
		if slices.Contains(b.e.WebKitBugzilla, id) {
			return
		}
		if len(b.e.WebKitBugzilla) >= smallSet {
			b.bugSeen = make(map[int]struct{}, 2*smallSet)
			for _, n := range b.e.WebKitBugzilla {
				b.bugSeen[n] = struct{}{}
			}
			b.bugSeen[id] = struct{}{}
		}
	}
	b.e.WebKitBugzilla = append(b.e.WebKitBugzilla, id)
}

// flushCredit moves the collected credit parts into the last CVE.
func (b *entryBuilder) flushCredit() {
	if len(b.parts[fieldCredit]) == 0 || len(b.e.CVEs) == 0 {
		return
	}
	b.e.CVEs[len(b.e.CVEs)-1].Credit = b.join(b.parts[fieldCredit])
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
	e.AvailableFor = b.join(b.parts[fieldAvailableFor])
	e.Impact = b.join(b.parts[fieldImpact])
	e.Description = b.join(b.parts[fieldDescription])
	e.Exploited = isExploited(e.Impact) || isExploited(e.Description)
	e.MentionedCVEs = []string{}
	for _, text := range []string{e.Impact, e.Description} {
		e.MentionedCVEs = appendCVEIDs(e.MentionedCVEs, text, func(id string) bool {
			return !b.hasCVE(id)
		})
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

// cutCVELine reads a fix line: the ID alone, or the ID, a colon and the credit
// ("CVE-2026-20700: Google Threat Analysis Group"). A wrapped line of prose
// that merely begins with an ID ("CVE-2025-43529 were also issued ...") is not
// one. The ID is returned upper-cased.
func cutCVELine(line string) (id, credit string, hasColon, ok bool) {
	if len(line) < 4 || !strings.EqualFold(line[:4], "cve-") {
		return "", "", false, false
	}
	end, ok := cveIDEnd(line, 4)
	if !ok {
		return "", "", false, false
	}
	rest := strings.TrimLeft(line[end:], " ")
	switch {
	case rest == "":
	case rest[0] == ':':
		credit, hasColon = strings.TrimSpace(rest[1:]), true
	default:
		return "", "", false, false
	}
	if isUpperCVE(line) {
		return line[:end], credit, hasColon, true
	}
	return "CVE-" + line[4:end], credit, hasColon, true
}

// cutCVEIDLabel reads the 2013 layout's label line "CVE-ID" (its IDs follow on
// their own lines, rest is "") or the form "CVE-ID: CVE-2013-0948" (rest is
// what follows the colon). A wrapped line of prose that begins with the word
// ("CVE-ID at cve.org.") is not one.
func cutCVEIDLabel(line string) (rest string, ok bool) {
	if len(line) < 6 || !strings.EqualFold(line[:6], "cve-id") {
		return "", false
	}
	after := strings.TrimLeft(line[6:], " ")
	if after == "" {
		return "", true
	}
	if after[0] != ':' {
		return "", false
	}
	after = strings.TrimLeft(after[1:], " ")
	if len(after) < 4 || !strings.EqualFold(after[:4], "cve-") {
		return "", false
	}
	if _, ok := cveIDEnd(after, 4); !ok {
		return "", false
	}
	return after, true
}

// isExploited reports whether text says Apple is aware of a report that the
// issue may have been (actively) exploited. The regexp runs only where "aware
// of" stands: unanchored, a case-insensitive pattern gets no literal-prefix
// scan and backtracks across the whole text.
func isExploited(text string) bool {
	for i := indexRareLowerASCII(text, "aware of"); i >= 0; {
		if exploitedRE.MatchString(text[i:]) {
			return true
		}
		next := indexRareLowerASCII(text[i+1:], "aware of")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// appendCVEIDs appends to dst, upper-cased and once each, the CVE IDs that
// stand in text as words and that keep accepts. It matches what the regexp
// `(?i)\bCVE-\d{4}-\d{4,7}\b` would, without a regexp engine's cost. The
// work is linear in len(text) plus len(dst): past a few IDs, repeats are
// found through a set rather than by scanning dst.
func appendCVEIDs(dst []string, text string, keep func(id string) bool) []string {
	var seen map[string]struct{}
	for i := 0; ; {
		j := indexRareLowerASCII(text[i:], "cve-")
		if j < 0 {
			return dst
		}
		start := i + j
		i = start + 4
		if start > 0 && isWordByte(text[start-1]) {
			continue
		}
		end, ok := cveIDEnd(text, i)
		if !ok {
			continue
		}
		id := text[start:end]
		if seen == nil && len(dst) >= smallSet {
			seen = make(map[string]struct{}, 2*len(dst))
			for _, d := range dst {
				seen[d] = struct{}{}
			}
		}
		i = end
		if !isUpperCVE(id) {
			id = "CVE-" + text[start+4:end]
		}
		if seen != nil {
			if _, dup := seen[id]; dup {
				continue
			}
		} else if slices.Contains(dst, id) {
			continue
		}
		if keep == nil || keep(id) {
			dst = append(dst, id)
			if seen != nil {
				seen[id] = struct{}{}
			}
		}
	}
}

// smallSet is how many IDs a list holds before repeats are looked up in a
// set rather than by scanning it.
const smallSet = 16

// isUpperCVE reports whether id starts with the upper-case "CVE-".
func isUpperCVE(id string) bool {
	return len(id) >= 4 && id[:4] == "CVE-"
}

// cveIDEnd checks that text[i:] begins with NNNN-NNNN (four to seven digits
// after the dash) followed by a word boundary, and returns where it ends.
func cveIDEnd(text string, i int) (int, bool) {
	digits := func(from, min, max int) int {
		n := 0
		for from+n < len(text) && n < max+1 && '0' <= text[from+n] && text[from+n] <= '9' {
			n++
		}
		if n < min || n > max {
			return -1
		}
		return from + n
	}
	k := digits(i, 4, 4)
	if k < 0 || k >= len(text) || text[k] != '-' {
		return 0, false
	}
	end := digits(k+1, 4, 7)
	if end < 0 || (end < len(text) && isWordByte(text[end])) {
		return 0, false
	}
	return end, true
}

// isWordByte reports whether c is an ASCII letter, digit or underscore, as
// regexp's \b counts word characters.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// containsLowerASCII reports whether s contains the lower-case ASCII substr,
// ignoring ASCII case, without allocating.
func containsLowerASCII(s, substr string) bool {
	return indexLowerASCII(s, substr) >= 0
}

// indexLowerASCII returns the index of the first instance of the lower-case
// ASCII substr in s, ignoring ASCII case, or -1.
func indexLowerASCII(s, substr string) int {
	n := len(substr)
	if n == 0 {
		return 0
	}
	first := substr[0]
	other := first // the first byte's other case, if it is a letter
	if 'a' <= first && first <= 'z' {
		other = first - ('a' - 'A')
	}
	// Candidates are found with IndexByte (vectorized): the next first byte
	// is kept between candidates, and its other case is looked for only
	// before it, so no byte is scanned twice: a search costs what it passes
	// over, whatever the text holds (a caller searching a text again and
	// again from where it left off stays linear).
	nextA := -2 // -2: not searched yet; -1: none left
	for i := 0; i+n <= len(s); {
		if nextA != -1 && nextA < i {
			nextA = indexByteFrom(s, first, i)
		}
		c := nextA
		if other != first {
			limit := len(s)
			if nextA >= 0 {
				limit = nextA
			}
			if k := strings.IndexByte(s[i:limit], other); k >= 0 {
				c = i + k
			}
		}
		if c < 0 || c+n > len(s) {
			return -1
		}
		j := 1
		for ; j < n; j++ {
			b := s[c+j]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			if b != substr[j] {
				break
			}
		}
		if j == n {
			return c
		}
		i = c + 1
	}
	return -1
}

// indexRareLowerASCII is indexLowerASCII for a substr whose first letter is
// common in prose ("a" of "aware of", "c" of "cve-") and whose rest is not:
// it looks for the rest and checks the letter before.
func indexRareLowerASCII(s, substr string) int {
	first, rest := substr[0], substr[1:]
	for from := 1; from <= len(s); {
		k := indexLowerASCII(s[from:], rest)
		if k < 0 {
			return -1
		}
		at := from + k - 1
		c := s[at]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == first {
			return at
		}
		from += k + 1
	}
	return -1
}

// indexByteFrom returns the index of the first c in s at or after from, or -1.
func indexByteFrom(s string, c byte, from int) int {
	k := strings.IndexByte(s[from:], c)
	if k < 0 {
		return -1
	}
	return from + k
}

// join joins the parts of a field as joinParts does, in the arena when the
// builder has one.
func (b *entryBuilder) join(parts []string) string {
	if b.arena == nil || len(parts) < 2 {
		return joinParts(parts)
	}
	buf := *b.arena
	start := len(buf)
	for _, p := range parts {
		if p == "" {
			continue
		}
		if len(buf) > start {
			buf = append(buf, ' ')
		}
		buf = append(buf, p...)
	}
	*b.arena = buf
	if len(buf) == start {
		return ""
	}
	// The arena's bytes are never written again while the string lives.
	return unsafe.String(&buf[start], len(buf)-start)
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

// digitRuns yields the runs of ASCII digits of s, in order: what the
// regexp \d+ finds, without a regexp on every Bugzilla line.
func digitRuns(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i < len(s); {
			if s[i] < '0' || s[i] > '9' {
				i++
				continue
			}
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if !yield(s[i:j]) {
				return
			}
			i = j
		}
	}
}
