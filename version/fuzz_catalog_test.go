package version_test

import (
	"strings"
	"testing"

	"github.com/applesec/applesec/version"
)

// FuzzParseCatalog: any input is read or rejected with an error, never a
// panic, and a catalog read has lookups that work.
func FuzzParseCatalog(f *testing.F) {
	f.Add(`{"models":[{"name":"iPhone 11","family":"iPhone","gen":1,"platform":"iOS","max":26,"ids":["iPhone12,1"]}]}`)
	f.Add(`{"models":[]}`)
	f.Add(`{"models":[{"name":""}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := version.ParseCatalog(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, m := range c.Models() {
			if _, ok := c.Lookup(m.Name); !ok {
				t.Fatalf("model %q of a parsed catalog is not found by name", m.Name)
			}
		}
	})
}

// FuzzParsePlatform: names that parse give a valid platform.
func FuzzParsePlatform(f *testing.F) {
	for _, s := range []string{"iOS", "iPhone OS", "Mac OS X", "xrOS", "Safari", "HomePod Software", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, ok := version.ParsePlatform(s); ok && !p.Valid() {
			t.Fatalf("ParsePlatform(%q) = %q, which is not a valid platform", s, p)
		}
	})
}

// FuzzFromParts: the osquery and pmv form either fails or gives a version
// whose text form parses back to it.
func FuzzFromParts(f *testing.F) {
	f.Add("iOS", "26.3.1", "(a)", "23D771330a")
	f.Add("macOS", "13.3.1", "a", "")
	f.Add("iPadOS", "17.7.10", "", "21H450")
	f.Fuzz(func(t *testing.T, platform, core, extra, build string) {
		v, err := version.FromParts(version.Platform(platform), core, extra, build)
		if err != nil {
			return
		}
		back, err := version.Parse(v.String())
		if err != nil || !back.Equal(v) {
			t.Fatalf("FromParts(%q, %q, %q, %q) = %v, which reads back as %v, %v", platform, core, extra, build, v, back, err)
		}
	})
}
