package advisory

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/version"
)

// Conformance: verdicts built from the real APPLE-SA mails (when the
// captures are present) and from the project's own fixtures in
// testdata/coverage for the releases the captures lack.

// parseFile reads one advisory document with Parse.
func parseFile(t *testing.T, path string) *Advisory {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	doc, err := Parse(f, filepath.Base(path))
	require.NoError(t, err, path)
	a, ok := doc.(*Advisory)
	require.True(t, ok, "%s is not an advisory", path)
	return a
}

// fixture reads testdata/coverage/<name>.
func fixture(t *testing.T, name string) *Advisory {
	t.Helper()
	return parseFile(t, filepath.Join("..", "testdata", "coverage", name))
}

// capture reads a real capture, skipping the test when it is absent.
func capture(t *testing.T, rel string) *Advisory {
	t.Helper()
	return parseFile(t, realworld.Path(t, rel))
}

// march2026Docs are the real BSI and Safari 26.4 mails with the fixtures
// for iOS 26.4, iOS 18.7.7 and macOS Tahoe 26.4.
func march2026Docs(t *testing.T) []*Advisory {
	return []*Advisory{
		capture(t, "apple-sa/APPLE-SA-2026-03-17-1.txt"),
		capture(t, "apple-sa/APPLE-SA-2026-03-24-9.txt"),
		fixture(t, "APPLE-SA-2026-03-24-1.txt"),
		fixture(t, "APPLE-SA-2026-03-24-2.txt"),
		fixture(t, "macos-tahoe-26.4.html"),
	}
}

