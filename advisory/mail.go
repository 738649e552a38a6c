package advisory

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// maxMailSize caps what ParseMail reads: real APPLE-SA mails are a few tens
// of KB, so anything near this size is not one, and the cap bounds the work.
const maxMailSize = 4 << 20

const (
	pgpSignedBegin    = "-----BEGIN PGP SIGNED MESSAGE-----"
	pgpSignatureBegin = "-----BEGIN PGP SIGNATURE-----"
)

var (
	// mailIDLine is the line that opens a mail's content: its ID, written
	// APPLE-SA-YYYY-MM-DD-N before mid-2023 and APPLE-SA-MM-DD-YYYY-N since,
	// then the subject. A copy with mail headers has it after "Subject:".
	mailIDLine = regexp.MustCompile(`^(Subject:\s*)?(APPLE-SA-(?:(\d{4})-(\d{2})-(\d{2})|(\d{2})-(\d{2})-(\d{4}))-\d{1,3})\b[ \t]*(.*)$`)
	// reissueTitle is the subject of a mail re-issuing an earlier one with
	// more entries: "Additional information for APPLE-SA-2022-10-24-7 Safari 16.1".
	reissueTitle = regexp.MustCompile(`(?i)^additional information for (APPLE-SA-(?:\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4})-\d{1,3})\b\s*(.*)$`)
	// armorHeader is a header line of a PGP signed message ("Hash: SHA256").
	armorHeader = regexp.MustCompile(`^[A-Za-z][A-Za-z-]*: `)
	// supportURL is a support.apple.com link in mail text.
	supportURL = regexp.MustCompile(`https?://support\.apple\.com/[^\s<>"]*`)
	// separatorLine is a rule drawn with punctuation ("----", "====").
	separatorLine = regexp.MustCompile(`^[-=_*~ ]+$`)
	// variantItem is one release of a Background Security Improvement or Rapid
	// Security Response variant line: "iOS 26.3.1 (a)".
	variantItem = regexp.MustCompile(`^[A-Za-z][A-Za-z ]*\s\d+(?:\.\d+)*\s\([a-z]\)$`)
)

// footerStarts open the blocks that follow a mail's entries: installation
// notes and the list's boilerplate.
var footerStarts = []string{
	"all information is also posted",
	"this message is signed",
	"installation note",
	"this update is available through",
	"apple tv will periodically",
	"instructions on how to update",
	"for more information about",
	"firmware updates are automatically",
	"learn more about firmware updates",
	"to check that",
	"to check the",
}

// ParseMail reads an APPLE-SA mail. docURL names the mail's source (an archive
// URL or file name); the advisory's URL is the support.apple.com link the mail
// names, or docURL when it names none.
//
// The mail may be PGP-signed (armor and signature are removed, dash-escaped
// lines restored) or a plain copy of its text. Its ID, as written, gives the
// release date; the subject after the ID is the title, and "Additional
// information for APPLE-SA-..." re-issues set ReissueOf. Entries are the
// blank-line separated blocks whose second line is "Available for:" (or
// "Impact:"), read up to the footer; the "Additional recognition" items
// become Acknowledgements, never entries.
//
// A copy cut short by an archive (it ends with "..." or lacks its PGP
// signature) before the footer is marked Truncated. The entry the cut falls
// in is kept with the CVE lines whose IDs are whole (the last credit may be
// cut short) and dropped when it has none; a line cut before its ID is
// complete is never read as one. A cut that only removes the footer or the
// signature loses nothing and does not mark the advisory.
//
// Errors are *ParseError with Format "mail": ErrMalformed when there is no
// APPLE-SA ID line, no title, or no entries in a mail that does not say it
// has no published CVE entries; the reader's error when reading fails.
func ParseMail(r io.Reader, docURL string) (*Advisory, error) {
	sc := mailScratchPool.Get().(*mailScratch)
	defer sc.release()
	text, err := sc.read(r)
	if err != nil {
		return nil, &ParseError{Document: docURL, Format: "mail", Detail: "reading the mail", Err: err}
	}
	if len(text) > maxMailSize {
		return nil, &ParseError{Document: docURL, Format: "mail", Detail: fmt.Sprintf("larger than %d bytes", maxMailSize), Err: ErrMalformed}
	}
	a, err := parseMailText(text, docURL, sc)
	if err != nil {
		return nil, err
	}
	// The text lives in the pooled buffer: the advisory gets its own copy
	// of every string it holds, in one allocation.
	a.ownStrings()
	if mailBufferHook != nil {
		mailBufferHook(sc.buf, a)
		mailBufferHook(sc.arena, a)
	}
	return a, nil
}

