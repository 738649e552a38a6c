package version

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// Conversions to and from github.com/Masterminds/semver/v3, for tools that
// already hold semver constraints ("< 26.4", "~18.7").
//
// Semver has no place for a BSI or RSR letter. A semver prerelease would be
// wrong for it: "26.3.1-a" sorts before 26.3.1, while 26.3.1 (a) is the
// base 26.3.1 plus a security fix. So ToSemver converts the numeric core
// only and returns the letter beside it; the Apple build, which semver
// ignores when ordering, travels as build metadata ("26.3.1+23D771330a").
// A constraint on the core then says which base versions are in range, and
// the letter is settled by FixPoint or FixSet (see the package example
// "Semver").

// ToSemver returns v's numeric core as a semver version (26.4 becomes
// 26.4.0), with v's build as metadata, and v's BSI/RSR letter ("a", "" when
// none) separately: it is not part of the semver version. The platform is
// dropped. The zero Version is an error.
func (v Version) ToSemver() (core *semver.Version, letter string, err error) {
	if v.IsZero() {
		return nil, "", &ParseError{Format: "version", Detail: "the zero Version has no semver form", Err: ErrInvalid}
	}
	meta := ""
	if !v.build.IsZero() {
		meta = v.build.String()
	}
	return semver.New(uint64(v.nums[0]), uint64(v.nums[1]), uint64(v.nums[2]), "", meta), v.Letter(), nil
}

// FromSemver returns the version of platform p with sv's numeric core, the
// BSI/RSR letter letter ("a" or "(a)"; "" for none) and, when sv carries
// build metadata, that build. The core is written as sv's original text
// ("26.4" stays 26.4, "26.4.0" stays 26.4.0; both are Equal).
// A prerelease is refused: Apple's betas are not versions this package
// describes, and a BSI letter is never a prerelease. Components above what
// Apple uses, and majors p never had, are refused as Parse refuses them.
func FromSemver(p Platform, sv *semver.Version, letter string) (Version, error) {
	if sv == nil {
		return Version{}, &ParseError{Format: "version", Detail: "no semver version", Err: ErrInvalid}
	}
	if sv.Prerelease() != "" {
		return Version{}, &ParseError{Document: sv.String(), Format: "version",
			Detail: "a semver prerelease is not an Apple release (a BSI letter is passed separately)"}
	}
	for _, n := range []uint64{sv.Major(), sv.Minor(), sv.Patch()} {
		if n > maxComponent {
			return Version{}, &ParseError{Document: sv.String(), Format: "version", Detail: "component out of range"}
		}
	}
	return FromParts(p, semverCore(sv), letter, sv.Metadata())
}

// semverCore returns sv's core as it was written when that was plain
// numbers ("26.4"), else major.minor.patch without a zero patch.
func semverCore(sv *semver.Version) string {
	orig := strings.TrimPrefix(sv.Original(), "v")
	if i := strings.IndexAny(orig, "+-"); i >= 0 {
		orig = orig[:i]
	}
	if plainCore(orig) {
		return orig
	}
	s := strconv.FormatUint(sv.Major(), 10) + "." + strconv.FormatUint(sv.Minor(), 10)
	if sv.Patch() != 0 {
		s += fmt.Sprintf(".%d", sv.Patch())
	}
	return s
}

// plainCore reports whether s is one to three dot-separated runs of digits.
func plainCore(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
