package version_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// resolveCase is one phrase and what Resolve must make of it.
type resolveCase struct {
	name       string
	phrase     string
	count      int                // exact number of models; -1 to skip
	include    []string           // models (names or identifiers) that must be resolved
	exclude    []string           // models that must not be
	platforms  []version.Platform // wanted Platforms
	releases   []string           // wanted Releases, as OSRelease.String
	condition  string
	nonApple   []string
	unresolved []string
}

var resolveCases = []resolveCase{
	{
		// iOS 17/18: XS, XS Max, XR and every later iPhone, SE included.
		name: "iPhone XS and later", phrase: "iPhone XS and later", count: 34,
		include: []string{"iPhone XS", "iPhone XS Max", "iPhone XR", "iPhone SE (2nd generation)", "iPhone 16e", "iPhone 17 Pro"},
		exclude: []string{"iPhone X", "iPhone 8 Plus"},
	},
	{
		// iOS 26: the XS line is left behind.
		name: "iPhone 11 and later", phrase: "iPhone 11 and later", count: 31,
		include: []string{"iPhone12,1", "iPhone12,8", "iPhone18,5"},
		exclude: []string{"iPhone11,8"},
	},
	{
		// The iOS 18 list, with an iPad Pro given without generation.
		name: "iOS 18 list",
		phrase: "iPhone XS and later, iPad Pro 13-inch, iPad Pro 12.9-inch 3rd generation and later, iPad Pro 11-inch 1st generation and later, " +
			"iPad Air 3rd generation and later, iPad 7th generation and later, and iPad mini 5th generation and later",
		count:   63,
		include: []string{"iPad Pro 13-inch (M4)", "iPad Pro 12.9-inch (3rd generation)", "iPad Pro 11-inch (M5)", "iPad Air 13-inch (M2)", "iPad (7th generation)", "iPad mini (A17 Pro)"},
		exclude: []string{"iPad (6th generation)", "iPad Pro 10.5-inch", "iPad Pro 12.9-inch (2nd generation)", "iPad mini 4", "iPad Air 2"},
	},
	{
		// One model by its full name.
		name: "iPad Pro 13-inch (M4)", phrase: "iPad Pro 13-inch (M4)", count: 1,
		include: []string{"iPad16,5", "iPad16,6"},
	},
	{
		// Release order decides, not the word "Series": SE 2 and Ultra are later.
		name: "Apple Watch Series 6 and later", phrase: "Apple Watch Series 6 and later", count: 11,
		include: []string{"Apple Watch Series 6", "Apple Watch SE (2nd generation)", "Apple Watch Ultra", "Apple Watch SE 3"},
		exclude: []string{"Apple Watch SE (1st generation)", "Apple Watch Series 5"},
	},
	{
		// "and" joins two device names; "(all models)" takes every Apple TV 4K.
		name: "Apple TV", phrase: "Apple TV HD and Apple TV 4K (all models)", count: 4,
		include: []string{"AppleTV5,3", "AppleTV6,2", "AppleTV11,1", "AppleTV14,1"},
	},
	{
		// An OS phrase: the macOS 15 line and the Macs that run it.
		name: "Macs running macOS Sequoia", phrase: "Macs running macOS Sequoia", count: -1,
		include:   []string{"MacBook Air (Retina, 13-inch, 2020)", "iMac (Retina 5K, 27-inch, 2019)", "Mac Studio (2025)"},
		exclude:   []string{"MacBook Air (Retina, 13-inch, 2019)", "MacBook Pro (14-inch, M5)", "iPhone 11"},
		platforms: []version.Platform{version.MacOS}, releases: []string{"macOS 15"},
	},
	{
		// A marketing name alone.
		name: "macOS Tahoe", phrase: "macOS Tahoe", count: -1,
		include:   []string{"MacBook Pro (16-inch, 2019)", "MacBook Neo", "J313AP"},
		exclude:   []string{"MacBook Pro (13-inch, 2020, Two Thunderbolt 3 ports)"},
		platforms: []version.Platform{version.MacOS}, releases: []string{"macOS 26"},
	},
	{
		// Two lines joined by "and".
		name: "Sonoma and Sequoia", phrase: "macOS Sonoma and macOS Sequoia", count: -1,
		include:   []string{"MacBook Air (Retina, 13-inch, 2019)", "Mac mini (2024)"},
		exclude:   []string{"MacBook Pro (15-inch, 2017)"},
		platforms: []version.Platform{version.MacOS}, releases: []string{"macOS 14", "macOS 15"},
	},
	{
		// "and later" on an OS line stays whole.
		name: "macOS Ventura and later", phrase: "macOS Ventura and later", count: -1,
		include:   []string{"MacBook Pro (15-inch, 2017)", "MacBook Neo"},
		exclude:   []string{"MacBook Pro (15-inch, 2016)"},
		platforms: []version.Platform{version.MacOS}, releases: []string{"macOS 13 and later"},
	},
	{
		// The BSI mail: exact versions on three platforms.
		name: "BSI versions", phrase: "iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2", count: -1,
		include:   []string{"iPhone 11", "iPad (8th generation)", "MacBook Neo", "MacBook Pro (16-inch, 2019)"},
		exclude:   []string{"iPhone XS", "iPad (7th generation)", "Apple Watch Series 6"},
		platforms: []version.Platform{version.IOS, version.IPadOS, version.MacOS},
		releases:  []string{"iOS 26.3.1", "iPadOS 26.3.1", "macOS 26.3.1", "macOS 26.3.2"},
	},
	{
		// Both Vision Pro models.
		name: "Apple Vision Pro", phrase: "Apple Vision Pro", count: 2,
		include: []string{"RealityDevice14,1", "RealityDevice17,1"},
	},
	{
		// iOS 16: "iPad Pro (all models)" and the iPad 5th generation.
		name: "iOS 16 list", phrase: "iPhone 8 and later, iPad Pro (all models), iPad Air 3rd generation and later, iPad 5th generation and later, and iPad mini 5th generation and later",
		count: -1, include: []string{"iPhone X", "iPad Pro 9.7-inch", "iPad Pro 12.9-inch (1st generation)", "iPad (5th generation)"},
		exclude: []string{"iPhone 7", "iPad Air 2", "iPad mini 4"},
	},
	{
		// iOS 15: iPod touch by its parenthesized generation.
		name: "iOS 15 list", phrase: "iPhone 6s and later, iPad Air 2 and later, iPad mini 4 and later, and iPod touch (7th generation)",
		count: -1, include: []string{"iPhone 6s", "iPhone SE (1st generation)", "iPad Air 2", "iPad mini 4", "iPod9,1"},
		exclude: []string{"iPhone 6", "iPad (5th generation)", "iPod touch (6th generation)"},
	},
	{
		// iOS 12: each model named, "iPad Air" being the first one.
		name: "iOS 12 list", phrase: "iPhone 5s, iPhone 6, iPhone 6 Plus, iPad Air, iPad mini 2, iPad mini 3, and iPod touch (6th generation)",
		count: 7, include: []string{"iPhone6,1", "iPhone7,1", "iPhone7,2", "iPad4,1", "iPad4,4", "iPad4,7", "iPod7,1"},
		exclude: []string{"iPad Air 2"},
	},
	{
		// Software for Windows: noted, not unresolved.
		name: "Windows", phrase: "Windows 10 and later", count: 0,
		nonApple: []string{"Windows 10 and later"},
	},
	{
		// Xcode's requirement: a minimum version.
		name: "Xcode", phrase: "macOS Sequoia 15.6 and later", count: -1,
		include:   []string{"Mac Studio (2025)", "MacBook Neo"},
		exclude:   []string{"MacBook Pro (15-inch, 2017)"},
		platforms: []version.Platform{version.MacOS}, releases: []string{"macOS 15.6 and later"},
	},
	{
		// Macs by processor.
		name: "Intel-based Mac", phrase: "Intel-based Mac computers", count: -1,
		include: []string{"iMac Pro", "MacBook Pro (16-inch, 2019)"},
		exclude: []string{"MacBook Air (M1, 2020)"},
	},
	{
		name: "Apple silicon", phrase: "Mac computers with Apple silicon", count: -1,
		include: []string{"MacBook Air (M1, 2020)", "MacBook Neo"},
		exclude: []string{"iMac Pro"},
	},
	{
		// The label and a qualifier before the colon.
		name: "qualifier", phrase: "Available for devices with Apple Neural Engine: iPhone XS and later, iPad Pro 13-inch",
		count: 36, condition: "devices with Apple Neural Engine",
		include: []string{"iPad Pro 13-inch (M4)", "iPad Pro 13-inch (M5)"},
	},
	{
		// Ranges of generations, en dash included.
		name: "ranges", phrase: "iPad mini (5th generation - A17 Pro), iPad (7th generation \u2013 A16), iPad Air (3rd - 5th generation), " +
			"iPad Air 11-inch (M2 - M3), iPad Pro 11-inch (1st generation - M4), and iPad Pro 12.9-inch (3rd - 6th generation)",
		count:   22,
		include: []string{"iPad mini (5th generation)", "iPad mini (A17 Pro)", "iPad (A16)", "iPad Air (4th generation)", "iPad Air 11-inch (M3)", "iPad Pro 11-inch (M4)", "iPad Pro 12.9-inch (6th generation)"},
		exclude: []string{"iPad Air 13-inch (M2)", "iPad Air 11-inch (M4)", "iPad Pro 13-inch (M4)", "iPad Pro 11-inch (M5)", "iPad Air 2"},
	},
	{
		// "(all models)" keeps names apart: iPhone 16e is no iPhone 16.
		name: "all models", phrase: "iPhone 16 (all models)", count: 4,
		include: []string{"iPhone 16", "iPhone 16 Plus", "iPhone 16 Pro", "iPhone 16 Pro Max"},
		exclude: []string{"iPhone 16e"},
	},
	{
		// Accessories; "and later" inside the parentheses.
		name: "AirPods", phrase: "AirPods (2nd generation and later), AirPods Pro (all models), AirPods Max, Powerbeats Pro, and Beats Fit Pro",
		count: 10, include: []string{"AirPods 4", "AirPods Pro (1st generation)", "Beats Fit Pro"},
		exclude: []string{"AirPods (1st generation)", "Powerbeats Pro 2", "AirPods Max (USB-C)"},
	},
	{
		// Semicolons, and an "and" inside a model name.
		name: "Magic Keyboard", phrase: "Magic Keyboard; Magic Keyboard (2021); Magic Keyboard with Numeric Keypad; Magic Keyboard with Touch ID; and Magic Keyboard with Touch ID and Numeric Keypad",
		count: 5, include: []string{"Magic Keyboard with Touch ID and Numeric Keypad"},
	},
	{
		// 2013: "and later" on three families.
		name: "iOS 6", phrase: "iPhone 3GS and later, iPod touch (4th generation) and later, iPad 2 and later",
		count: -1, include: []string{"iPhone 3GS", "iPod touch (4th generation)", "iPad 2", "iPad (4th generation)"},
		exclude: []string{"iPhone 3G", "iPod touch (3rd generation)", "iPad (1st generation)"},
	},
	{
		// A Mac model and later: its product line only.
		name: "Mac and later", phrase: "MacBook Air (M2, 2022) and later", count: -1,
		include: []string{"MacBook Air (15-inch, M4, 2025)", "MacBook Air (13-inch, M5)"},
		exclude: []string{"MacBook Air (M1, 2020)", "MacBook Pro (14-inch, M5)", "MacBook Neo"},
	},
	{
		// Unknown parts are reported, the rest still resolves.
		name: "partly unknown", phrase: "iPhone 11 and later, Zune HD, and PowerBook G4", count: 31,
		unresolved: []string{"Zune HD", "PowerBook G4"},
	},
	{
		// A platform alone.
		name: "bare platform", phrase: "visionOS", count: 0,
		platforms: []version.Platform{version.VisionOS},
	},
	{
		// Safari versions name no devices.
		name: "Safari", phrase: "Safari 26.4", count: 0,
		platforms: []version.Platform{version.Safari}, releases: []string{"Safari 26.4"},
	},
	{
		// A watchOS line.
		name: "watchOS", phrase: "watchOS 10", count: -1,
		include:   []string{"Apple Watch Series 4", "Apple Watch Ultra 2"},
		exclude:   []string{"Apple Watch Series 3", "Apple Watch Series 11"},
		platforms: []version.Platform{version.WatchOS}, releases: []string{"watchOS 10"},
	},
	{
		// iOS 12 ran on iPads too; iOS 26 does not.
		name: "iOS on iPads", phrase: "iOS 12", count: -1,
		include: []string{"iPad Air", "iPad Pro 9.7-inch", "iPhone XS"}, exclude: []string{"iPhone 11"},
		platforms: []version.Platform{version.IOS}, releases: []string{"iOS 12"},
	},
	{
		// Nothing but noise.
		name: "empty", phrase: " , ; and ", count: 0,
	},
	{
		// A marketing name of another platform.
		name: "unknown OS name", phrase: "iOS Sonoma", count: 0,
		unresolved: []string{"iOS Sonoma"},
	},
}

