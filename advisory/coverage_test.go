package advisory

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

// The advisories below follow the releases of March 2026 around
// CVE-2026-20643 (WebKit): the BSI of 2026-03-17 and the full updates of
// 2026-03-24. They are built as values so that these tests depend on the
// coverage rules alone; coverage_realworld_test.go reads the real mails.

const (
	cveNav     = "CVE-2026-20643" // WebKit, BSI then mainline and Safari
	cveKernel  = "CVE-2026-90201" // iOS 26.4, iOS 18.7.7 and macOS 26.4
	cvePhone   = "CVE-2026-90203" // iOS 26.4, iPhone 17 models and iPhone Air only
	cveStorage = "CVE-2026-90301" // macOS 26.4 only
	cveXcode   = "CVE-2026-90401" // Xcode 26.4 only
	cveProse   = "CVE-2026-90150" // mentioned in prose, fixed nowhere
	cveSafari  = "CVE-2026-28871" // Safari 26.4 only (also in macOS 26.4 in reality; not here)
)

const (
	forIOS26 = "iPhone 11 and later, iPad Pro 12.9-inch 3rd generation and later, iPad Pro 11-inch 1st generation and later, iPad Air 3rd generation and later, iPad 8th generation and later, and iPad mini 5th generation and later"
	forIOS18 = "iPhone XS and later, iPad Pro 13-inch, iPad Pro 12.9-inch 3rd generation and later, iPad Pro 11-inch 1st generation and later, iPad Air 3rd generation and later, iPad 7th generation and later, and iPad mini 5th generation and later"
)

// pv is a ProductVersion.
func pv(platform, v, extra string) ProductVersion {
	return ProductVersion{Platform: platform, Version: v, Extra: extra}
}

// fix is an entry fixing cves.
func fix(component, availableFor string, cves ...string) Entry {
	e := Entry{Component: component, AvailableFor: availableFor, CVEs: []CVE{}, MentionedCVEs: []string{}, WebKitBugzilla: []int{}}
	for _, id := range cves {
		e.CVEs = append(e.CVEs, CVE{ID: id})
	}
	return e
}

// mail is an advisory read from a mail.
func mail(id, title string, releases []ProductVersion, entries ...Entry) *Advisory {
	a := &Advisory{Kind: "advisory", Origin: OriginMail, ID: id, Title: title, Releases: releases, Entries: entries}
	// The release date from the ID: APPLE-SA-2023-01-23-3 or APPLE-SA-03-24-2026-1.
	var y, m, d, n int
	if _, err := fmt.Sscanf(id, "APPLE-SA-%4d-%2d-%2d-%d", &y, &m, &d, &n); err == nil && y > 2000 {
		a.Released = NewDate(y, time.Month(m), d)
	} else if _, err := fmt.Sscanf(id, "APPLE-SA-%2d-%2d-%4d-%d", &m, &d, &y, &n); err == nil {
		a.Released = NewDate(y, time.Month(m), d)
	}
	return a
}

func march2026() []*Advisory {
	prose := fix("Messages", forIOS26, "CVE-2026-90202")
	prose.MentionedCVEs = []string{cveProse}
	xcode := mail("APPLE-SA-03-24-2026-10", "Xcode 26.4", []ProductVersion{pv("Xcode", "26.4", "")},
		fix("Xcode", "macOS Tahoe 26.2 and later", cveXcode))
	xcode.Acknowledgements = []Acknowledgement{{Component: "Kernel", Credit: "thanks"}}
	return []*Advisory{
		mail("APPLE-SA-03-17-2026-1", "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2",
			[]ProductVersion{pv("iOS", "", ""), pv("iPadOS", "", ""), pv("macOS", "", ""),
				pv("iOS", "26.3.1", "(a)"), pv("iPadOS", "26.3.1", "(a)"), pv("macOS", "26.3.1", "(a)"), pv("macOS", "26.3.2", "(a)")},
			fix("WebKit", "iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2", cveNav)),
		mail("APPLE-SA-03-24-2026-1", "iOS 26.4 and iPadOS 26.4", []ProductVersion{pv("iOS", "26.4", ""), pv("iPadOS", "26.4", "")},
			fix("Kernel", forIOS26, cveKernel), prose,
			fix("Phone", "iPhone 17 (all models) and iPhone Air", cvePhone),
			fix("WebKit", forIOS26, cveNav)),
		mail("APPLE-SA-03-24-2026-2", "iOS 18.7.7 and iPadOS 18.7.7", []ProductVersion{pv("iOS", "18.7.7", ""), pv("iPadOS", "18.7.7", "")},
			fix("Kernel", forIOS18, cveKernel), fix("WebKit", forIOS18, cveNav)),
		mail("APPLE-SA-03-24-2026-4", "macOS Tahoe 26.4", []ProductVersion{pv("macOS", "26.4", "")},
			fix("Kernel", "macOS Tahoe", cveKernel), fix("StorageKit", "macOS Tahoe", cveStorage), fix("WebKit", "macOS Tahoe", cveNav)),
		mail("APPLE-SA-03-24-2026-9", "Safari 26.4", []ProductVersion{pv("Safari", "26.4", "")},
			fix("WebKit", "macOS Sonoma and macOS Sequoia", cveNav), fix("WebKit", "macOS Sonoma and macOS Sequoia", cveSafari)),
		xcode,
	}
}

func mustV(t testing.TB, s string) version.Version {
	t.Helper()
	v, err := version.Parse(s)
	require.NoError(t, err, s)
	return v
}

// dev is a device; safari may be "".
func dev(t testing.TB, model, os, safari string) Device {
	t.Helper()
	d := Device{Model: model, OS: mustV(t, os)}
	if safari != "" {
		d.Safari = mustV(t, safari)
	}
	return d
}

// verdictCase is one row of a verdict table.
type verdictCase struct {
	name    string
	cve     string
	model   string
	os      string
	safari  string
	verdict Verdict
	fixedBy []string // nil: not checked; empty: must be empty
	reason  []string // substrings the reason must hold
}

