package advisory

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseMailGolden parses every fixture mail in testdata/mail and compares
// the advisory with its golden JSON (go test ./advisory -run TestParseMailGolden -update).
func TestParseMailGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "mail", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no fixtures in testdata/mail")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			fh, err := os.Open(f)
			require.NoError(t, err)
			defer fh.Close()
			a, err := ParseMail(fh, "testdata/mail/"+name+".txt")
			require.NoError(t, err)
			assertMailInvariants(t, a)
			assertGolden(t, "mail/"+name+".golden.json", a)
		})
	}
}

// assertMailInvariants checks the invariants every parsed mail keeps.
func assertMailInvariants(t *testing.T, a *Advisory) {
	t.Helper()
	for i, e := range a.Entries {
		assert.NotEmpty(t, e.Component, "entry %d has no component", i)
		assert.False(t, e.Impact == "" && e.Description == "" && len(e.CVEs) == 0, "entry %d (%s) is empty", i, e.Component)
		assert.NotNil(t, e.CVEs)
		assert.NotNil(t, e.MentionedCVEs)
		assert.NotNil(t, e.WebKitBugzilla)
	}
}

// readMailFixture returns a fixture mail's text.
func readMailFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "mail", name))
	require.NoError(t, err)
	return string(b)
}

// TestParseMailFields checks, fixture by fixture, the facts each was written
// to exercise, independently of the golden files.
func TestParseMailFields(t *testing.T) {
	t.Run("legacy ID", func(t *testing.T) {
		// APPLE-SA-YYYY-MM-DD-N: ID kept as written, date read year first.
		a := mustParseMail(t, readMailFixture(t, "legacy-id.txt"))
		assert.Equal(t, "APPLE-SA-2022-09-12-1", a.ID)
		assert.Equal(t, NewDate(2022, 9, 12), a.Released)
		assert.Equal(t, "iOS 16", a.Title)
		assert.Equal(t, []ProductVersion{{Platform: "iOS", Version: "16"}}, a.Releases)
		assert.Equal(t, "https://support.apple.com/HT213446", a.URL)
		require.Len(t, a.Entries, 4)
		assert.Equal(t, NewDate(2022, 9, 16), a.Entries[1].Updated)
		assert.Equal(t, []int{241969}, a.Entries[3].WebKitBugzilla)
		require.Len(t, a.Acknowledgements, 2)
		assert.Equal(t, Acknowledgement{Component: "Kernel", Credit: "Pan ZhenPeng of STAR Labs"}, a.Acknowledgements[0])
	})
	t.Run("current ID", func(t *testing.T) {
		// APPLE-SA-MM-DD-YYYY-N; a marketing name in the title; two CVE lines
		// in one entry; a bare CVE line after Description is a fix.
		a := mustParseMail(t, readMailFixture(t, "current-id.txt"))
		assert.Equal(t, "APPLE-SA-05-12-2025-3", a.ID)
		assert.Equal(t, NewDate(2025, 5, 12), a.Released)
		assert.Equal(t, []ProductVersion{{Platform: "macOS", Version: "15.5"}}, a.Releases)
		assert.Equal(t, "https://support.apple.com/122716", a.URL)
		require.Len(t, a.Entries, 3)
		assert.Equal(t, []CVE{
			{ID: "CVE-2025-31233", Credit: "Hossein Lotfi (@hosselot) of Trend Micro Zero Day Initiative"},
			{ID: "CVE-2025-31241", Credit: "Christian Kohlschütter"},
		}, a.Entries[1].CVEs)
		assert.Equal(t, []CVE{{ID: "CVE-2024-8176", Credit: ""}}, a.Entries[2].CVEs)
	})
	t.Run("BSI variant line", func(t *testing.T) {
		// The subject wraps onto a second line; the variant line gives the
		// releases with their letters.
		a := mustParseMail(t, readMailFixture(t, "bsi-variant.txt"))
		assert.Equal(t, "Background Security Improvements for iOS 26.4.1, iPadOS 26.4.1, and macOS 26.4.1", a.Title)
		assert.Equal(t, []ProductVersion{
			{Platform: "iOS", Version: "26.4.1", Extra: "(a)"},
			{Platform: "iPadOS", Version: "26.4.1", Extra: "(a)"},
			{Platform: "macOS", Version: "26.4.1", Extra: "(a)"},
		}, a.Releases)
		require.Len(t, a.Entries, 1)
		assert.Equal(t, "Processing maliciously crafted web content may lead to memory corruption", a.Entries[0].Impact)
		assert.Equal(t, "A use-after-free issue was addressed with improved memory management.", a.Entries[0].Description)
	})
	t.Run("re-issue", func(t *testing.T) {
		// "Additional information for" names the re-issued mail; the title is
		// the product part; entry notes are read.
		a := mustParseMail(t, readMailFixture(t, "reissue.txt"))
		assert.Equal(t, "APPLE-SA-2022-11-09-4", a.ID)
		assert.Equal(t, "APPLE-SA-2022-10-24-1", a.ReissueOf)
		assert.Equal(t, "iOS 16.1 and iPadOS 16", a.Title)
		assert.Equal(t, []ProductVersion{{Platform: "iOS", Version: "16.1"}, {Platform: "iPadOS", Version: "16"}}, a.Releases)
		require.Len(t, a.Entries, 2)
		assert.Equal(t, NewDate(2022, 11, 9), a.Entries[0].Added)
		assert.True(t, a.Entries[0].Updated.IsZero())
		assert.Equal(t, NewDate(2022, 10, 27), a.Entries[1].Added)
		assert.Equal(t, NewDate(2022, 11, 9), a.Entries[1].Updated)
		assert.True(t, a.Entries[1].Exploited)
		assert.False(t, a.Entries[0].Exploited)
	})
	t.Run("wrapped lines", func(t *testing.T) {
		// A wrapped Impact line that begins with a CVE ID, and one that is a
		// bare CVE ID, are prose: mentioned, not fixed. Wrapped credits join;
		// a word wrapped after its hyphen is rejoined.
		a := mustParseMail(t, readMailFixture(t, "wrapped.txt"))
		require.Len(t, a.Entries, 3)
		assert.Equal(t, []CVE{{ID: "CVE-2025-43529", Credit: "Google Threat Analysis Group"}}, a.Entries[0].CVEs)
		assert.Equal(t, []string{"CVE-2025-14174"}, a.Entries[0].MentionedCVEs)
		assert.True(t, a.Entries[0].Exploited)
		assert.Equal(t, []CVE{{ID: "CVE-2025-14174", Credit: "Apple and Google Threat Analysis Group"}}, a.Entries[1].CVEs)
		assert.Equal(t, []string{"CVE-2025-43529"}, a.Entries[1].MentionedCVEs)
		assert.True(t, strings.HasSuffix(a.Entries[1].Impact, "Related fix: CVE-2025-43529"), a.Entries[1].Impact)
		assert.Equal(t, "An app may be able to cause a denial-of-service", a.Entries[2].Impact)
		assert.Equal(t, "Kaitao Xie and Xin Wang of Institute of Information Engineering, Chinese Academy of Sciences, Zhiyun Qian of University of California, Riverside", a.Entries[2].CVEs[0].Credit)
	})
	t.Run("mojibake", func(t *testing.T) {
		// UTF-8 shown as Windows-1252 by a mirror is repaired line by line.
		a := mustParseMail(t, readMailFixture(t, "mojibake.txt"))
		require.Len(t, a.Entries, 2)
		assert.Equal(t, "Rıza Sabuncu (@rizasabuncu)", a.Entries[0].CVEs[0].Credit)
		assert.Equal(t, "Clément Lecigne of Google’s Threat Analysis Group", a.Entries[1].CVEs[0].Credit)
		require.Len(t, a.Acknowledgements, 1)
		assert.Equal(t, "Jonas Dreßler and the “Nice Try” team", a.Acknowledgements[0].Credit)
	})
	t.Run("no armor", func(t *testing.T) {
		// A copy of the text without PGP armor parses the same way.
		a := mustParseMail(t, readMailFixture(t, "no-armor.txt"))
		assert.Equal(t, "APPLE-SA-07-29-2024-6", a.ID)
		assert.Len(t, a.Entries, 2)
		assert.False(t, a.Truncated)
	})
	t.Run("dash-escaped", func(t *testing.T) {
		// Dash-escaped rules are restored and skipped; entries on both sides
		// of a rule are read; "Installation note:" ends the entries; with no
		// support link, the URL is the document's.
		a := mustParseMail(t, readMailFixture(t, "dash-escaped.txt"))
		assert.Equal(t, "APPLE-SA-2021-10-26-9", a.ID)
		require.Len(t, a.Entries, 2)
		assert.Equal(t, "CVE-2021-30888", a.Entries[1].CVEs[0].ID)
		assert.Equal(t, mailTestURL, a.URL)
	})
	t.Run("truncated", func(t *testing.T) {
		// A copy cut inside a credit: marked, the cut entry kept with its
		// CVE (the ID is whole) and the credit as far as it goes.
		a := mustParseMail(t, readMailFixture(t, "truncated.txt"))
		assert.True(t, a.Truncated)
		require.Len(t, a.Entries, 3)
		assert.Equal(t, "CoreCrypto", a.Entries[1].Component)
		assert.Equal(t, "Kernel", a.Entries[2].Component)
		assert.Equal(t, []CVE{{ID: "CVE-2024-23208", Credit: "fmyy (@binary_fmyy) and Lu"}}, a.Entries[2].CVEs)
	})
}