// TestResolve resolves real and made-up "Available for" phrases.
func TestResolve(t *testing.T) {
	c := version.DefaultCatalog()
	for _, tc := range resolveCases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Resolve(tc.phrase)
			if tc.count >= 0 {
				assert.Len(t, r.Models, tc.count, "%v", names(r.Models))
			}
			for _, m := range tc.include {
				assert.True(t, r.Includes(m), "includes %s", m)
			}
			for _, m := range tc.exclude {
				assert.False(t, r.Includes(m), "excludes %s", m)
			}
			assert.Equal(t, tc.platforms, r.Platforms)
			var rels []string
			for _, rel := range r.Releases {
				rels = append(rels, rel.String())
			}
			assert.Equal(t, tc.releases, rels)
			assert.Equal(t, tc.condition, r.Condition)
			assert.Equal(t, tc.nonApple, r.NonApple)
			assert.Equal(t, tc.unresolved, r.Unresolved)
			assertCatalogOrder(t, c, r.Models)
		})
	}
}

// TestResolveDetails checks OSRelease fields, AllPlatforms and the input
// bound.
func TestResolveDetails(t *testing.T) {
	c := version.DefaultCatalog()
	r := c.Resolve("macOS Sequoia 15.6 and later")
	require.Len(t, r.Releases, 1)
	rel := r.Releases[0]
	assert.Equal(t, version.MustParse("macOS 15.6"), rel.Version)
	assert.Equal(t, 15, rel.Line.Major())
	assert.True(t, rel.AndLater)
	assert.True(t, r.Resolved())

	r = c.Resolve("Macs running macOS Sonoma")
	assert.True(t, r.Releases[0].Version.IsZero(), "a line alone has no version")

	r = c.Resolve("iPhone 11, iPad (A16), and Apple Watch Ultra 3")
	assert.Empty(t, r.Platforms)
	assert.Equal(t, []version.Platform{version.IOS, version.IPadOS, version.WatchOS}, r.AllPlatforms())

	r = c.Resolve(strings.Repeat("iPhone 11, ", 2000))
	assert.False(t, r.Resolved())
	assert.Len(t, r.Unresolved, 1, "an over-long phrase is reported, not read")

	assert.False(t, c.Resolve("Windows 11").Resolved())
}

