package advisory

import (
	"bytes"
	"encoding/binary"
	"io"
	"iter"
	"sync"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The index and page parsers read HTML through one streaming pass of the
// golang.org/x/net/html tokenizer that flattens the document into lines of
// text, each with the little structure they need (heading level, bold, note,
// table cell, link, content region). No tree is built.
//
// Why not goquery, the project's usual HTML library: it imports net/http (its
// NewDocument fetches), which this package must not import, and any DOM costs
// at least a whole html.Parse, which a goquery parser of these pages could
// never match. Reading tokens directly leaves time for the entry rules and
// allocates a fraction of what html.Parse does (bench_html_test.go measures
// both against html.Parse and the bare tokenizer on the same bytes). Apple's
// pages are flat enough (headings, paragraphs, notes, one table) that lines
// lose nothing the parsers use.

// lineFlags describe where a line stands in the document.
type lineFlags uint16

const (
	// lineRegion: inside the content region (div#sections, div#articlecontent).
	lineRegion lineFlags = 1 << iota
	// lineChrome: inside the page's furniture (disclaimer, .sosumi, .mod-date).
	lineChrome
	// lineModDate: inside .mod-date ("Published Date: ...", "Last Modified: ...").
	lineModDate
	// lineDocTitle: the document's <title>.
	lineDocTitle
	// lineBold: every character of the line is inside <strong> or <b>.
	lineBold
	// lineNote: every character of the line is inside a note element (class "note").
	lineNote
	// lineHeaderCell: inside a table header cell <th>.
	lineHeaderCell
	// lineCandidate: a content line that may be a component heading (set
	// by buildPage, once per line).
	lineCandidate
)

// htmlLine is one line of text: the text of a block element, or of the part
// of one between <br> elements, with white space folded.
type htmlLine struct {
	// text is the line's text, passed through cleanText (white space folded
	// and trimmed, mojibake repaired, valid UTF-8) once, here, so that no
	// reader of lines cleans it again.
	text string
	// href is the first link (raw href attribute) inside the line, if any.
	href string
	// heading is 1-6 when the line is the text of an <h1>-<h6>, 0 otherwise.
	heading uint8
	// flags tell where the line stands.
	flags lineFlags
	// table, row and cell locate a line inside a table: the table's and row's
	// serial numbers in the document (from 1) and the cell's column (from 1);
	// all 0 outside tables.
	table, row, cell int32
}

func (l *htmlLine) has(f lineFlags) bool { return l.flags&f != 0 }

// elemCtx is an open element and the context its content inherits.
type elemCtx struct {
	tag     atom.Atom
	heading uint8
	flags   lineFlags // region, chrome, modDate, docTitle, headerCell
	bold    bool
	note    bool
	skip    bool // script, style, ...: text is not content
	href    string
	table   int32
	row     int32
	cell    int32
	// n counts identical elements nested in a row (<div><div><div>): the
	// stack is run-length encoded, so plain deep nesting costs one entry.
	n int32
}

// Bounds that keep the work linear on hostile input.
const (
	// maxOpenElements caps the stack of open elements (entries of identical
	// nested elements; deeper elements are counted, not tracked). Apple's
	// pages nest about 20 deep.
	maxOpenElements = 1 << 16
	// maxCloseSearch caps how far down the stack an end tag or an implied end
	// looks for its element, as html.Parse's adoption agency caps its loops.
	maxCloseSearch = 64
)

// lineScanner turns a token stream into htmlLines.
type lineScanner struct {
	stack    []elemCtx
	overflow int // start tags past maxOpenElements not yet closed

	// all is the chunk of text the current line is built in, after the
	// text of earlier lines; lineStart is where the current line starts.
	// The lines' strings point into the chunks.
	all       []byte
	lineStart int
	chunkLine int      // the first line whose text is in the current chunk
	cur       htmlLine // context of the line being built (text set at flush)
	started   bool     // all holds text of the current line
	space     bool     // a space is pending before the next text
	special   bool     // the current line holds a byte cleanText may change
	boldN     int      // characters in bold
	plainN    int      // characters not in bold
	noteN     int      // characters in notes
	nonNoteN  int      // characters not in notes
	lines     []htmlLine
	seqTable  int32
	seqRow    int32
	cellCount int32
	attrs     attrCache

	info docInfo
}

// docInfo is what the scan learns of the document as a whole.
type docInfo struct {
	// canonical is the href of the first <link rel="canonical">, raw.
	canonical string
	// openedPage is set when the document opened <html> or <body>: a whole
	// page, not a fragment.
	openedPage bool
	// closedPage is set when the document closed </body> or </html>.
	closedPage bool
	// regionOpen is set when the content region was still open at the end.
	regionOpen bool
}

// cut reports whether the document ended before its natural end: a whole
// page without its </body> or </html>, or a content region left open. A
// fragment (div#sections alone) that closes its region is whole.
func (d docInfo) cut() bool {
	return !d.closedPage && (d.openedPage || d.regionOpen)
}

// scanLines reads an HTML document and returns its lines in document order.
// The error is the reader's, never a syntax error: any byte sequence is HTML.
func scanLines(r io.Reader) ([]htmlLine, error) {
	lines, _, err := scanDocument(r, nil)
	return lines, err
}

// linesPool holds line slices for ParsePage, which needs its lines only
// while it builds the Advisory (the Advisory's strings are the lines' text,
// never the slice).
var linesPool = sync.Pool{New: func() any { return new([]htmlLine) }}

// maxPooledLines bounds the line slices kept for reuse.
const maxPooledLines = 1 << 14

// putLines clears lines and returns them to linesPool.
func putLines(p *[]htmlLine, lines []htmlLine) {
	if cap(lines) > maxPooledLines {
		return
	}
	clear(lines[:cap(lines)])
	*p = lines[:0]
	linesPool.Put(p)
}

// scanDocument is scanLines that also returns what it learnt of the whole
// document.
// lines, when it has room, receives the lines.
func scanDocument(r io.Reader, lines []htmlLine) ([]htmlLine, docInfo, error) {
	z := html.NewTokenizer(r)
	capLines := 256
	if l, ok := r.(interface{ Len() int }); ok {
		// bytes.Reader, strings.Reader, bytes.Buffer: size the line slice
		// once (Apple's pages hold a line per ~130 bytes).
		capLines = max(capLines, min(l.Len()/128, 1<<20))
	}
	if cap(lines) < capLines {
		lines = make([]htmlLine, 0, capLines)
	}
	s := &lineScanner{
		stack: make([]elemCtx, 0, 32),
		lines: lines[:0],
		// Text is about half of a page's bytes.
		all: make([]byte, 0, min(capLines*64, maxTextChunk)),
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			s.flush()
			s.fitChunk()
			for i := range s.stack {
				if s.stack[i].flags&lineRegion != 0 {
					s.info.regionOpen = true
					break
				}
			}
			if err := z.Err(); err != io.EOF {
				return s.lines, s.info, err
			}
			return s.lines, s.info, nil
		case html.TextToken:
			s.textToken(z)
		case html.StartTagToken:
			a, attrs := rawTag(z.Raw())
			s.start(a, attrs, false)
		case html.SelfClosingTagToken:
			a, attrs := rawTag(z.Raw())
			s.start(a, attrs, true)
		case html.EndTagToken:
			a, _ := rawTag(z.Raw())
			s.end(a)
		}
	}
}