// mailTestURL is the docURL the unit tests pass.
const mailTestURL = "test.txt"

// mustParseMail parses text as a mail, failing the test on error.
func mustParseMail(t *testing.T, text string) *Advisory {
	t.Helper()
	a, err := ParseMail(strings.NewReader(text), mailTestURL)
	require.NoError(t, err)
	require.NotNil(t, a)
	assertMailInvariants(t, a)
	return a
}

// buildMail builds a mail from body lines (after the ID line) with PGP armor.
func buildMail(idLine string, body ...string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n")
	b.WriteString(idLine + "\n\n")
	for _, l := range body {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// mailEntryLines is one ordinary entry.
var mailEntryLines = []string{
	"Kernel",
	"Available for: macOS Tahoe",
	"Impact: An app may be able to cause unexpected system termination",
	"Description: The issue was addressed with improved memory handling.",
	"CVE-2026-20654: Jian Lee",
}

// mailSignature closes a signed mail.
const mailSignature = "-----BEGIN PGP SIGNATURE-----\n\nabc=\n-----END PGP SIGNATURE-----\n"

func TestParseMailTruncation(t *testing.T) {
	footer := []string{"", "All information is also posted on the Apple Security Releases", "web site: https://support.apple.com/100100."}
	two := append(append(append([]string{}, mailEntryLines...), ""), mailEntryLines...)
	tests := []struct {
		name      string
		text      string
		entries   int
		truncated bool
	}{
		{
			// Whole and signed.
			name:    "complete",
			text:    buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two...), footer...)...) + mailSignature,
			entries: 2,
		},
		{
			// Cut inside the mailSignature: the body is whole.
			name:    "cut in signature",
			text:    buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two...), footer...)...) + "-----BEGIN PGP SIGNATURE-----\n\niQIzBAEB...",
			entries: 2,
		},
		{
			// Cut in the footer: the entries are whole, nothing was lost.
			name:    "cut in footer",
			text:    strings.TrimSuffix(buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two...), "", "All information is also posted on the Ap...")...), "\n"),
			entries: 2,
		},
		{
			// Cut mid-line in the second entry's credit: the CVE ID is whole,
			// so the entry and its CVE are kept (issue #9).
			name:      "cut in credit",
			text:      strings.TrimSuffix(buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two[:len(two)-1]...), "CVE-2026-20654: Jian...")...), "\n"),
			entries:   2,
			truncated: true,
		},
		{
			// Cut as the second entry's component line ends: dropped too.
			name:      "cut after component",
			text:      strings.TrimSuffix(buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, mailEntryLines...), "", "Kernel", "Available f...")...), "\n"),
			entries:   1,
			truncated: true,
		},
		{
			// "..." on a line of its own after a blank line: the entries before
			// it are whole.
			name:      "cut at block boundary",
			text:      buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two...), "", "...")...),
			entries:   2,
			truncated: true,
		},
		{
			// "..." on a line of its own right after an entry's CVE line: the
			// entry may have had more lines, but its CVE line is whole: kept.
			name:      "cut at line boundary",
			text:      buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", append(append([]string{}, two...), "...")...),
			entries:   2,
			truncated: true,
		},
		{
			// Signed message with no mailSignature and no marker, ending on an
			// entry's CVE line: its ID is whole, the entry is kept.
			name:      "armor without signature",
			text:      buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", two...),
			entries:   2,
			truncated: true,
		},
		{
			// A copy without armor that ends after its entries is whole.
			name:    "plain copy",
			text:    "APPLE-SA-02-11-2026-3 macOS Tahoe 26.3\n\n" + strings.Join(two, "\n") + "\n",
			entries: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustParseMail(t, tc.text)
			assert.Len(t, a.Entries, tc.entries)
			assert.Equal(t, tc.truncated, a.Truncated)
		})
	}
}

