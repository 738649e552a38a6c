package advisory

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// entryFromLines feeds lines to an entryBuilder and returns the finished entry.
func entryFromLines(component string, lines ...string) Entry {
	b := newEntryBuilder(component)
	for _, l := range lines {
		b.addLine(l)
	}
	return b.finish()
}

func TestEntryBuilderBasic(t *testing.T) {
	e := entryFromLines("Webkit",
		"Available for: iPhone 8 and later, iPad Pro (all models), iPad Air",
		"3rd generation and later",
		"Impact: Processing maliciously crafted web content may lead to",
		"arbitrary code execution",
		"Description: A type confusion issue was addressed with improved",
		"checks.",
		"WebKit Bugzilla: 251944",
		"CVE-2023-23529: an anonymous researcher",
	)
	// Component normalized; wrapped lines continue their field.
	assert.Equal(t, "WebKit", e.Component)
	assert.Equal(t, "iPhone 8 and later, iPad Pro (all models), iPad Air 3rd generation and later", e.AvailableFor)
	assert.Equal(t, "Processing maliciously crafted web content may lead to arbitrary code execution", e.Impact)
	assert.Equal(t, "A type confusion issue was addressed with improved checks.", e.Description)
	assert.Equal(t, []int{251944}, e.WebKitBugzilla)
	assert.Equal(t, []CVE{{ID: "CVE-2023-23529", Credit: "an anonymous researcher"}}, e.CVEs)
	assert.False(t, e.Exploited)
	// Slices are never nil, so JSON shows [].
	assert.NotNil(t, e.MentionedCVEs)
	assert.Empty(t, e.MentionedCVEs)
}

func TestEntryBuilderQualifiedAvailableFor(t *testing.T) {
	// Apple qualifies some labels ("Available for devices with Apple Neural
	// Engine: ..."); the qualifier stays in the text, and a sentence that
	// merely starts with the words is not a label.
	e := entryFromLines("Apple Neural Engine",
		"Available for devices with Apple Neural Engine: iPhone XS and later",
		"Impact: An app may be able to cause unexpected system termination")
	assert.Equal(t, "devices with Apple Neural Engine: iPhone XS and later", e.AvailableFor)
	e = entryFromLines("Kernel", "Description: fixed.", "Available for download from the App Store.")
	assert.Empty(t, e.AvailableFor)
	assert.Equal(t, "fixed. Available for download from the App Store.", e.Description)
}

func TestEntryBuilderEmptySlices(t *testing.T) {
	// An entry with nothing but a component still has non-nil slices.
	e := entryFromLines("Kernel")
	assert.NotNil(t, e.CVEs)
	assert.NotNil(t, e.WebKitBugzilla)
	assert.NotNil(t, e.MentionedCVEs)
}

