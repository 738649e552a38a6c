package advisory

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/applesec/applesec/version"
)

// A synthetic year of advisories and a synthetic fleet, both deterministic.
//
// The year has ten release days. Each day ships iOS/iPadOS 26.x, iOS/iPadOS
// 18.7.x, macOS 26.x and Safari 26.x; even days also macOS 15.7.x, macOS
// 14.8.x, watchOS and visionOS, odd days tvOS; two Background Security
// Improvements come between days. About 40 CVEs a day are spread over the
// platforms as Apple's are: WebKit (iOS, macOS 26, Safari, visionOS), system
// components on every OS, macOS-only, iOS-only and iPhone-17-only fixes.
//
// The fleet has 1,000,000 devices in a few hundred distinct states (model,
// OS, Safari) drawn with a Zipf distribution: a few states hold most of the
// devices, as in real fleets where most devices run the latest update.

const (
	benchDays       = 10
	benchCVEsPerDay = 40
	benchFleetSize  = 1_000_000
	benchStates     = 300
)

// benchYear returns the synthetic year's advisories.
func benchYear() []*Advisory {
	r := rand.New(rand.NewPCG(2026, 1))
	ios26 := []string{"26.0.1", "26.1", "26.2", "26.2.1", "26.3", "26.3.1", "26.4", "26.4.1", "26.5", "26.6"}
	ios18 := []string{"18.7.1", "18.7.2", "18.7.3", "18.7.4", "18.7.5", "18.7.6", "18.7.7", "18.7.8", "18.7.9", "18.7.10"}
	mac15 := []string{"15.7.1", "15.7.2", "15.7.3", "15.7.4", "15.7.5", "15.7.6", "15.7.7", "15.7.8", "15.7.9", "15.7.10"}
	mac14 := []string{"14.8.1", "14.8.2", "14.8.3", "14.8.4", "14.8.5", "14.8.6", "14.8.7", "14.8.8", "14.8.9", "14.8.10"}
	var advs []*Advisory
	n := 0
	newID := func(day int) string {
		n++
		return fmt.Sprintf("APPLE-SA-%02d-%02d-2026-%d", day+1, 10+day, n)
	}
	type kind int
	const (
		webkit kind = iota
		system
		macOnly
		iosOnly
		iphone17
	)
	pick := func() kind {
		switch x := r.IntN(100); {
		case x < 30:
			return webkit
		case x < 60:
			return system
		case x < 80:
			return macOnly
		case x < 95:
			return iosOnly
		}
		return iphone17
	}
	cveNum := 30000
	for day := range benchDays {
		adv := map[string]*Advisory{}
		add := func(key, title string, releases ...ProductVersion) {
			adv[key] = mail(newID(day), title, releases)
		}
		add("ios26", "iOS "+ios26[day]+" and iPadOS "+ios26[day], pv("iOS", ios26[day], ""), pv("iPadOS", ios26[day], ""))
		add("ios18", "iOS "+ios18[day]+" and iPadOS "+ios18[day], pv("iOS", ios18[day], ""), pv("iPadOS", ios18[day], ""))
		add("mac26", "macOS Tahoe "+ios26[day], pv("macOS", ios26[day], ""))
		add("safari", "Safari "+ios26[day], pv("Safari", ios26[day], ""))
		if day%2 == 0 {
			add("mac15", "macOS Sequoia "+mac15[day], pv("macOS", mac15[day], ""))
			add("mac14", "macOS Sonoma "+mac14[day], pv("macOS", mac14[day], ""))
			add("watch", "watchOS "+ios26[day], pv("watchOS", ios26[day], ""))
			add("vision", "visionOS "+ios26[day], pv("visionOS", ios26[day], ""))
		} else {
			add("tv", "tvOS "+ios26[day], pv("tvOS", ios26[day], ""))
		}
		var bsi *Advisory
		if day == 4 || day == 7 {
			// A BSI on the previous update, shipped before this day's.
			base := ios26[day-1]
			bsi = mail(newID(day), "Background Security Improvements for iOS "+base+", iPadOS "+base+", and macOS "+base,
				[]ProductVersion{pv("iOS", base, "(a)"), pv("iPadOS", base, "(a)"), pv("macOS", base, "(a)")})
			advs = append(advs, bsi)
		}
		entry := func(key, component, availableFor, id string) {
			if a := adv[key]; a != nil {
				a.Entries = append(a.Entries, fix(component, availableFor, id))
			}
		}
		for range benchCVEsPerDay {
			cveNum++
			id := fmt.Sprintf("CVE-2026-%d", cveNum)
			switch pick() {
			case webkit:
				entry("ios26", "WebKit", forIOS26, id)
				entry("ios18", "WebKit", forIOS18, id)
				entry("mac26", "WebKit", "macOS Tahoe", id)
				entry("safari", "WebKit", "macOS Sonoma and macOS Sequoia", id)
				entry("vision", "WebKit", "Apple Vision Pro", id)
				if bsi != nil && len(bsi.Entries) < 2 {
					bsi.Entries = append(bsi.Entries, fix("WebKit", "iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1", id))
				}
			case system:
				for _, k := range []string{"ios26", "ios18", "mac26", "mac15", "mac14", "watch", "tv", "vision"} {
					entry(k, "Kernel", "", id)
				}
			case macOnly:
				entry("mac26", "StorageKit", "macOS Tahoe", id)
				entry("mac15", "StorageKit", "macOS Sequoia", id)
				entry("mac14", "StorageKit", "macOS Sonoma", id)
			case iosOnly:
				entry("ios26", "Messages", forIOS26, id)
				entry("ios18", "Messages", forIOS18, id)
			case iphone17:
				entry("ios26", "Camera", "iPhone 17 (all models) and iPhone Air", id)
			}
		}
		for _, k := range []string{"ios26", "ios18", "mac26", "safari", "mac15", "mac14", "watch", "tv", "vision"} {
			if a := adv[k]; a != nil {
				advs = append(advs, a)
			}
		}
	}
	return advs
}