// mailBufferHook, when set (by tests), sees each parse's pooled buffer and
// advisory before the buffer is reused.
var mailBufferHook func(buf []byte, a *Advisory)

// mailScratch is the memory ParseMail needs only while it parses: the mail's
// text and its lines. It is pooled, so that parsing a mail allocates little
// more than the Advisory it returns (and workers share the collector less).
type mailScratch struct {
	buf    []byte
	lines  []string
	blocks [][]string
	// arena holds the joined text of entry fields until ownStrings copies it.
	arena []byte
}

// mailScratchPool holds mailScratch values for reuse.
var mailScratchPool = sync.Pool{New: func() any { return new(mailScratch) }}

// maxPooledMail is the largest buffer kept for reuse; a rare huge mail's
// buffer is left to the collector.
const maxPooledMail = 256 << 10

// release clears the scratch (no string may keep the text alive through it)
// and returns it to the pool.
func (sc *mailScratch) release() {
	clear(sc.lines)
	clear(sc.blocks)
	sc.lines, sc.blocks = sc.lines[:0], sc.blocks[:0]
	if cap(sc.buf) > maxPooledMail {
		sc.buf = nil
	}
	sc.buf = sc.buf[:0]
	if cap(sc.arena) > maxPooledMail {
		sc.arena = nil
	}
	sc.arena = sc.arena[:0]
	mailScratchPool.Put(sc)
}

// read reads up to maxMailSize+1 bytes of r into the scratch buffer and
// returns them as a string sharing the buffer's bytes: valid until release.
func (sc *mailScratch) read(r io.Reader) (string, error) {
	size := 8 << 10
	if l, ok := r.(interface{ Len() int }); ok {
		size = l.Len() + 1 // room to see EOF without growing
	}
	size = min(max(size, 512), maxMailSize+1)
	buf := sc.buf[:0]
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	for {
		if len(buf) == cap(buf) {
			if len(buf) > maxMailSize {
				break
			}
			buf = slices.Grow(buf, min(cap(buf), maxMailSize+1-len(buf)))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.buf = buf
			return "", err
		}
	}
	sc.buf = buf
	if len(buf) == 0 {
		return "", nil
	}
	return unsafe.String(&buf[0], len(buf)), nil
}

// mailBody is a mail's text between its armor, and what is known of a cut.
type mailBody struct {
	lines []string
	// cut is set when the copy ends inside the body.
	cut bool
	// lastBlockCut is set when the cut falls inside the body's last block.
	lastBlockCut bool
}