func runVerdicts(t *testing.T, cov *Coverage, cases []verdictCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Device{Model: tc.model}
			if tc.os != "" {
				d.OS = mustV(t, tc.os)
			}
			if tc.safari != "" {
				d.Safari = mustV(t, tc.safari)
			}
			res := cov.Check(tc.cve, d)
			assert.Equal(t, tc.verdict, res.Verdict, "reason: %s", res.Reason)
			if tc.fixedBy != nil {
				got := make([]string, len(res.FixedBy))
				for i, v := range res.FixedBy {
					got[i] = v.String()
				}
				assert.Equal(t, tc.fixedBy, got, "reason: %s", res.Reason)
			}
			for _, s := range tc.reason {
				assert.Contains(t, res.Reason, s)
			}
			assert.NotEmpty(t, res.Reason)
			assert.NotNil(t, res.FixedBy)
			// Exposed agrees with Check.
			exposed := cov.Exposed(d, nil)
			isExposed := res.Verdict == Exposed || res.Verdict == ExposedNoFix
			assert.Equal(t, isExposed, contains(exposed, strings.ToUpper(tc.cve)), "Exposed disagrees with Check")
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestCoverageVerdicts(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// The BSI itself: installed on its base, the device is covered.
		{name: "iPhone 17 on the BSI", cve: cveNav, model: "iPhone 17", os: "iOS 26.3.1 (a)", verdict: Patched, fixedBy: []string{"iOS 26.3.1 (a)"}},
		// A later letter on the same base carries the fix too.
		{name: "iPhone 17 on a later letter", cve: cveNav, model: "iPhone18,3", os: "iOS 26.3.1 (b)", verdict: Patched},
		// On the base without the letter: the BSI is the smallest step.
		{name: "iPhone 17 on the BSI base", cve: cveNav, model: "iPhone 17", os: "iOS 26.3.1", verdict: Exposed,
			fixedBy: []string{"iOS 26.3.1 (a)"}, reason: []string{"install the Background Security Improvement iOS 26.3.1 (a)"}},
		// The trap: 26.3.2 sorts after 26.3.1 (a) but the BSI does not install on it.
		{name: "iPhone 17 on 26.3.2", cve: cveNav, model: "iPhone 17", os: "iOS 26.3.2", verdict: Exposed, fixedBy: []string{"iOS 26.4"},
			reason: []string{"iOS 26.3.2 is not covered by the Background Security Improvement iOS 26.3.1 (a), which installs only on 26.3.1", "update to iOS 26.4"}},
		// Below the BSI's base: one full update, not two steps.
		{name: "iPhone 17 on 26.3", cve: cveNav, model: "iPhone 17", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
		// The full update.
		{name: "iPhone 17 on 26.4", cve: cveNav, model: "iPhone 17", os: "iOS 26.4", verdict: Patched, fixedBy: []string{"iOS 26.4"}},
		// A later line ships with the fix.
		{name: "iPhone 17 on 27", cve: cveNav, model: "iPhone 17", os: "iOS 27.0", verdict: Unknown, fixedBy: []string{}, reason: []string{"not a version Apple has released"}},
		{name: "iPhone 17 on a 27 beta", cve: cveNav, model: "iPhone 17", os: "iOS 27.0 (24A5260e)", verdict: Patched, fixedBy: []string{}, reason: []string{"later line"}},
		// An iOS 18 device gets the iOS 18 update, the smallest step.
		{name: "iPhone XS on 18.7.6", cve: cveNav, model: "iPhone XS", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}},
		// An iPhone 11 on iOS 18 may stay on 18 too.
		{name: "iPhone 11 on 18.7.6", cve: cveNav, model: "iPhone 11", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}},
		// iOS 17 has no fix of its own: upgrade to the nearest line with one.
		{name: "iPhone XS on 17.7.10", cve: cveNav, model: "iPhone XS", os: "iOS 17.7.10", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}, reason: []string{"upgrade to iOS 18.7.7"}},
		// iPhone X stops at iOS 16: no fix it can run.
		{name: "iPhone X on 16.7.12", cve: cveNav, model: "iPhone X", os: "iOS 16.7.12", verdict: ExposedNoFix, fixedBy: []string{},
			reason: []string{"iPhone X can run at most iOS 16"}},
		// An iPad's version given as iOS counts as iPadOS.
		{name: "iPad as iOS on the BSI", cve: cveNav, model: "iPad Air (3rd generation)", os: "iOS 26.3.1 (a)", verdict: Patched},
		// An iPad on iPadOS 26.3.2.
		{name: "iPad on 26.3.2", cve: cveNav, model: "iPad (10th generation)", os: "iPadOS 26.3.2", verdict: Exposed, fixedBy: []string{"iPadOS 26.4"}},
		// A Mac on Sonoma with an old Safari: the Safari update is the step.
		{name: "Mac Sonoma Safari 26.3", cve: cveNav, model: "MacBook Air (M2, 2022)", os: "macOS 14.8.4", safari: "Safari 26.3", verdict: Exposed,
			fixedBy: []string{"Safari 26.4"}, reason: []string{"update Safari to 26.4"}},
		// ... and with Safari 26.4 it is patched although Sonoma has no fix.
		{name: "Mac Sonoma Safari 26.4", cve: cveNav, model: "MacBook Air (M2, 2022)", os: "macOS 14.8.4", safari: "Safari 26.4", verdict: Patched, fixedBy: []string{"Safari 26.4"}},
		// Safari version missing on a line Safari 26.4 installs on: cannot tell.
		{name: "Mac Sonoma Safari unknown", cve: cveNav, model: "Mac14,2", os: "macOS 14.8.4", verdict: Unknown,
			fixedBy: []string{"Safari 26.4"}, reason: []string{"Safari version of this Mac"}},
		// An Intel Mac that stops at Sonoma can still take Safari 26.4.
		{name: "Intel Mac at its ceiling, Safari 18.6", cve: cveNav, model: "MacBook Air (Retina, 13-inch, 2018)", os: "macOS 14.8.4", safari: "Safari 18.6", verdict: Exposed, fixedBy: []string{"Safari 26.4"}},
		// A Mac stuck on Ventura: Safari 26.4 is for Sonoma and Sequoia only, macOS 26 is out of reach.
		{name: "Mac stuck on Ventura", cve: cveNav, model: "MacBook Pro (13-inch, 2017, Two Thunderbolt 3 ports)", os: "macOS 13.7.8", safari: "Safari 18.6", verdict: ExposedNoFix},
		// A Mac on Ventura that can upgrade: the smallest step is macOS, then Safari.
		{name: "Mac on Ventura that can upgrade", cve: cveSafari, model: "MacBook Air (M2, 2022)", os: "macOS 13.7.8", safari: "Safari 18.6", verdict: Exposed,
			fixedBy: []string{"Safari 26.4"}, reason: []string{"upgrade macOS"}},
		// Tahoe 26.3.2: the macOS BSI for its own base.
		{name: "Mac on 26.3.2", cve: cveNav, model: "MacBook Air (M2, 2022)", os: "macOS 26.3.2", safari: "Safari 26.3", verdict: Exposed, fixedBy: []string{"macOS 26.3.2 (a)"}},
		// ... installed.
		{name: "Mac on 26.3.2 (a)", cve: cveNav, model: "MacBook Air (M2, 2022)", os: "macOS 26.3.2 (a)", verdict: Patched, fixedBy: []string{"macOS 26.3.2 (a)"}},
		// Tahoe gets Safari with macOS: a Safari-only fix says nothing about it.
		{name: "Tahoe and a Safari-only CVE", cve: cveSafari, model: "MacBook Air (M2, 2022)", os: "macOS 26.3", verdict: Unknown, reason: []string{"Safari is updated with macOS"}},
		// Sequoia ships Safari 18: the floor is below 26.4, and Safari is given.
		{name: "Sequoia with Safari 26.4", cve: cveSafari, model: "MacBook Air (M2, 2022)", os: "macOS 15.7.4", safari: "Safari 26.4", verdict: Patched},
		// A macOS-only CVE on an iPhone.
		{name: "macOS-only CVE on an iPhone", cve: cveStorage, model: "iPhone 17", os: "iOS 26.3", verdict: NotApplicable, fixedBy: []string{}, reason: []string{"macOS 26.4"}},
		// An iPhone-17-only fix on an iPhone 11 that runs iOS 26.
		{name: "model not listed", cve: cvePhone, model: "iPhone 11", os: "iOS 26.3", verdict: NotApplicable, reason: []string{"not among them"}},
		// ... also when that iPhone 11 is still on iOS 18: no line lists it.
		{name: "model not listed, older line", cve: cvePhone, model: "iPhone 11", os: "iOS 18.7.6", verdict: NotApplicable},
		// ... and on an iPhone Air it applies.
		{name: "model listed", cve: cvePhone, model: "iPhone Air", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
		// Xcode CVEs are not device CVEs.
		{name: "Xcode CVE on a Mac", cve: cveXcode, model: "MacBook Air (M2, 2022)", os: "macOS 26.3", verdict: NotApplicable, reason: []string{"Xcode 26.4"}},
		// Mentioned in prose only: not a fix, so not known.
		{name: "mentioned CVE", cve: cveProse, model: "iPhone 17", os: "iOS 26.4", verdict: Unknown, reason: []string{"not fixed in any of the advisories"}},
		// A CVE no advisory lists.
		{name: "unknown CVE", cve: "CVE-2020-0001", model: "iPhone 17", os: "iOS 26.4", verdict: Unknown},
		// CVE IDs are read without regard to case.
		{name: "lower-case CVE", cve: strings.ToLower(cveNav), model: "iPhone 17", os: "iOS 26.4", verdict: Patched},
		// A model the catalog does not know.
		{name: "unknown model", cve: cveNav, model: "iPhone 99", os: "iOS 26.4", verdict: Unknown, reason: []string{"not in the device catalog"}},
		// A missing OS version.
		{name: "no OS version", cve: cveNav, model: "iPhone 17", verdict: Unknown, reason: []string{"not known"}},
		// An OS that does not run on the model.
		{name: "iOS on a Mac", cve: cveNav, model: "MacBook Air (M2, 2022)", os: "iOS 26.4", verdict: Unknown, reason: []string{"does not run on"}},
		// The kernel CVE on iOS 18.7.6: same line fix.
		{name: "kernel on 18.7.6", cve: cveKernel, model: "iPhone 11", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}},
		// The kernel CVE has no BSI: 26.3.1 (a) is not enough.
		{name: "kernel on the BSI", cve: cveKernel, model: "iPhone 17", os: "iOS 26.3.1 (a)", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
	})
}

