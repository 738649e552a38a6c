package version

import (
	"database/sql/driver"
	"fmt"
)

// Version and Build implement sql.Scanner and driver.Valuer as
// semver.Version does, so that they go in and out of a database column as
// text. The zero value is stored as SQL NULL, and NULL scans to the zero
// value, so that "no version" survives the round trip.

// Value implements driver.Valuer: v.String(), or nil (NULL) for the zero
// Version.
func (v Version) Value() (driver.Value, error) {
	if v.IsZero() {
		return nil, nil
	}
	return v.String(), nil
}

// Scan implements sql.Scanner: it reads a string or []byte with Parse; NULL
// and "" give the zero Version. Other types are an error.
func (v *Version) Scan(src any) error {
	text, err := scanText("version", src)
	if err != nil {
		return err
	}
	return v.UnmarshalText(text)
}

// Value implements driver.Valuer: b.String(), or nil (NULL) for the zero Build.
func (b Build) Value() (driver.Value, error) {
	if b.IsZero() {
		return nil, nil
	}
	return b.String(), nil
}

// Scan implements sql.Scanner: it reads a string or []byte with ParseBuild;
// NULL and "" give the zero Build. Other types are an error.
func (b *Build) Scan(src any) error {
	text, err := scanText("build", src)
	if err != nil {
		return err
	}
	return b.UnmarshalText(text)
}

// scanText returns the text of a database value: nil for NULL.
func scanText(what string, src any) ([]byte, error) {
	switch s := src.(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(s), nil
	case []byte:
		return s, nil
	}
	return nil, &ParseError{Document: fmt.Sprintf("%T", src), Format: what, Detail: "cannot scan this type, want text or NULL"}
}
