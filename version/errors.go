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

// ParseError describes text that is not a valid version, build or platform.
type ParseError struct {
	Input  string // the text given to the parser
	What   string // "version", "build" or "fix kind"
	Reason string // what was wrong, for a person
	Cause  error  // a more specific sentinel (ErrMissingPlatform...), or nil
}

// Error returns "version: invalid <what> "<input>": <reason>".
func (e *ParseError) Error() string {
	return fmt.Sprintf("version: invalid %s %q: %s", e.What, e.Input, e.Reason)
}

// Unwrap returns ErrInvalid and the specific cause, if any.
func (e *ParseError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrInvalid, e.Cause}
	}
	return []error{ErrInvalid}
}

// invalid returns a *ParseError for a version.
func invalid(input string, cause error, format string, args ...any) error {
	return &ParseError{Input: input, What: "version", Reason: fmt.Sprintf(format, args...), Cause: cause}
}
