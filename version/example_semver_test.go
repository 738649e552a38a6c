package version_test

import (
	"fmt"

	"github.com/Masterminds/semver/v3"

	"github.com/applesec/applesec/version"
)

// A tool that holds semver constraints keeps them for the numeric core and
// lets a FixSet settle the BSI letter. CVE-2026-20643 was fixed by the BSI
// iOS 26.3.1 (a) and then by iOS 26.4; a vulnerability database says
// "affected: < 26.4". The constraint alone calls 26.3.1 (a) affected (it
// is patched); a semver prerelease "26.3.1-a" would even sort below 26.3.1.
// Checking the core against the constraint and then the version against the
// fix points gives the right answer, including for 26.3.2, which sorts
// after 26.3.1 (a) but does not have the fix.
func Example_semver() {
	affected, err := semver.NewConstraint("< 26.4")
	if err != nil {
		fmt.Println(err)
		return
	}
	fixes := version.NewFixSet(
		version.FixPoint{Version: version.MustParse("iOS 26.3.1 (a)")},
		version.FixPoint{Version: version.MustParse("iOS 26.4")},
	)
	for _, s := range []string{"iOS 26.3.1", "iOS 26.3.1 (a)", "iOS 26.3.2", "iOS 26.4"} {
		v := version.MustParse(s)
		core, letter, err := v.ToSemver()
		if err != nil {
			fmt.Println(err)
			return
		}
		exposed := affected.Check(core) && !fixes.Covers(v)
		fmt.Printf("%-15s core %-7s letter %-4q in range %-5v exposed %v\n", s, core, letter, affected.Check(core), exposed)
	}
	// Output:
	// iOS 26.3.1      core 26.3.1  letter ""   in range true  exposed true
	// iOS 26.3.1 (a)  core 26.3.1  letter "a"  in range true  exposed false
	// iOS 26.3.2      core 26.3.2  letter ""   in range true  exposed true
	// iOS 26.4        core 26.4.0  letter ""   in range false exposed false
}

// FromSemver takes the letter separately: semver has no place for it.
func ExampleFromSemver() {
	sv := semver.MustParse("26.3.1+23D771330a")
	v, err := version.FromSemver(version.IOS, sv, "(a)")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v)
	_, err = version.FromSemver(version.IOS, semver.MustParse("26.4.0-beta.2"), "")
	fmt.Println(err)
	// Output:
	// iOS 26.3.1 (a) (23D771330a)
	// version: invalid version "26.4.0-beta.2": a semver prerelease is not an Apple release (a BSI letter is passed separately)
}

func ExampleParseLine() {
	for _, s := range []string{"macOS Sequoia 15", "macOS 10.15", "iOS 26.3"} {
		l, err := version.ParseLine(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		text, _ := l.MarshalText()
		fmt.Printf("%s (%s)\n", text, l.MarketingName())
	}
	// Output:
	// macOS 15 (Sequoia)
	// macOS 10.15 (Catalina)
	// version: invalid line "iOS 26.3": a line is written with its major only, as "iOS 26"
}
