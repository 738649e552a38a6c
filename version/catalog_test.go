package version_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// TestDefaultCatalog checks the embedded catalog's invariants: it parses,
// families are in generation order, and fields agree with families.
func TestDefaultCatalog(t *testing.T) {
	c := version.DefaultCatalog()
	require.NotNil(t, c)
	assert.Same(t, c, version.DefaultCatalog(), "parsed once and shared")
	assert.Greater(t, c.Len(), 200)

	wantFamilies := []version.Family{
		version.FamilyIPhone, version.FamilyIPodTouch, version.FamilyIPad, version.FamilyIPadMini,
		version.FamilyIPadAir, version.FamilyIPadPro, version.FamilyAppleWatch, version.FamilyAppleTV,
		version.FamilyVisionPro, version.FamilyHomePod, version.FamilyMac, version.FamilyAirPods,
		version.FamilyAirPodsPro, version.FamilyAirPodsMax, version.FamilyBeats, version.FamilyMagicKeyboard,
	}
	assert.ElementsMatch(t, wantFamilies, c.Families())

	for _, f := range c.Families() {
		models := c.Family(f)
		require.NotEmpty(t, models, f)
		assert.True(t, slices.IsSortedFunc(models, func(a, b version.Model) int { return a.Generation - b.Generation }), "%s in generation order", f)
	}

	for _, m := range c.Models() {
		t.Run(m.Name, func(t *testing.T) {
			switch m.Family {
			case version.FamilyIPhone, version.FamilyIPodTouch:
				assert.Equal(t, version.IOS, m.Platform)
			case version.FamilyIPad, version.FamilyIPadAir, version.FamilyIPadMini, version.FamilyIPadPro:
				// iPadOS began at 13: older iPads stayed on iOS.
				want := version.IPadOS
				if m.MaxMajor < 13 {
					want = version.IOS
				}
				assert.Equal(t, want, m.Platform)
			case version.FamilyMac:
				assert.Equal(t, version.MacOS, m.Platform)
				assert.NotEmpty(t, m.BoardIDs, "Macs carry the board IDs the feed lists")
				assert.GreaterOrEqual(t, m.MaxMajor, 11, "the catalog holds Macs that run macOS 11 or later")
				assert.NotEmpty(t, m.Chip)
			case version.FamilyAppleWatch:
				assert.Equal(t, version.WatchOS, m.Platform)
			case version.FamilyAppleTV:
				assert.Equal(t, version.TvOS, m.Platform)
			case version.FamilyVisionPro:
				assert.Equal(t, version.VisionOS, m.Platform)
			case version.FamilyHomePod:
				assert.Equal(t, version.AudioOS, m.Platform)
			default: // accessories: firmware only
				assert.Empty(t, m.Platform)
				assert.Zero(t, m.MaxMajor)
			}
			if m.Platform != "" {
				assert.NotEmpty(t, m.Identifiers, "devices with an OS have product types")
				for _, major := range []int{m.MinMajor, m.MaxMajor} {
					p := m.Platform
					if p == version.IPadOS && major < 13 {
						p = version.IOS
					}
					assert.True(t, version.MajorExists(p, major), "%s %d exists", p, major)
				}
			}
			assert.GreaterOrEqual(t, m.Released, 2007)
			for _, id := range append(slices.Clone(m.Identifiers), m.BoardIDs...) {
				got, ok := c.Lookup(id)
				require.True(t, ok, id)
				assert.Equal(t, m.Name, got.Name, id)
			}
		})
	}
}

// TestLookup finds models by product type, board ID, model identifier,
// name and alias, ignoring case and spacing.
func TestLookup(t *testing.T) {
	c := version.DefaultCatalog()
	tests := []struct {
		name string
		in   string
		want string // "" when not found
	}{
		// A product type.
		{"product type", "iPhone12,1", "iPhone 11"},
		// Case is ignored.
		{"product type case", "IPHONE12,1", "iPhone 11"},
		// A marketing name, spacing ignored.
		{"name", "  iphone   11 ", "iPhone 11"},
		// A cellular iPad variant maps to the same model.
		{"iPad cellular", "iPad13,2", "iPad Air (4th generation)"},
		// An alias Apple also uses.
		{"alias", "iPad mini (4th generation)", "iPad mini 4"},
		// Apple silicon board ID.
		{"board ID", "J413AP", "MacBook Air (M2, 2022)"},
		{"board ID case", "j314sap", "MacBook Pro (14-inch, 2021)"},
		// A Mac model identifier.
		{"model identifier", "MacBookPro18,3", "MacBook Pro (14-inch, 2021)"},
		// An Intel Mac board ID.
		{"Intel board ID", "Mac-AA95B1DDAB278B95", "iMac (Retina 5K, 27-inch, 2019)"},
		// A T2 Mac's board ID in the feed's form.
		{"T2 board ID", "J152FAP", "MacBook Pro (16-inch, 2019)"},
		// The second board ID of a model Apple sells under one name.
		{"second board ID", "J215AP", "MacBook Pro (16-inch, 2019)"},
		// Watch, TV, HomePod, Vision Pro product types.
		{"watch", "Watch7,5", "Apple Watch Ultra 2"},
		{"tv", "AppleTV5,3", "Apple TV HD"},
		{"homepod", "AudioAccessory1,2", "HomePod (1st generation)"},
		{"vision", "RealityDevice17,1", "Apple Vision Pro (M5)"},
		// The newest devices.
		{"iPhone 17e", "iPhone18,5", "iPhone 17e"},
		{"MacBook Neo", "J700AP", "MacBook Neo"},
		// Unknown and empty input.
		{"unknown", "iPhone99,1", ""},
		{"empty", "", ""},
		// The feed's virtual machines are no device models.
		{"virtual machine", "VMA2MACOSAP", ""},
		// A prefix of a name is no name.
		{"prefix", "iPhone 1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := c.Lookup(tc.in)
			if tc.want == "" {
				assert.False(t, ok, m.Name)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, m.Name)
		})
	}
}

