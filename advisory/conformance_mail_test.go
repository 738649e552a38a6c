package advisory

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realMail is what a careful reader of one real APPLE-SA mail writes down.
type realMail struct {
	file      string // file name without ".txt"
	id        string // the ID as written in the mail
	title     string
	released  string
	url       string // after https://support.apple.com/
	entries   int
	cves      int
	acks      int
	truncated bool
	exploited []string // CVE IDs of the entries Apple says may have been exploited
}

// realMails lists every mail in the captures' apple-sa folder, read by hand:
// counts include the entry a cut copy ends in when a CVE line of it is whole.
var realMails = []realMail{
	{"APPLE-SA-2022-10-27-15", "APPLE-SA-2022-10-27-15", "Safari 16.1", "2022-10-27", "HT213495", 5, 5, 1, false, nil},
	{"APPLE-SA-2022-10-27-8", "APPLE-SA-2022-10-27-8", "macOS Big Sur 11.7.1", "2022-10-27", "HT213493", 7, 8, 0, false, nil},
	{"APPLE-SA-2022-11-09-2", "APPLE-SA-2022-11-09-2", "macOS Ventura 13.0.1", "2022-11-09", "HT213504", 2, 2, 0, false, nil},
	{"APPLE-SA-2022-12-13-1", "APPLE-SA-2022-12-13-1", "iOS 16.2 and iPadOS 16.2", "2022-12-13", "HT213530", 18, 18, 0, true, nil},
	{"APPLE-SA-2022-12-13-6", "APPLE-SA-2022-12-13-6", "macOS Big Sur 11.7.2", "2022-12-13", "HT213534", 10, 10, 0, false, nil},
	{"APPLE-SA-2023-01-23-3", "APPLE-SA-2023-01-23-3", "iOS 12.5.7", "2023-01-23", "HT213597", 1, 1, 0, false, []string{"CVE-2022-42856"}},
	{"APPLE-SA-2023-01-23-8", "APPLE-SA-2023-01-23-8", "Safari 16.3", "2023-01-23", "HT213600", 2, 3, 1, false, nil},
	{"APPLE-SA-2023-01-24-1", "APPLE-SA-2023-01-24-1", "tvOS 16.3", "2023-01-24", "HT213601", 10, 11, 2, false, nil},
	{"APPLE-SA-2023-02-13-1", "APPLE-SA-2023-02-13-1", "iOS 16.3.1 and iPadOS 16.3.1", "2023-02-13", "HT213635", 2, 2, 1, false, []string{"CVE-2023-23529"}},
	{"APPLE-SA-2023-02-13-3", "APPLE-SA-2023-02-13-3", "Safari 16.3.1", "2023-02-13", "HT213638", 1, 1, 0, false, []string{"CVE-2023-23529"}},
	{"APPLE-SA-2023-03-27-8", "APPLE-SA-2023-03-27-8", "Safari 16.4", "2023-03-27", "HT213671", 2, 2, 3, false, nil},
	{"APPLE-SA-2023-03-27-9", "APPLE-SA-2023-03-27-9", "Studio Display Firmware Update 16.4", "2023-03-27", "HT213672", 1, 1, 0, false, nil},
	{"APPLE-SA-2023-07-10-1", "APPLE-SA-2023-07-10-1", "Safari 16.5.2", "2023-07-10", "kb/HT213826", 1, 1, 0, false, []string{"CVE-2023-37450"}},
	{"APPLE-SA-2024-06-25-1", "APPLE-SA-06-25-2024-1", "AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8", "2024-06-25", "HT214111", 1, 1, 0, false, nil},
	{"APPLE-SA-2024-07-29-1", "APPLE-SA-07-29-2024-1", "Safari 17.6", "2024-07-29", "HT214121", 7, 9, 1, false, nil},
	{"APPLE-SA-2024-09-16-6", "APPLE-SA-09-16-2024-6", "Safari 18", "2024-09-16", "121241", 3, 3, 1, false, nil},
	{"APPLE-SA-2024-10-03-1", "APPLE-SA-10-03-2024-1", "iOS 18.0.1 and iPadOS 18.0.1", "2024-10-03", "121373", 2, 2, 0, false, nil},
	{"APPLE-SA-2024-10-29-1", "APPLE-SA-10-29-2024-1", "Safari 18.1", "2024-10-29", "121571", 4, 4, 2, false, nil},
	{"APPLE-SA-2024-11-19-2", "APPLE-SA-11-19-2024-2", "visionOS 2.1.1", "2024-11-19", "121755", 2, 2, 0, false, []string{"CVE-2024-44308", "CVE-2024-44309"}},
	{"APPLE-SA-2024-11-19-3", "APPLE-SA-11-19-2024-3", "iOS 18.1.1 and iPadOS 18.1.1", "2024-11-19", "121752", 2, 2, 0, false, []string{"CVE-2024-44308", "CVE-2024-44309"}},
	{"APPLE-SA-2024-11-19-5", "APPLE-SA-11-19-2024-5", "macOS Sequoia 15.1.1", "2024-11-19", "121753", 2, 2, 0, false, []string{"CVE-2024-44308", "CVE-2024-44309"}},
	{"APPLE-SA-2024-12-11-4", "APPLE-SA-12-11-2024-4", "macOS Sonoma 14.7.2", "2024-12-11", "121840", 25, 26, 3, false, nil},
	{"APPLE-SA-2024-12-11-9", "APPLE-SA-12-11-2024-9", "Safari 18.2", "2024-12-11", "121846", 5, 6, 2, false, nil},
	{"APPLE-SA-2025-01-27-9", "APPLE-SA-01-27-2025-9", "Safari 18.3", "2025-01-27", "122074", 7, 7, 0, false, nil},
	{"APPLE-SA-2025-04-16-2", "APPLE-SA-04-16-2025-2", "macOS Sequoia 15.4.1", "2025-04-16", "122400", 2, 2, 0, false, []string{"CVE-2025-31200", "CVE-2025-31201"}},
	{"APPLE-SA-2025-04-16-3", "APPLE-SA-04-16-2025-3", "tvOS 18.4.1", "2025-04-16", "122401", 2, 2, 0, false, []string{"CVE-2025-31200", "CVE-2025-31201"}},
	{"APPLE-SA-2025-04-16-4", "APPLE-SA-04-16-2025-4", "visionOS 2.4.1", "2025-04-16", "122402", 2, 2, 0, false, []string{"CVE-2025-31200", "CVE-2025-31201"}},
	{"APPLE-SA-2025-09-15-4", "APPLE-SA-09-15-2025-4", "iOS 15.8.5 and iPadOS 15.8.5", "2025-09-15", "125142", 1, 1, 0, false, []string{"CVE-2025-43300"}},
	{"APPLE-SA-2025-11-03-9", "APPLE-SA-11-03-2025-9", "Xcode 26.1", "2025-11-03", "125641", 2, 2, 0, false, nil},
	{"APPLE-SA-2026-02-11-1", "APPLE-SA-02-11-2026-1", "iOS 26.3 and iPadOS 26.3", "2026-02-11", "126346", 13, 13, 0, true, []string{"CVE-2026-20700"}},
	{"APPLE-SA-2026-02-11-3", "APPLE-SA-02-11-2026-3", "macOS Tahoe 26.3", "2026-02-11", "126348", 25, 25, 0, true, []string{"CVE-2026-20700"}},
	{"APPLE-SA-2026-02-11-5", "APPLE-SA-02-11-2026-5", "macOS Sonoma 14.8.4", "2026-02-11", "126350", 25, 31, 0, true, nil},
	{"APPLE-SA-2026-02-11-7", "APPLE-SA-02-11-2026-7", "watchOS 26.3", "2026-02-11", "126352", 16, 16, 7, false, []string{"CVE-2026-20700"}},
	{"APPLE-SA-2026-02-11-8", "APPLE-SA-02-11-2026-8", "visionOS 26.3", "2026-02-11", "126353", 23, 23, 0, true, []string{"CVE-2026-20700"}},
	{"APPLE-SA-2026-02-11-9", "APPLE-SA-02-11-2026-9", "Safari 26.3", "2026-02-11", "126354", 6, 8, 1, false, nil},
	{"APPLE-SA-2026-03-17-1", "APPLE-SA-03-17-2026-1", "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2", "2026-03-17", "126604", 1, 1, 0, false, nil},
	{"APPLE-SA-2026-03-24-10", "APPLE-SA-03-24-2026-10", "Xcode 26.4", "2026-03-24", "126801", 2, 2, 3, false, nil},
	{"APPLE-SA-2026-03-24-9", "APPLE-SA-03-24-2026-9", "Safari 26.4", "2026-03-24", "126800", 7, 8, 4, false, nil},
	{"APPLE-SA-2026-04-22-1", "APPLE-SA-04-22-2026-1", "iOS 26.4.2 and iPadOS 26.4.2", "2026-04-22", "en-us/127002", 1, 1, 0, false, nil},
	{"APPLE-SA-2026-04-22-2", "APPLE-SA-04-22-2026-2", "iOS 18.7.8 and iPadOS 18.7.8", "2026-04-22", "en-us/127003", 1, 1, 0, false, nil},
	{"APPLE-SA-2026-08-06-2", "APPLE-SA-08-06-2026-2", "macOS Sequoia 15.7.9", "2026-08-06", "en-us/148171", 1, 1, 0, false, nil},
	{"APPLE-SA-2026-08-06-3", "APPLE-SA-08-06-2026-3", "macOS Sonoma 14.8.9", "2026-08-06", "en-us/148172", 1, 1, 0, false, nil},
	{"APPLE-SA-2026-09-14-9", "APPLE-SA-09-14-2026-9", "Safari 27", "2026-09-14", "149039", 6, 6, 5, false, nil},
	{"APPLE-SA-2026-09-28-3", "APPLE-SA-09-28-2026-3", "macOS Sequoia 15.8.1", "2026-09-28", "149229", 1, 1, 0, false, []string{"CVE-2026-86950"}},
}

