package advisory

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date with no time of day or zone, as Apple writes release
// dates. Its zero value means "no date". In JSON and text it is "YYYY-MM-DD",
// and the zero Date is "".
type Date struct {
	t time.Time // midnight UTC; zero for no date
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// dateLayouts are the forms Apple's documents write dates in.
var dateLayouts = []string{
	"2006-01-02",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"2 January 2006",
	"Mon, 02 Jan 2006",
	"Mon, 2 Jan 2006",
}

// ParseDate reads a date in one of the forms Apple uses: "2026-03-17",
// "March 17, 2026", "17 Mar 2026". Surrounding space is ignored.
func ParseDate(s string) (Date, error) {
	if d, ok := parseDateFast(s); ok {
		return d, nil
	}
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return NewDate(t.Year(), t.Month(), t.Day()), nil
		}
	}
	return Date{}, fmt.Errorf("advisory: %q is not a date", s)
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns d as midnight UTC; the zero time for the zero Date.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts "" as the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// monthNames are the English month names, January first.
var monthNames = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// parseDateFast reads the forms Apple writes most, "March 17, 2026", "Mar
// 17, 2026", "March 17 2026" and "2026-03-17", with single spaces and no
// allocation. It reports false for anything else, including dates it cannot
// be sure of (a day past the month's end), which ParseDate's layouts then
// judge: it only ever returns what time.Parse would.
func parseDateFast(s string) (Date, bool) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := atoiN(s[0:4])
		m, ok2 := atoiN(s[5:7])
		d, ok3 := atoiN(s[8:10])
		if ok1 && ok2 && ok3 {
			return validDate(y, m, d)
		}
		return Date{}, false
	}
	sp := strings.IndexByte(s, ' ')
	if sp < 3 {
		return Date{}, false
	}
	month, full := 0, false
	for i, name := range monthNames {
		switch {
		case sp == len(name) && equalFoldASCII(s[:sp], name):
			month, full = i+1, true
		case sp == 3 && equalFoldASCII(s[:sp], name[:3]):
			month = i + 1
		}
	}
	if month == 0 {
		return Date{}, false
	}
	rest := s[sp+1:]
	dl := 0
	for dl < len(rest) && dl < 3 && '0' <= rest[dl] && rest[dl] <= '9' {
		dl++
	}
	if dl == 0 || dl > 2 {
		return Date{}, false
	}
	day, _ := atoiN(rest[:dl])
	rest = rest[dl:]
	switch {
	case strings.HasPrefix(rest, ", "):
		rest = rest[2:]
	case full && strings.HasPrefix(rest, " "):
		rest = rest[1:] // "January 2 2006"; "Jan 2 2006" is no layout
	default:
		return Date{}, false
	}
	if len(rest) != 4 {
		return Date{}, false
	}
	y, ok := atoiN(rest)
	if !ok {
		return Date{}, false
	}
	return validDate(y, month, day)
}

// atoiN reads a string of ASCII digits.
func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// validDate returns y-m-d when it is a real calendar date.
func validDate(y, m, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, false
	}
	return Date{t: t}, true
}

// equalFoldASCII reports whether a and b, of equal length, are equal ignoring
// ASCII case only, as time.Parse compares month names.
func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