func TestCoverageBSIFolded(t *testing.T) {
	// Without the full updates, the BSI still covers later 26.x releases:
	// Apple folds it into the next update.
	cov, err := NewCoverage(march2026()[:1], CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// 26.4 comes after both BSI bases.
		{name: "26.4 folded", cve: cveNav, model: "iPhone 17", os: "iOS 26.4", verdict: Patched, fixedBy: []string{}, reason: []string{"folded"}},
		// 26.3.2 on iOS: no letter for that base, and no later update known.
		{name: "26.3.2 without a fix", cve: cveNav, model: "iPhone 17", os: "iOS 26.3.2", verdict: Exposed, fixedBy: []string{}, reason: []string{"no installable fix yet"}},
		// 26.3 can update to 26.3.1 and take the letter.
		{name: "26.3 via the base", cve: cveNav, model: "iPhone 17", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.3.1 (a)"},
			reason: []string{"update to iOS 26.3.1, then install the Background Security Improvement iOS 26.3.1 (a)"}},
	})
}

func rsrAdvisories() []*Advisory {
	return []*Advisory{
		mail("APPLE-SA-2023-07-10-2", "Rapid Security Responses iOS 16.5.1 (a), iPadOS 16.5.1 (a), and macOS Ventura 13.4.1 (a)",
			[]ProductVersion{pv("iOS", "16.5.1", "(a)"), pv("iPadOS", "16.5.1", "(a)"), pv("macOS", "13.4.1", "(a)")},
			fix("WebKit", "iOS 16.5.1, iPadOS 16.5.1, and macOS Ventura 13.4.1", "CVE-2023-37450")),
		mail("APPLE-SA-2023-07-12-1", "Rapid Security Responses iOS 16.5.1 (c), iPadOS 16.5.1 (c), and macOS Ventura 13.4.1 (c)",
			[]ProductVersion{pv("iOS", "16.5.1", "(c)"), pv("iPadOS", "16.5.1", "(c)"), pv("macOS", "13.4.1", "(c)")},
			fix("WebKit", "iOS 16.5.1, iPadOS 16.5.1, and macOS Ventura 13.4.1", "CVE-2023-37450")),
		mail("APPLE-SA-2023-07-10-1", "Safari 16.5.2", []ProductVersion{pv("Safari", "16.5.2", "")},
			fix("WebKit", "macOS Big Sur and macOS Monterey", "CVE-2023-37450")),
	}
}

func TestCoverageRSRWithdrawn(t *testing.T) {
	cov, err := NewCoverage(rsrAdvisories(), CoverageOptions{Withdrawn: []version.Version{
		mustV(t, "iOS 16.5.1 (a)"), mustV(t, "iPadOS 16.5.1 (a)"), mustV(t, "macOS 13.4.1 (a)"),
	}})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// The withdrawn (a) still protects the devices that installed it.
		{name: "on the withdrawn (a)", cve: "CVE-2023-37450", model: "iPhone X", os: "iOS 16.5.1 (a)", verdict: Patched},
		// On the base, the replacement (c) is offered, never the withdrawn (a).
		{name: "on the base", cve: "CVE-2023-37450", model: "iPhone X", os: "iOS 16.5.1", verdict: Exposed, fixedBy: []string{"iOS 16.5.1 (c)"},
			reason: []string{"Rapid Security Response iOS 16.5.1 (c)"}},
		// (c) installed.
		{name: "on (c)", cve: "CVE-2023-37450", model: "iPhone X", os: "iOS 16.5.1 (c)", verdict: Patched},
		// A Mac on Ventura with the RSR base.
		{name: "Ventura base", cve: "CVE-2023-37450", model: "MacBook Air (M2, 2022)", os: "macOS 13.4.1", safari: "Safari 16.5.1", verdict: Exposed, fixedBy: []string{"macOS 13.4.1 (c)"}},
		// A Mac on Monterey gets Safari 16.5.2.
		{name: "Monterey Safari", cve: "CVE-2023-37450", model: "MacBook Air (M2, 2022)", os: "macOS 12.6.7", safari: "Safari 16.5.1", verdict: Exposed, fixedBy: []string{"Safari 16.5.2"}},
		// A Mac on Sonoma ships Safari 17: later than the Safari fix.
		{name: "Sonoma floor", cve: "CVE-2023-37450", model: "MacBook Air (M2, 2022)", os: "macOS 14.0", verdict: Patched, reason: []string{"ships with at least Safari 17.0"}},
	})
}