// TestMaxMajor spot-checks the newest OS per Apple's compatibility lists,
// in year-based numbering.
func TestMaxMajor(t *testing.T) {
	c := version.DefaultCatalog()
	tests := []struct {
		model string
		max   int
	}{
		{"iPhone 5s", 12}, {"iPhone 6s", 15}, {"iPhone 7", 15}, {"iPhone 8", 16}, {"iPhone X", 16},
		{"iPhone XS", 18}, {"iPhone XR", 18}, {"iPhone 11", 26}, {"iPhone SE (2nd generation)", 26},
		{"iPod touch (7th generation)", 15}, {"iPad (6th generation)", 17}, {"iPad (7th generation)", 18},
		{"iPad (8th generation)", 26}, {"iPad Air 2", 15}, {"iPad mini 4", 15}, {"iPad Pro 9.7-inch", 16},
		{"iPad Pro 10.5-inch", 17}, {"iPad Pro 11-inch (1st generation)", 26},
		{"Apple Watch Series 3", 8}, {"Apple Watch Series 5", 10}, {"Apple Watch SE (1st generation)", 10},
		{"Apple Watch Series 6", 26}, {"Apple TV HD", 26},
		{"MacBook Air (Retina, 13-inch, 2018)", 14}, {"MacBook Air (Retina, 13-inch, 2020)", 15},
		{"MacBook Pro (15-inch, 2017)", 13}, {"iMac Pro", 15}, {"MacBook Pro (16-inch, 2019)", 26},
		{"MacBook Pro (13-inch, 2020, Two Thunderbolt 3 ports)", 15}, {"Mac mini (M1, 2020)", 26},
	}
	for _, tc := range tests {
		m, ok := c.Lookup(tc.model)
		require.True(t, ok, tc.model)
		assert.Equal(t, tc.max, m.MaxMajor, tc.model)
	}
}

// TestModelMethods checks Runs, AppleSilicon and Has.
func TestModelMethods(t *testing.T) {
	c := version.DefaultCatalog()
	xs, _ := c.Lookup("iPhone XS")
	assert.True(t, xs.Runs(12))
	assert.True(t, xs.Runs(18))
	assert.False(t, xs.Runs(26))
	assert.False(t, xs.Runs(11), "shipped with iOS 12")
	assert.Equal(t, "iPhone XS", xs.String())

	air, _ := c.Lookup("J413AP")
	assert.True(t, air.AppleSilicon())
	assert.True(t, air.Has("mac14,2"))
	assert.True(t, air.Has("J413AP"))
	assert.False(t, air.Has("J313AP"))
	intel, _ := c.Lookup("iMac Pro")
	assert.False(t, intel.AppleSilicon())
	assert.False(t, xs.AppleSilicon(), "only Macs")

	pods, _ := c.Lookup("AirPods Max")
	assert.False(t, pods.Runs(0), "accessories run no OS")
}

// TestCatalogReturnsCopies checks that changing returned models does not
// change the catalog.
func TestCatalogReturnsCopies(t *testing.T) {
	c := version.DefaultCatalog()
	m, _ := c.Lookup("iPhone 11")
	m.Identifiers[0] = "changed"
	all := c.Models()
	all[0].Name = "changed"
	all[0].Identifiers = append(all[0].Identifiers, "appended")
	fam := c.Family(version.FamilyIPhone)
	fam[0].Identifiers[0] = "changed"
	res := c.Resolve("iPhone 11")
	res.Models[0].Identifiers[0] = "changed"

	again, ok := c.Lookup("iPhone12,1")
	require.True(t, ok)
	assert.Equal(t, []string{"iPhone12,1"}, again.Identifiers)
	first := c.Models()[0]
	assert.NotEqual(t, "changed", first.Name)
	assert.NotContains(t, first.Identifiers, "changed")
	assert.NotContains(t, c.Models()[1].Identifiers, "appended")
}

