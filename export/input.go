package export

import (
	"fmt"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// Input is what an export reads: advisories, the Background Security
// Improvements Apple offers, the KEV catalog's dates, the device catalog and
// the time of the export.
type Input struct {
	// Advisories are the advisory pages and mails to export; news reports
	// are skipped, as they are not authoritative. Nil entries are an error.
	Advisories []*advisory.Advisory
	// BSIs are the Background Security Improvements (and Rapid Security
	// Responses) Apple's software lookup offers; they give builds,
	// prerequisite builds and supported devices.
	BSIs []BSIOffer
	// KEV maps a CVE ID (upper case) to the date CISA added it to the Known
	// Exploited Vulnerabilities catalog.
	KEV map[string]advisory.Date
	// Catalog resolves "Available for" texts to device models; nil means
	// version.DefaultCatalog().
	Catalog *version.Catalog
	// Now is the time of the export, written as the generation time; the
	// zero time is an error, so that output never depends on the clock.
	Now time.Time
}

// BSIOffer is one Background Security Improvement or Rapid Security Response
// as Apple's software lookup offers it.
type BSIOffer struct {
	// Platform is the platform of the offer (version.IOS, version.MacOS, ...).
	Platform version.Platform
	// Version is the numeric version the letter applies to ("26.3.1").
	Version string
	// Extra is the letter in Apple's ProductVersionExtra form ("(a)").
	Extra string
	// Build is the build of the BSI ("23D771330a").
	Build string
	// PrerequisiteBuild is the build the BSI installs on ("23D8133").
	PrerequisiteBuild string
	// Posted is when Apple posted the offer; zero when not known.
	Posted time.Time
	// Expires is when the offer expires; zero when not known.
	Expires time.Time
	// SupportedDevices are the product types or Mac board IDs offered it.
	SupportedDevices []string
	// Withdrawn is set when Apple withdrew the offer.
	Withdrawn bool
}

// catalog returns the input's catalog or the default one.
func (in Input) catalog() *version.Catalog {
	if in.Catalog != nil {
		return in.Catalog
	}
	return version.DefaultCatalog()
}

// check reports what makes in unusable: no time, a nil advisory, or a BSI
// offer that names no valid platform, version, letter and build.
func (in Input) check() error {
	if in.Now.IsZero() {
		return ErrNoTime
	}
	for i, a := range in.Advisories {
		if a == nil {
			return fmt.Errorf("%w: advisory %d is nil", ErrInvalidAdvisory, i)
		}
	}
	for i, o := range in.BSIs {
		if !o.Platform.Valid() || o.Version == "" || o.Extra == "" {
			return fmt.Errorf("%w: offer %d (%s %s %s) lacks a platform, version or letter", ErrInvalidOffer, i, o.Platform, o.Version, o.Extra)
		}
		if _, err := version.FromParts(o.Platform, o.Version, o.Extra, o.Build); err != nil {
			return fmt.Errorf("%w: offer %d: %w", ErrInvalidOffer, i, err)
		}
	}
	return nil
}
