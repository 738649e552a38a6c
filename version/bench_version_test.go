package version_test

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/applesec/applesec/version"
)

// sinks keep results alive so the compiler cannot drop the work.
var (
	sinkVersion version.Version
	sinkInt     int
	sinkBool    bool
	sinkSemver  *semver.Version
)

var benchInputs = []string{
	"iOS 26.3.1 (a) (23D771330a)",
	"macOS Tahoe 26.2",
	"OS X El Capitan 10.11.6",
	"Safari 26.4",
	"iPadOS 17.7.10",
}

func BenchmarkParse(b *testing.B) {
	size := 0
	for _, s := range benchInputs {
		size += len(s)
	}
	b.Run("version.Parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range benchInputs {
				v, err := version.Parse(s)
				if err != nil {
					b.Fatal(err)
				}
				sinkVersion = v
			}
		}
	})
	// Baseline: semver on the numeric cores alone, which it can read.
	cores := []string{"26.3.1", "26.2", "10.11.6", "26.4", "17.7.10"}
	b.Run("baseline/semver.NewVersion-core", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range cores {
				v, err := semver.NewVersion(s)
				if err != nil {
					b.Fatal(err)
				}
				sinkSemver = v
			}
		}
	})
}

func BenchmarkCompare(b *testing.B) {
	vs := make([]version.Version, len(benchInputs))
	for i, s := range benchInputs {
		vs[i] = version.MustParse(s)
	}
	b.Run("version.Compare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range vs {
				sinkInt += vs[i].Compare(vs[(i+1)%len(vs)])
			}
		}
	})
	b.Run("baseline/strings.Compare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range benchInputs {
				sinkInt += strings.Compare(benchInputs[i], benchInputs[(i+1)%len(benchInputs)])
			}
		}
	})
	sv := make([]*semver.Version, 0, 5)
	for _, s := range []string{"26.3.1", "26.2", "10.11.6", "26.4", "17.7.10"} {
		sv = append(sv, semver.MustParse(s))
	}
	b.Run("baseline/semver.Compare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range sv {
				sinkInt += sv[i].Compare(sv[(i+1)%len(sv)])
			}
		}
	})
}

// BenchmarkFixSetCovers checks a fleet of devices against the fix set of
// CVE-2026-20643; Covers must not allocate.
func BenchmarkFixSetCovers(b *testing.B) {
	s := cve202620643(b)
	fleet := make([]version.Version, 0, 12)
	for _, d := range []string{
		"iOS 26.3.1 (a)", "iOS 26.3.1", "iOS 26.3.2", "iOS 26.4.1", "iOS 27.0", "iOS 18.7.6",
		"iOS 17.7.10", "macOS 26.3.2", "macOS 15.7.4", "Safari 26.4", "iPadOS 26.5", "watchOS 26.3",
	} {
		fleet = append(fleet, version.MustParse(d))
	}
	b.Run("FixSet.Covers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, v := range fleet {
				sinkBool = s.Covers(v)
			}
		}
	})
	b.Run("FixSet.FixFor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, v := range fleet {
				sinkVersion, sinkBool = s.FixFor(v)
			}
		}
	})
	// Baseline: the naive (wrong) display-order test against the smallest
	// fix of each platform, the least work any coverage check must do.
	mins := map[version.Platform]version.Version{}
	for _, p := range s.Points() {
		if m, ok := mins[p.Version.Platform()]; !ok || p.Version.Less(m) {
			mins[p.Version.Platform()] = p.Version
		}
	}
	b.Run("baseline/display-order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, v := range fleet {
				m, ok := mins[v.Platform()]
				sinkBool = ok && !v.Less(m)
			}
		}
	})
}

func TestCoversDoesNotAllocate(t *testing.T) {
	s := cve202620643(t)
	v := version.MustParse("macOS 26.3.2")
	w := version.MustParse("iOS 26.3")
	allocs := testing.AllocsPerRun(100, func() {
		sinkBool = s.Covers(v)
		sinkInt = v.Compare(w)
		sinkVersion, sinkBool = s.FixFor(w)
	})
	if allocs != 0 {
		t.Fatalf("Covers/Compare/FixFor allocate %v times per run", allocs)
	}
}
