package advisory

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// classifyTextByByte is classifyText's definition, one byte at a time: the
// reference the word-at-a-time version must agree with.
func classifyTextByByte(b []byte) textClass {
	var c textClass
	for k, x := range b {
		switch {
		case x == '&' || x == '\r' || x == 0:
			return c | textDecode
		case x == ' ':
			if k > 0 && b[k-1] == ' ' {
				c |= textFold
			}
		case x == '\t' || x == '\n' || x == '\f':
			c |= textFold
		case x < ' ' || x >= 0x7f:
			c |= textSpecial
		}
	}
	return c
}

func TestClassifyText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want textClass
	}{
		{"Impact: An app may be able to gain root privileges", 0},
		{"Impact:  two spaces", textFold},
		{"1234567  9abcdef", textFold},          // a run across two words
		{"1234567 9abcdef0 2 4 6 8", 0},         // spaces at word edges, single
		{"12345678        x", textFold},         // a whole word of spaces
		{"line one\nline two", textFold},        // newline inside
		{"tab\there", textFold},                 //
		{"Apple’s WebKit", textSpecial},         // non-ASCII
		{"bell\x07 in the text", textSpecial},   // control character
		{"del\x7f", textSpecial},                //
		{"AT&amp;T and more text", textDecode},  // a character reference
		{"carriage\r\nreturn text", textDecode}, //
		{"nul\x00 in the text", textDecode},     //
		{"é  &", textSpecial | textFold | textDecode},
	} {
		assert := func(got textClass, how string) {
			t.Helper()
			if got != tc.want {
				t.Errorf("%s(%q) = %03b, want %03b", how, tc.in, got, tc.want)
			}
		}
		assert(classifyText([]byte(tc.in)), "classifyText")
		assert(classifyTextByByte([]byte(tc.in)), "classifyTextByByte")
	}
}

func FuzzClassifyText(f *testing.F) {
	for _, s := range []string{"", "a", "a  b", "12345678        x", "Apple’s WebKit\x07", "x&y", "1234567\r\n", strings.Repeat("ab ", 20)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// classifyText takes text without white space at its ends.
		i, j := trimHTMLSpace(b)
		b = b[i:j]
		got, want := classifyText(b), classifyTextByByte(b)
		if want&textDecode != 0 {
			// Past a decode byte, classifyText stops: only the decode bit
			// and what came before it count; the word-at-a-time checks may
			// have seen more of the word holding it.
			if got&textDecode == 0 {
				t.Fatalf("classifyText(%q) = %03b, missed textDecode", b, got)
			}
			return
		}
		if got != want {
			t.Fatalf("classifyText(%q) = %03b, want %03b", b, got, want)
		}
	})
}

func FuzzTrimHTMLSpace(f *testing.F) {
	for _, s := range []string{"", " ", "\n\n\n\n\n\n\n                                        ", "\n        x  ", "        \t       x", "abc"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		i, j := trimHTMLSpace(b)
		want := strings.Trim(string(b), " \t\n\r\f")
		if got := string(b[i:j]); got != want {
			t.Fatalf("trimHTMLSpace(%q) = %q, want %q", b, got, want)
		}
		if want == "" && i != j {
			t.Fatalf("trimHTMLSpace(%q) = %d, %d: all white space must give i == j", b, i, j)
		}
	})
}

