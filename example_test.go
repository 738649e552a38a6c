package applesec_test

import (
	"context"
	"fmt"
	"os"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// The whole flow: fill a database from Apple's sources (here the snapshot the
// project ships, replayed offline), then ask it about a CVE and a device.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "applesec-example")
	defer os.RemoveAll(dir)

	db, err := applesec.Open(ctx, dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	report, err := db.Sync(ctx, applesec.SyncOptions{Offline: "testdata/snapshot"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stored %d advisories\n", report.NewAdvisories)

	answer, _ := db.CVE("CVE-2026-20643")
	for _, fix := range answer.FixedIn {
		fmt.Printf("fixed %s in %s (%s)\n", fix.Released, fix.Title, fix.Component)
	}

	cov, _ := db.Coverage(advisory.CoverageOptions{})
	device, _ := advisory.ParseDevice(version.DefaultCatalog(), "iPhone17,1", "iOS 26.3.2", "")
	r := cov.Check("CVE-2026-20643", device)
	fmt.Println(r.Verdict, r.FixedBy)
	// Output:
	// stored 6 advisories
	// fixed 2026-03-17 in About the security content of Background Security Improvements for iOS, iPadOS, and macOS (WebKit)
	// fixed 2026-03-24 in About the security content of iOS 26.4 and iPadOS 26.4 (WebKit)
	// fixed 2026-03-24 in About the security content of iOS 18.7.7 and iPadOS 18.7.7 (WebKit)
	// fixed 2026-03-24 in About the security content of macOS Tahoe 26.4 (WebKit)
	// fixed 2026-03-24 in About the security content of Safari 26.4 (WebKit)
	// exposed [iOS 26.4]
}