// parseMailText parses the whole text of a mail.
func parseMailText(text, docURL string, sc *mailScratch) (*Advisory, error) {
	malformed := func(format string, args ...any) error {
		return &ParseError{Document: docURL, Format: "mail", Detail: fmt.Sprintf(format, args...), Err: ErrMalformed}
	}
	body := extractMailBody(text, sc)
	lines := body.lines

	start := -1
	var m []string
	for i, l := range lines {
		if m = mailIDLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, malformed("no APPLE-SA ID line")
	}
	a := &Advisory{
		Kind:             "advisory",
		Origin:           OriginMail,
		ID:               m[2],
		Releases:         []ProductVersion{},
		Entries:          []Entry{},
		Acknowledgements: []Acknowledgement{},
	}
	released, ok := mailIDDate(m)
	if !ok {
		return nil, malformed("ID %s holds no valid date", a.ID)
	}
	a.Released = released

	// The subject may wrap: in the body onto the lines up to the next blank
	// line, in a mail header onto folded lines that start with white space.
	title := []string{m[9]}
	next := start + 1
	for ; next < len(lines); next++ {
		l := lines[next]
		if strings.TrimSpace(l) == "" {
			break
		}
		if m[1] != "" && l[0] != ' ' && l[0] != '\t' {
			break
		}
		title = append(title, l)
	}
	a.Title = joinLinesIn(&sc.arena, title)
	if rm := reissueTitle.FindStringSubmatch(a.Title); rm != nil {
		a.ReissueOf = rm[1]
		a.Title = cleanText(rm[2])
	}
	if a.Title == "" {
		return nil, malformed("no title after %s", a.ID)
	}

	blocks := splitBlocks(lines[next:], sc)
	entries := 0
	for _, blk := range blocks {
		if len(blk) >= 2 && isEntryLabel(blk[1]) {
			entries++
		}
	}
	a.Entries = make([]Entry, 0, entries)
	w := mailWalker{a: a}
	w.builder.arena = &sc.arena
	for i, blk := range blocks {
		cut := body.lastBlockCut && i == len(blocks)-1
		if !w.block(blk, cut) {
			break
		}
	}
	if a.URL == "" {
		a.URL = docURL
	}
	if w.variants != nil {
		a.Releases = w.variants
	} else if rs := SplitReleaseName(a.Title); rs != nil {
		a.Releases = rs
	}
	a.Truncated = body.cut && !w.footer
	if len(a.Entries) == 0 && !w.noCVEs {
		if a.Truncated {
			return nil, malformed("copy cut before its first complete entry")
		}
		return nil, malformed("no entries")
	}
	return a, nil
}

// mailIDDate reads the date of an ID matched by mailIDLine.
func mailIDDate(m []string) (Date, bool) {
	ys, ms, ds := m[3], m[4], m[5]
	if ys == "" {
		ms, ds, ys = m[6], m[7], m[8]
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	// Apple's list began long after 1990; an earlier year is no date of it.
	if y < 1990 || t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return Date{}, false
	}
	return NewDate(y, time.Month(mo), d), true
}

// extractMailBody removes the PGP armor and signature, restores dash-escaped
// lines and notes where a copy was cut.
func extractMailBody(text string, sc *mailScratch) mailBody {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := sc.lines[:0]
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			lines = append(lines, text)
			break
		}
		lines = append(lines, text[:i])
		text = text[i+1:]
	}
	sc.lines = lines

	armored := false
	from := 0
	for i, l := range lines {
		if strings.TrimSpace(l) == pgpSignedBegin {
			armored = true
			from = i + 1
			for from < len(lines) && armorHeader.MatchString(lines[from]) {
				from++
			}
			break
		}
		if strings.TrimSpace(l) != "" {
			break
		}
	}
	to := len(lines)
	signed := false
	for i := from; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == pgpSignatureBegin {
			to, signed = i, true
			break
		}
	}
	body := lines[from:to] // unescaped in place
	for i, l := range body {
		// RFC 4880 escapes lines starting with "-" as "- -"; a copy that lost
		// its armor may still carry the escapes.
		if strings.HasPrefix(l, "- ") && (armored || strings.HasPrefix(l, "- -")) {
			body[i] = l[2:]
		}
	}
	mb := mailBody{lines: body}
	if signed {
		return mb
	}

	// No signature: the copy may have been cut. An archive that cut it marks
	// the cut with "..."; a signed message without its signature was cut too.
	last := len(body) - 1
	for last >= 0 && strings.TrimSpace(body[last]) == "" {
		last--
	}
	if last < 0 {
		return mb
	}
	tail := strings.TrimRight(body[last], " \t")
	ellipsis := ""
	for _, e := range []string{"...", "…"} {
		if strings.HasSuffix(tail, e) {
			ellipsis = e
			break
		}
	}
	if ellipsis == "" && !armored {
		return mb
	}
	mb.cut = true
	if ellipsis != "" {
		tail = strings.TrimRight(strings.TrimSuffix(tail, ellipsis), " \t")
		body[last] = tail
		if tail == "" {
			// "..." on a line of its own: the cut fell at a line break, and the
			// block before it is whole only if a blank line closed it.
			mb.lastBlockCut = last > 0 && strings.TrimSpace(body[last-1]) != ""
			mb.lines = body[:last]
			return mb
		}
		mb.lines = body[:last+1]
		mb.lastBlockCut = true
		return mb
	}
	// Armored, unsigned, no marker: the last block is whole only if a blank
	// line followed it (one empty element is just the final newline).
	mb.lastBlockCut = len(body)-1-last < 2
	return mb
}

