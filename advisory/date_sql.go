package advisory

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Value implements driver.Valuer: "YYYY-MM-DD", or nil (SQL NULL) for the
// zero Date, so that "no date" survives the round trip.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It reads text as UnmarshalText does (a
// string or []byte: "2026-03-17", "" for the zero Date) and a time.Time as
// its calendar date in its own zone; NULL gives the zero Date.
func (d *Date) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(s))
	case []byte:
		return d.UnmarshalText(s)
	case time.Time:
		if s.IsZero() {
			*d = Date{}
			return nil
		}
		y, m, day := s.Date()
		*d = NewDate(y, m, day)
		return nil
	}
	return fmt.Errorf("advisory: cannot scan %T into a Date, want text, time or NULL", src)
}