var (
	// rawCVEColon and rawCVEBare are the two shapes of a fix line.
	rawCVEColon = regexp.MustCompile(`^(CVE-\d{4}-\d+):`)
	rawCVEBare  = regexp.MustCompile(`^(CVE-\d{4}-\d+)$`)
)

// rawCVELines reads a mail the simplest possible way, independently of
// ParseMail: the text before the signature, without the last block when the
// copy ends with "...", and the IDs of lines "CVE-YYYY-N: ..." and of bare
// "CVE-YYYY-N" lines that follow a Description line in the same block.
func rawCVELines(text string) []string {
	text, _, _ = strings.Cut(text, "-----BEGIN PGP SIGNATURE-----")
	// A cut copy's last line counts when its ID is whole (a colon follows).
	text = strings.TrimSuffix(strings.TrimSpace(text), "...")
	var ids []string
	afterDescription := false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(l) == "":
			afterDescription = false
		case strings.HasPrefix(l, "Description:"):
			afterDescription = true
		case rawCVEColon.MatchString(l):
			ids = append(ids, rawCVEColon.FindStringSubmatch(l)[1])
		case afterDescription && rawCVEBare.MatchString(l):
			ids = append(ids, l)
		}
	}
	slices.Sort(ids)
	return ids
}

// parseRealMail parses one capture of the apple-sa folder.
func parseRealMail(t *testing.T, dir, file string) (*Advisory, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "apple-sa", file+".txt"))
	require.NoError(t, err)
	a, err := ParseMail(strings.NewReader(string(b)), "apple-sa/"+file+".txt")
	require.NoError(t, err)
	return a, string(b)
}