// assertCatalogOrder checks that models are distinct and in catalog order.
func assertCatalogOrder(t *testing.T, c *version.Catalog, models []version.Model) {
	t.Helper()
	pos := map[string]int{}
	for i, m := range c.Models() {
		pos[m.Name] = i
	}
	last := -1
	for _, m := range models {
		p := pos[m.Name]
		require.Greater(t, p, last, "%s out of order or repeated", m.Name)
		last = p
	}
}

// names returns the models' names.
func names(ms []version.Model) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

// BenchmarkResolve measures Resolve on a long real phrase, against
// splitting the same phrase into words as a same-run baseline.
func BenchmarkResolve(b *testing.B) {
	c := version.DefaultCatalog()
	phrases := map[string]string{
		"iOS18list": resolveCases[2].phrase,
		"macOSline": "Macs running macOS Sequoia",
		"short":     "Apple Watch Series 6 and later",
	}
	for name, phrase := range phrases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(phrase)))
			for b.Loop() {
				if r := c.Resolve(phrase); len(r.Models) == 0 {
					b.Fatal("nothing resolved")
				}
			}
		})
		b.Run(name+"/baseline-strings.Fields", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(phrase)))
			for b.Loop() {
				if len(strings.Fields(phrase)) == 0 {
					b.Fatal("no words")
				}
			}
		})
	}
}

