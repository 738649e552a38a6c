package version

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every error the package's parsers return.
var ErrInvalid = errors.New("version: invalid version")

// More specific causes, wrapped by a ParseError next to ErrInvalid, so that
// callers can tell them apart with errors.Is.
var (
	// ErrMissingPlatform means a version was given without the platform
	// that Parse needs ("26.3.1 (a)" instead of "iOS 26.3.1 (a)").
	ErrMissingPlatform = errors.New("version: missing platform")
	// ErrUnknownPlatform means the leading word is no platform the package
	// knows ("Windows 10").
	ErrUnknownPlatform = errors.New("version: unknown platform")
	// ErrInvalidBuild means a build number does not follow Apple's grammar.
	ErrInvalidBuild = errors.New("version: invalid build")
	// ErrInvalidFixKind means text that names no FixKind.
	ErrInvalidFixKind = errors.New("version: invalid fix kind")
)

// ParseError describes text that is not a valid version, build, line,
// platform or fix kind. Its fields have the names and meaning of the
// advisory and feed packages' ParseError.
type ParseError struct {
	// Document is the text given to the parser.
	Document string
	// Format is what it was read as: "version", "build", "line",
	// "platform" or "fix kind".
	Format string
	// Detail says what was wrong, for a person.
	Detail string
	// Err is a more specific sentinel (ErrMissingPlatform...), or nil.
	// Unwrap gives it together with ErrInvalid.
	Err error
}

// Error returns "version: invalid <format> "<source>": <detail>".
func (e *ParseError) Error() string {
	return fmt.Sprintf("version: invalid %s %q: %s", e.Format, e.Document, e.Detail)
}

// Unwrap returns ErrInvalid and the specific cause, if any.
func (e *ParseError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// invalid returns a *ParseError for a version.
func invalid(input string, cause error, format string, args ...any) error {
	return &ParseError{Document: input, Format: "version", Detail: fmt.Sprintf(format, args...), Err: cause}
}
