package version_test

import (
	"fmt"
	"slices"

	"github.com/applesec/applesec/version"
)

func ExampleParse() {
	v, err := version.Parse("macOS Tahoe 26.3.2 (a) (25D771400a)")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Platform(), v.Core(), v.Letter(), v.Build(), v.MarketingName())
	fmt.Println(v)
	// Output:
	// macOS 26.3.2 a 25D771400a Tahoe
	// macOS 26.3.2 (a) (25D771400a)
}

func ExampleVersion_Compare() {
	vs := []version.Version{
		version.MustParse("iOS 26.4"),
		version.MustParse("iOS 26.3.2"),
		version.MustParse("iOS 26.3.1 (b)"),
		version.MustParse("iOS 26.3.1"),
		version.MustParse("iOS 26.3.1 (a)"),
	}
	slices.SortFunc(vs, version.Version.Compare)
	fmt.Println(vs)
	// Output:
	// [iOS 26.3.1 iOS 26.3.1 (a) iOS 26.3.1 (b) iOS 26.3.2 iOS 26.4]
}

// The BSI trap: iOS 26.3.2 sorts after the BSI 26.3.1 (a), yet the BSI does
// not protect it, because a BSI installs on one base only.
func ExampleFixSet_Covers() {
	bsi := version.MustParse("iOS 26.3.1 (a)")
	device := version.MustParse("iOS 26.3.2")
	fixes := version.NewFixSet(version.FixPoint{Version: bsi})

	fmt.Println("sorts after the BSI:", device.Compare(bsi) > 0)
	fmt.Println("covered by the BSI:", fixes.Covers(device))
	fmt.Println("26.3.1 (b) covered:", fixes.Covers(version.MustParse("iOS 26.3.1 (b)")))
	fmt.Println("26.4 covered (folded into the next update):", fixes.Covers(version.MustParse("iOS 26.4")))
	// Output:
	// sorts after the BSI: true
	// covered by the BSI: false
	// 26.3.1 (b) covered: true
	// 26.4 covered (folded into the next update): true
}

// CVE-2026-20643: BSIs on 2026-03-17, mainline updates a week later.
func ExampleFixSet_FixFor() {
	var points []version.FixPoint
	for _, s := range []string{
		"iOS 26.3.1 (a)", "macOS 26.3.1 (a)", "macOS 26.3.2 (a)",
		"iOS 26.4", "macOS 26.4", "Safari 26.4", "iOS 18.7.7",
	} {
		points = append(points, version.FixPoint{Version: version.MustParse(s)})
	}
	fixes := version.NewFixSet(points...)
	for _, d := range []string{"iOS 26.3.1", "iOS 26.3", "iOS 26.3.2", "macOS 26.3.2", "iOS 17.7.10", "iOS 26.5"} {
		v := version.MustParse(d)
		fix, ok := fixes.FixFor(v)
		fmt.Printf("%-13s covered=%-5v fix=%v (%v)\n", d, fixes.Covers(v), fix, ok)
	}
	// Output:
	// iOS 26.3.1    covered=false fix=iOS 26.3.1 (a) (true)
	// iOS 26.3      covered=false fix=iOS 26.4 (true)
	// iOS 26.3.2    covered=false fix=iOS 26.4 (true)
	// macOS 26.3.2  covered=false fix=macOS 26.3.2 (a) (true)
	// iOS 17.7.10   covered=false fix=iOS 18.7.7 (true)
	// iOS 26.5      covered=true  fix=iOS 26.5 (true)
}

// A withdrawn RSR still protects devices that run it but is never offered.
func ExampleFixPoint_withdrawn() {
	fixes := version.NewFixSet(
		version.FixPoint{Version: version.MustParse("iOS 16.5.1 (a)"), Withdrawn: true},
		version.FixPoint{Version: version.MustParse("iOS 16.5.1 (c)")},
	)
	fmt.Println(fixes.Covers(version.MustParse("iOS 16.5.1 (a)")))
	fix, _ := fixes.FixFor(version.MustParse("iOS 16.5.1"))
	fmt.Println(fix, version.FixPoint{Version: fix}.Kind())
	// Output:
	// true
	// iOS 16.5.1 (c) RSR
}

func ExampleMajorForMarketingName() {
	p, major, ok := version.MajorForMarketingName("macOS Tahoe")
	fmt.Println(p, major, ok)
	l, _ := version.LineForMarketingName("Catalina")
	fmt.Println(l, version.MarketingName(version.MacOS, 15))
	// Output:
	// macOS 26 true
	// macOS 10.15 Sequoia
}

func ExampleParseBuild() {
	pre := version.MustParseBuild("23D8133")
	bsi := version.MustParseBuild("23D771330a")
	fmt.Println(bsi.Train(), bsi.TrainLetter(), bsi.Number(), bsi.Suffix(), pre.Compare(bsi))
	// Output:
	// 23 D 771330 a -1
}

func ExampleNextMajor() {
	fmt.Println(version.NextMajor(version.IOS, 18), version.NextMajor(version.MacOS, 15), version.MajorExists(version.IOS, 19))
	// Output:
	// 26 26 false
}

// Apple withdrew the July 2023 Rapid Security Responses "(a)" and replaced
// them with "(c)": a device on the withdrawn letter is protected, but the
// letter to install on 16.5.1 is (c).
func ExampleKnownWithdrawn() {
	var points []version.FixPoint
	withdrawn := version.KnownWithdrawn()
	for _, s := range []string{"iOS 16.5.1 (a)", "iOS 16.5.1 (c)", "iOS 16.6"} {
		v := version.MustParse(s)
		points = append(points, version.FixPoint{Version: v, Withdrawn: slices.ContainsFunc(withdrawn, v.Equal)})
	}
	fixes := version.NewFixSet(points...)
	fix, _ := fixes.FixFor(version.MustParse("iOS 16.5.1"))
	fmt.Println(withdrawn[0], "protects:", fixes.Covers(version.MustParse("iOS 16.5.1 (a)")))
	fmt.Println("install on iOS 16.5.1:", fix)
	// Output:
	// iOS 16.5.1 (a) protects: true
	// install on iOS 16.5.1: iOS 16.5.1 (c)
}
