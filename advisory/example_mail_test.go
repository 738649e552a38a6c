package advisory_test

import (
	"fmt"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// A mail as Apple's security-announce list sends it (signature shortened).
const exampleMail = `-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

APPLE-SA-03-17-2026-1 Background Security Improvements for iOS 26.3.1,
iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2

Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS
26.3.1, and macOS 26.3.2 addresses the following issues.
Information about the security content is also available at
https://support.apple.com/126604.

iOS 26.3.1 (a), iPadOS 26.3.1 (a), macOS 26.3.1 (a), macOS 26.3.2 (a)

WebKit
Available for: iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2
Impact: Processing maliciously crafted web content may bypass Same
Origin Policy
Description: A cross-origin issue was addressed with improved input
validation.
WebKit Bugzilla: 306050
CVE-2026-20643: Thomas Espach

All information is also posted on the Apple Security Releases
web site: https://support.apple.com/100100.
-----BEGIN PGP SIGNATURE-----

iQIzBAEBCAAdFiEE
-----END PGP SIGNATURE-----
`

func ExampleParseMail() {
	a, err := advisory.ParseMail(strings.NewReader(exampleMail), "APPLE-SA-2026-03-17-1.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.ID, a.Released, a.URL)
	for _, r := range a.Releases {
		fmt.Println(r.Platform, r.Version, r.Extra)
	}
	for _, e := range a.Entries {
		fmt.Println(e.Component, e.CVEs[0].ID, e.CVEs[0].Credit, e.WebKitBugzilla, e.Exploited)
	}
	// Output:
	// APPLE-SA-03-17-2026-1 2026-03-17 https://support.apple.com/126604
	// iOS 26.3.1 (a)
	// iPadOS 26.3.1 (a)
	// macOS 26.3.1 (a)
	// macOS 26.3.2 (a)
	// WebKit CVE-2026-20643 Thomas Espach [306050] false
}

func ExampleSplitReleaseName() {
	for _, name := range []string{
		"iOS 18.1 and iPadOS 18.1",
		"macOS Sequoia 15.1",
		"Rapid Security Response iOS 16.5.1 (c)",
		"iTunes 12.13.5 for Windows",
		"macOS Sonoma",
	} {
		fmt.Printf("%q:", name)
		for _, r := range advisory.SplitReleaseName(name) {
			fmt.Printf(" [%s|%s|%s]", r.Platform, r.Version, r.Extra)
		}
		fmt.Println()
	}
	// Output:
	// "iOS 18.1 and iPadOS 18.1": [iOS|18.1|] [iPadOS|18.1|]
	// "macOS Sequoia 15.1": [macOS|15.1|]
	// "Rapid Security Response iOS 16.5.1 (c)": [iOS|16.5.1|(c)]
	// "iTunes 12.13.5 for Windows": [iTunes for Windows|12.13.5|]
	// "macOS Sonoma": [macOS||]
}

func ExampleNormalizeComponent() {
	for _, c := range []string{"Webkit", "WEB KIT Canvas", "kernel:", "libxml2"} {
		fmt.Println(advisory.NormalizeComponent(c))
	}
	// Output:
	// WebKit
	// WebKit Canvas
	// Kernel
	// libxml2
}

func ExampleIsWebKit() {
	for _, c := range []string{"WebKit", "WebKit Web Inspector", "JavaScriptCore", "Safari", "WebContentFilter"} {
		fmt.Println(c, advisory.IsWebKit(c))
	}
	// Output:
	// WebKit true
	// WebKit Web Inspector true
	// JavaScriptCore true
	// Safari false
	// WebContentFilter false
}

func ExampleFilterEntries() {
	a, err := advisory.ParseMail(strings.NewReader(exampleMail), "APPLE-SA-2026-03-17-1.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(advisory.FilterEntries(a, "WebKit")), len(advisory.FilterEntries(a, "Kernel")))
	// Output:
	// 1 0
}