// splitBlocks groups lines into blocks separated by blank lines; lines are
// trimmed. A copy that lost its blank lines still gives one block per entry:
// a block is also cut before a line that an "Available for:" line follows,
// and before "Additional recognition".
//
// Lines are trimmed in place and each block is a part of lines: nothing is
// copied.
func splitBlocks(lines []string, sc *mailScratch) [][]string {
	blocks := sc.blocks[:0]
	defer func() { sc.blocks = blocks[:0] }()
	start := -1 // first line of the current block
	for i := range lines {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			if start >= 0 {
				blocks = append(blocks, lines[start:i:i])
				start = -1
			}
			continue
		}
		if start >= 0 && startsEntryRun(l, lines, i) {
			blocks = append(blocks, lines[start:i:i])
			start = -1
		}
		if len(l) != len(lines[i]) {
			lines[i] = l // after startsEntryRun, which reads lines[i+1] untrimmed
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		blocks = append(blocks, lines[start:len(lines):len(lines)])
	}
	return blocks
}

// startsEntryRun reports whether line l (lines[i]) opens an entry or the
// recognition section inside a block that lacks the blank line before it.
func startsEntryRun(l string, lines []string, i int) bool {
	if strings.EqualFold(l, "additional recognition") {
		return true
	}
	if i+1 >= len(lines) || strings.Contains(l, ":") {
		return false
	}
	_, ok := cutAvailableFor(strings.TrimSpace(lines[i+1]))
	return ok
}

// mailPart is where in a mail the walker is.
type mailPart int

const (
	partHeader mailPart = iota
	partEntries
	partRecognition
)

// mailWalker reads a mail's blocks in order.
type mailWalker struct {
	a        *Advisory
	part     mailPart
	variants []ProductVersion
	noCVEs   bool
	// footer is set once the blocks after the entries begin.
	footer bool
	// builder is reused for every entry.
	builder entryBuilder
}

// block reads one block; cut says the copy was cut inside it. It returns
// false when the footer begins and nothing more is to be read.
func (w *mailWalker) block(blk []string, cut bool) bool {
	first := blk[0]
	if isMailFooter(first) {
		// Before the first entry a footer-like block is only noise (a mail
		// with no published CVE entries goes straight to its footer).
		if w.part == partHeader {
			return true
		}
		w.footer = true
		return false
	}
	if isSeparatorBlock(blk) {
		return true
	}
	if cut {
		// The block the copy was cut in: an entry keeps what is certain
		// of it (see cutEntry); anything else is dropped.
		if w.part != partRecognition && isEntryBlock(blk) {
			if e, ok := cutEntry(blk); ok {
				w.part = partEntries
				w.a.Entries = append(w.a.Entries, e)
			}
		}
		return true
	}
	switch {
	case strings.EqualFold(first, "additional recognition"):
		w.part = partRecognition
		if len(blk) > 1 {
			w.thanks(blk[1:])
		}
	case w.part != partRecognition && isEntryBlock(blk):
		w.part = partEntries
		b := &w.builder
		b.reset(blk[0])
		for _, l := range unwrapHyphens(blk[1:]) {
			b.addLine(l)
		}
		e := b.finish()
		if e.AvailableFor != "" || e.Impact != "" || e.Description != "" || len(e.CVEs) > 0 {
			w.a.Entries = append(w.a.Entries, e)
		}
	case w.part == partRecognition && isThanksBlock(blk):
		w.thanks(blk)
	case w.part == partHeader:
		w.header(blk)
	default:
		// After the entries, anything else is the footer's start: installation
		// notes in wordings not listed in footerStarts.
		w.footer = true
		return false
	}
	return true
}

