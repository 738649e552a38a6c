package advisory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		// A PGP signed APPLE-SA mail.
		{"signed mail", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nAPPLE-SA-03-17-2026-1 Background Security Improvements\n", FormatMail},
		// PGP armor alone is enough (the ID may come after the head).
		{"armor only", "\r\n-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n", FormatMail},
		// A copy without armor, new ID form.
		{"plain mail", "APPLE-SA-02-11-2026-3 macOS Tahoe 26.3\n\nmacOS Tahoe 26.3 addresses the following issues.\n", FormatMail},
		// A copy without armor, old ID form, after a byte order mark.
		{"plain mail old ID", "\ufeffAPPLE-SA-2022-12-13-1 iOS 16.2 and iPadOS 16.2\n", FormatMail},
		// A copy with mail headers.
		{"mail headers", "From: Apple Product Security\nSubject: APPLE-SA-2023-01-23-8 Safari 16.3\n\n", FormatMail},
		// The current index page, by its title.
		{"index title", `<!DOCTYPE html><html><head><title lang="en">Apple security releases - Apple Support</title></head><body><h1 class="gb-header">Apple security releases</h1>`, FormatIndex},
		// The older index page, titled "Apple security updates".
		{"index old title", `<html><head><title>Apple security updates - Apple Support</title></head><body><h2>About Apple security updates</h2>`, FormatIndex},
		// An index fragment known only by its table header.
		{"index table", `<div><table class="gb-table"><tr><th><p class="gb-paragraph">Name and information link</p></th><th>Available for</th><th>Release date</th></tr>`, FormatIndex},
		// A current advisory page: its heading wins over the link to the
		// index in its body.
		{"page current", `<div id="sections"><h1 class="gb-header">About the security content of iOS 17.5 and iPadOS 17.5</h1><p class="gb-paragraph">Recent releases are listed on the <a href="/kb/HT201222">Apple security releases</a> page.</p>`, FormatPage},
		// A legacy kb page titled in its head.
		{"page legacy", `<!DOCTYPE html><html><head><title>About the security content of iOS 6.1 Software Update</title></head><body><p><b>WebKit</b></p>`, FormatPage},
		// A legacy page whose title is beyond the head given: its text says it.
		{"page legacy text", `<html><head><script>var t = 'About the security content of iOS 6.1 Software Update';</script>`, FormatPage},
		// A page fragment with gb-header headings and entry labels, no title.
		{"page fragment", `<h3 class="gb-header">WebKit</h3><p class="gb-paragraph">Available for: iPhone 11 and later</p>`, FormatPage},
		// A legacy kb fragment.
		{"page kb fragment", `<p><a href="http://support.apple.com/kb/HT1222">Apple Security Updates</a></p><p>Impact: An attacker may ...</p>`, FormatPage},
		// Nothing.
		{"empty", "", FormatUnknown},
		// White space only.
		{"blank", " \n\t\r\n", FormatUnknown},
		// JSON.
		{"json", `{"PublicAssetSets": {}}`, FormatUnknown},
		// Some other HTML page.
		{"other html", `<html><head><title>Apple Vision Pro - Apple</title></head><body>`, FormatUnknown},
		// Plain text that mentions an ID inside a line.
		{"text mentioning ID", "See the mail APPLE-SA-2022-10-24-7 for details.\n", FormatUnknown},
		// An HTML archive page that quotes a mail is not a mail.
		{"archive html", "<html><head><title>Full Disclosure: APPLE-SA-2022-10-24-7 Safari 16.1</title></head><body><pre>\nAPPLE-SA-2022-10-24-7 Safari 16.1\n", FormatUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Detect([]byte(tc.head)))
		})
	}
}

// TestDetectFixtures detects every fixture of the package's parsers: mails,
// advisory pages and index pages.
func TestDetectFixtures(t *testing.T) {
	for dir, want := range map[string]Format{"mail": FormatMail, "advisory": FormatPage, "index": FormatIndex} {
		files, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, ".json") {
				continue
			}
			t.Run(dir+"/"+filepath.Base(f), func(t *testing.T) {
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				if len(b) > detectSize {
					b = b[:detectSize]
				}
				assert.Equal(t, want, Detect(b))
			})
		}
	}
}

