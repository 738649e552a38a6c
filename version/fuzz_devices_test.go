package version_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/applesec/applesec/version"
)

// FuzzParsePMV feeds arbitrary bytes to ParsePMV: it must not panic, must
// fail only with ErrInvalidPMV, and every offer it returns must hold
// devices and a version that prints and parses back to itself.
func FuzzParsePMV(f *testing.F) {
	for _, name := range []string{"bsi_2026.json", "rsr_2023.json"} {
		data, err := os.ReadFile(filepath.Join(pmvDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"PublicAssetSets":{"iOS":[{"ProductVersion":"26.4","Build":"23E246","SupportedDevices":["iPad8,1","Watch6,1"]}]}}`))
	f.Add([]byte(`{"PublicBackgroundSecurityImprovements":{"macOS":[{"ProductVersion":"26.3.1","ProductVersionExtra":"(a)","PrerequisiteBuild":"25D2128","SupportedDevices":["J413AP"]}]}}`))
	f.Add([]byte(`{"AssetSets":{"xrOS":[{"ProductVersion":"1.0","SupportedDevices":["RealityDevice14,1"]}]}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := version.ParsePMV(strings.NewReader(string(data)))
		if err != nil {
			if !errors.Is(err, version.ErrInvalidPMV) {
				t.Fatalf("error %v does not wrap ErrInvalidPMV", err)
			}
			if p != nil {
				t.Fatal("result with an error")
			}
			return
		}
		for _, o := range append(p.Releases, p.BSIs...) {
			if len(o.Devices) == 0 {
				t.Fatalf("offer %s without devices", o.Version)
			}
			if !o.Version.Platform().Valid() {
				t.Fatalf("offer with platform %q", o.Version.Platform())
			}
			back, err := version.Parse(o.Version.String())
			if err != nil || back != o.Version {
				t.Fatalf("%q does not parse back: %v", o.Version, err)
			}
			for _, d := range o.Devices {
				if len(p.OffersFor(d)) == 0 {
					t.Fatalf("device %q has no offers", d)
				}
			}
		}
	})
}

// FuzzResolve feeds arbitrary phrases to Resolve and Lookup: no panic,
// models distinct, and every part reported as non-Apple or unresolved
// non-empty.
func FuzzResolve(f *testing.F) {
	for _, tc := range resolveCases {
		f.Add(tc.phrase)
	}
	f.Add("iPad Pro 11-inch (1st generation - )")
	f.Add("((((, and and later (all models)")
	f.Add("macOS Tahoe 26.3.1 (a) and later")
	f.Add("iPhone 4s and later, iPod touch (5th generation) and later, iPad 2 and later")
	f.Add("devices with Apple Neural Engine: iPhone XS and later, iPad mini 2 and later")
	c := version.DefaultCatalog()
	f.Fuzz(func(t *testing.T, phrase string) {
		r := c.Resolve(phrase)
		seen := map[string]bool{}
		for _, m := range r.Models {
			if seen[m.Name] {
				t.Fatalf("%s twice", m.Name)
			}
			seen[m.Name] = true
		}
		for _, s := range append(r.Unresolved, r.NonApple...) {
			if strings.TrimSpace(s) == "" {
				t.Fatalf("empty part reported for %q", phrase)
			}
		}
		c.Lookup(phrase)
	})
}