// cutEntry reads an entry block whose last line the copy was cut in. The
// whole lines are read as usual; the cut line is kept only when what it holds
// is certain: a CVE line whose ID is whole (the colon after the ID was
// reached; the credit may be cut short) or more of a credit. The entry is
// kept only when it has a CVE line: without one its fixes are unknown.
func cutEntry(blk []string) (Entry, bool) {
	b := newEntryBuilder(blk[0])
	body := blk[1:]
	last := body[len(body)-1]
	for _, l := range unwrapHyphens(body[:len(body)-1]) {
		b.addLine(l)
	}
	last = cleanText(last)
	if _, _, hasColon, ok := cutCVELine(last); ok && hasColon {
		b.addLine(last)
	} else if b.last == fieldCredit && !strings.Contains(last, ":") {
		b.addLine(last)
	}
	e := b.finish()
	return e, len(e.CVEs) > 0
}

// header reads a block before the first entry: the link to the advisory page
// and a Background Security Improvement or Rapid Security Response variant line.
func (w *mailWalker) header(blk []string) {
	text := joinLinesIn(w.builder.arena, blk)
	lower := strings.ToLower(text)
	if strings.Contains(lower, "no published cve entries") {
		w.noCVEs = true
	}
	if w.a.URL == "" {
		if i := strings.Index(lower, "security content is also available at"); i >= 0 {
			if u := supportURL.FindString(text[i:]); u != "" {
				w.a.URL = strings.TrimRight(u, ".,;:)")
			}
		}
	}
	if w.variants == nil {
		if vs := variantReleases(text); vs != nil {
			w.variants = vs
		}
	}
}

// variantReleases reads a variant line ("iOS 26.3.1 (a), iPadOS 26.3.1 (a),
// macOS 26.3.2 (a)"): each item a product, version and letter.
func variantReleases(text string) []ProductVersion {
	if len(text) > 512 || !strings.Contains(text, "(") {
		return nil
	}
	for _, part := range releaseSep.Split(text, -1) {
		if !variantItem.MatchString(part) {
			return nil
		}
	}
	return SplitReleaseName(text)
}

// thanks reads "Additional recognition" items: each an optional component
// line, then "We would like to acknowledge ... for their assistance.". A
// block normally holds one item; a copy that lost its blank lines holds
// several, each component line just before its thanks.
func (w *mailWalker) thanks(blk []string) {
	starts := thanksLines(blk)
	for k, t := range starts {
		from := t
		if t > 0 && (k == 0 || t-1 > starts[k-1]) {
			from = t - 1
		}
		if k == 0 {
			from = 0
		}
		to := len(blk)
		if k+1 < len(starts) {
			to = starts[k+1]
			if to-1 > t {
				to-- // the next item's component line
			}
		}
		component := NormalizeComponent(joinLinesIn(w.builder.arena, blk[from:t]))
		credit := thanksCredit(joinLinesIn(w.builder.arena, unwrapHyphens(blk[t:to])))
		if credit != "" {
			w.a.Acknowledgements = append(w.a.Acknowledgements, Acknowledgement{Component: component, Credit: credit})
		}
	}
}

// thanksLines returns the indexes of the lines that start a thanks.
func thanksLines(blk []string) []int {
	var idx []int
	for i, l := range blk {
		if len(l) >= 16 && strings.EqualFold(l[:16], "we would like to") {
			idx = append(idx, i)
		}
	}
	return idx
}

// isThanksBlock reports whether blk is a recognition item: at most one
// component line, then the thanks.
func isThanksBlock(blk []string) bool {
	idx := thanksLines(blk)
	return len(idx) > 0 && idx[0] <= 1
}