// TestMailConformance parses every real mail and checks it against what a
// reader writes down, and every CVE line against an independent count.
func TestMailConformance(t *testing.T) {
	dir := realworld.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "apple-sa", "*.txt"))
	require.NoError(t, err)
	require.Len(t, files, len(realMails), "every capture needs a row in realMails, and every row a capture")
	want := map[string]realMail{}
	for _, m := range realMails {
		want[m.file] = m
	}
	for _, f := range files {
		file := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(file, func(t *testing.T) {
			m, ok := want[file]
			require.True(t, ok, "no row in realMails for %s", file)
			a, text := parseRealMail(t, dir, file)

			assert.Equal(t, "advisory", a.Kind)
			assert.Equal(t, OriginMail, a.Origin)
			assert.Equal(t, m.id, a.ID)
			assert.Equal(t, m.title, a.Title)
			assert.Equal(t, m.released, a.Released.String())
			assert.Equal(t, "https://support.apple.com/"+m.url, a.URL)
			assert.Equal(t, m.truncated, a.Truncated)
			assert.Len(t, a.Entries, m.entries)
			assert.Len(t, a.Acknowledgements, m.acks)
			assert.NotEmpty(t, a.Releases)

			var got, exploited []string
			for i, e := range a.Entries {
				// No entry is empty, and each is whole.
				assert.NotEmpty(t, e.Component, "entry %d", i)
				assert.Equal(t, NormalizeComponent(e.Component), e.Component, "entry %d", i)
				assert.NotEmpty(t, e.AvailableFor, "entry %d (%s)", i, e.Component)
				assert.NotEmpty(t, e.Impact, "entry %d (%s)", i, e.Component)
				assert.NotEmpty(t, e.Description, "entry %d (%s)", i, e.Component)
				assert.NotEmpty(t, e.CVEs, "entry %d (%s)", i, e.Component)
				for _, c := range e.CVEs {
					got = append(got, c.ID)
					if e.Exploited {
						exploited = append(exploited, c.ID)
					}
					assert.NotContains(t, c.Credit, "CVE-", "a credit swallowed a CVE line")
					assert.NotContains(t, c.Credit, "Entry added")
					assert.NotContains(t, c.Credit, "Bugzilla")
				}
			}
			slices.Sort(got)
			assert.Len(t, got, m.cves)
			// Every CVE line accounted for, nothing more (acknowledgements
			// and mentioned IDs are not fixes).
			assert.Equal(t, rawCVELines(text), got)
			assert.ElementsMatch(t, m.exploited, exploited)
			for _, ack := range a.Acknowledgements {
				assert.NotEmpty(t, ack.Credit)
				assert.NotContains(t, ack.Credit, "We would like")
				assert.NotContains(t, ack.Credit, "for their assistance")
			}
			// Mojibake from the mirror is repaired everywhere.
			js, err := json.Marshal(a)
			require.NoError(t, err)
			for _, bad := range []string{"Ã", "â€", "Â"} {
				assert.NotContains(t, string(js), bad)
			}
		})
	}
}

