package store

import (
	"time"

	"github.com/applesec/applesec/version"
)

// BSIOffer is one Background Security Improvement (or Rapid Security
// Response) as Apple's software lookup (pmv) offered it, with what the
// database saw of it over time. It is a row of bsi.json.
type BSIOffer struct {
	// Platform is the offer's platform ("iOS", "iPadOS", "macOS").
	Platform string `json:"platform"`
	// Version is the numeric version the improvement installs on, "26.3.1".
	Version string `json:"version"`
	// Extra is the letter in Apple's ProductVersionExtra form, "(a)".
	Extra string `json:"extra"`
	// Build is the improvement's build, "23D771330a".
	Build string `json:"build"`
	// PrerequisiteBuild is the build it installs on, "23D8133".
	PrerequisiteBuild string `json:"prerequisite_build,omitempty"`
	// Posted is Apple's PostingDate; zero when absent.
	Posted time.Time `json:"posted,omitzero"`
	// Expires is Apple's ExpirationDate; zero when absent.
	Expires time.Time `json:"expires,omitzero"`
	// Devices are the SupportedDevices: product types and Mac board IDs.
	Devices []string `json:"devices"`
	// FirstSeen is when the database first stored the offer.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	// Gone is when the offer was first missing from a complete list; zero
	// while it is offered.
	Gone time.Time `json:"gone,omitzero"`
	// Withdrawn is set when the offer went before its expiration date (or
	// had none): Apple pulled it. An offer gone after it expired is not
	// withdrawn.
	Withdrawn bool `json:"withdrawn"`
	// WithdrawnWhy says why the offer counts as withdrawn, or why it does
	// not although it is gone.
	WithdrawnWhy string `json:"withdrawn_why,omitempty"`
}

// Release returns the offer as a version: platform, version, letter and
// build.
func (o BSIOffer) Release() (version.Version, error) {
	p, ok := version.ParsePlatform(o.Platform)
	if !ok {
		return version.Version{}, &bsiError{o: o}
	}
	return version.FromParts(p, o.Version, o.Extra, o.Build)
}

// id identifies an offer across lists: the same release on the same base
// build.
func (o BSIOffer) id() string {
	return o.Platform + "|" + o.Version + "|" + o.Extra + "|" + o.Build + "|" + o.PrerequisiteBuild
}

// BSIOffersFromPMV returns the BSI and RSR offers of a parsed software
// lookup response, ready for PutBSIs.
func BSIOffersFromPMV(p *version.PMV) []BSIOffer {
	if p == nil {
		return nil
	}
	out := make([]BSIOffer, 0, len(p.BSIs))
	for _, o := range p.BSIs {
		v := o.Version
		b := BSIOffer{
			Platform: string(v.Platform()),
			Version:  v.Core(),
			Extra:    v.Extra(),
			Posted:   o.Posted,
			Expires:  o.Expires,
			Devices:  append([]string{}, o.Devices...),
		}
		if !v.Build().IsZero() {
			b.Build = v.Build().String()
		}
		if !o.PrerequisiteBuild.IsZero() {
			b.PrerequisiteBuild = o.PrerequisiteBuild.String()
		}
		out = append(out, b)
	}
	return out
}

// bsiError reports a BSIOffer that is not a version.
type bsiError struct{ o BSIOffer }

func (e *bsiError) Error() string {
	return "store: BSI offer " + e.o.Platform + " " + e.o.Version + " " + e.o.Extra + ": unknown platform"
}

func (e *bsiError) Unwrap() error { return version.ErrInvalid }