func TestResolveLegacyIPadLineage(t *testing.T) {
	cat := version.DefaultCatalog()
	cases := []struct {
		phrase        string
		include, omit []string
	}{
		// iOS 6 to 9 pages: every iPad since iPad 2.
		{phrase: "iPhone 4s and later, iPod touch (5th generation) and later, iPad 2 and later",
			include: []string{"iPad 2", "iPad mini", "iPad Air", "iPad mini 4", "iPad Pro 9.7-inch", "iPad (4th generation)", "iPhone 4S"},
			omit:    []string{"iPad (1st generation)"}},
		// iOS 12 pages: every iPad since iPad Air, iPad mini 2 included.
		{phrase: "iPhone 5s and later, iPad Air and later, and iPod touch 6th generation",
			include: []string{"iPad Air", "iPad mini 2", "iPad (5th generation)", "iPad Pro 12.9-inch (1st generation)"},
			omit:    []string{"iPad mini", "iPad (4th generation)", "iPad 2"}},
		// iOS 10 pages.
		{phrase: "iPhone 5 and later, iPad 4th generation and later, iPod touch 6th generation and later",
			include: []string{"iPad (4th generation)", "iPad mini", "iPad Air", "iPad mini 2"},
			omit:    []string{"iPad 2", "iPad (3rd generation)"}},
		// From iOS 13 on, Apple names each line: no widening.
		{phrase: "iPhone 6s and later, iPad Air 2 and later, iPad mini 4 and later, and iPod touch 7th generation",
			include: []string{"iPad Air 2", "iPad mini 4", "iPad Air (3rd generation)"},
			omit:    []string{"iPad (5th generation)", "iPad Pro 9.7-inch", "iPad mini 3"}},
	}
	for _, tc := range cases {
		t.Run(tc.phrase, func(t *testing.T) {
			res := cat.Resolve(tc.phrase)
			require.Empty(t, res.Unresolved)
			for _, name := range tc.include {
				assert.True(t, res.Includes(name), "%s should be included", name)
			}
			for _, name := range tc.omit {
				assert.False(t, res.Includes(name), "%s should not be included", name)
			}
		})
	}
}