// benchFleet returns a synthetic fleet of n devices and its distinct states.
func benchFleet(n int) (fleet, states []Device) {
	r := rand.New(rand.NewPCG(2026, 2))
	mv := func(s string) version.Version { return version.MustParse(s) }
	iosVersions := func(majors ...int) []string {
		var out []string
		for _, m := range majors {
			switch m {
			case 26:
				out = append(out, "26.0", "26.0.1", "26.1", "26.2", "26.2.1", "26.3", "26.3.1", "26.3.1 (a)", "26.4", "26.4.1", "26.5", "26.5 (a)", "26.6")
			case 18:
				out = append(out, "18.6.2", "18.7", "18.7.2", "18.7.4", "18.7.6", "18.7.8", "18.7.10")
			case 16:
				out = append(out, "16.7.10", "16.7.11", "16.7.12")
			}
		}
		return out
	}
	type modelPool struct {
		model    string
		platform string
		versions []string
		safari   []string // for Macs on older lines
	}
	pools := []modelPool{
		{"iPhone 17", "iOS", iosVersions(26), nil},
		{"iPhone 17 Pro", "iOS", iosVersions(26), nil},
		{"iPhone Air", "iOS", iosVersions(26), nil},
		{"iPhone 16", "iOS", iosVersions(26, 18), nil},
		{"iPhone 15", "iOS", iosVersions(26, 18), nil},
		{"iPhone 14", "iOS", iosVersions(26, 18), nil},
		{"iPhone 13", "iOS", iosVersions(26, 18), nil},
		{"iPhone 12", "iOS", iosVersions(26, 18), nil},
		{"iPhone 11", "iOS", iosVersions(26, 18), nil},
		{"iPhone XS", "iOS", iosVersions(18), nil},
		{"iPhone X", "iOS", iosVersions(16), nil},
		{"iPhone 8", "iOS", iosVersions(16), nil},
		{"iPad (10th generation)", "iPadOS", iosVersions(26, 18), nil},
		{"iPad Air (3rd generation)", "iPadOS", iosVersions(26, 18), nil},
		{"MacBook Air (M2, 2022)", "macOS", []string{"26.1", "26.2", "26.3", "26.3.1", "26.3.1 (a)", "26.4", "26.5", "26.6", "15.7.4", "15.7.8", "14.8.4"}, []string{"18.6", "26.2", "26.4", "26.6"}},
		{"MacBook Air (M1, 2020)", "macOS", []string{"26.2", "26.4", "26.6", "15.7.2", "15.7.6", "14.8.6"}, []string{"26.0", "26.3", "26.5"}},
		{"MacBook Pro (14-inch, 2021)", "macOS", []string{"26.3", "26.4.1", "26.6", "15.7.9"}, []string{"26.1", "26.6"}},
		{"MacBook Air (Retina, 13-inch, 2018)", "macOS", []string{"14.8.2", "14.8.5", "14.8.9"}, []string{"18.6", "26.1", "26.4", "26.6"}},
		{"MacBook Pro (13-inch, 2017, Two Thunderbolt 3 ports)", "macOS", []string{"13.7.6", "13.7.8"}, []string{"18.6"}},
		{"Apple Watch Series 9", "watchOS", []string{"26.0", "26.2", "26.4", "26.6"}, nil},
	}
	var all []Device
	for _, p := range pools {
		for _, v := range p.versions {
			os := mv(p.platform + " " + v)
			if p.platform != "macOS" {
				all = append(all, Device{Model: p.model, OS: os})
				continue
			}
			if os.Major() >= 26 {
				all = append(all, Device{Model: p.model, OS: os, Safari: mv("Safari " + os.Core())})
				continue
			}
			for _, s := range p.safari {
				all = append(all, Device{Model: p.model, OS: os, Safari: mv("Safari " + s)})
			}
			all = append(all, Device{Model: p.model, OS: os}) // Safari unknown
		}
	}
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	states = all[:min(benchStates, len(all))]
	z := rand.NewZipf(r, 1.3, 2, uint64(len(states)-1))
	fleet = make([]Device, n)
	for i := range fleet {
		fleet[i] = states[z.Uint64()]
	}
	return fleet, states
}

