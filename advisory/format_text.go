package advisory

import "fmt"

// MarshalText returns the format's name ("index", "page", "mail",
// "unknown"), so that JSON holds a word rather than a number.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a name that String returns; "" gives FormatUnknown.
// Any other text is an error.
func (f *Format) UnmarshalText(text []byte) error {
	switch string(text) {
	case "index":
		*f = FormatIndex
	case "page":
		*f = FormatPage
	case "mail":
		*f = FormatMail
	case "unknown", "":
		*f = FormatUnknown
	default:
		return fmt.Errorf("advisory: %q is not a document format (want index, page, mail or unknown)", clipText(string(text)))
	}
	return nil
}

// clipText shortens s for an error message.
func clipText(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
