package advisory

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// refEntryNote is the regexp cutEntryNote reads by hand.
var refEntryNote = regexp.MustCompile(`(?i)^Entry (added|updated)\s+(.+?)(?:,?\s+(?:and\s+)?(added|updated)\s+(.+?))?\.?$`)

var entryNoteSamples = []string{
	"Entry added February 11, 2026",
	"Entry added February 11, 2026.",
	"Entry updated March 24, 2026",
	"Entry added February 11, 2026, updated March 24, 2026",
	"Entry added February 11, 2026 and updated March 24, 2026.",
	"Entry added February 11, 2026, and updated March 24, 2026",
	"ENTRY ADDED x UPDATED y",
	"entry updated  x,  added  .",
	"Entry added .",
	"Entry added ..",
	"Entry added x",
	"Entry added",
	"Entry added ",
	"Entry addedx May 1",
	"Entry  added May 1",
	"Entry added May 1, updated",
	"Entry added May 1, updated ",
	"Entry added and updated May 1",
	"Entry added May 1 and and updated May 2",
	"Entry added May 1 andupdated May 2",
	"Entry added May 1\nupdated May 2",
	"Entry added May\t1,\tupdated\tMay 2",
	"Entry updated updated updated",
	"Entry added a, added b, updated c",
	"Entries added May 1",
	"Entry removed May 1",
}

func checkEntryNote(t *testing.T, line string) {
	m := refEntryNote.FindStringSubmatch(line)
	n, ok := cutEntryNote(line)
	if !assert.Equal(t, m != nil, ok, "%q", line) || m == nil {
		return
	}
	assert.Equal(t, [4]string{m[1], m[2], m[3], m[4]}, [4]string{n.kind1, n.date1, n.kind2, n.date2}, "%q", line)
}

func TestCutEntryNoteMatchesRegexp(t *testing.T) {
	for _, s := range entryNoteSamples {
		checkEntryNote(t, s)
	}
}

// FuzzCutEntryNote: cutEntryNote reads exactly what its regexp matches.
func FuzzCutEntryNote(f *testing.F) {
	for _, s := range entryNoteSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkEntryNote(t, s)
	})
}
