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