func TestEntryBuilderCVELines(t *testing.T) {
	tests := []struct {
		name      string
		lines     []string
		cves      []CVE
		mentioned []string
	}{
		{
			// A credit wrapped over three lines is one credit.
			name: "wrapped credit",
			lines: []string{
				"Impact: x", "Description: y",
				"CVE-2022-42824: Abdulrahman Alqabandi of Microsoft Browser",
				"Vulnerability Research, Ryan Shin of IAAI SecLab at Korea University,",
				"Dohyun Lee (@l33d0hyun) of DNSLab at Korea University",
			},
			cves: []CVE{{ID: "CVE-2022-42824", Credit: "Abdulrahman Alqabandi of Microsoft Browser Vulnerability Research, Ryan Shin of IAAI SecLab at Korea University, Dohyun Lee (@l33d0hyun) of DNSLab at Korea University"}},
		},
		{
			// A wrapped Impact line that begins with a CVE ID is prose: the
			// IDs are mentioned, not fixed.
			name: "impact line beginning with an ID",
			lines: []string{
				"Impact: An attacker with memory write capability may be able to execute",
				"arbitrary code. Apple is aware of a report that this issue may have been",
				"exploited on versions of iOS before iOS 26. CVE-2025-14174 and",
				"CVE-2025-43529 were also issued in response to this report.",
				"Description: A memory corruption issue was addressed.",
				"CVE-2026-20700: Google Threat Analysis Group",
			},
			cves:      []CVE{{ID: "CVE-2026-20700", Credit: "Google Threat Analysis Group"}},
			mentioned: []string{"CVE-2025-14174", "CVE-2025-43529"},
		},
		{
			// A bare CVE ID line inside Impact, before Description, is prose.
			name: "bare ID in impact",
			lines: []string{
				"Impact: Memory corruption. Related to",
				"CVE-2025-43529",
				"Description: The issue was addressed.",
				"CVE-2025-14174: Apple",
			},
			cves:      []CVE{{ID: "CVE-2025-14174", Credit: "Apple"}},
			mentioned: []string{"CVE-2025-43529"},
		},
		{
			// A bare CVE ID after Description is a fix with no credit.
			name:  "bare ID after description",
			lines: []string{"Impact: x", "Description: A third party assigned the CVE-ID.", "CVE-2025-59375"},
			cves:  []CVE{{ID: "CVE-2025-59375", Credit: ""}},
		},
		{
			// Several CVE lines with interleaved Bugzilla lines; the credit of a
			// CVE line is not continued by the next Bugzilla line.
			name: "interleaved Bugzilla",
			lines: []string{
				"Impact: x", "Description: y",
				"WebKit Bugzilla: 306136",
				"CVE-2026-20664: Daniel Rhea, Söhnke Benedikt Fischedick (Tripton),",
				"Emrovsky & Switch, Yevhen Pervushyn",
				"WebKit Bugzilla: 307723",
				"CVE-2026-28857: Narcis Oliveras Fontàs",
			},
			cves: []CVE{
				{ID: "CVE-2026-20664", Credit: "Daniel Rhea, Söhnke Benedikt Fischedick (Tripton), Emrovsky & Switch, Yevhen Pervushyn"},
				{ID: "CVE-2026-28857", Credit: "Narcis Oliveras Fontàs"},
			},
		},
		{
			// A repeated CVE line keeps its first credit; IDs are upper-cased.
			name:  "repeated and lower case",
			lines: []string{"Description: y", "cve-2024-1234: First", "CVE-2024-1234: Second"},
			cves:  []CVE{{ID: "CVE-2024-1234", Credit: "First"}},
		},
		{
			// The 2013 layout: a "CVE-ID" label, then IDs on their own lines.
			name:  "CVE-ID label",
			lines: []string{"Impact: x", "CVE-ID", "CVE-2013-0948 : Mark Dowd", "CVE-2013-0949"},
			cves:  []CVE{{ID: "CVE-2013-0948", Credit: "Mark Dowd"}, {ID: "CVE-2013-0949", Credit: ""}},
		},
		{
			// The label and the ID on one line.
			name:  "CVE-ID with ID",
			lines: []string{"Impact: x", "CVE-ID: CVE-2013-0977"},
			cves:  []CVE{{ID: "CVE-2013-0977", Credit: ""}},
		},
		{
			// A wrapped line of Impact prose that begins with the word "CVE-ID" is
			// prose, not the 2013 label: the bare ID after it stays mentioned.
			name:      "CVE-ID word in prose",
			lines:     []string{"Impact: see the record under", "CVE-ID at cve.org for", "CVE-2013-0950"},
			cves:      []CVE{},
			mentioned: []string{"CVE-2013-0950"},
		},
		{
			// A mentioned ID that is also fixed in the entry is not "mentioned".
			name:  "mentioned and fixed",
			lines: []string{"Impact: x", "Description: This fixes CVE-2024-1111.", "CVE-2024-1111: A"},
			cves:  []CVE{{ID: "CVE-2024-1111", Credit: "A"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := entryFromLines("WebKit", tc.lines...)
			assert.Equal(t, tc.cves, e.CVEs)
			if tc.mentioned == nil {
				tc.mentioned = []string{}
			}
			assert.Equal(t, tc.mentioned, e.MentionedCVEs)
		})
	}
}

func TestEntryBuilderBugzilla(t *testing.T) {
	// Repeated Bugzilla IDs are kept once; several on one line are all read.
	e := entryFromLines("WebKit", "WebKit Bugzilla: 248268", "CVE-2023-23518: A", "WebKit Bugzilla: 248268", "CVE-2023-23517: B", "WebKit Bugzilla: 1, 2")
	assert.Equal(t, []int{248268, 1, 2}, e.WebKitBugzilla)
	assert.Len(t, e.CVEs, 2)
}

func TestEntryBuilderNotes(t *testing.T) {
	// "Entry added" sets Added; the latest "Entry updated" wins.
	e := entryFromLines("Kernel",
		"Impact: x", "Description: y", "CVE-2022-42827: an anonymous researcher",
		"Entry added October 27, 2022",
		"Entry updated November 9, 2022",
		"Entry updated November 1, 2022",
	)
	assert.Equal(t, NewDate(2022, 10, 27), e.Added)
	assert.Equal(t, NewDate(2022, 11, 9), e.Updated)
	// A note line does not continue the credit.
	require.Len(t, e.CVEs, 1)
	assert.Equal(t, "an anonymous researcher", e.CVEs[0].Credit)
}

func TestEntryBuilderCombinedNote(t *testing.T) {
	tests := []struct {
		name           string
		note           string
		added, updated Date
	}{
		// Both dates in one note (issue #9).
		{"added and updated", "Entry added February 11, 2026, updated March 24, 2026", NewDate(2026, 2, 11), NewDate(2026, 3, 24)},
		// Joined with "and", with a final period.
		{"and", "Entry added February 11, 2026 and updated March 24, 2026.", NewDate(2026, 2, 11), NewDate(2026, 3, 24)},
		// A date that cannot be read sets nothing and is not a credit either.
		{"unreadable", "Entry added sometime soon", Date{}, Date{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := entryFromLines("Kernel", "Impact: x", "CVE-2025-43537: researcher one", tc.note)
			assert.Equal(t, tc.added, e.Added)
			assert.Equal(t, tc.updated, e.Updated)
			assert.Equal(t, []CVE{{ID: "CVE-2025-43537", Credit: "researcher one"}}, e.CVEs)
		})
	}
}

func TestEntryBuilderExploited(t *testing.T) {
	tests := []struct {
		name   string
		impact string
		want   bool
	}{
		// The classic wording.
		{"actively exploited", "Apple is aware of a report that this issue may have been actively exploited.", true},
		// The targeted-attack wording.
		{"sophisticated attack", "Apple is aware of a report that this issue may have been exploited in an extremely sophisticated attack against specific targeted individuals.", true},
		// Plural reports and issues.
		{"plural", "Apple is aware of reports that these issues may have been exploited.", true},
		// Exploitation on other systems still counts.
		{"other systems", "Apple is aware of a report that this issue may have been actively exploited on Intel-based Mac systems.", true},
		// No such sentence.
		{"not exploited", "Processing maliciously crafted web content may lead to arbitrary code execution", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := entryFromLines("Kernel", "Impact: "+tc.impact, "Description: y", "CVE-2024-0001: z")
			assert.Equal(t, tc.want, e.Exploited)
		})
	}
	// The sentence wrapped over lines, as mails wrap it, still counts.
	e := entryFromLines("WebKit", "Impact: Processing web content may lead to arbitrary code execution.", "Apple is aware of a report that this issue may have been actively", "exploited.", "Description: y")
	assert.True(t, e.Exploited)
}

