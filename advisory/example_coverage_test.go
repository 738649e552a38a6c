package advisory_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// exampleAdvisories are the BSI of 2026-03-17 and iOS 26.4 as the parsers
// return them, reduced to the WebKit fix they share.
func exampleAdvisories() []*advisory.Advisory {
	webkit := func(availableFor string) advisory.Entry {
		return advisory.Entry{Component: "WebKit", AvailableFor: availableFor, CVEs: []advisory.CVE{{ID: "CVE-2026-20643"}}}
	}
	return []*advisory.Advisory{
		{
			Kind: "advisory", Origin: advisory.OriginMail, ID: "APPLE-SA-03-17-2026-1",
			Title: "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2",
			Releases: []advisory.ProductVersion{
				{Platform: "iOS", Version: "26.3.1", Extra: "(a)"},
				{Platform: "iPadOS", Version: "26.3.1", Extra: "(a)"},
				{Platform: "macOS", Version: "26.3.1", Extra: "(a)"},
				{Platform: "macOS", Version: "26.3.2", Extra: "(a)"},
			},
			Entries: []advisory.Entry{webkit("iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2")},
		},
		{
			Kind: "advisory", Origin: advisory.OriginMail, ID: "APPLE-SA-03-24-2026-1",
			Title:    "iOS 26.4 and iPadOS 26.4",
			Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.4"}, {Platform: "iPadOS", Version: "26.4"}},
			Entries:  []advisory.Entry{webkit("iPhone 11 and later")},
		},
	}
}

// iOS 26.3.2 sorts after iOS 26.3.1 (a), yet the BSI installs only on
// 26.3.1: a device on 26.3.2 is exposed until it updates to 26.4.
func ExampleCoverage_Check() {
	cov, err := advisory.NewCoverage(exampleAdvisories(), advisory.CoverageOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, os := range []string{"iOS 26.3.1", "iOS 26.3.1 (a)", "iOS 26.3.2", "iOS 26.4"} {
		res := cov.Check("CVE-2026-20643", advisory.Device{Model: "iPhone 17", OS: version.MustParse(os)})
		fmt.Printf("%-15s %-8s %v\n", os, res.Verdict, res.FixedBy)
	}
	res := cov.Check("CVE-2026-20643", advisory.Device{Model: "iPhone 17", OS: version.MustParse("iOS 26.3.2")})
	fmt.Println(res.Reason)
	// Output:
	// iOS 26.3.1      exposed  [iOS 26.3.1 (a)]
	// iOS 26.3.1 (a)  patched  [iOS 26.3.1 (a)]
	// iOS 26.3.2      exposed  [iOS 26.4]
	// iOS 26.4        patched  [iOS 26.4]
	// iOS 26.3.2 is not covered by the Background Security Improvement iOS 26.3.1 (a), which installs only on 26.3.1; update to iOS 26.4
}

// A fleet: a Checker evaluates each distinct device state once.
func ExampleChecker_Exposed() {
	cov, err := advisory.NewCoverage(exampleAdvisories(), advisory.CoverageOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fleet := []advisory.Device{
		{Model: "iPhone18,3", OS: version.MustParse("iOS 26.3.2")},
		{Model: "iPhone18,3", OS: version.MustParse("iOS 26.3.1 (a)")},
		{Model: "iPhone18,3", OS: version.MustParse("iOS 26.3.2")},
	}
	k := cov.NewChecker()
	for i, d := range fleet {
		fmt.Println(i, d.OS, k.Exposed(d)) // a shared view: read, do not modify
	}
	fmt.Println("distinct states:", k.States())
	// Output:
	// 0 iOS 26.3.2 [CVE-2026-20643]
	// 1 iOS 26.3.1 (a) []
	// 2 iOS 26.3.2 [CVE-2026-20643]
	// distinct states: 2
}

// A device on an OS its model cannot run gets no verdict: Validate says
// why. A database that knows a newer major can pass it as Newest.
func ExampleCoverage_Validate() {
	cov, err := advisory.NewCoverage(exampleAdvisories(), advisory.CoverageOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, os := range []string{"iOS 26.3.2", "iOS 62.1", "iOS 17.5"} {
		err := cov.Validate(advisory.Device{Model: "iPhone17,1", OS: version.MustParse(os)})
		fmt.Println(os, errors.Is(err, advisory.ErrImpossibleVersion))
	}
	newer, err := advisory.NewCoverage(exampleAdvisories(), advisory.CoverageOptions{
		Newest: map[version.Platform]version.Version{version.IOS: version.MustParse("iOS 27.0")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("iOS 27.0 with Newest:", newer.Validate(advisory.Device{Model: "iPhone17,1", OS: version.MustParse("iOS 27.0")}))
	// Output:
	// iOS 26.3.2 false
	// iOS 62.1 true
	// iOS 17.5 true
	// iOS 27.0 with Newest: <nil>
}

// Verdicts is Check without the reasons, for counting.
func ExampleCoverage_Verdicts() {
	cov, err := advisory.NewCoverage(exampleAdvisories(), advisory.CoverageOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := advisory.Device{Model: "iPhone 17", OS: version.MustParse("iOS 26.3.2")}
	fmt.Println(cov.CVEs(), cov.Verdicts(d, nil))
	// Output:
	// [CVE-2026-20643] [exposed]
}

// Documents from files and directories, for NewCoverage.
func ExampleLoadFiles() {
	advs, skipped, err := advisory.LoadFiles(context.Background(), "../testdata/coverage")
	if err != nil {
		fmt.Println(err)
		return
	}
	cov, err := advisory.NewCoverage(advs, advisory.CoverageOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(advs), "advisories,", len(skipped), "skipped,", len(cov.CVEs()), "CVEs")
	// Output:
	// 7 advisories, 0 skipped, 7 CVEs
}
