package advisory

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     Date
		ok       bool
	}{
		// ISO form, as JSON carries it.
		{"iso", "2026-03-17", NewDate(2026, 3, 17), true},
		// The pages' "Released March 17, 2026" and "Entry added" notes.
		{"long", "March 17, 2026", NewDate(2026, 3, 17), true},
		// Extra and odd white space is folded.
		{"spaces", "  January  15,\n2025 ", NewDate(2025, 1, 15), true},
		// Abbreviated month.
		{"short month", "Jan 5, 2024", NewDate(2024, 1, 5), true},
		// Day first, as mail dates write it.
		{"day first", "17 Mar 2026", NewDate(2026, 3, 17), true},
		// Mail header form with a weekday.
		{"weekday", "Tue, 17 Mar 2026", NewDate(2026, 3, 17), true},
		// Not dates.
		{"empty", "", Date{}, false},
		{"words", "soon", Date{}, false},
		{"impossible day", "February 30, 2026", Date{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if !tc.ok {
				require.Error(t, err)
				assert.True(t, got.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Released Date `json:"released"`
		Added    Date `json:"added"`
	}
	in := doc{Released: NewDate(2026, 3, 24)}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	// The zero Date is "", never 0001-01-01.
	assert.JSONEq(t, `{"released":"2026-03-24","added":""}`, string(b))
	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)
	assert.Equal(t, time.Date(2026, 3, 24, 0, 0, 0, 0, time.UTC), out.Released.Time())
	assert.True(t, NewDate(2026, 3, 17).Before(out.Released))
	require.Error(t, json.Unmarshal([]byte(`{"released":"yesterday"}`), &out))
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-17", "March 17, 2026", "17 Mar 2026", "Tue, 17 Mar 2026", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		// A parsed date round-trips through its text form.
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
		}
	})
}

// refParseDate is ParseDate without its fast path: the layouts alone.
func refParseDate(s string) (Date, error) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return NewDate(t.Year(), t.Month(), t.Day()), nil
		}
	}
	return Date{}, errors.New("no date")
}

var fastDateSamples = []string{
	"March 17, 2026", "Mar 17, 2026", "march 7, 2026", "MAR 07, 2026", "March 17 2026", "Mar 17 2026",
	"2026-03-17", "2026-02-30", "February 29, 2024", "February 29, 2023", "Sept 5, 2025", "May 1, 2026",
	"May 01, 2026", "May 001, 2026", "Auguſt 5, 2025", "Kay 1, 2026", "May 1,2026", "May 1, 26", "May 1, 20266", "Mayo 1, 2026", "2026-3-17",
	"January 08, 2026", "Jun 31, 2026", "Dec 31, 0000", "December 0, 2026", "", " ", "May  1, 2026",
}

// FuzzParseDateFast: the fast path returns only what the layouts would.
func FuzzParseDateFast(f *testing.F) {
	for _, s := range fastDateSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDateFast(s)
		if !ok {
			return
		}
		want, err := refParseDate(s)
		if err != nil || want != d {
			t.Fatalf("%q: fast path %v, layouts %v (%v)", s, d, want, err)
		}
	})
}

func TestParseDateFast(t *testing.T) {
	// The common forms take the fast path and agree with the layouts.
	for _, s := range []string{"March 17, 2026", "Mar 17, 2026", "March 17 2026", "2026-03-17", "January 08, 2026"} {
		d, ok := parseDateFast(s)
		require.True(t, ok, s)
		want, err := refParseDate(s)
		require.NoError(t, err)
		assert.Equal(t, want, d, s)
	}
	// Everything else is left to the layouts, which decide alike.
	for _, s := range fastDateSamples {
		got, err := ParseDate(s)
		want, werr := refParseDate(s)
		assert.Equal(t, werr == nil, err == nil, "%q", s)
		assert.Equal(t, want, got, "%q", s)
	}
}