// benchData builds the year and fleet once per test binary run.
var benchData = sync.OnceValues(func() (*Coverage, []Device) {
	cov, err := NewCoverage(benchYear(), CoverageOptions{})
	if err != nil {
		panic(err)
	}
	fleet, _ := benchFleet(benchFleetSize)
	return cov, fleet
})

// reportFleet reports per-device metrics for n devices checked per op.
func reportFleet(b *testing.B, n int) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(n)
	b.ReportMetric(ns, "ns/device")
	b.ReportMetric(1e9/ns, "devices/s")
}

func BenchmarkFleetCoverage(b *testing.B) {
	cov, fleet := benchData()
	b.Logf("%d CVEs, %d devices", len(cov.CVEs()), len(fleet))

	// One full pass over the fleet per op with a warm Checker: a map
	// lookup per device, no copy, no allocation.
	b.Run("checker-warm", func(b *testing.B) {
		k := cov.NewChecker()
		for _, d := range fleet {
			k.Exposed(d)
		}
		b.ReportAllocs()
		b.ResetTimer()
		total := 0
		for range b.N {
			for _, d := range fleet {
				total += len(k.Exposed(d))
			}
		}
		reportFleet(b, len(fleet))
		b.ReportMetric(float64(k.States()), "states")
		b.ReportMetric(float64(total)/float64(b.N)/float64(len(fleet)), "CVEs/device")
	})

	// A full pass with a new Checker: what a run after new advisories costs.
	b.Run("checker-cold", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			k := cov.NewChecker()
			for _, d := range fleet {
				k.Exposed(d)
			}
		}
		reportFleet(b, len(fleet))
	})

	// The same pass on two goroutines, each with its own Checker.
	b.Run("checker-cold-2goroutines", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var wg sync.WaitGroup
			half := len(fleet) / 2
			for _, part := range [][]Device{fleet[:half], fleet[half:]} {
				wg.Go(func() {
					k := cov.NewChecker()
					for _, d := range part {
						k.Exposed(d)
					}
				})
			}
			wg.Wait()
		}
		reportFleet(b, len(fleet))
	})

	// Baseline: Coverage.Exposed per device, no memo (first 10,000 devices).
	b.Run("exposed-no-memo", func(b *testing.B) {
		part := fleet[:10_000]
		buf := make([]string, 0, len(cov.CVEs()))
		b.ReportAllocs()
		for range b.N {
			for _, d := range part {
				buf = cov.Exposed(d, buf[:0])
			}
		}
		reportFleet(b, len(part))
	})

	// Baseline: the naive loop, Check per (device, CVE) (first 200 devices).
	b.Run("naive-check", func(b *testing.B) {
		part := fleet[:200]
		ids := cov.CVEs()
		b.ReportAllocs()
		for range b.N {
			for _, d := range part {
				for _, id := range ids {
					_ = cov.Check(id, d)
				}
			}
		}
		reportFleet(b, len(part))
	})
}