// top returns the innermost open element's context (the zero context at the root).
func (s *lineScanner) top() elemCtx {
	return *s.topRef()
}

// rootCtx is the context of text outside every element.
var rootCtx elemCtx

// topRef is top without the copy, for reading: the context must not be
// changed and is valid until the next push or pop.
func (s *lineScanner) topRef() *elemCtx {
	if len(s.stack) == 0 {
		return &rootCtx
	}
	return &s.stack[len(s.stack)-1]
}

// textToken takes the tokenizer's current text token. The raw bytes are
// read once: trimmed, then classified word by word; only a token with
// something for the tokenizer's Text to decode (a character reference, a
// carriage return, a NUL) pays for Text's copy and passes.
func (s *lineScanner) textToken(z *html.Tokenizer) {
	raw := z.Raw()
	i, j := trimHTMLSpace(raw)
	if i == j {
		// Indentation between tags, most text tokens of a page.
		s.space = s.space || len(raw) > 0
		return
	}
	ctx := s.topRef()
	if ctx.skip {
		return
	}
	c := classifyText(raw[i:j])
	if c&textDecode != 0 {
		s.text(z.Text())
		return
	}
	s.appendText(ctx, raw, i, j, c)
}

// text appends decoded text to the current line, folding ASCII white space.
func (s *lineScanner) text(b []byte) {
	ctx := s.topRef()
	if ctx.skip {
		return
	}
	i, j := trimHTMLSpace(b)
	if i == j {
		s.space = s.space || len(b) > 0
		return
	}
	c := classifyText(b[i:j])
	if c&textDecode != 0 {
		// Decoded text may still hold '&' (one that began no reference)
		// or a NUL, where classifyText stops: what follows is unread, so
		// take the slow, always-right path of folding and cleaning.
		c = textFold | textSpecial
	}
	s.appendText(ctx, b, i, j, c)
}