func TestParseMailVariants(t *testing.T) {
	t.Run("CRLF and BOM", func(t *testing.T) {
		// Windows line ends and a byte order mark change nothing.
		text := "\ufeff" + strings.ReplaceAll(buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", mailEntryLines...)+mailSignature, "\n", "\r\n")
		a := mustParseMail(t, text)
		require.Len(t, a.Entries, 1)
		assert.Equal(t, "Jian Lee", a.Entries[0].CVEs[0].Credit)
		assert.Equal(t, "macOS Tahoe 26.3", a.Title)
	})
	t.Run("mail headers", func(t *testing.T) {
		// A copy with mail headers: the subject gives the title, folded onto
		// a continuation line.
		text := "From: Apple Product Security <product-security-noreply@lists.apple.com>\n" +
			"Subject: APPLE-SA-03-17-2026-1 Background Security Improvements for iOS 26.3.1,\n" +
			" iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2\n" +
			"Date: Tue, 17 Mar 2026 16:43:52 -0700\n\n" +
			strings.Join(mailEntryLines, "\n") + "\n"
		a := mustParseMail(t, text)
		assert.Equal(t, "APPLE-SA-03-17-2026-1", a.ID)
		assert.Equal(t, "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2", a.Title)
		assert.Len(t, a.Entries, 1)
	})
	t.Run("no published CVE entries", func(t *testing.T) {
		// A mail that says it has no CVE entries is valid with none.
		a := mustParseMail(t, buildMail("APPLE-SA-08-19-2024-1 watchOS 10.6.1", "This update has no published CVE entries.")+mailSignature)
		assert.Empty(t, a.Entries)
		assert.NotNil(t, a.Entries)
		assert.NotNil(t, a.Acknowledgements)
	})
	t.Run("URL with kb path and trailing period", func(t *testing.T) {
		// The link's sentence period is not part of it; the index link is not
		// the advisory's.
		a := mustParseMail(t, buildMail("APPLE-SA-2023-07-10-1 Safari 16.5.2",
			append([]string{"Information about the security content is also available at", "https://support.apple.com/kb/HT213826.", "",
				"Apple maintains a Security Updates page at", "https://support.apple.com/HT201222 which lists recent", ""}, mailEntryLines...)...)+mailSignature)
		assert.Equal(t, "https://support.apple.com/kb/HT213826", a.URL)
	})
	t.Run("recognition without component", func(t *testing.T) {
		// "Additional recognition" followed directly by the thanks.
		a := mustParseMail(t, buildMail("APPLE-SA-2023-02-13-1 iOS 16.3.1 and iPadOS 16.3.1",
			append(append([]string{}, mailEntryLines...), "", "Additional recognition", "We would like to acknowledge Jane Doe for their", "assistance.")...)+mailSignature)
		assert.Equal(t, []Acknowledgement{{Component: "", Credit: "Jane Doe"}}, a.Acknowledgements)
	})
	t.Run("acknowledgement is no fix", func(t *testing.T) {
		// A thanks block that names a CVE-like component never becomes an entry.
		a := mustParseMail(t, buildMail("APPLE-SA-2023-03-27-8 Safari 16.4",
			append(append([]string{}, mailEntryLines...), "", "Additional recognition", "", "WebKit", "We would like to acknowledge an anonymous researcher for their", "assistance.", "", "Safari 16.4 may be obtained from the Mac App Store.")...)+mailSignature)
		require.Len(t, a.Entries, 1)
		assert.Equal(t, []Acknowledgement{{Component: "WebKit", Credit: "an anonymous researcher"}}, a.Acknowledgements)
	})
	t.Run("blank lines lost", func(t *testing.T) {
		// A copy whose blank lines were dropped still gives one entry per
		// component and keeps thanks apart.
		lines := append(append(append([]string{}, mailEntryLines...), mailEntryLines...), "Additional recognition", "Kernel", "We would like to acknowledge Jane Doe for their assistance.",
			"WebKit", "We would like to acknowledge John Roe and", "Richard Miles for their", "assistance.")
		a := mustParseMail(t, buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", lines...)+mailSignature)
		require.Len(t, a.Entries, 2)
		assert.Equal(t, "Jian Lee", a.Entries[0].CVEs[0].Credit)
		assert.Equal(t, []Acknowledgement{{Component: "Kernel", Credit: "Jane Doe"}, {Component: "WebKit", Credit: "John Roe and Richard Miles"}}, a.Acknowledgements)
	})
	t.Run("component normalized", func(t *testing.T) {
		// Entry components go through NormalizeComponent.
		a := mustParseMail(t, buildMail("APPLE-SA-2023-03-27-8 Safari 16.4", append([]string{"Webkit:"}, mailEntryLines[1:]...)...)+mailSignature)
		assert.Equal(t, "WebKit", a.Entries[0].Component)
	})
}

func TestParseMailErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		// Empty input.
		{"empty", ""},
		// Text with no APPLE-SA ID line.
		{"no ID", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHello\n\n" + strings.Join(mailEntryLines, "\n") + "\n"},
		// An ID that holds no real date.
		{"bad date", buildMail("APPLE-SA-2022-13-45-1 iOS 16", mailEntryLines...) + mailSignature},
		// An ID and nothing after it on its line or the next.
		{"no title", buildMail("APPLE-SA-2022-10-24-1", mailEntryLines...) + mailSignature},
		// A header and a footer, no entries, no "no published CVE entries".
		{"no entries", buildMail("APPLE-SA-2022-10-24-1 iOS 16.1", "iOS 16.1 addresses the following issues.", "", "All information is also posted on the Apple Security Updates") + mailSignature},
		// Cut before the first entry was complete.
		{"cut before entries", strings.TrimSuffix(buildMail("APPLE-SA-2022-10-24-1 iOS 16.1", "Kernel", "Available for: iPhone 8 and later", "Impact: An app may be..."), "\n")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseMail(strings.NewReader(tc.text), "bad.txt")
			require.Error(t, err)
			assert.Nil(t, a)
			require.ErrorIs(t, err, ErrMalformed)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "mail", pe.Format)
			assert.Equal(t, "bad.txt", pe.Document)
			assert.NotEmpty(t, pe.Detail)
		})
	}
}