// isSeparatorBlock reports whether blk holds only rules ("-----").
func isSeparatorBlock(blk []string) bool {
	for _, l := range blk {
		if !separatorLine.MatchString(l) {
			return false
		}
	}
	return true
}

// isEntryLabel reports whether an entry block's second line is one:
// "Available for" or "Impact:".
func isEntryLabel(line string) bool {
	if _, ok := cutAvailableFor(line); ok {
		return true
	}
	_, ok := cutLabel(line, "Impact:")
	return ok
}

// isEntryBlock reports whether blk is an entry: a component line followed by
// "Available for:" (or, failing that, "Impact:").
func isEntryBlock(blk []string) bool {
	if len(blk) < 2 || strings.Contains(strings.TrimRight(blk[0], ": "), ":") || NormalizeComponent(blk[0]) == "" {
		return false
	}
	return isEntryLabel(blk[1])
}

// isMailFooter reports whether a block starting with the line first belongs
// to the mail's footer.
func isMailFooter(first string) bool {
	for _, p := range footerStarts {
		if hasPrefixFold(first, p) {
			return true
		}
	}
	return saysObtain(first)
}

// obtainPhrases are the wordings footerObtain matches, lower case.
var obtainPhrases = [...]string{"may be obtained", "may be downloaded", "can be obtained", "can be downloaded"}

// saysObtain reports what footerObtain.MatchString(s) would: one of
// obtainPhrases standing as whole words, in any case, with single spaces.
func saysObtain(s string) bool {
	if !containsLowerASCII(s, " be ") {
		return false
	}
	for _, p := range obtainPhrases {
		for i := 0; i < len(s); {
			j := indexLowerASCII(s[i:], p)
			if j < 0 {
				break
			}
			at, end := i+j, i+j+len(p)
			if (at == 0 || !isWordByte(s[at-1])) && (end == len(s) || !isWordByte(s[end])) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// unwrapHyphens joins a line that a mail wrapped after a hyphen inside a word
// ("denial-of-" + "service") to the line that completes the word.
func unwrapHyphens(lines []string) []string {
	wrapped := false
	for i := 0; i+1 < len(lines) && !wrapped; i++ {
		wrapped = hyphenWrapped(lines[i], lines[i+1])
	}
	if !wrapped {
		return lines // the usual case: nothing to join, nothing to copy
	}
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if i+1 >= len(lines) || !hyphenWrapped(lines[i], lines[i+1]) {
			out = append(out, lines[i])
			continue
		}
		// Join the run in one builder: adding one line at a time to a
		// string would copy the growing line again for each (quadratic on
		// hostile input). b.String() does not copy.
		var b strings.Builder
		b.WriteString(lines[i])
		for i+1 < len(lines) && hyphenWrapped(b.String(), lines[i+1]) {
			b.WriteString(lines[i+1])
			i++
		}
		out = append(out, b.String())
	}
	return out
}

// hyphenWrapped reports whether line ends inside a hyphenated word that next
// continues: a letter and a hyphen, then a lower-case letter.
func hyphenWrapped(line, next string) bool {
	n := len(line)
	if n < 2 || line[n-1] != '-' || next == "" {
		return false
	}
	c := line[n-2]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	return next[0] >= 'a' && next[0] <= 'z'
}

// joinLinesIn cleans each line (repairing mojibake line by line) and joins
// them with single spaces, writing into arena (when not nil) rather than a
// new string: see mailScratch. A single line is returned as it is.
func joinLinesIn(arena *[]byte, lines []string) string {
	one, n := "", 0
	var buf []byte
	start := 0
	for _, l := range lines {
		if l = cleanText(l); l == "" {
			continue
		}
		switch n++; n {
		case 1:
			one = l
			continue
		case 2:
			if arena != nil {
				buf = *arena
			}
			start = len(buf)
			buf = append(buf, one...)
		}
		buf = append(buf, ' ')
		buf = append(buf, l...)
	}
	if n <= 1 {
		return one
	}
	if arena == nil {
		return string(buf)
	}
	*arena = buf
	return unsafe.String(&buf[start], len(buf)-start) // never written again while it lives
}
