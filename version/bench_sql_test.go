package version_test

import (
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/applesec/applesec/version"
)

// BenchmarkScan measures Version.Scan of a database value against
// semver.Version.Scan of the numeric core, the baseline.
func BenchmarkScan(b *testing.B) {
	b.Run("baseline/semver.Scan-core", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v semver.Version
			if err := v.Scan([]byte("26.3.1")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Version.Scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v version.Version
			if err := v.Scan([]byte("iOS 26.3.1 (a) (23D771330a)")); err != nil {
				b.Fatal(err)
			}
		}
	})
}
