package export

import (
	"testing"

	"github.com/applesec/applesec/advisory"
)

// BenchmarkCSAF and BenchmarkSOFA export the real captures (about 45
// advisories); run with -bench . -benchmem.
func BenchmarkCSAF(b *testing.B) {
	in := Input{Advisories: realworldDocs(b), Now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CSAF(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSOFA(b *testing.B) {
	in := Input{Advisories: realworldDocs(b), Now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SOFA(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSOFAOne exports one advisory, the unit of work of FuzzSOFA.
func BenchmarkSOFAOne(b *testing.B) {
	in := Input{Advisories: []*advisory.Advisory{realworldDocs(b)[0]}, Now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SOFA(in); err != nil {
			b.Fatal(err)
		}
	}
}