// trimHTMLSpace returns the bounds of b without its leading and trailing
// HTML white space (i == j when b is all white space).
func trimHTMLSpace(b []byte) (i, j int) {
	i, j = 0, len(b)
	// Indentation between tags (newlines, then spaces), most text tokens of
	// a page, is passed over eight bytes at a time.
	for i+8 <= j {
		w := binary.LittleEndian.Uint64(b[i:])
		sp, nl := w^(swarOnes*' '), w^(swarOnes*'\n')
		// The high bit of each byte that is ' ' or '\n', exactly.
		if ^((sp&swarLows)+swarLows|sp)&swarHighs|^((nl&swarLows)+swarLows|nl)&swarHighs != swarHighs {
			break
		}
		i += 8
	}
	for i < j && isHTMLSpace(b[i]) {
		i++
	}
	for j > i && isHTMLSpace(b[j-1]) {
		j--
	}
	return i, j
}

// appendText appends b[i:j], text with white space at neither end and the
// class c, to the current line; ctx is the innermost element's context.
func (s *lineScanner) appendText(ctx *elemCtx, b []byte, i, j int, c textClass) {
	if i > 0 {
		s.space = true
	}
	if !s.started {
		s.started = true
		s.space = false
		s.cur.heading = ctx.heading
		s.cur.flags = ctx.flags
		s.cur.table, s.cur.row, s.cur.cell = ctx.table, ctx.row, ctx.cell
	}
	body := b[i:j]
	s.reserve(1 + len(body)) // folding only shortens
	if s.space {             // false when this text starts the line
		s.all = append(s.all, ' ')
	}
	s.special = s.special || c&textSpecial != 0
	if c&textFold != 0 {
		s.appendFolded(body)
	} else {
		s.all = append(s.all, body...) // the usual case: one copy
	}
	s.space = j < len(b)
	n := len(body)
	if ctx.bold {
		s.boldN += n
	} else {
		s.plainN += n
	}
	if ctx.note {
		s.noteN += n
	} else {
		s.nonNoteN += n
	}
	if s.cur.href == "" && ctx.href != "" {
		s.cur.href = ctx.href
	}
}

// textClass tells what text needs before it joins a line.
type textClass uint8

const (
	// textFold: white space other than single spaces, to fold.
	textFold textClass = 1 << iota
	// textSpecial: a byte cleanText may change (a control character or
	// non-ASCII).
	textSpecial
	// textDecode: a byte the tokenizer's Text changes ('&', '\r', NUL);
	// classifyText stops at the first.
	textDecode
)

// Byte-wise tests on 8 bytes at once (a 64-bit word, little-endian so that
// byte k of the text is bits 8k..8k+7 on every machine).
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
	swarLows  = 0x7f7f7f7f7f7f7f7f
)