// TestMailConformanceMentionedCVEs checks the trap of the February 2026 mails:
// dyld's entry fixes CVE-2026-20700 and only mentions CVE-2025-14174 and
// CVE-2025-43529, which WebKit fixed in December 2025.
func TestMailConformanceMentionedCVEs(t *testing.T) {
	dir := realworld.Dir(t)
	for _, file := range []string{"APPLE-SA-2026-02-11-3", "APPLE-SA-2026-02-11-1", "APPLE-SA-2026-02-11-7", "APPLE-SA-2026-02-11-8"} {
		t.Run(file, func(t *testing.T) {
			a, _ := parseRealMail(t, dir, file)
			var dyld []Entry
			for _, e := range a.Entries {
				if e.Component == "dyld" {
					dyld = append(dyld, e)
				}
				for _, c := range e.CVEs {
					assert.NotEqual(t, "CVE-2025-14174", c.ID, "%s: a mentioned CVE read as a fix", e.Component)
					assert.NotEqual(t, "CVE-2025-43529", c.ID, "%s: a mentioned CVE read as a fix", e.Component)
				}
			}
			require.Len(t, dyld, 1)
			e := dyld[0]
			assert.Equal(t, []CVE{{ID: "CVE-2026-20700", Credit: "Google Threat Analysis Group"}}, e.CVEs)
			assert.Equal(t, []string{"CVE-2025-14174", "CVE-2025-43529"}, e.MentionedCVEs)
			assert.True(t, e.Exploited)
			assert.False(t, IsWebKit(e.Component))
		})
	}
}