// FuzzRawTag checks rawTag and nextRawAttr, which read tags from the
// tokenizer's raw bytes, against the tokenizer's own TagName and TagAttr.
func FuzzRawTag(f *testing.F) {
	for _, s := range []string{
		`<p class="gb-paragraph">`, `<div id=sections class='note gb-note'>`, `<a href="/en-us/100100" class=x>`,
		`<DIV ID="x" id="y">`, `<p =a b= c = "d" e='>`, `<h3/class="x">`, `<br/>`, `<time datetime="2025-07-15" itemprop>`,
		`<a href="x`, `<p class=a/b>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if bytes.ContainsAny(doc, "&\r\x00") {
			return // TagAttr decodes these; the scanner decodes only href
		}
		z := html.NewTokenizer(bytes.NewReader(doc))
		tt := z.Next()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			return
		}
		raw := bytes.Clone(z.Raw())
		name, more := z.TagName()
		type attr struct{ k, v string }
		var want []attr
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			want = append(want, attr{string(k), string(v)})
		}
		a, attrs := rawTag(raw)
		if known := atom.Lookup(name); known != 0 && len(name) <= maxTagName && a != known {
			t.Fatalf("rawTag(%q) = %v, tokenizer says %q", raw, a, name)
		}
		var got []attr
		seen := map[string]bool{}
		for len(attrs) > 0 {
			var k, v []byte
			k, v, attrs = nextRawAttr(attrs)
			if len(k) == 0 {
				continue
			}
			lower := bytes.Clone(k) // ASCII only, as the tokenizer lowers names
			for i, c := range lower {
				if 'A' <= c && c <= 'Z' {
					lower[i] = c + 'a' - 'A'
				}
			}
			key := string(lower)
			if seen[key] {
				continue // the tokenizer keeps the first of a repeated name
			}
			seen[key] = true
			got = append(got, attr{key, string(v)})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("attributes of %q:\n got %q\nwant %q", raw, got, want)
		}
	})
}

func TestAttrCache(t *testing.T) {
	reads := 0
	read := func(attrs []byte, href *string) attrEffect {
		reads++
		return readAttrs(attrs, href)
	}
	texts := []string{
		` class="gb-paragraph">`, ` class="note gb-note">`, ` id="sections" class="">`,
		` class="mod-date">`, ` class="sosumi">`, `>`,
	}
	want := []attrEffect{{}, {note: true}, {flags: lineRegion}, {flags: lineChrome | lineModDate}, {flags: lineChrome}, {}}
	var c attrCache
	// The cache holds four texts and replaces them in turn, so cycling
	// through six reads every one each time.
	for pass := range 2 {
		for i, text := range texts {
			if got := c.effect([]byte(text), read); got != want[i] {
				t.Fatalf("pass %d: effect(%q) = %+v, want %+v", pass, text, got, want[i])
			}
		}
	}
	if reads != 12 {
		t.Fatalf("%d reads, want 12", reads)
	}
	// A page's usual run: a few texts over and over are read once each.
	reads = 0
	c = attrCache{}
	for range 100 {
		for i := range 3 {
			if got := c.effect([]byte(texts[i]), read); got != want[i] {
				t.Fatalf("effect(%q) = %+v, want %+v", texts[i], got, want[i])
			}
		}
	}
	if reads != 3 {
		t.Fatalf("%d reads for 3 distinct texts, want 3", reads)
	}
	// The key is copied: a caller's buffer reused for other bytes does not
	// change what the cache matches.
	buf := []byte(` class="note">`)
	c = attrCache{}
	c.effect(buf, read)
	copy(buf, ` class="xxxx">`)
	if got := c.effect(buf, read); got.note {
		t.Fatalf("effect after the buffer changed = %+v, want no note", got)
	}
}

func TestScanTextAcrossChunks(t *testing.T) {
	// Lines whose text crosses from one chunk of the text buffer to the
	// next keep their text, and so do the lines before them. Without a
	// length to size it, the buffer starts at 16 KB and grows in chunks.
	var doc strings.Builder
	var want []string
	for i := range 5000 {
		text := strings.Repeat(fmt.Sprintf("line %d ", i), 1+i%23)
		if i%7 == 0 {
			text += "caf\xe9 \xff\xfe" // each invalid byte becomes U+FFFD: longer
		}
		fmt.Fprintf(&doc, "<p class=x>%s</p>\n", text)
		want = append(want, cleanText(text))
	}
	for _, r := range []io.Reader{strings.NewReader(doc.String()), struct{ io.Reader }{strings.NewReader(doc.String())}} {
		lines, err := scanLines(r)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != len(want) {
			t.Fatalf("%T: %d lines, want %d", r, len(lines), len(want))
		}
		for i := range lines {
			if lines[i].text != want[i] {
				t.Fatalf("%T: line %d = %q, want %q", r, i, lines[i].text, want[i])
			}
		}
	}
}

func TestScanDecodedTextIsCleaned(t *testing.T) {
	// A text token with a character reference is decoded by the tokenizer;
	// what it decodes to may still hold an '&' (AT&T begins no reference),
	// and the text after it is cleaned all the same.
	lines, err := scanLines(strings.NewReader("<p>AT&T &amp;  caf\xe9\x00 \xff</p>"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].text != cleanText("AT&T & caf\xe9\x00 \xff") || !utf8.ValidString(lines[0].text) {
		t.Fatalf("lines = %+v", lines)
	}
}

func TestFitChunk(t *testing.T) {
	// A page of little text in much markup: the text is moved out of the
	// large chunk sized for the page, so its strings keep only their bytes.
	doc := "<html><body><script>" + strings.Repeat("var x = 1;\n", 20000) + "</script>" +
		"<p>first line</p><p>second  line</p><p>caf\xe9</p></body></html>"
	lines, err := scanLines(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.text)
	}
	want := []string{"first line", "second line", cleanText("caf\xe9")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lines = %q, want %q", got, want)
	}
	// What the lines keep alive is about their bytes, not the chunk sized
	// for the page (about 100 KB here): 50 parses kept stay far under 1 MB.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := make([][]string, 50) // the texts, not the line slices
	for i := range kept {
		lines, err := scanLines(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			kept[i] = append(kept[i], l.text)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 1<<20 {
		t.Fatalf("50 parses keep %d bytes alive", grew)
	}
	runtime.KeepAlive(kept)
}