// classifyText classifies text that has no white space at either end. Most
// text is printable ASCII with single spaces, which it checks eight bytes at
// a time; a word with any other byte is read byte by byte.
func classifyText(b []byte) textClass {
	var c textClass
	prevSpace := false
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if (w-swarOnes*0x20)&^w&swarHighs != 0 {
			// A byte below 0x20: control characters and white space
			// other than ' ', byte by byte.
			var stop bool
			c, prevSpace, stop = classifyBytes(b[i:i+8], c, prevSpace)
			if stop {
				return c
			}
			continue
		}
		if ((w+swarOnes)|w)&swarHighs != 0 {
			c |= textSpecial // a byte of 0x7f or more
		}
		if amp := w ^ (swarOnes * '&'); (amp-swarOnes)&^amp&swarHighs != 0 {
			return c | textDecode
		}
		// sp has the high bit of each byte that is ' ', exactly.
		t := w ^ (swarOnes * ' ')
		sp := ^((t & swarLows) + swarLows | t) & swarHighs
		if sp&(sp<<8) != 0 || (prevSpace && sp&0x80 != 0) {
			c |= textFold // two spaces in a row
		}
		prevSpace = sp>>63 != 0
	}
	c, _, _ = classifyBytes(b[i:], c, prevSpace)
	return c
}

// classifyBytes is classifyText byte by byte, continuing from class c and
// whether the byte before b was a space; stop reports a textDecode byte.
func classifyBytes(b []byte, c textClass, prevSpace bool) (textClass, bool, bool) {
	for _, x := range b {
		switch {
		case x == ' ':
			if prevSpace {
				c |= textFold
			}
			prevSpace = true
			continue
		case x == '&' || x == '\r' || x == 0:
			return c | textDecode, false, true
		case x < ' ':
			if isHTMLSpace(x) {
				c |= textFold // tab, newline, form feed
			} else {
				c |= textSpecial
			}
		case x >= 0x7f:
			c |= textSpecial
		}
		prevSpace = false
	}
	return c, prevSpace, false
}

// appendFolded appends trimmed text with each run of white space as one space.
func (s *lineScanner) appendFolded(b []byte) {
	space := false
	for _, c := range b {
		if isHTMLSpace(c) {
			space = true
			continue
		}
		if space {
			s.all = append(s.all, ' ')
			space = false
		}
		s.all = append(s.all, c)
	}
}

// flush ends the current line.
func (s *lineScanner) flush() {
	s.space = false
	if !s.started {
		return
	}
	l := s.cur
	if s.special {
		// Plain ASCII lines come out of the scan folded and trimmed: only
		// these need cleanText (which may lengthen them: U+FFFD for a
		// byte of invalid UTF-8).
		clean := cleanText(string(s.all[s.lineStart:]))
		s.all = s.all[:s.lineStart]
		s.reserve(len(clean))
		s.all = append(s.all, clean...)
	}
	if n := len(s.all) - s.lineStart; n > 0 {
		// The bytes are never written again: appends go past them, and
		// a full chunk is left as it is for a new one (reserve).
		l.text = unsafe.String(&s.all[s.lineStart], n)
	}
	s.lineStart = len(s.all)
	if s.boldN > 0 && s.plainN == 0 {
		l.flags |= lineBold
	}
	if s.noteN > 0 && s.nonNoteN == 0 {
		l.flags |= lineNote
	}
	s.lines = append(s.lines, l)
	s.cur = htmlLine{}
	s.started = false
	s.boldN, s.plainN, s.noteN, s.nonNoteN = 0, 0, 0, 0
	s.special = false
}

// maxTextChunk caps the chunks of the text buffer: a large document's text
// is kept in several, none copied into the next.
const maxTextChunk = 256 << 10

// reserve makes room for n more bytes of the current line's text. When the
// chunk is full, the line so far moves to a new chunk and the old one stays
// as it is: the strings of earlier lines point into it.
func (s *lineScanner) reserve(n int) {
	if len(s.all)+n <= cap(s.all) {
		return
	}
	partial := s.all[s.lineStart:]
	next := make([]byte, 0, max(min(2*cap(s.all), maxTextChunk), len(partial)+n))
	s.all = append(next, partial...)
	s.lineStart = 0
	s.chunkLine = len(s.lines)
}