// validModel returns a model NewCatalog accepts.
func validModel(name, id string) version.Model {
	return version.Model{
		Name: name, Identifiers: []string{id}, Family: version.FamilyIPhone, Generation: 1,
		Released: 2030, Platform: version.IOS, MinMajor: 30, MaxMajor: 31,
	}
}

// TestNewCatalog builds a small catalog and checks it owns its models.
func TestNewCatalog(t *testing.T) {
	a := validModel("Phone A", "Phone1,1")
	b := validModel("Phone B", "Phone2,1")
	b.Generation = 2
	in := []version.Model{b, a}
	c, err := version.NewCatalog(in)
	require.NoError(t, err)
	in[1].Identifiers[0] = "changed"
	m, ok := c.Lookup("phone1,1")
	require.True(t, ok)
	assert.Equal(t, "Phone A", m.Name)
	// Catalog order is input order; Family is generation order.
	assert.Equal(t, "Phone B", c.Models()[0].Name)
	assert.Equal(t, "Phone A", c.Family(version.FamilyIPhone)[0].Name)
	assert.Nil(t, c.Family("Toaster"))
}

// TestNewCatalogErrors checks that invalid models are rejected with a
// *CatalogError naming the model.
func TestNewCatalogErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *version.Model)
		second bool // the error is about the second model
	}{
		// A model needs a name.
		{"no name", func(m *version.Model) { m.Name = " " }, false},
		// And a family.
		{"no family", func(m *version.Model) { m.Family = "" }, false},
		// Generations start at 1.
		{"generation 0", func(m *version.Model) { m.Generation = 0 }, false},
		// Platforms must be known.
		{"unknown platform", func(m *version.Model) { m.Platform = "Windows" }, false},
		// Safari is no device's OS.
		{"Safari", func(m *version.Model) { m.Platform = version.Safari }, false},
		// Majors need a platform.
		{"majors without platform", func(m *version.Model) { m.Platform = "" }, false},
		// MinMajor <= MaxMajor.
		{"min above max", func(m *version.Model) { m.MinMajor = 32 }, false},
		// Identifiers are unique, ignoring case.
		{"duplicate identifier", func(m *version.Model) { m.Identifiers = []string{"PHONE1,1"} }, true},
		// A name may not repeat another's alias.
		{"name is another's alias", func(m *version.Model) { m.Name = "Phone Alpha" }, true},
		// Empty identifiers are rejected.
		{"empty identifier", func(m *version.Model) { m.BoardIDs = []string{""} }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := validModel("Phone A", "Phone1,1")
			a.Aliases = []string{"Phone Alpha"}
			b := validModel("Phone B", "Phone2,1")
			if tc.second {
				tc.change(&b)
			} else {
				tc.change(&a)
			}
			c, err := version.NewCatalog([]version.Model{a, b})
			assert.Nil(t, c)
			require.ErrorIs(t, err, version.ErrInvalidCatalog)
			var ce *version.CatalogError
			require.ErrorAs(t, err, &ce)
			want := 0
			if tc.second {
				want = 1
			}
			assert.Equal(t, want, ce.Index)
			assert.True(t, strings.HasPrefix(err.Error(), "version: "), err.Error())
		})
	}
	t.Run("empty", func(t *testing.T) {
		_, err := version.NewCatalog(nil)
		require.ErrorIs(t, err, version.ErrInvalidCatalog)
	})
}

// TestParseCatalog reads the JSON form and rejects malformed input.
func TestParseCatalog(t *testing.T) {
	c, err := version.ParseCatalog(strings.NewReader(`{"models":[{"name":"Phone A","family":"iPhone","gen":1,"year":2030,"platform":"iOS","min":30,"max":31,"ids":["Phone1,1"]}]}`))
	require.NoError(t, err)
	m, ok := c.Lookup("Phone1,1")
	require.True(t, ok)
	assert.Equal(t, 31, m.MaxMajor)

	for name, in := range map[string]string{
		"not JSON":      `models`,
		"unknown field": `{"models":[{"name":"Phone A","family":"iPhone","gen":1,"colour":"red"}]}`,
		"trailing data": `{"models":[{"name":"Phone A","family":"iPhone","gen":1}]} {}`,
		"no models":     `{"models":[]}`,
		"wrong type":    `{"models":[{"name":"Phone A","family":"iPhone","gen":"first"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := version.ParseCatalog(strings.NewReader(in))
			require.ErrorIs(t, err, version.ErrInvalidCatalog)
		})
	}
}

// TestCatalogConcurrent uses the shared catalog from several goroutines
// (run with -race).
func TestCatalogConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			c := version.DefaultCatalog()
			for range 20 {
				if _, ok := c.Lookup("J413AP"); !ok {
					t.Error("lookup failed")
				}
				if r := c.Resolve("iPhone 11 and later, macOS Tahoe"); len(r.Models) == 0 {
					t.Error("nothing resolved")
				}
				_ = c.Family(version.FamilyIPadPro)
			}
		})
	}
	wg.Wait()
}