func TestRealWorldBSIAndSafari(t *testing.T) {
	cov, err := NewCoverage(march2026Docs(t), CoverageOptions{})
	require.NoError(t, err)
	const cve = "CVE-2026-20643"
	runVerdicts(t, cov, []verdictCase{
		// The BSI installed.
		{name: "iPhone 17 on 26.3.1 (a)", cve: cve, model: "iPhone 17", os: "iOS 26.3.1 (a)", verdict: Patched, fixedBy: []string{"iOS 26.3.1 (a)"}},
		// The BSI's base: install it.
		{name: "iPhone 17 on 26.3.1", cve: cve, model: "iPhone 17", os: "iOS 26.3.1", verdict: Exposed, fixedBy: []string{"iOS 26.3.1 (a)"}},
		// 26.3.2 sorts after 26.3.1 (a) yet is not covered: update to 26.4.
		{name: "iPhone 17 on 26.3.2", cve: cve, model: "iPhone 17", os: "iOS 26.3.2", verdict: Exposed, fixedBy: []string{"iOS 26.4"},
			reason: []string{"not covered by the Background Security Improvement iOS 26.3.1 (a), which installs only on 26.3.1", "update to iOS 26.4"}},
		// The full update.
		{name: "iPhone 17 on 26.4", cve: cve, model: "iPhone 17", os: "iOS 26.4", verdict: Patched},
		// A later line.
		// A major Apple has not shipped: no verdict.
		{name: "iPhone 17 on 27", cve: cve, model: "iPhone 17", os: "iOS 27", verdict: Unknown, reason: []string{"not a version Apple has released"}},
		{name: "iPhone 17 on 62.1", cve: cve, model: "iPhone 17", os: "iOS 62.1", verdict: Unknown, reason: []string{"not a version Apple has released"}},
		// Older than the model shipped with.
		{name: "iPhone 17 on 18.7.6", cve: cve, model: "iPhone 17", os: "iOS 18.7.6", verdict: Unknown, reason: []string{"shipped with iOS 26"}},
		// Newer than a model no longer supported can run.
		{name: "iPhone X on 18.7.6", cve: cve, model: "iPhone X", os: "iOS 18.7.6", verdict: Unknown, reason: []string{"at most iOS 16"}},
		// iOS 18: the iOS 18 update.
		{name: "iPhone XS on 18.7.6", cve: cve, model: "iPhone XS", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}},
		// iPhone X stops at iOS 16.
		{name: "iPhone X on 16.7.12", cve: cve, model: "iPhone X", os: "iOS 16.7.12", verdict: ExposedNoFix},
		// Sonoma with Safari 26.3: update Safari.
		{name: "Mac Sonoma Safari 26.3", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 14.8.4", safari: "Safari 26.3", verdict: Exposed,
			fixedBy: []string{"Safari 26.4"}, reason: []string{"update Safari to 26.4"}},
		// Sonoma with Safari 26.4.
		{name: "Mac Sonoma Safari 26.4", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 14.8.4", safari: "Safari 26.4", verdict: Patched},
		// Tahoe 26.3.2: its own BSI.
		{name: "Mac on 26.3.2", cve: cve, model: "MacBook Neo", os: "macOS 26.3.2", verdict: Exposed, fixedBy: []string{"macOS 26.3.2 (a)"}},
		// Tahoe 26.3.2 (a).
		{name: "Mac on 26.3.2 (a)", cve: cve, model: "MacBook Neo", os: "macOS 26.3.2 (a)", verdict: Patched},
		// Tahoe 26.3 (no letter, below both bases): one full update.
		{name: "Mac on 26.3", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 26.3", verdict: Exposed, fixedBy: []string{"macOS 26.4"}},
		// A macOS-only CVE on an iPhone.
		{name: "macOS-only CVE on an iPhone", cve: "CVE-2026-90301", model: "iPhone 17", os: "iOS 26.3", verdict: NotApplicable},
		// A Safari 26.4 CVE that the iOS fixture also lists.
		{name: "shared WebKit CVE on iOS", cve: "CVE-2026-28859", model: "iPhone 17", os: "iOS 26.3.1 (a)", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
		// A Safari 26.4 CVE that no iOS advisory given lists.
		{name: "Safari-only CVE on an iPhone", cve: "CVE-2026-20691", model: "iPhone 17", os: "iOS 26.3", verdict: NotApplicable},
		// Not in any advisory given.
		{name: "unknown CVE", cve: "CVE-2025-43300", model: "iPhone 17", os: "iOS 26.3", verdict: Unknown},
		// A model the catalog does not know.
		{name: "unknown model", cve: cve, model: "iPhone 42", os: "iOS 26.3", verdict: Unknown},
	})
}

func TestRealWorldBSIOnly(t *testing.T) {
	// The real mails alone: no full update is known yet.
	cov, err := NewCoverage([]*Advisory{
		capture(t, "apple-sa/APPLE-SA-2026-03-17-1.txt"),
		capture(t, "apple-sa/APPLE-SA-2026-03-24-9.txt"),
	}, CoverageOptions{})
	require.NoError(t, err)
	const cve = "CVE-2026-20643"
	runVerdicts(t, cov, []verdictCase{
		// The letter for 26.3.2 exists on macOS.
		{name: "Mac on 26.3.2", cve: cve, model: "MacBook Neo", os: "macOS 26.3.2", verdict: Exposed, fixedBy: []string{"macOS 26.3.2 (a)"}},
		// A later update folds the BSI in.
		{name: "Mac on 26.4", cve: cve, model: "MacBook Neo", os: "macOS 26.4", verdict: Patched},
		// No letter for iOS 26.3.2 and no iOS 26.4 advisory given.
		// Apple's situation from 17 to 24 March 2026: exposed, no fix yet;
		// the BSI was never withdrawn.
		{name: "iPhone on 26.3.2", cve: cve, model: "iPhone 17", os: "iOS 26.3.2", verdict: Exposed, fixedBy: []string{},
			reason: []string{"no installable fix yet", "installs only on 26.3.1"}},
		// Sequoia with Safari 26.4.
		{name: "Sequoia Safari 26.4", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 15.7.4", safari: "Safari 26.4", verdict: Patched},
	})
}

func TestRealWorldPMV(t *testing.T) {
	f, err := os.Open(realworld.Path(t, "apple-gdmf/pmv.json"))
	require.NoError(t, err)
	defer f.Close()
	p, err := version.ParsePMV(f)
	require.NoError(t, err)
	cov, err := NewCoverage(march2026Docs(t), CoverageOptions{PMV: p})
	require.NoError(t, err)
	const cve = "CVE-2026-20643"
	runVerdicts(t, cov, []verdictCase{
		// The iOS BSI is offered to iPhone 17.
		{name: "iPhone 17 on 26.3.1", cve: cve, model: "iPhone 17", os: "iOS 26.3.1", verdict: Exposed, fixedBy: []string{"iOS 26.3.1 (a)"}},
		// macOS 26.3.2 (a) is offered to MacBook Neo only.
		{name: "MacBook Neo on 26.3.2", cve: cve, model: "MacBook Neo", os: "macOS 26.3.2", verdict: Exposed, fixedBy: []string{"macOS 26.3.2 (a)"}},
		// Another Mac on 26.3.2 gets the full update.
		{name: "other Mac on 26.3.2", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 26.3.2", verdict: Exposed, fixedBy: []string{"macOS 26.4"},
			reason: []string{"macOS 26.3.2 (a) is not offered for MacBook Air (M2, 2022)"}},
		// The lookup's ceiling for iPhone X is iOS 16.
		{name: "iPhone X", cve: cve, model: "iPhone X", os: "iOS 16.7.12", verdict: ExposedNoFix, reason: []string{"at most iOS 16.7.16"}},
	})
}

func TestRealWorldExploitedWebKit2023(t *testing.T) {
	// CVE-2023-23529, exploited: iOS 16.3.1 and Safari 16.3.1 (Big Sur and Monterey).
	cov, err := NewCoverage([]*Advisory{
		capture(t, "apple-sa/APPLE-SA-2023-02-13-1.txt"),
		capture(t, "apple-sa/APPLE-SA-2023-02-13-3.txt"),
	}, CoverageOptions{})
	require.NoError(t, err)
	const cve = "CVE-2023-23529"
	info, ok := cov.Info(cve)
	require.True(t, ok)
	require.True(t, info.Exploited, "Apple says it may have been actively exploited")
	require.Equal(t, []string{"WebKit"}, info.Components)
	runVerdicts(t, cov, []verdictCase{
		// iOS 16.3: update to 16.3.1.
		{name: "iPhone 8 on 16.3", cve: cve, model: "iPhone 8", os: "iOS 16.3", verdict: Exposed, fixedBy: []string{"iOS 16.3.1"}},
		// iOS 16.3.1.
		{name: "iPhone 8 on 16.3.1", cve: cve, model: "iPhone 8", os: "iOS 16.3.1", verdict: Patched},
		// iOS 16.7.12 is later on the same line.
		{name: "iPhone X on 16.7.12", cve: cve, model: "iPhone X", os: "iOS 16.7.12", verdict: Patched},
		// iOS 17 is a later line.
		{name: "iPhone XS on 17.0", cve: cve, model: "iPhone XS", os: "iOS 17.0", verdict: Patched},
		// An iPad on iPadOS 16.3.
		{name: "iPad on 16.3", cve: cve, model: "iPad Air (3rd generation)", os: "iPadOS 16.3", verdict: Exposed, fixedBy: []string{"iPadOS 16.3.1"}},
		// iPhone 7 stops at iOS 15, which got no fix in these advisories.
		{name: "iPhone 7 on 15.7.3", cve: cve, model: "iPhone 7", os: "iOS 15.7.3", verdict: ExposedNoFix},
		// Monterey with Safari 16.3: the Safari update.
		{name: "Monterey Safari 16.3", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 12.6.3", safari: "Safari 16.3", verdict: Exposed, fixedBy: []string{"Safari 16.3.1"}},
		// Big Sur with Safari 16.3.1.
		{name: "Big Sur Safari 16.3.1", cve: cve, model: "MacBook Air (M1, 2020)", os: "macOS 11.7.3", safari: "Safari 16.3.1", verdict: Patched},
		// Sonoma ships Safari 17.
		{name: "Sonoma", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 14.0", verdict: Patched},
		// Ventura's fix is a macOS update that is not among these advisories.
		{name: "Ventura", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 13.2", safari: "Safari 16.3", verdict: Unknown, reason: []string{"Safari is updated with macOS"}},
		// Apple Watch: not a platform of these fixes.
		{name: "watch", cve: cve, model: "Apple Watch Series 9", os: "watchOS 10.3", verdict: NotApplicable},
		// The kernel CVE of the iOS mail on a Mac: iOS-only here.
		{name: "kernel on a Mac", cve: "CVE-2023-23514", model: "MacBook Air (M2, 2022)", os: "macOS 13.2", verdict: NotApplicable},
	})
}

func TestRealWorldRSRAndSafari1652(t *testing.T) {
	// CVE-2023-37450, exploited: RSR iOS/macOS 16.5.1 (a), withdrawn, then
	// (c); Safari 16.5.2 for Big Sur and Monterey (real mail); iOS 16.6.
	cov, err := NewCoverage([]*Advisory{
		capture(t, "apple-sa/APPLE-SA-2023-07-10-1.txt"),
		fixture(t, "APPLE-SA-2023-07-10-2.txt"),
		fixture(t, "APPLE-SA-2023-07-12-1.txt"),
		fixture(t, "APPLE-SA-2023-07-24-1.txt"),
	}, CoverageOptions{Withdrawn: []version.Version{
		mustV(t, "iOS 16.5.1 (a)"), mustV(t, "iPadOS 16.5.1 (a)"), mustV(t, "macOS 13.4.1 (a)"),
	}})
	require.NoError(t, err)
	const cve = "CVE-2023-37450"
	runVerdicts(t, cov, []verdictCase{
		// Monterey with Safari 16.5.1: Safari 16.5.2.
		{name: "Monterey Safari 16.5.1", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 12.6.7", safari: "Safari 16.5.1", verdict: Exposed, fixedBy: []string{"Safari 16.5.2"}},
		// Monterey with Safari 16.5.2.
		{name: "Monterey Safari 16.5.2", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 12.6.7", safari: "Safari 16.5.2", verdict: Patched},
		// Ventura on the RSR base: (c), never the withdrawn (a).
		{name: "Ventura 13.4.1", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 13.4.1", safari: "Safari 16.5.1", verdict: Exposed, fixedBy: []string{"macOS 13.4.1 (c)"}},
		// Ventura with the withdrawn (a): still protected.
		{name: "Ventura 13.4.1 (a)", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 13.4.1 (a)", verdict: Patched},
		// Ventura below the base: update to the base, then the RSR.
		{name: "Ventura 13.4", cve: cve, model: "MacBook Air (M2, 2022)", os: "macOS 13.4", safari: "Safari 16.5", verdict: Exposed, fixedBy: []string{"macOS 13.4.1 (c)"},
			reason: []string{"update to macOS 13.4.1, then install the Rapid Security Response macOS 13.4.1 (c)"}},
		// iPhone on the base: (c).
		{name: "iPhone 16.5.1", cve: cve, model: "iPhone X", os: "iOS 16.5.1", verdict: Exposed, fixedBy: []string{"iOS 16.5.1 (c)"}},
		// iPhone on 16.5: the full update 16.6.
		{name: "iPhone 16.5", cve: cve, model: "iPhone X", os: "iOS 16.5", verdict: Exposed, fixedBy: []string{"iOS 16.6"}},
		// iPhone on 16.6.
		{name: "iPhone 16.6", cve: cve, model: "iPhone X", os: "iOS 16.6", verdict: Patched},
		// iPhone with the withdrawn (a).
		{name: "iPhone 16.5.1 (a)", cve: cve, model: "iPhone X", os: "iOS 16.5.1 (a)", verdict: Patched},
	})
}

func TestRealWorldDocumentsAllRead(t *testing.T) {
	// Every real mail feeds coverage without error; every CVE gets fix
	// points unless its advisories name only products that are no device
	// OS (Xcode, firmware), and every fix point covers itself.
	dir := realworld.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "apple-sa", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var advs []*Advisory
	for _, f := range files {
		advs = append(advs, parseFile(t, f))
	}
	cov, err := NewCoverage(advs, CoverageOptions{})
	require.NoError(t, err)
	require.Greater(t, len(cov.CVEs()), 150)
	for _, rec := range cov.recs {
		if rec.fixes.Len() == 0 {
			require.NotEmpty(t, rec.others, "%s has no fix point and no other product: %v", rec.id, rec.sources)
			require.Zero(t, rec.affected, "%s: %v", rec.id, rec.sources)
		}
		for _, p := range rec.fixes.Points() {
			require.True(t, rec.fixes.Covers(p.Version), "%s: fix point %s covers itself", rec.id, p)
		}
	}
}

func TestRealWorldLegacyIPadLineage(t *testing.T) {
	// iOS 6.1 (2013): "iPad 2 and later" meant every later iPad, the iPad
	// mini included; "iPhone 3GS, iPhone 4, iPod touch (4th generation),
	// iPad 2" is a precise list.
	cov, err := NewCoverage([]*Advisory{capture(t, "apple-advisory/ios-6.1-HT5642.html")}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "iPad mini on 6.0", cve: "CVE-2013-0964", model: "iPad mini", os: "iOS 6.0", verdict: Exposed, fixedBy: []string{"iOS 6.1"}},
		{name: "iPad (4th generation) on 6.0", cve: "CVE-2013-0964", model: "iPad (4th generation)", os: "iOS 6.0.1", verdict: Exposed, fixedBy: []string{"iOS 6.1"}},
		{name: "iPad 2 on 6.1", cve: "CVE-2013-0964", model: "iPad 2", os: "iOS 6.1", verdict: Patched},
		{name: "iPad mini outside a precise list", cve: "CVE-2012-2619", model: "iPad mini", os: "iOS 6.0", verdict: NotApplicable},
		{name: "iPad 2 in the precise list", cve: "CVE-2012-2619", model: "iPad 2", os: "iOS 6.0", verdict: Exposed, fixedBy: []string{"iOS 6.1"}},
	})
}

func TestRealWorldExploitedOnIOS(t *testing.T) {
	// The macOS Tahoe 26.3 mail says CVE-2026-20700 was exploited "on
	// versions of iOS before iOS 26": with only that mail, an iPhone is
	// affected and its fix not given, never not-applicable.
	cov, err := NewCoverage([]*Advisory{capture(t, "apple-sa/APPLE-SA-2026-02-11-3.txt")}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "iPhone", cve: "CVE-2026-20700", model: "iPhone 16", os: "iOS 26.2", verdict: Unknown, reason: []string{"exploited on iOS", "no fix for iOS"}},
		{name: "Mac", cve: "CVE-2026-20700", model: "MacBook Air (M2, 2022)", os: "macOS 26.2", verdict: Exposed, fixedBy: []string{"macOS 26.3"}},
	})
	// With the iOS mail, the iPhone has its fix.
	cov, err = NewCoverage([]*Advisory{capture(t, "apple-sa/APPLE-SA-2026-02-11-3.txt"), capture(t, "apple-sa/APPLE-SA-2026-02-11-1.txt")}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "iPhone with the iOS mail", cve: "CVE-2026-20700", model: "iPhone 16", os: "iOS 26.2", verdict: Exposed, fixedBy: []string{"iOS 26.3"}},
	})
}