func TestCoverageWithoutWithdrawal(t *testing.T) {
	// Not told that (a) was withdrawn, the smallest fix is (a).
	cov, err := NewCoverage(rsrAdvisories(), CoverageOptions{IgnoreKnownWithdrawn: true})
	require.NoError(t, err)
	res := cov.Check("CVE-2023-37450", dev(t, "iPhone X", "iOS 16.5.1", ""))
	require.Equal(t, Exposed, res.Verdict)
	require.Equal(t, "iOS 16.5.1 (a)", res.FixedBy[0].String())
}

func TestCoverageKnownWithdrawal(t *testing.T) {
	// With no options, coverage knows Apple withdrew the July 2023 (a)
	// responses: it offers (c), and the (a) still protects where installed.
	cov, err := NewCoverage(rsrAdvisories(), CoverageOptions{})
	require.NoError(t, err)
	for _, tc := range []struct{ model, os, fix string }{
		{"iPhone X", "iOS 16.5.1", "iOS 16.5.1 (c)"},
		{"iPad Pro 12.9-inch (5th generation)", "iPadOS 16.5.1", "iPadOS 16.5.1 (c)"},
		{"MacBook Air (M2, 2022)", "macOS 13.4.1", "macOS 13.4.1 (c)"},
	} {
		res := cov.Check("CVE-2023-37450", dev(t, tc.model, tc.os, ""))
		require.Equal(t, Exposed, res.Verdict, tc.os)
		require.Equal(t, tc.fix, res.FixedBy[0].String(), tc.os)
	}
	assert.Equal(t, Patched, cov.Check("CVE-2023-37450", dev(t, "iPhone X", "iOS 16.5.1 (a)", "")).Verdict)
}

func TestCoveragePMV(t *testing.T) {
	// A software lookup that offers iOS 26.3.1 (a) only to iPhone 17 Pro
	// (iPhone18,1) and iOS 26.4 to every iPhone 17.
	feed := `{
	  "PublicAssetSets": {"iOS": [
	    {"ProductVersion": "26.4", "Build": "23E244", "PostingDate": "2026-03-24", "ExpirationDate": "2026-09-24",
	     "SupportedDevices": ["iPhone18,1", "iPhone18,3"]},
	    {"ProductVersion": "16.7.12", "Build": "20H364", "PostingDate": "2026-03-24", "ExpirationDate": "2026-09-24",
	     "SupportedDevices": ["iPhone10,3", "iPhone10,6"]}
	  ]},
	  "PublicBackgroundSecurityImprovements": {"iOS": [
	    {"ProductVersion": "26.3.1", "ProductVersionExtra": "(a)", "Build": "23D771330a", "PrerequisiteBuild": "23D8133",
	     "PostingDate": "2026-03-17", "ExpirationDate": "2026-11-20", "SupportedDevices": ["iPhone18,1"]}
	  ]}
	}`
	p, err := version.ParsePMV(strings.NewReader(feed))
	require.NoError(t, err)
	cov, err := NewCoverage(march2026(), CoverageOptions{PMV: p})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// The BSI is offered to iPhone 17 Pro.
		{name: "BSI offered", cve: cveNav, model: "iPhone18,1", os: "iOS 26.3.1", verdict: Exposed, fixedBy: []string{"iOS 26.3.1 (a)"}},
		// Not to iPhone 17: the next fix is the full update.
		{name: "BSI not offered", cve: cveNav, model: "iPhone18,3", os: "iOS 26.3.1", verdict: Exposed, fixedBy: []string{"iOS 26.4"},
			reason: []string{"iOS 26.3.1 (a) is not offered for iPhone 17"}},
		// The lookup's ceiling for iPhone X.
		{name: "ceiling from the lookup", cve: cveNav, model: "iPhone X", os: "iOS 16.7.11", verdict: ExposedNoFix, reason: []string{"offers iPhone X at most iOS 16.7.12"}},
	})
}

func TestCoverageErrors(t *testing.T) {
	_, err := NewCoverage(nil, CoverageOptions{})
	require.ErrorIs(t, err, ErrNoAdvisories)
	_, err = NewCoverage([]*Advisory{{Kind: "advisory", Origin: OriginNews, Title: "news"}}, CoverageOptions{})
	require.ErrorIs(t, err, ErrNoAdvisories)
	_, err = NewCoverage([]*Advisory{march2026()[0], nil}, CoverageOptions{})
	require.ErrorIs(t, err, ErrNilAdvisory)
}

func TestCoverageIgnoresNews(t *testing.T) {
	news := &Advisory{Kind: "advisory", Origin: OriginNews, Title: "iOS 26.5 fixes everything",
		Releases: []ProductVersion{pv("iOS", "26.5", "")}, Entries: []Entry{fix("WebKit", "", "CVE-2026-99999")}}
	cov, err := NewCoverage(append(march2026(), news), CoverageOptions{})
	require.NoError(t, err)
	assert.NotContains(t, cov.CVEs(), "CVE-2026-99999")
}

func TestCoverageUnversioned(t *testing.T) {
	// An advisory that names the platforms without versions.
	a := mail("", "Background Security Improvements for iOS, iPadOS, and macOS",
		[]ProductVersion{pv("iOS", "", ""), pv("iPadOS", "", ""), pv("macOS", "", "")},
		fix("WebKit", "iOS 26.3.1", "CVE-2026-99001"))
	b := mail("", "Untitled", nil, fix("WebKit", "", "CVE-2026-99002"))
	cov, err := NewCoverage([]*Advisory{a, b}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// The platform is affected, the version unknown.
		{name: "no version", cve: "CVE-2026-99001", model: "iPhone 17", os: "iOS 26.3.1", verdict: Unknown, reason: []string{"without a version"}},
		// watchOS is not among the platforms.
		{name: "other platform", cve: "CVE-2026-99001", model: "Apple Watch Series 9", os: "watchOS 26.3", verdict: NotApplicable},
		// An advisory with no release: cannot rule out any platform.
		{name: "no release", cve: "CVE-2026-99002", model: "Apple Watch Series 9", os: "watchOS 26.3", verdict: Unknown, reason: []string{"names no release"}},
	})
}

func TestCoverageCVEsAndInfo(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	ids := cov.CVEs()
	assert.Equal(t, []string{"CVE-2026-20643", "CVE-2026-28871", "CVE-2026-90201", "CVE-2026-90202", "CVE-2026-90203", "CVE-2026-90301", "CVE-2026-90401"}, ids)
	ids[0] = "changed"
	assert.Equal(t, "CVE-2026-20643", cov.CVEs()[0], "CVEs returns a copy")

	info, ok := cov.Info(cveNav)
	require.True(t, ok)
	assert.Equal(t, []string{"WebKit"}, info.Components)
	assert.False(t, info.Exploited)
	assert.Equal(t, []string{"APPLE-SA-03-17-2026-1", "APPLE-SA-03-24-2026-1", "APPLE-SA-03-24-2026-2", "APPLE-SA-03-24-2026-4", "APPLE-SA-03-24-2026-9"}, info.Advisories)
	var got []string
	for _, p := range info.Fixes.Points() {
		got = append(got, p.Version.String())
	}
	assert.ElementsMatch(t, []string{"Safari 26.4", "iOS 18.7.7", "iOS 26.3.1 (a)", "iOS 26.4", "iPadOS 18.7.7", "iPadOS 26.3.1 (a)", "iPadOS 26.4",
		"macOS 26.3.1 (a)", "macOS 26.3.2 (a)", "macOS 26.4"}, got)
	_, ok = cov.Info(cveProse)
	assert.False(t, ok)
}