func BenchmarkNewCoverage(b *testing.B) {
	advs := benchYear()
	b.ReportAllocs()
	for range b.N {
		if _, err := NewCoverage(advs, CoverageOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(advs)), "advisories")
}

func TestBenchDataShape(t *testing.T) {
	// The synthetic year and fleet are what the benchmark claims.
	advs := benchYear()
	if len(advs) < 55 || len(advs) > 75 {
		t.Fatalf("%d advisories, want about 60", len(advs))
	}
	cov, err := NewCoverage(advs, CoverageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cov.CVEs()); n != benchDays*benchCVEsPerDay {
		t.Fatalf("%d CVEs, want %d", n, benchDays*benchCVEsPerDay)
	}
	if testing.Short() {
		return
	}
	fleet, states := benchFleet(100_000) // the benchmark's fleet is the same draw, ten times longer
	seen := map[Device]int{}
	for _, d := range fleet {
		seen[d]++
	}
	if len(seen) < 100 || len(seen) > len(states) {
		t.Fatalf("%d distinct states in the fleet, want a few hundred", len(seen))
	}
	top := 0
	for _, n := range seen {
		top = max(top, n)
	}
	if top < len(fleet)/20 {
		t.Fatalf("most common state has %d devices: the distribution is not skewed", top)
	}
	for _, d := range states {
		if r := cov.CheckAll(d); len(r) == 0 {
			t.Fatalf("no results for %+v", d)
		}
		if _, ok := version.DefaultCatalog().Lookup(d.Model); !ok {
			t.Fatalf("state model %q not in the catalog", d.Model)
		}
	}
}

// distinctFleet returns n devices in about states distinct states: the
// bench fleet's states, each under many build numbers, drawn uniformly.
func distinctFleet(n, states int) []Device {
	_, base := benchFleet(1)
	all := make([]Device, 0, states)
	for i := 0; len(all) < states; i++ {
		d := base[i%len(base)]
		build := fmt.Sprintf("%dA%d", 20+i%7, 100+i/len(base))
		v, err := version.FromParts(d.OS.Platform(), d.OS.Core(), letterExtra(d.OS), build)
		if err != nil {
			panic(err)
		}
		d.OS = v
		all = append(all, d)
	}
	r := rand.New(rand.NewPCG(7, 11))
	fleet := make([]Device, n)
	for i := range fleet {
		fleet[i] = all[r.IntN(len(all))]
	}
	return fleet
}

// letterExtra returns the "(a)" of a lettered version, "" otherwise.
func letterExtra(v version.Version) string {
	if !v.HasLetter() {
		return ""
	}
	return "(" + v.Letter() + ")"
}

// BenchmarkCheckerDistinctStates is issue #11's case: 1,000,000 devices in
// 15,000 distinct states, one warm pass per op. "view" is Checker.Exposed
// as it is (a shared view); "copy" is the former path, which copied each
// state's IDs into the caller's buffer, measured in the same run.
func BenchmarkCheckerDistinctStates(b *testing.B) {
	cov, _ := benchData()
	fleet := distinctFleet(1_000_000, 15_000)
	k := cov.NewChecker()
	for _, d := range fleet {
		k.Exposed(d)
	}
	b.Logf("%d CVEs, %d devices, %d states", len(cov.CVEs()), len(fleet), k.States())
	b.Run("view", func(b *testing.B) {
		b.ReportAllocs()
		total := 0
		for range b.N {
			for _, d := range fleet {
				total += len(k.Exposed(d))
			}
		}
		reportFleet(b, len(fleet))
	})
	b.Run("copy", func(b *testing.B) {
		buf := make([]string, 0, len(cov.CVEs()))
		b.ReportAllocs()
		total := 0
		for range b.N {
			for _, d := range fleet {
				buf = append(buf[:0], k.Exposed(d)...)
				total += len(buf)
			}
		}
		reportFleet(b, len(fleet))
	})
}
