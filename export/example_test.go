package export_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/export"
)

// page is a Background Security Improvement advisory as advisory.ParsePage
// returns it.
func page() *advisory.Advisory {
	return &advisory.Advisory{
		Origin:   advisory.OriginPage,
		Title:    "About the security content of Background Security Improvements for iOS 26.3.1 and macOS 26.3.1",
		URL:      "https://support.apple.com/en-us/126604",
		Released: advisory.NewDate(2026, 3, 17),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.3.1", Extra: "(a)"}, {Platform: "macOS", Version: "26.3.1", Extra: "(a)"}},
		Entries: []advisory.Entry{{
			Component:    "WebKit",
			AvailableFor: "iOS 26.3.1, macOS 26.3.1",
			Impact:       "Processing maliciously crafted web content may bypass Same Origin Policy",
			CVEs:         []advisory.CVE{{ID: "CVE-2026-20643", Credit: "Thomas Espach"}},
		}},
	}
}

func ExampleCSAF() {
	docs, err := export.CSAF(export.Input{
		Advisories: []*advisory.Advisory{page()},
		BSIs:       []export.BSIOffer{{Platform: "iOS", Version: "26.3.1", Extra: "(a)", Build: "23D771330a"}},
		Now:        time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := docs[0]
	fmt.Println(d.Document.Tracking.ID, d.Document.Category, d.Document.Publisher.Category)
	for _, p := range d.ProductTree.Branches[0].Branches {
		fmt.Println(p.Name, p.Branches[0].Name, "=", p.Branches[0].Product.Name)
	}
	v := d.Vulnerabilities[0]
	fmt.Println(v.CVE, v.Title, v.ProductStatus.Fixed, v.Remediations[0].Category, v.Acknowledgments[0].Names)
	// Output:
	// apple-126604 csaf_security_advisory other
	// iOS 26.3.1 (a) = Apple iOS 26.3.1 (a) (build 23D771330a)
	// macOS 26.3.1 (a) = Apple macOS 26.3.1 (a)
	// CVE-2026-20643 WebKit [apple-ios-26.3.1-a apple-macos-26.3.1-a] vendor_fix [Thomas Espach]
}

func ExampleSOFA() {
	release := &advisory.Advisory{
		Origin:   advisory.OriginPage,
		Title:    "About the security content of iOS 26.3 and iPadOS 26.3",
		URL:      "https://support.apple.com/en-us/126346",
		Released: advisory.NewDate(2026, 2, 11),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.3"}, {Platform: "iPadOS", Version: "26.3"}},
		Entries: []advisory.Entry{{
			Component:    "dyld",
			AvailableFor: "iPhone 11 and later",
			Exploited:    true,
			CVEs:         []advisory.CVE{{ID: "CVE-2026-20700"}},
		}},
	}
	feeds, err := export.SOFA(export.Input{
		Advisories: []*advisory.Advisory{release, page()},
		Now:        time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ios := feeds.V2["ios"]
	r := ios.OSVersions[0].Latest
	fmt.Println(ios.OSVersions[0].OSVersion, r.UpdateName, r.ProductVersion, r.ActivelyExploitedCVEs, r.UpdateSummary.Priority)
	bsi := ios.BackgroundSecurityImprovements["26"][0]
	fmt.Println(bsi.Version, bsi.VersionExtra, bsi.CVEs)
	fmt.Println(feeds.IOSV1.OSVersions[0].Latest.CVEs)
	// Output:
	// 26 iOS 26.3 and iPadOS 26.3 26.3 [CVE-2026-20700] critical
	// 26.3.1 (a) [CVE-2026-20643]
	// map[CVE-2026-20700:true]
}

func ExampleWriteSOFA() {
	dir, err := os.MkdirTemp("", "sofa")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := export.WriteSOFA(context.Background(), dir, export.Input{
		Advisories: []*advisory.Advisory{page()},
		Now:        time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		fmt.Println(filepath.ToSlash(rel))
	}
	// Output:
	// v1/macos_data_feed.json
	// v1/ios_data_feed.json
	// v2/macos_data_feed.json
	// v2/ios_data_feed.json
	// v2/tvos_data_feed.json
	// v2/watchos_data_feed.json
	// v2/visionos_data_feed.json
}

func ExampleWriteCSAF() {
	dir, err := os.MkdirTemp("", "csaf")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := export.WriteCSAF(context.Background(), dir, export.Input{
		Advisories: []*advisory.Advisory{page()},
		Now:        time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.TrimPrefix(filepath.ToSlash(files[0]), filepath.ToSlash(dir)+"/"))
	// Output:
	// 2026/apple-126604.json
}
