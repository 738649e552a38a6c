package version_test

import (
	"testing"

	"github.com/applesec/applesec/version"
)

// parseSeeds are real and broken version strings the fuzzers start from.
var parseSeeds = []string{
	"iOS 26.3.1 (a)", "iOS 26.3.1 (a) (23D771330a)", "iPadOS 17.7.10", "macOS Tahoe 26.2",
	"macOS Big Sur 11.7.10", "OS X El Capitan 10.11.6", "OS X Mountain Lion v10.8.5", "Safari 18",
	"visionOS 2.4.1", "xrOS 1.0", "iOS 26.2 (23C55)", "macOS 26.3.2(a)", "iOS 16.5.1 (c) 20F770750d",
	"", "iOS", "iOS 26..1", "iOS 26.3.1 (aa)", "iOS 26.3.1 (A)", "iOS -1", "iOS 99999999999999999999",
	"Windows 10", "26.3.1 (a)", "iOS 19.0", "macOS Tahoe 15.2", "iOS 26.3.1 (a", "HomePod Software 26.2",
}

func FuzzParse(f *testing.F) {
	for i, s := range parseSeeds {
		f.Add(s, parseSeeds[(i+1)%len(parseSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		v, err := version.Parse(a)
		if err != nil {
			if !v.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %v", a, v)
			}
			return
		}
		if v.IsZero() {
			t.Fatalf("Parse(%q) = zero version without error", a)
		}
		// Round trip: the canonical string parses back to the same value.
		s := v.String()
		w, err := version.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) -> %q, which does not parse: %v", a, s, err)
		}
		if w != v {
			t.Fatalf("Parse(%q) = %#v, Parse(String()) = %#v", a, v, w)
		}
		if w.String() != s {
			t.Fatalf("String not stable: %q then %q", s, w.String())
		}
		if v.Compare(v) != 0 || !v.Equal(v) {
			t.Fatalf("%v does not equal itself", v)
		}
		// The parts it exposes rebuild it.
		x, err := version.FromParts(v.Platform(), v.Core(), v.Extra(), v.Build().String())
		if err != nil || x != v {
			t.Fatalf("FromParts of %v = %v, %v", v, x, err)
		}
		if base := v.Base(); base.Compare(v) > 0 || base.Letter() != "" || !base.Build().IsZero() {
			t.Fatalf("Base(%v) = %v", v, base)
		}
		// Compare is antisymmetric and agrees with Less and Equal.
		u, err := version.Parse(b)
		if err != nil {
			return
		}
		c, d := v.Compare(u), u.Compare(v)
		if c != -d || c < -1 || c > 1 {
			t.Fatalf("Compare(%v, %v) = %d but reverse = %d", v, u, c, d)
		}
		if v.Less(u) != (c < 0) || v.Equal(u) != (c == 0) {
			t.Fatalf("Less/Equal disagree with Compare for %v, %v", v, u)
		}
		// A single point never covers a version of another platform, and a
		// lettered point covers only its own base.
		f := version.FixPoint{Version: v}
		if f.Covers(u) && (u.Platform() != v.Platform() || u.Line() != v.Line()) {
			t.Fatalf("%v covers %v across lines", v, u)
		}
	})
}

func FuzzParseFor(f *testing.F) {
	for _, s := range []string{"26.3.1 (a)", "26.3.1(a)", "26.3.1 (a) 23D771330a", "26.2", "Tahoe 26.2", "v10.8.5", "(a)", "1.", "0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []version.Platform{version.IOS, version.MacOS, version.Safari} {
			v, err := version.ParseFor(p, s)
			if err != nil {
				continue
			}
			if v.Platform() != p {
				t.Fatalf("ParseFor(%s, %q) gave platform %s", p, s, v.Platform())
			}
			if w, err := version.Parse(v.String()); err != nil || w != v {
				t.Fatalf("ParseFor(%s, %q) = %v does not round-trip: %v, %v", p, s, v, w, err)
			}
		}
	})
}

func FuzzParseBuild(f *testing.F) {
	for _, s := range []string{"23D8133", "23D771330a", "25D771400a", "21H461", "20U512", "22B5034e", "4A093", "(23C55)", "", "23d8133", "23D", "999Z999999999999z"} {
		f.Add(s, "23D8133")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, err := version.ParseBuild(a)
		if err != nil {
			if !x.IsZero() {
				t.Fatalf("ParseBuild(%q) failed but returned %v", a, x)
			}
			return
		}
		y, err := version.ParseBuild(x.String())
		if err != nil || y != x {
			t.Fatalf("ParseBuild(%q) = %v does not round-trip: %v, %v", a, x, y, err)
		}
		if x.Compare(x) != 0 {
			t.Fatalf("%v does not equal itself", x)
		}
		z, err := version.ParseBuild(b)
		if err != nil {
			return
		}
		if c, d := x.Compare(z), z.Compare(x); c != -d || (c == 0) != (x == z) {
			t.Fatalf("Compare(%v, %v) = %d, reverse %d", x, z, c, d)
		}
	})
}