// fitChunk, at the end of the scan, moves the text of the last chunk to one
// of its size when much of the chunk is unused (a page of little text and
// much markup), so that the strings keep no more alive than they hold.
func (s *lineScanner) fitChunk() {
	used := len(s.all)
	if cap(s.all)-used <= max(4<<10, used/4) {
		return
	}
	fit := unsafe.String(unsafe.SliceData(bytes.Clone(s.all)), used)
	off := 0
	for i := s.chunkLine; i < len(s.lines); i++ {
		n := len(s.lines[i].text)
		s.lines[i].text = fit[off : off+n]
		off += n
	}
	s.all = nil
}

// start handles a start tag; attrs is the raw text of its attributes.
func (s *lineScanner) start(a atom.Atom, attrs []byte, selfClosing bool) {
	switch a {
	case atom.Html, atom.Body:
		s.info.openedPage = true
	case atom.Link:
		s.link(attrs)
	}
	if isVoidElement(a) {
		if a == atom.Br || a == atom.Hr {
			s.flush()
		}
		return
	}
	block := isBlockElement(a)
	if block {
		s.flush()
		s.impliedEnd(a)
	}
	if selfClosing {
		// <div/> in HTML opens a div; Apple's pages never write one, and an
		// element with no content is all the parsers could get from it.
		return
	}
	ctx := s.top()
	ctx.tag = a
	ctx.n = 1
	if block {
		ctx.heading = 0
	}
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		ctx.heading = uint8(a.String()[1] - '0')
	case atom.Strong, atom.B:
		ctx.bold = true
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Textarea, atom.Select,
		atom.Iframe, atom.Noembed, atom.Noframes, atom.Xmp, atom.Plaintext, atom.Svg, atom.Math:
		ctx.skip = true
	case atom.Title:
		ctx.flags |= lineDocTitle
	case atom.Table:
		s.seqTable++
		ctx.table, ctx.row, ctx.cell = s.seqTable, 0, 0
		ctx.flags &^= lineHeaderCell
	case atom.Tr:
		s.seqRow++
		ctx.row, ctx.cell = s.seqRow, 0
		s.cellCount = 0
		ctx.flags &^= lineHeaderCell
	case atom.Td, atom.Th:
		s.cellCount++
		ctx.cell = s.cellCount
		if a == atom.Th {
			ctx.flags |= lineHeaderCell
		} else {
			ctx.flags &^= lineHeaderCell
		}
	case atom.A:
		ctx.href = ""
	}
	var eff attrEffect
	if a == atom.A {
		eff = readAttrs(attrs, &ctx.href)
	} else {
		eff = s.attrs.effect(attrs, readAttrs)
	}
	ctx.flags |= eff.flags
	ctx.note = ctx.note || eff.note
	s.push(ctx)
}

// attrEffect is what an element's attributes add to its context.
type attrEffect struct {
	flags lineFlags // region, chrome, modDate
	note  bool
}

// readAttrs reads raw attribute text for the id and class values the
// scanner knows; href, when not nil, receives the href attribute's value.
func readAttrs(attrs []byte, href *string) attrEffect {
	var eff attrEffect
	for len(attrs) > 0 {
		var k, v []byte
		k, v, attrs = nextRawAttr(attrs)
		switch {
		case bytes.EqualFold(k, []byte("id")):
			switch string(v) {
			case "sections", "articlecontent":
				eff.flags |= lineRegion
			case "disclaimer":
				eff.flags |= lineChrome
			}
		case bytes.EqualFold(k, []byte("class")):
			for c := range classes(v) {
				switch string(c) {
				case "mod-date":
					eff.flags |= lineChrome | lineModDate
				case "sosumi":
					eff.flags |= lineChrome
				case "note", "gb-note":
					eff.note = true
				}
			}
		case href != nil && bytes.EqualFold(k, []byte("href")):
			*href = html.UnescapeString(string(bytes.TrimSpace(v)))
		}
	}
	return eff
}

// attrCache remembers the effect of the last few distinct attribute texts: a
// page repeats a handful (` class="gb-paragraph">` on most lines), and
// comparing bytes costs less than reading them again.
type attrCache struct {
	keys [4][]byte
	effs [4]attrEffect
	next int // the entry replaced next
}

