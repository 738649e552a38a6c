package version_test

import (
	"fmt"
	"strings"

	"github.com/applesec/applesec/version"
)

func ExampleCatalog_Lookup() {
	c := version.DefaultCatalog()
	for _, id := range []string{"iPhone11,2", "J413AP", "iPad mini (4th generation)"} {
		m, ok := c.Lookup(id)
		fmt.Println(ok, m.Name, m.Family, m.Platform, m.MaxMajor)
	}
	_, ok := c.Lookup("iPhone99,1")
	fmt.Println(ok)
	// Output:
	// true iPhone XS iPhone iOS 18
	// true MacBook Air (M2, 2022) Mac macOS 26
	// true iPad mini 4 iPad mini iPadOS 15
	// false
}

func ExampleCatalog_Resolve() {
	c := version.DefaultCatalog()

	r := c.Resolve("Apple TV HD and Apple TV 4K (all models)")
	for _, m := range r.Models {
		fmt.Println(m.Name)
	}

	r = c.Resolve("iPhone 11 and later, iPad Air 3rd generation and later")
	fmt.Println(r.Includes("iPhone SE (2nd generation)"), r.Includes("iPhone XS"), r.Includes("iPad13,16"))

	r = c.Resolve("Macs running macOS Sequoia, Windows 10 and later, Zune HD")
	fmt.Println(r.Platforms, r.Releases, r.NonApple, r.Unresolved)
	fmt.Println(r.Includes("MacBook Air (M1, 2020)"), r.Includes("MacBook Pro (15-inch, 2017)"))
	// Output:
	// Apple TV HD
	// Apple TV 4K (1st generation)
	// Apple TV 4K (2nd generation)
	// Apple TV 4K (3rd generation)
	// true false true
	// [macOS] [macOS 15] [Windows 10 and later] [Zune HD]
	// true false
}

func ExampleParsePMV() {
	const response = `{
  "PublicBackgroundSecurityImprovements": {
    "iOS": [{
      "ProductVersion": "26.3.1", "ProductVersionExtra": "(a)",
      "Build": "23D771330a", "PrerequisiteBuild": "23D8133",
      "PostingDate": "2026-03-17", "ExpirationDate": "2026-06-01",
      "SupportedDevices": ["iPhone17,1", "iPad16,3"]
    }]
  },
  "PublicAssetSets": {
    "iOS": [{
      "ProductVersion": "26.4", "Build": "23E246", "PostingDate": "2026-03-24",
      "SupportedDevices": ["iPhone17,1", "Watch7,5"]
    }]
  }
}`
	p, err := version.ParsePMV(strings.NewReader(response))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range p.OffersFor("iPhone17,1") {
		fmt.Println(o.Version, "on", o.PrerequisiteBuild, o.Posted.Format("2006-01-02"), o.Set)
	}
	for _, o := range p.BSIFor("iPad16,3", version.MustParse("iPadOS 26.3.1 (23D8133)")) {
		fmt.Println(o.Version, o.Devices)
	}
	v, _ := p.NewestFor("Watch7,5", version.WatchOS)
	fmt.Println(v)

	_, err = version.ParsePMV(strings.NewReader(`{"AssetSets":{"iOS":[{"Build":"23E246"}]}}`))
	fmt.Println(err)
	// Output:
	// iOS 26.4 (23E246) on  2026-03-24 PublicAssetSets
	// iOS 26.3.1 (a) (23D771330a) on 23D8133 2026-03-17 PublicBackgroundSecurityImprovements
	// iPadOS 26.3.1 (a) (23D771330a) [iPad16,3]
	// watchOS 26.4 (23E246)
	// version: invalid pmv response at AssetSets.iOS[0].ProductVersion: missing
}