// TestDetectRealWorld detects the real captures.
func TestDetectRealWorld(t *testing.T) {
	dir := realworld.Dir(t)
	tests := []struct {
		glob string
		want Format
	}{
		// Every APPLE-SA mail.
		{"apple-sa/*.txt", FormatMail},
		// Both advisory pages: the current fragment and the 2013 kb page.
		{"apple-advisory/*.html", FormatPage},
		// Both index pages: HT201222 layout and gb-table layout with a BOM.
		{"apple-index/*.html", FormatIndex},
		// Feeds and JSON are none of these.
		{"apple-gdmf/*.json", FormatUnknown},
		{"apple-developer/*.rss", FormatUnknown},
		{"kev/*.json", FormatUnknown},
	}
	for _, tc := range tests {
		files, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(tc.glob)))
		require.NoError(t, err)
		require.NotEmpty(t, files, tc.glob)
		for _, f := range files {
			t.Run(filepath.Base(f), func(t *testing.T) {
				fh, err := os.Open(f)
				require.NoError(t, err)
				defer fh.Close()
				head := make([]byte, detectSize)
				n, _ := io.ReadFull(fh, head)
				assert.Equal(t, tc.want, Detect(head[:n]))
			})
		}
	}
}

func TestFormatString(t *testing.T) {
	// Each format's name, as ParseError.Format spells it.
	assert.Equal(t, "index", FormatIndex.String())
	assert.Equal(t, "page", FormatPage.String())
	assert.Equal(t, "mail", FormatMail.String())
	assert.Equal(t, "unknown", FormatUnknown.String())
	assert.Equal(t, "unknown", Format(99).String())
}

func TestParseMailDispatch(t *testing.T) {
	// A mail goes to ParseMail: same result either way.
	text := readMailFixture(t, "current-id.txt")
	doc, err := Parse(strings.NewReader(text), "m.txt")
	require.NoError(t, err)
	want, err := ParseMail(strings.NewReader(text), "m.txt")
	require.NoError(t, err)
	require.IsType(t, &Advisory{}, doc)
	assert.Equal(t, want, doc)
}

// TestParseDispatch checks that Parse gives what the format's own parser
// gives, for every fixture and real capture it can find.
func TestParseDispatch(t *testing.T) {
	var files []string
	for _, dir := range []string{"mail", "advisory", "index"} {
		fs, err := filepath.Glob(filepath.Join("..", "testdata", dir, "*.*"))
		require.NoError(t, err)
		files = append(files, fs...)
	}
	if dir, ok := realworld.Find(); ok {
		for _, g := range []string{"apple-sa/*.txt", "apple-advisory/*.html", "apple-index/*.html"} {
			fs, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(g)))
			require.NoError(t, err)
			files = append(files, fs...)
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".json") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			var want Document
			var wantErr error
			switch Detect(b) {
			case FormatMail:
				a, err := ParseMail(bytes.NewReader(b), f)
				want, wantErr = a, err
			case FormatPage:
				a, err := ParsePage(bytes.NewReader(b), f)
				want, wantErr = a, err
			case FormatIndex:
				ix, err := ParseIndex(bytes.NewReader(b), f)
				want, wantErr = ix, err
			default:
				t.Fatalf("%s: format not detected", f)
			}
			got, err := Parse(bytes.NewReader(b), f)
			if wantErr != nil {
				require.Error(t, err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestParseUnknown(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		// Empty input.
		{"empty", ""},
		// JSON.
		{"json", `{"a": 1}`},
		// Some other web page.
		{"html", "<html><head><title>Store</title></head><body>Buy</body></html>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(strings.NewReader(tc.in), "x")
			assert.Nil(t, doc)
			require.ErrorIs(t, err, ErrUnknownFormat)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "x", pe.Document)
		})
	}
}