// maxCachedAttrs bounds the attribute texts worth remembering.
const maxCachedAttrs = 64

// effect returns the effect of attrs, from the cache or read by read.
func (c *attrCache) effect(attrs []byte, read func([]byte, *string) attrEffect) attrEffect {
	for i := range c.keys {
		if c.keys[i] != nil && bytes.Equal(c.keys[i], attrs) {
			return c.effs[i]
		}
	}
	eff := read(attrs, nil)
	if len(attrs) <= maxCachedAttrs {
		i := c.next
		c.keys[i] = append(c.keys[i][:0], attrs...)
		c.effs[i] = eff
		c.next = (i + 1) % len(c.keys)
	}
	return eff
}

// link notes the href of the first <link rel="canonical">.
func (s *lineScanner) link(attrs []byte) {
	if s.info.canonical != "" {
		return
	}
	var rel, href []byte
	for len(attrs) > 0 {
		var k, v []byte
		k, v, attrs = nextRawAttr(attrs)
		switch {
		case bytes.EqualFold(k, []byte("rel")):
			rel = v
		case bytes.EqualFold(k, []byte("href")):
			href = v
		}
	}
	for c := range classes(rel) { // rel is a space-separated list too
		if bytes.EqualFold(c, []byte("canonical")) {
			s.info.canonical = html.UnescapeString(string(bytes.TrimSpace(href)))
			return
		}
	}
}

// push opens an element.
func (s *lineScanner) push(ctx elemCtx) {
	if n := len(s.stack); n > 0 {
		t := &s.stack[n-1]
		ctx.n = t.n
		if ctx == *t {
			t.n++
			return
		}
		ctx.n = 1
	}
	if len(s.stack) >= maxOpenElements {
		s.overflow++
		return
	}
	s.stack = append(s.stack, ctx)
}

// popAt closes the elements above stack entry i and one element of entry i.
func (s *lineScanner) popAt(i int) {
	s.stack = s.stack[:i+1]
	if s.stack[i].n--; s.stack[i].n <= 0 {
		s.stack = s.stack[:i]
	}
}

// end handles an end tag: it closes the nearest open element of that name.
func (s *lineScanner) end(a atom.Atom) {
	switch a {
	case atom.Br: // </br> is a line break in HTML
		s.flush()
		return
	case atom.Body, atom.Html:
		s.info.closedPage = true
	}
	if s.overflow > 0 {
		s.overflow--
		return
	}
	if isBlockElement(a) {
		s.flush()
	}
	i := s.find(a, 0, 0, 0)
	if i < 0 {
		return
	}
	for _, e := range s.stack[i+1:] {
		if isBlockElement(e.tag) {
			s.flush()
			break
		}
	}
	s.popAt(i)
}

// find returns the stack index of the nearest open element that is a or b,
// looking at most maxCloseSearch entries deep and not past an element that is stop1
// or stop2 (0 matches nothing); -1 if there is none.
func (s *lineScanner) find(a, b, stop1, stop2 atom.Atom) int {
	for i, n := len(s.stack)-1, 0; i >= 0 && n < maxCloseSearch; i, n = i-1, n+1 {
		switch t := s.stack[i].tag; {
		case t == a || (t == b && b != 0):
			return i
		case (t == stop1 && stop1 != 0) || (t == stop2 && stop2 != 0):
			return -1
		}
	}
	return -1
}

// impliedEnd closes the elements that a block start tag ends in HTML: an open
// <p>, and the previous <li>, cell or row.
func (s *lineScanner) impliedEnd(a atom.Atom) {
	i := -1
	switch a {
	case atom.Li:
		i = s.find(atom.Li, 0, atom.Ul, atom.Ol)
	case atom.Td, atom.Th:
		i = s.find(atom.Td, atom.Th, atom.Tr, atom.Table)
	case atom.Tr:
		i = s.find(atom.Tr, 0, atom.Table, 0)
	case atom.Dd, atom.Dt:
		i = s.find(atom.Dd, atom.Dt, atom.Dl, 0)
	case atom.Option:
		i = s.find(atom.Option, 0, atom.Select, 0)
	default:
		// An open <p> ends at any block start tag, unless a block element
		// stands between them.
		for j, n := len(s.stack)-1, 0; j >= 0 && n < maxCloseSearch; j, n = j-1, n+1 {
			t := s.stack[j].tag
			if t == atom.P {
				i = j
				break
			}
			if isBlockElement(t) {
				break
			}
		}
	}
	if i >= 0 {
		s.popAt(i)
	}
}