func TestParseMailReaderFailure(t *testing.T) {
	errBoom := errors.New("boom")
	full := readMailFixture(t, "legacy-id.txt")
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		// A reader that fails at once.
		{"fails at once", iotest.ErrReader(errBoom), errBoom},
		// A reader that times out after its first byte.
		{"times out midway", iotest.TimeoutReader(iotest.OneByteReader(strings.NewReader(full))), iotest.ErrTimeout},
		// A reader that fails after half the mail.
		{"fails after half", io.MultiReader(strings.NewReader(full[:len(full)/2]), iotest.ErrReader(errBoom)), errBoom},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseMail(tc.r, "x.txt")
			assert.Nil(t, a)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "mail", pe.Format)
		})
	}
}

func TestParseMailTooLarge(t *testing.T) {
	// A document over the size cap is refused, not read whole.
	text := buildMail("APPLE-SA-02-11-2026-3 macOS Tahoe 26.3", mailEntryLines...) + strings.Repeat("x", maxMailSize)
	_, err := ParseMail(strings.NewReader(text), "big.txt")
	require.ErrorIs(t, err, ErrMalformed)
}

// footerObtain is the regexp saysObtain reads by hand.
var footerObtain = regexp.MustCompile(`(?i)\b(?:may|can) be (?:obtained|downloaded)\b`)

func TestSaysObtainMatchesRegexp(t *testing.T) {
	for _, s := range []string{
		"Safari 16.1 may be obtained from the Mac App Store.",
		"iOS 26.x and iPadOS 26.x can be downloaded from https://www.apple.com/itunes/",
		"MAY BE OBTAINED", "xmay be obtained", "may be obtainedx", "may be obtained_", "can  be obtained",
		"it may be downloaded", "one may be, obtained", "may be obtain", "", "be ",
	} {
		assert.Equal(t, footerObtain.MatchString(s), saysObtain(s), "%q", s)
	}
}