// bigMail is a signed mail of n entries, well over detectSize for n >= 200.
func bigMail(n int) string {
	var b strings.Builder
	b.WriteString("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nAPPLE-SA-02-11-2026-3 macOS Tahoe 26.3\n\n")
	for i := range n {
		fmt.Fprintf(&b, "Kernel\nAvailable for: macOS Tahoe\nImpact: An app may be able to cause unexpected system termination\nDescription: The issue was addressed with improved memory handling.\nCVE-2026-%d: Researcher %d\n\n", 30000+i, i)
	}
	b.WriteString("All information is also posted on the Apple Security Releases\nweb site: https://support.apple.com/100100.\n\n")
	b.WriteString(mailSignature)
	return b.String()
}

func TestParseLargeDocument(t *testing.T) {
	// A document longer than what Detect reads is parsed whole.
	text := bigMail(400)
	require.Greater(t, len(text), 2*detectSize)
	doc, err := Parse(strings.NewReader(text), "big.txt")
	require.NoError(t, err)
	a, ok := doc.(*Advisory)
	require.True(t, ok)
	assert.Len(t, a.Entries, 400)
	assert.False(t, a.Truncated)
}

func TestParseReaderFailure(t *testing.T) {
	errBoom := errors.New("boom")
	big := bigMail(400)
	small := readMailFixture(t, "legacy-id.txt")
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		// Fails at once.
		{"fails at once", iotest.ErrReader(errBoom), errBoom},
		// Times out after the first read, while detecting.
		{"timeout while detecting", iotest.TimeoutReader(iotest.HalfReader(strings.NewReader(small))), iotest.ErrTimeout},
		// Fails after the detected head, while the parser reads: no partial
		// advisory of the entries read so far.
		{"fails while parsing", io.MultiReader(strings.NewReader(big[:3*detectSize/2]), iotest.ErrReader(errBoom)), errBoom},
		// Times out after the head was read in one go.
		{"timeout while parsing", iotest.TimeoutReader(strings.NewReader(big)), iotest.ErrTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(tc.r, "r.txt")
			assert.Nil(t, doc)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "r.txt", pe.Document)
		})
	}
}

// TestParseReaderFailureHTML serves an HTML document and then fails, to check
// that Parse reports the failure whatever the HTML parsers do with a short read.
func TestParseReaderFailureHTML(t *testing.T) {
	errBoom := errors.New("boom")
	pad := strings.Repeat("<p class=\"gb-paragraph\">padding</p>\n", detectSize/20)
	tests := []struct {
		name string
		head string
	}{
		// An advisory page cut by a failing reader.
		{"page", `<div id="sections"><h1 class="gb-header">About the security content of iOS 26.2 and iPadOS 26.2</h1>` + pad},
		// An index page cut by a failing reader.
		{"index", `<html><head><title>Apple security releases - Apple Support</title></head><body>` + pad},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Greater(t, len(tc.head), detectSize)
			doc, err := Parse(io.MultiReader(strings.NewReader(tc.head), iotest.ErrReader(errBoom)), "h.html")
			assert.Nil(t, doc)
			require.ErrorIs(t, err, errBoom)
		})
	}
}

// FuzzElementText: elementText captures what the regexps Detect used did.
func FuzzElementText(f *testing.F) {
	refs := map[string]*regexp.Regexp{
		"title": regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`),
		"h1":    regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`),
	}
	for _, s := range []string{"<TITLE x=1>About</Title>", "<title>a<title>b</title>", "<h1 class=x>t</h1><h1>u</h1>", "<title", "<h10>x</h1>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for tag, re := range refs {
			m := re.FindStringSubmatch(s)
			got, ok := elementText(s, tag)
			if (m != nil) != ok || (ok && m[1] != got) {
				t.Fatalf("%s in %q: got %q %v, want %q", tag, s, got, ok, m)
			}
		}
	})
}