// TestMailConformanceBSI checks the Background Security Improvement mail.
func TestMailConformanceBSI(t *testing.T) {
	a, _ := parseRealMail(t, realworld.Dir(t), "APPLE-SA-2026-03-17-1")
	assert.Equal(t, []ProductVersion{
		{Platform: "iOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "iPadOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "macOS", Version: "26.3.1", Extra: "(a)"},
		{Platform: "macOS", Version: "26.3.2", Extra: "(a)"},
	}, a.Releases)
	require.Len(t, a.Entries, 1)
	e := a.Entries[0]
	assert.Equal(t, "WebKit", e.Component)
	assert.True(t, IsWebKit(e.Component))
	assert.Equal(t, "iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2", e.AvailableFor)
	assert.Equal(t, []CVE{{ID: "CVE-2026-20643", Credit: "Thomas Espach"}}, e.CVEs)
	assert.Equal(t, []int{306050}, e.WebKitBugzilla)
	assert.False(t, e.Exploited)
	assert.Empty(t, a.Acknowledgements)
}

// TestMailConformanceSafari264 checks the Safari 26.4 mail: an entry with two
// CVEs each after its own Bugzilla line, a WebKit sub-area, and thanks that
// are not fixes.
func TestMailConformanceSafari264(t *testing.T) {
	a, _ := parseRealMail(t, realworld.Dir(t), "APPLE-SA-2026-03-24-9")
	require.Len(t, a.Entries, 7)
	for _, e := range a.Entries {
		assert.True(t, IsWebKit(e.Component), e.Component)
		assert.Equal(t, "macOS Sonoma and macOS Sequoia", e.AvailableFor)
		assert.Len(t, e.WebKitBugzilla, len(e.CVEs))
	}
	multi := a.Entries[3]
	assert.Equal(t, []int{306136, 307723}, multi.WebKitBugzilla)
	assert.Equal(t, []CVE{
		{ID: "CVE-2026-20664", Credit: "Daniel Rhea, Söhnke Benedikt Fischedick (Tripton), Emrovsky & Switch, Yevhen Pervushyn"},
		{ID: "CVE-2026-28857", Credit: "Narcis Oliveras Fontàs, Söhnke Benedikt Fischedick (Tripton), Daniel Rhea, Nathaniel Oh (@calysteon)"},
	}, multi.CVEs)
	assert.Equal(t, "WebKit Sandboxing", a.Entries[6].Component)
	assert.Len(t, FilterEntries(a, "WebKit"), 7)
	assert.Len(t, FilterEntries(a, "WebKit Sandboxing"), 1)
	assert.Equal(t, []Acknowledgement{
		{Component: "Safari", Credit: "@RenwaX23, Bikesh Parajuli, Farras Givari, Syarif Muhammad Sajjad, Yair"},
		{Component: "Web Extensions", Credit: "Carlos Jeurissen, Rob Wu (robwu.nl)"},
		{Component: "WebKit", Credit: "Vamshi Paili"},
		{Component: "WebKit Process Model", Credit: "Joseph Semaan"},
	}, a.Acknowledgements)
	for _, e := range a.Entries {
		assert.NotEqual(t, "WebKit Process Model", e.Component, "an acknowledgement became an entry")
	}
}