func TestCoverageBaseNotAFix(t *testing.T) {
	// A BSI named both by its base and with its letter: the bare base is
	// where it installs, not a fix.
	a := mail("", "Background Security Improvement iOS 26.3.1 (a)",
		[]ProductVersion{pv("iOS", "26.3.1", ""), pv("iOS", "26.3.1", "(a)")}, fix("WebKit", "iOS 26.3.1", cveNav))
	cov, err := NewCoverage([]*Advisory{a}, CoverageOptions{})
	require.NoError(t, err)
	res := cov.Check(cveNav, dev(t, "iPhone 17", "iOS 26.3.1", ""))
	assert.Equal(t, Exposed, res.Verdict, res.Reason)
}

func TestCheckAll(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	d := dev(t, "iPhone 17", "iOS 26.3.2", "")
	all := cov.CheckAll(d)
	require.Len(t, all, len(cov.CVEs()))
	for i, r := range all {
		assert.Equal(t, cov.CVEs()[i], r.CVE)
		assert.Equal(t, cov.Check(r.CVE, d), r)
	}
}

func TestResultJSON(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	res := cov.Check(cveNav, dev(t, "iPhone 17", "iOS 26.3.2", ""))
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "CVE-2026-20643", m["cve"])
	assert.Equal(t, "iPhone 17", m["model"])
	assert.Equal(t, "iOS 26.3.2", m["os"])
	assert.Equal(t, "exposed", m["verdict"])
	assert.Equal(t, []any{"iOS 26.4"}, m["fixed_by"])
	assert.NotContains(t, m, "safari")
	assert.NotEmpty(t, m["reason"])

	// fixed_by is [] rather than null.
	res = cov.Check("CVE-2020-0001", dev(t, "iPhone 17", "iOS 26.4", ""))
	b, err = json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"fixed_by":[]`)
}

func TestCheckerMatchesExposed(t *testing.T) {
	cov, err := NewCoverage(append(march2026(), rsrAdvisories()...), CoverageOptions{})
	require.NoError(t, err)
	k := cov.NewChecker()
	devices := []Device{
		dev(t, "iPhone 17", "iOS 26.3.2", ""),
		dev(t, "iPhone 17", "iOS 26.3.1 (a)", ""),
		dev(t, "iPhone X", "iOS 16.5.1", ""),
		dev(t, "MacBook Air (M2, 2022)", "macOS 14.8.4", "Safari 26.3"),
		{Model: "nonsense"},
	}
	for range 3 {
		for _, d := range devices {
			got := k.Exposed(d)
			assert.Equal(t, cov.Exposed(d, nil), append([]string(nil), got...), "%+v", d)
			assert.Equal(t, len(got), cap(got), "appending to the view copies")
		}
	}
	assert.Equal(t, len(devices), k.States())
}

func TestCheckerAllocs(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	k := cov.NewChecker()
	d := dev(t, "iPhone 17", "iOS 26.3.2", "")
	view := k.Exposed(d)
	allocs := testing.AllocsPerRun(100, func() { view = k.Exposed(d) })
	assert.Zero(t, allocs)
	assert.NotEmpty(t, view)
}

func TestZeroValuesDoNotPanic(t *testing.T) {
	d := Device{Model: "iPhone 17", OS: version.MustParse("iOS 26.3.2")}
	for name, c := range map[string]*Coverage{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			res := c.Check("CVE-2026-20643", d)
			assert.Equal(t, Unknown, res.Verdict)
			assert.Contains(t, res.Reason, "NewCoverage")
			assert.Empty(t, c.CheckAll(d))
			assert.Empty(t, c.Exposed(d, nil))
			assert.Empty(t, c.CVEs())
			_, ok := c.Info("CVE-2026-20643")
			assert.False(t, ok)
			assert.Nil(t, c.NewChecker().Exposed(d))
		})
	}
	var k Checker
	assert.Nil(t, k.Exposed(d))
	assert.Zero(t, k.States())
	var nk *Checker
	assert.Nil(t, nk.Exposed(d))
	assert.Zero(t, nk.States())
}

func TestParseDevice(t *testing.T) {
	cases := []struct {
		name               string
		model, os, safari  string
		wantOS, wantSafari string
		err                error
	}{
		// The platform written out.
		{name: "full", model: "iPhone 17", os: "iOS 26.3.1 (a)", wantOS: "iOS 26.3.1 (a)"},
		// The platform from the model.
		{name: "bare", model: "iPhone18,3", os: "26.3.1 (a)", wantOS: "iOS 26.3.1 (a)"},
		// An iPad's bare version is iPadOS.
		{name: "iPad bare", model: "iPad (10th generation)", os: "26.3", wantOS: "iPadOS 26.3"},
		// An iPad may say iOS.
		{name: "iPad as iOS", model: "iPad (10th generation)", os: "iOS 26.3", wantOS: "iOS 26.3"},
		// A marketing name, and a bare Safari version.
		{name: "Mac", model: "J413AP", os: "macOS Sonoma 14.8.4", safari: "26.3", wantOS: "macOS 14.8.4", wantSafari: "Safari 26.3"},
		// Safari written out.
		{name: "Safari written out", model: "Mac14,2", os: "Tahoe 26.3", safari: "Safari 26.3", wantOS: "macOS 26.3", wantSafari: "Safari 26.3"},
		// Unknown model.
		{name: "unknown model", model: "iPhone 99", os: "26.3", err: ErrUnknownModel},
		// An accessory runs no OS.
		{name: "accessory", model: "AirPods Pro (2nd generation)", os: "26.3", err: ErrUnknownModel},
		// Bad versions.
		{name: "bad OS", model: "iPhone 17", os: "twenty-six", err: version.ErrInvalid},
		{name: "empty OS", model: "iPhone 17", os: "", err: version.ErrInvalid},
		{name: "bad Safari", model: "Mac14,2", os: "26.3", safari: "x", err: version.ErrInvalid},
		// macOS on an iPhone.
		{name: "wrong platform", model: "iPhone 17", os: "macOS 26.3", err: ErrWrongPlatform},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDevice(nil, tc.model, tc.os, tc.safari)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.model, d.Model)
			assert.Equal(t, tc.wantOS, d.OS.String())
			assert.Equal(t, tc.wantSafari, d.Safari.String())
		})
	}
}

func FuzzCoverageCheck(f *testing.F) {
	cov, err := NewCoverage(append(march2026(), rsrAdvisories()...), CoverageOptions{})
	require.NoError(f, err)
	f.Add("iPhone 17", "26.3.2", "", cveNav)
	f.Add("Mac14,2", "macOS Sonoma 14.8.4", "26.3", cveNav)
	f.Add("iPad Air 2", "iOS 12.5.7", "", "CVE-2023-37450")
	f.Add("J413AP", "Tahoe 26.3.2 (a)", "Safari 26.3", cveSafari)
	f.Add("iPhone X", "16.5.1 (c) (20F770750d)", "", "cve-2023-37450")
	f.Fuzz(func(t *testing.T, model, os, safari, cve string) {
		d, err := ParseDevice(nil, model, os, safari)
		if err != nil {
			// Whatever the text, Check answers without panicking.
			d = Device{Model: model}
		}
		res := cov.Check(cve, d)
		switch res.Verdict {
		case Patched, Exposed, ExposedNoFix, NotApplicable, Unknown:
		default:
			t.Fatalf("verdict %q", res.Verdict)
		}
		if res.Reason == "" || res.FixedBy == nil {
			t.Fatalf("empty reason or nil FixedBy: %+v", res)
		}
		if res.Verdict == Exposed && len(res.FixedBy) == 0 && !strings.Contains(res.Reason, "no installable fix yet") {
			t.Fatalf("exposed without a fix: %+v", res)
		}
		if cov.Validate(d) != nil && res.Verdict != Unknown {
			t.Fatalf("a verdict for an impossible version: %+v", res)
		}
		if i := slices.Index(cov.CVEs(), res.CVE); i >= 0 && cov.Verdicts(d, nil)[i] != res.Verdict {
			t.Fatalf("Verdicts disagrees with Check: %+v", res)
		}
		exposed := contains(cov.Exposed(d, nil), res.CVE)
		if exposed != (res.Verdict == Exposed || res.Verdict == ExposedNoFix) {
			t.Fatalf("Exposed disagrees with Check: %+v", res)
		}
	})
}

func TestCoverageOldIPads(t *testing.T) {
	// Before iPadOS (13), iPads ran iOS and took the iOS fixes.
	advs := []*Advisory{
		mail("APPLE-SA-2023-01-23-3", "iOS 12.5.7", []ProductVersion{pv("iOS", "12.5.7", "")},
			fix("WebKit", "iPhone 5s, iPhone 6, iPhone 6 Plus, iPad Air, iPad mini 2, iPad mini 3, and iPod touch (6th generation)", "CVE-2022-42856")),
		mail("APPLE-SA-09-15-2025-4", "iOS 15.8.5 and iPadOS 15.8.5", []ProductVersion{pv("iOS", "15.8.5", ""), pv("iPadOS", "15.8.5", "")},
			fix("ImageIO", "iPhone 6s (all models), iPhone 7 (all models), iPhone SE (1st generation), iPad Air 2, iPad mini (4th generation), and iPod touch (7th generation)", "CVE-2025-43300")),
	}
	cov, err := NewCoverage(advs, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// An iPad Air 2 still on iOS 12 takes its way to iPadOS 15.8.5.
		{name: "iPad Air 2 on iOS 12", cve: "CVE-2025-43300", model: "iPad Air 2", os: "iOS 12.5.6", verdict: Exposed, fixedBy: []string{"iPadOS 15.8.5"}},
		// On iPadOS 15.8.5.
		{name: "iPad Air 2 on 15.8.5", cve: "CVE-2025-43300", model: "iPad Air 2", os: "iPadOS 15.8.5", verdict: Patched},
		// Its version given as iOS.
		{name: "iPad Air 2 as iOS 15.8.4", cve: "CVE-2025-43300", model: "iPad Air 2", os: "iOS 15.8.4", verdict: Exposed, fixedBy: []string{"iPadOS 15.8.5"}},
		// The iOS 12 fix on an iPad of that time.
		{name: "iPad Air on iOS 12.5.6", cve: "CVE-2022-42856", model: "iPad Air", os: "iOS 12.5.6", verdict: Exposed, fixedBy: []string{"iOS 12.5.7"}},
		// iPadOS grew out of iOS 12, but iPadOS 15 already existed when
		// iOS 12.5.7 shipped (a backport): its own fix is not given.
		{name: "iPad Air 2 on iPadOS 15 and an iOS 12 CVE", cve: "CVE-2022-42856", model: "iPad Air 2", os: "iPadOS 15.8.5", verdict: Unknown,
			reason: []string{"already existed then (since September 2021)"}},
	})
}

func TestCoverageBackportLists(t *testing.T) {
	// iOS 15.8.5 is offered to the devices that stop at iOS 15: its list
	// does not mean that iPhone 8, which moved on, is not affected.
	advs := []*Advisory{
		mail("APPLE-SA-09-15-2025-4", "iOS 15.8.5 and iPadOS 15.8.5", []ProductVersion{pv("iOS", "15.8.5", ""), pv("iPadOS", "15.8.5", "")},
			fix("ImageIO", "iPhone 6s (all models), iPhone 7 (all models), iPhone SE (1st generation), iPad Air 2, iPad mini (4th generation), and iPod touch (7th generation)", "CVE-2025-43300")),
		mail("APPLE-SA-10-03-2024-1", "iOS 18.0.1 and iPadOS 18.0.1", []ProductVersion{pv("iOS", "18.0.1", ""), pv("iPadOS", "18.0.1", "")},
			fix("Media Session", "iPhone 16 (all models)", "CVE-2024-44207")),
	}
	cov, err := NewCoverage(advs, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// iPhone 8 on iOS 15: the 15.8.5 list is for other devices, yet it
		// is affected; 15.8.5 is not offered to it and its fix (iOS 16) is
		// not among the advisories.
		{name: "iPhone 8 on 15.7.9", cve: "CVE-2025-43300", model: "iPhone 8", os: "iOS 15.7.9", verdict: Unknown, fixedBy: []string{},
			reason: []string{"iOS 15.8.5 is not offered for iPhone 8"}},
		// iPhone 7 on 15.8.4.
		{name: "iPhone 7 on 15.8.4", cve: "CVE-2025-43300", model: "iPhone 7", os: "iOS 15.8.4", verdict: Exposed, fixedBy: []string{"iOS 15.8.5"}},
		// A fix for iPhone 16 only: iPhone 15 is not affected.
		{name: "iPhone 15 and an iPhone 16 fix", cve: "CVE-2024-44207", model: "iPhone 15", os: "iOS 18.0", verdict: NotApplicable, reason: []string{"iPhone 16 (all models)"}},
		// iPhone 16 on 18.0.
		{name: "iPhone 16 on 18.0", cve: "CVE-2024-44207", model: "iPhone 16", os: "iOS 18.0", verdict: Exposed, fixedBy: []string{"iOS 18.0.1"}},
	})
}

func TestValidateImpossibleVersions(t *testing.T) {
	cov, err := NewCoverage(march2026(), CoverageOptions{})
	require.NoError(t, err)
	cases := []struct {
		name, model, os string
		ok              bool
	}{
		{name: "current", model: "iPhone 17", os: "iOS 26.3.2", ok: true},
		{name: "never existed", model: "iPhone 17", os: "iOS 62.1"},
		{name: "not shipped yet", model: "iPhone 17", os: "iOS 27.0"},
		{name: "beta of the next major", model: "iPhone 17", os: "iOS 27.0 (24A5260e)", ok: true},
		{name: "older than the model", model: "iPhone 17", os: "iOS 18.7.6"},
		{name: "beyond a retired model", model: "iPhone X", os: "iOS 17.0"},
		{name: "retired model on its last line", model: "iPhone X", os: "iOS 16.7.12", ok: true},
		{name: "iPad on iOS 12", model: "iPad Air (3rd generation)", os: "iOS 12.5", ok: true},
		{name: "unknown model is not Validate's", model: "iPhone 42", os: "iOS 26.3", ok: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := cov.Validate(Device{Model: tc.model, OS: mustV(t, tc.os)})
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrImpossibleVersion)
			assert.Contains(t, err.Error(), tc.model)
		})
	}
	// A newer major known from outside (a database) makes it possible.
	cov, err = NewCoverage(march2026(), CoverageOptions{Newest: map[version.Platform]version.Version{version.IOS: version.MustParse("iOS 27.0")}})
	require.NoError(t, err)
	d := Device{Model: "iPhone 17", OS: version.MustParse("iOS 27.0")}
	require.NoError(t, cov.Validate(d))
	assert.Equal(t, Patched, cov.Check(cveNav, d).Verdict)
	// iPadOS shares the iOS numbers.
	require.NoError(t, cov.Validate(Device{Model: "iPad (10th generation)", OS: version.MustParse("iPadOS 27.0")}))
}

func TestVerdictsMatchCheckAll(t *testing.T) {
	cov, err := NewCoverage(append(march2026(), rsrAdvisories()...), CoverageOptions{})
	require.NoError(t, err)
	for _, d := range []Device{
		dev(t, "iPhone 17", "iOS 26.3.2", ""),
		dev(t, "iPhone X", "iOS 16.5.1", ""),
		dev(t, "MacBook Air (M2, 2022)", "macOS 14.8.4", "Safari 26.3"),
		{Model: "nonsense"},
		{Model: "iPhone 17", OS: version.MustParse("iOS 62.1")},
	} {
		all := cov.CheckAll(d)
		got := cov.Verdicts(d, nil)
		require.Len(t, got, len(all))
		for i, r := range all {
			assert.Equal(t, r.Verdict, got[i], "%s on %+v", r.CVE, d)
		}
	}
}

func TestWithdrawnOnlyVersusNoFixYet(t *testing.T) {
	// Only the withdrawn RSR (a) is given: a device on its base has only a
	// withdrawn fix; one on a later base had no fix at all yet.
	cov, err := NewCoverage(rsrAdvisories()[:1], CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "base of the withdrawn RSR", cve: "CVE-2023-37450", model: "iPhone X", os: "iOS 16.5.1", verdict: Unknown, reason: []string{"only in withdrawn releases"}},
		{name: "later base", cve: "CVE-2023-37450", model: "iPhone X", os: "iOS 16.5.2", verdict: Exposed, fixedBy: []string{}, reason: []string{"no installable fix yet"}},
	})
}

func TestExploitedPlatformIsAffected(t *testing.T) {
	// A macOS advisory whose entry says the issue was exploited on iOS.
	a := mail("APPLE-SA-2026-02-11-9", "macOS Tahoe 26.3", []ProductVersion{pv("macOS", "26.3", "")},
		Entry{Component: "WebKit", AvailableFor: "macOS Tahoe", Exploited: true,
			Impact: "Apple is aware of a report that this issue may have been exploited in an extremely sophisticated attack against specific targeted individuals on versions of iOS before iOS 26.",
			CVEs:   []CVE{{ID: "CVE-2026-20700"}}},
		Entry{Component: "Kernel", AvailableFor: "macOS Tahoe", Impact: "An app may be able to gain root privileges", CVEs: []CVE{{ID: "CVE-2026-20701"}}})
	cov, err := NewCoverage([]*Advisory{a}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "iPhone: exploited on iOS, no iOS fix given", cve: "CVE-2026-20700", model: "iPhone 17", os: "iOS 26.2", verdict: Unknown, reason: []string{"exploited on iOS", "no fix for iOS"}},
		{name: "iPad too", cve: "CVE-2026-20700", model: "iPad (10th generation)", os: "iPadOS 26.2", verdict: Unknown},
		{name: "watch is not named", cve: "CVE-2026-20700", model: "Apple Watch Series 9", os: "watchOS 26.2", verdict: NotApplicable},
		{name: "not exploited: macOS only", cve: "CVE-2026-20701", model: "iPhone 17", os: "iOS 26.2", verdict: NotApplicable},
		{name: "the Mac", cve: "CVE-2026-20700", model: "MacBook Neo", os: "macOS 26.2", verdict: Exposed, fixedBy: []string{"macOS 26.3"}},
	})
}

func TestLaterLineNeedsToShipAfterTheFix(t *testing.T) {
	dated := func(a *Advisory, y int, m time.Month, d int) *Advisory {
		a.Released = NewDate(y, m, d)
		return a
	}
	ios18 := dated(mail("APPLE-SA-2026-03-24-2", "iOS 18.7.7 and iPadOS 18.7.7", []ProductVersion{pv("iOS", "18.7.7", ""), pv("iPadOS", "18.7.7", "")},
		Entry{Component: "WebKit", AvailableFor: "iPhone XS and later", CVEs: []CVE{{ID: "CVE-2026-20643"}}}), 2026, time.March, 24)
	ios16 := dated(mail("APPLE-SA-2023-07-24-1", "iOS 16.6 and iPadOS 16.6", []ProductVersion{pv("iOS", "16.6", ""), pv("iPadOS", "16.6", "")},
		Entry{Component: "WebKit", AvailableFor: "iPhone 8 and later", CVEs: []CVE{{ID: "CVE-2023-37450"}}}), 2023, time.July, 24)
	ios26 := dated(mail("APPLE-SA-2025-09-15-1", "iOS 26 and iPadOS 26", []ProductVersion{pv("iOS", "26", ""), pv("iPadOS", "26", "")},
		Entry{Component: "Kernel", AvailableFor: "iPhone 11 and later", CVEs: []CVE{{ID: "CVE-2025-43300"}}}), 2025, time.September, 15)
	cov, err := NewCoverage([]*Advisory{ios18, ios16, ios26}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// iOS 26 shipped in September 2025, before the March 2026 fix of
		// iOS 18: whether 26.3 has it is not in the data.
		{name: "line older than the fix", cve: "CVE-2026-20643", model: "iPhone 17", os: "iOS 26.3", verdict: Unknown,
			reason: []string{"already existed then (since September 2025)", "no fix for it"}},
		// iOS 17 shipped in September 2023, after the July 2023 fix.
		{name: "line newer than the fix", cve: "CVE-2023-37450", model: "iPhone 15", os: "iOS 17.0", verdict: Patched, reason: []string{"later line"}},
		// The line with its own fix point follows the ordinary rules.
		{name: "own line", cve: "CVE-2026-20643", model: "iPhone 11", os: "iOS 18.7.7", verdict: Patched},
	})
	// iOS 26.0's date comes from its advisory.
	d, ok := cov.lineShipped(version.MustParse("iOS 26.0").Line())
	require.True(t, ok)
	assert.Equal(t, "2025-09-15", d.String())
}

func TestQualifiedListNarrows(t *testing.T) {
	a := mail("APPLE-SA-2026-03-24-1", "iOS 26.4 and iPadOS 26.4", []ProductVersion{pv("iOS", "26.4", ""), pv("iPadOS", "26.4", "")},
		Entry{Component: "Core ML", AvailableFor: "devices with Apple Neural Engine: iPhone 15 Pro and later, iPad Pro 11-inch (M4) and later",
			CVEs: []CVE{{ID: "CVE-2026-20710"}}})
	cov, err := NewCoverage([]*Advisory{a}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "listed", cve: "CVE-2026-20710", model: "iPhone 16", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
		{name: "not listed", cve: "CVE-2026-20710", model: "iPhone 14", os: "iOS 26.3", verdict: NotApplicable, reason: []string{"devices with Apple Neural Engine", "iPhone 14 is not among them"}},
		{name: "iPad listed", cve: "CVE-2026-20710", model: "iPad Pro 13-inch (M4)", os: "iPadOS 26.3", verdict: Exposed},
		{name: "iPad not listed", cve: "CVE-2026-20710", model: "iPad (10th generation)", os: "iPadOS 26.3", verdict: NotApplicable},
	})
}

func TestIPadOSInheritsLegacyIOSFixes(t *testing.T) {
	old := mail("APPLE-SA-2013-01-28-1", "iOS 6.1 Software Update", []ProductVersion{pv("iOS", "6.1", "")},
		Entry{Component: "WebKit", AvailableFor: "iPhone 3GS and later, iPod touch (4th generation) and later, iPad 2 and later", CVEs: []CVE{{ID: "CVE-2013-0948"}}})
	old.Released = NewDate(2013, time.January, 28)
	iphoneOnly := mail("APPLE-SA-2024-03-05-1", "iOS 17.4", []ProductVersion{pv("iOS", "17.4", "")},
		Entry{Component: "Kernel", AvailableFor: "iPhone XS and later", CVEs: []CVE{{ID: "CVE-2024-23225"}}})
	cov, err := NewCoverage([]*Advisory{old, iphoneOnly}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		// iPadOS grew out of iOS 12: a fix of iOS 6.1 is in it.
		{name: "iPadOS after an iOS 6.1 fix", cve: "CVE-2013-0948", model: "iPad (10th generation)", os: "iPadOS 26.1", verdict: Patched, reason: []string{"later line than every fix (iOS 6.1)"}},
		// An iPad still on iOS 6.0 needs 6.1.
		{name: "iPad 2 on 6.0", cve: "CVE-2013-0948", model: "iPad 2", os: "iOS 6.0", verdict: Exposed, fixedBy: []string{"iOS 6.1"}},
		// An iOS 17 fix for iPhones only says nothing of iPadOS.
		{name: "iPhone-only iOS 17 fix", cve: "CVE-2024-23225", model: "iPad (10th generation)", os: "iPadOS 17.3", verdict: NotApplicable},
	})
}

func TestLaterLineWithoutDates(t *testing.T) {
	a := &Advisory{Kind: "advisory", Origin: OriginPage, Title: "About the security content of iOS 18.7.7",
		Releases: []ProductVersion{pv("iOS", "18.7.7", "")},
		Entries:  []Entry{{Component: "WebKit", AvailableFor: "iPhone XS and later", CVEs: []CVE{{ID: "CVE-2026-20643"}}}}}
	cov, err := NewCoverage([]*Advisory{a}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "undated fix, later line", cve: "CVE-2026-20643", model: "iPhone 17", os: "iOS 26.3", verdict: Unknown, reason: []string{"give no release date"}},
		{name: "own line still decided", cve: "CVE-2026-20643", model: "iPhone 11", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 18.7.7"}},
	})
}

func TestImpreciseListRulesNothingOut(t *testing.T) {
	a := mail("APPLE-SA-2026-03-24-1", "iOS 26.4 and iPadOS 26.4", []ProductVersion{pv("iOS", "26.4", "")},
		Entry{Component: "Kernel", AvailableFor: "iPhone 16 and later, and iPhone Frobnicator (2nd generation)", CVEs: []CVE{{ID: "CVE-2026-20720"}}})
	cov, err := NewCoverage([]*Advisory{a}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "outside the known part of the list", cve: "CVE-2026-20720", model: "iPhone 15", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.4"},
			reason: []string{"iPhone Frobnicator (2nd generation)", "cannot rule it out"}},
		{name: "listed", cve: "CVE-2026-20720", model: "iPhone 16", os: "iOS 26.3", verdict: Exposed, fixedBy: []string{"iOS 26.4"}},
	})
	res := cov.Check("CVE-2026-20720", Device{Model: "iPhone 16", OS: version.MustParse("iOS 26.3")})
	assert.NotContains(t, res.Reason, "cannot rule it out")
}

func TestSameLineFixNotOfferedToTheModel(t *testing.T) {
	// iOS 18.7.7 fixes the CVE for older iPhones only; an iPhone 16 Pro on
	// iOS 18.7.6 must move to iOS 26.4. The reason says the iOS 18 line has
	// a fix, just not for this model, never that it has none.
	ios18 := mail("APPLE-SA-2026-03-24-2", "iOS 18.7.7 and iPadOS 18.7.7", []ProductVersion{pv("iOS", "18.7.7", "")},
		fix("WebKit", "iPhone XS, iPhone XS Max, iPhone XR", "CVE-2026-20643"))
	ios26 := mail("APPLE-SA-2026-03-24-1", "iOS 26.4 and iPadOS 26.4", []ProductVersion{pv("iOS", "26.4", "")},
		fix("WebKit", forIOS26, "CVE-2026-20643"))
	cov, err := NewCoverage([]*Advisory{ios18, ios26}, CoverageOptions{})
	require.NoError(t, err)
	runVerdicts(t, cov, []verdictCase{
		{name: "iPhone 16 Pro on 18.7.6", cve: "CVE-2026-20643", model: "iPhone 16 Pro", os: "iOS 18.7.6", verdict: Exposed, fixedBy: []string{"iOS 26.4"},
			reason: []string{"iOS 18.7.7 is not offered for iPhone 16 Pro", "no other fix for the iOS 18 line is offered for it", "upgrade to iOS 26.4"}},
	})
	res := cov.Check("CVE-2026-20643", Device{Model: "iPhone 16 Pro", OS: version.MustParse("iOS 18.7.6")})
	assert.NotContains(t, res.Reason, "no fix for the iOS 18 line")
}
