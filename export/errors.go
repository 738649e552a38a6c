package export

import "errors"

// Errors of CSAF and SOFA, for errors.Is.
var (
	// ErrNoTime means Input.Now is zero: exports never read the clock.
	ErrNoTime = errors.New("export: Input.Now is zero")
	// ErrInvalidAdvisory means an advisory lacks what an export needs (a
	// release date, an ID) or is nil.
	ErrInvalidAdvisory = errors.New("export: advisory unusable for export")
	// ErrInvalidOffer means a BSIOffer lacks a valid platform, version,
	// letter or build.
	ErrInvalidOffer = errors.New("export: invalid BSI offer")
)