// TestMailConformanceDetails checks what particular mails were chosen for:
// re-issues and their notes, wrapped subjects, mojibake, firmware releases,
// and the last whole entry of each cut copy.
func TestMailConformanceDetails(t *testing.T) {
	dir := realworld.Dir(t)
	t.Run("re-issue of Safari 16.1", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2022-10-27-15")
		assert.Equal(t, "APPLE-SA-2022-10-24-7", a.ReissueOf)
		assert.Equal(t, NewDate(2022, 10, 27), a.Entries[3].Added)
		assert.Equal(t, "WebKit PDF", a.Entries[4].Component)
		assert.Equal(t, []Acknowledgement{{Component: "WebKit", Credit: "Maddie Stone of Google Project Zero, Narendra Bhati (@imnarendrabhati) of Suma Soft Pvt. Ltd., an anonymous researcher"}}, a.Acknowledgements)
	})
	t.Run("re-issue of macOS Big Sur 11.7.1", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2022-10-27-8")
		assert.Equal(t, "APPLE-SA-2022-10-24-4", a.ReissueOf)
		added := 0
		for _, e := range a.Entries {
			if !e.Added.IsZero() {
				assert.Equal(t, NewDate(2022, 10, 27), e.Added)
				added++
			}
		}
		assert.Equal(t, 4, added)
		// zlib: two CVE lines, then the note.
		assert.Equal(t, []CVE{{ID: "CVE-2022-37434", Credit: "Evgeny Legerov"}, {ID: "CVE-2022-42800", Credit: "Evgeny Legerov"}}, a.Entries[6].CVEs)
		// Ruby: a bare CVE line after Description.
		assert.Equal(t, []CVE{{ID: "CVE-2022-28739", Credit: ""}}, a.Entries[4].CVEs)
	})
	t.Run("firmware subject wrapped", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2024-06-25-1")
		assert.Equal(t, []ProductVersion{{Platform: "AirPods Firmware"}, {Platform: "Beats Firmware"}}, a.Releases)
		assert.Equal(t, "Jonas Dreßler", a.Entries[0].CVEs[0].Credit)
	})
	t.Run("mojibake", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2023-01-23-3")
		assert.Equal(t, "Clément Lecigne of Google's Threat Analysis Group", a.Entries[0].CVEs[0].Credit)
		a, _ = parseRealMail(t, dir, "APPLE-SA-2023-02-13-1")
		assert.Equal(t, []Acknowledgement{{Component: "", Credit: "The Citizen Lab at The University of Toronto’s Munk School"}}, a.Acknowledgements)
	})
	t.Run("hyphen wrapped words", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2024-12-11-9")
		assert.Equal(t, "The issue was addressed with improved routing of Safari-originated requests.", a.Entries[0].Description)
	})
	t.Run("index link before entries", func(t *testing.T) {
		a, _ := parseRealMail(t, dir, "APPLE-SA-2023-07-10-1")
		assert.Equal(t, "https://support.apple.com/kb/HT213826", a.URL)
	})
	cut := []struct {
		file, component, cve string
	}{
		// Cut in the credit of Kernel CVE-2022-42844: kept (issue #9).
		{"APPLE-SA-2022-12-13-1", "Kernel", "CVE-2022-42844"},
		// Cut in the Description of an ImageIO entry.
		{"APPLE-SA-2026-02-11-1", "ImageIO", "CVE-2026-20675"},
		// Cut on Mail's CVE line.
		{"APPLE-SA-2026-02-11-3", "libxpc", "CVE-2026-20667"},
		// Cut in Sandbox's "Available for" line.
		{"APPLE-SA-2026-02-11-5", "Remote Management", "CVE-2026-20614"},
		// Cut in a WebKit Impact.
		{"APPLE-SA-2026-02-11-8", "WebKit", "CVE-2026-20676"},
	}
	for _, tc := range cut {
		t.Run("cut "+tc.file, func(t *testing.T) {
			a, _ := parseRealMail(t, dir, tc.file)
			assert.True(t, a.Truncated)
			last := a.Entries[len(a.Entries)-1]
			assert.Equal(t, tc.component, last.Component)
			assert.Equal(t, tc.cve, last.CVEs[len(last.CVEs)-1].ID)
		})
	}
	t.Run("cut only in signature", func(t *testing.T) {
		for _, file := range []string{"APPLE-SA-2024-12-11-4", "APPLE-SA-2026-02-11-7"} {
			a, _ := parseRealMail(t, dir, file)
			assert.False(t, a.Truncated, file)
		}
	})
}