func TestEntryBuilderMojibake(t *testing.T) {
	// Each line is cleaned, mojibake included, before it is read.
	e := entryFromLines("WebKit", "Impact: x", "Description: y", "CVE-2022-42856: ClÃ©ment Lecigne of Google's Threat", "Analysis Group")
	assert.Equal(t, "Clément Lecigne of Google's Threat Analysis Group", e.CVEs[0].Credit)
}

// cveIDPattern is the reference definition of a CVE ID in prose; appendCVEIDs
// is its fast form and must agree with it.
var cveIDPattern = regexp.MustCompile(`(?i)\bCVE-\d{4}-\d{4,7}\b`)

func cveIDsByRegexp(text string) []string {
	out := []string{}
	for _, id := range cveIDPattern.FindAllString(text, -1) {
		id = strings.ToUpper(id)
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func TestAppendCVEIDs(t *testing.T) {
	for _, text := range []string{
		"",
		"CVE-2025-14174 and cve-2025-43529 were also issued",
		"see CVE-2024-1234, CVE-2024-1234 again",
		"xCVE-2024-1234 is not a word; CVE-2024-12345678 is too long; CVE-2024-123 too short",
		"CVE-2024-1234_ joined; (CVE-2024-44308).",
		"CVE-24-1234 CVE-2024- CVE-2024-cve-2024-5555",
		"Ã©CVE-2023-23529",
	} {
		assert.Equal(t, cveIDsByRegexp(text), appendCVEIDs([]string{}, text, nil), text)
	}
}

func FuzzAppendCVEIDs(f *testing.F) {
	f.Add("CVE-2025-14174 and cve-2025-43529 were also issued")
	f.Add("xCVE-2024-1234 CVE-2024-12345678 CVE-2024-1234_")
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := appendCVEIDs([]string{}, text, nil), cveIDsByRegexp(text); !slices.Equal(got, want) {
			t.Fatalf("appendCVEIDs(%q) = %q, regexp finds %q", text, got, want)
		}
	})
}