// isVoidElement reports elements that have no content and no end tag.
func isVoidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// isBlockElement reports elements whose start and end break a line.
func isBlockElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Caption,
		atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Header, atom.Hgroup, atom.Html,
		atom.Li, atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.Option, atom.P,
		atom.Pre, atom.Section, atom.Select, atom.Summary, atom.Table, atom.Tbody, atom.Td,
		atom.Tfoot, atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Ul, atom.Script, atom.Style,
		atom.Noscript, atom.Template, atom.Textarea:
		return true
	}
	return false
}

// classes yields the class names of a class attribute value.
func classes(v []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for len(v) > 0 {
			i := 0
			for i < len(v) && (v[i] > ' ' || !isHTMLSpace(v[i])) {
				i++
			}
			if i > 0 && !yield(v[:i]) {
				return
			}
			for i < len(v) && isHTMLSpace(v[i]) {
				i++
			}
			v = v[i:]
		}
	}
}

func isHTMLSpace(c byte) bool {
	return htmlSpace[c]
}

// isHTMLSpaceOr reports whether c is HTML white space or one of a, b, d,
// which must be above ' ' (tag syntax: '/', '>', '=').
func isHTMLSpaceOr(c, a, b, d byte) bool {
	if c > ' ' {
		return c == a || c == b || c == d
	}
	return htmlSpace[c]
}

// htmlSpace marks HTML's white space bytes: space, tab, newline, return and
// form feed (a table: indentation runs are most of a page's text tokens).
var htmlSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true}

// The tokenizer's TagName and TagAttr copy every name and value they return
// (to replace NUL bytes); reading the raw tag instead keeps the scan free of
// allocations. The syntax below follows the tokenizer's (WHATWG tag and
// attribute states) for the parts the scanner uses.

// maxTagName is the longest element name the scanner knows (blockquote,
// figcaption); longer names are unknown elements, treated as inline.
const maxTagName = 12

// rawTag returns the element of a raw start or end tag ("<div id=x>",
// "</div>") and the raw text of its attributes.
func rawTag(raw []byte) (atom.Atom, []byte) {
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	start := i
	for i < len(raw) && !isHTMLSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	name := raw[start:i]
	if len(name) == 0 || len(name) > maxTagName {
		return 0, raw[i:]
	}
	var lower [maxTagName]byte
	for j, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[j] = c
	}
	return atom.Lookup(lower[:len(name)]), raw[i:]
}

// nextRawAttr reads the next attribute from raw attribute text and returns
// its key (as written, any case), its value (quotes removed, entities left as
// they are) and the rest.
func nextRawAttr(b []byte) (key, val, rest []byte) {
	i := 0
	for i < len(b) && (isHTMLSpace(b[i]) || b[i] == '/') {
		i++
	}
	if i >= len(b) || b[i] == '>' {
		return nil, nil, nil
	}
	start := i
	i++ // a leading '=' belongs to the name
	for i < len(b) && !isHTMLSpaceOr(b[i], '/', '>', '=') {
		i++
	}
	key = b[start:i]
	for i < len(b) && isHTMLSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '=' {
		return key, nil, b[i:]
	}
	i++
	for i < len(b) && isHTMLSpace(b[i]) {
		i++
	}
	if i >= len(b) {
		return key, nil, nil
	}
	switch q := b[i]; q {
	case '"', '\'':
		i++
		start = i
		k := bytes.IndexByte(b[i:], q)
		if k < 0 {
			return key, b[start:], nil
		}
		val = b[start : i+k]
		i += k + 1
	case '>':
		return key, nil, nil
	default:
		start = i
		for i < len(b) && !isHTMLSpace(b[i]) && b[i] != '>' {
			i++
		}
		val = b[start:i]
	}
	return key, val, b[i:]
}