// cveLinePattern and cveIDLabelPattern are the reference definitions of a fix
// line and of the 2013 "CVE-ID" label on cleaned text; cutCVELine and
// cutCVEIDLabel are their fast forms and must agree with them.
var (
	cveLinePattern    = regexp.MustCompile(`(?i)^(CVE-\d{4}-\d{4,7}) ?(?:: ?(.*))?$`)
	cveIDLabelPattern = regexp.MustCompile(`(?i)^CVE-ID ?(?:: ?(CVE-\d{4}-\d{4,7}\b.*))?$`)
)

func checkCVELineParsers(t *testing.T, line string) {
	line = cleanText(line)
	id, credit, _, ok := cutCVELine(line)
	if m := cveLinePattern.FindStringSubmatch(line); m != nil {
		if !ok || id != strings.ToUpper(m[1]) || credit != strings.TrimSpace(m[2]) {
			t.Fatalf("cutCVELine(%q) = %q, %q, %v; pattern gives %q", line, id, credit, ok, m)
		}
	} else if ok {
		t.Fatalf("cutCVELine(%q) accepted what the pattern rejects", line)
	}
	rest, ok := cutCVEIDLabel(line)
	if m := cveIDLabelPattern.FindStringSubmatch(line); m != nil {
		if !ok || rest != m[1] {
			t.Fatalf("cutCVEIDLabel(%q) = %q, %v; pattern gives %q", line, rest, ok, m)
		}
	} else if ok {
		t.Fatalf("cutCVEIDLabel(%q) accepted what the pattern rejects", line)
	}
}

func TestCVELineParsers(t *testing.T) {
	for _, line := range []string{
		"CVE-2026-20700: Google Threat Analysis Group", "cve-2013-0948 : Mark Dowd", "CVE-2024-1234",
		"CVE-2025-43529 were also issued", "CVE-2024-12345678: x", "CVE-2024-1234_", "CVE-2024-1234:",
		"CVE-ID", "CVE-ID: CVE-2013-0977", "CVE-ID at cve.org.", "CVE-ID:", "CVE-ID: CVE-2013-09",
	} {
		checkCVELineParsers(t, line)
	}
}

func FuzzCVELineParsers(f *testing.F) {
	f.Add("CVE-2026-20700: Google Threat Analysis Group")
	f.Add("CVE-ID: CVE-2013-0977 : Mark Dowd")
	f.Fuzz(checkCVELineParsers)
}

// FuzzDigitRuns: digitRuns finds what the regexp \d+ finds.
func FuzzDigitRuns(f *testing.F) {
	re := regexp.MustCompile(`\d+`)
	for _, s := range []string{"297662", "297662, 297700", "", "abc", "12ab34", "٣4", "WebKit Bugzilla: 1 2 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := slices.Collect(digitRuns(s))
		want := re.FindAllString(s, -1)
		if len(got) != len(want) || !slices.Equal(got, want) {
			t.Fatalf("digitRuns(%q) = %q, want %q", s, got, want)
		}
	})
}
