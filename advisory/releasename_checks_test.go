package advisory

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzReleaseNameChecks: each check SplitReleaseName makes before running a
// pattern is true of every string the pattern matches, so skipping the
// pattern when the check fails never changes the result.
func FuzzReleaseNameChecks(f *testing.F) {
	for _, s := range []string{
		"About the security content of iOS 18.1 and iPadOS 18.1",
		"APPLE-SA-2024-05-13-1 iOS 17.5 and iPadOS 17.5",
		"Additional information for APPLE-SA-2022-12-13-1 Safari 16.2",
		"macOS Monterey 12.0.1 (Advisory includes security content of macOS Monterey 12.0)",
		"Background Security Improvements for iOS 26.3.1 (a), iPadOS 26.3.1 (a)",
		"rapid ſecurity response iOS 16.5.1 (c)",             // (?i) folds ſ to s
		"bac\u212Aground security improvements for iOS 26.1", // and K (Kelvin) to k
		"v10.11.6", "6A326", "23D771330a", "(a)", "(A)", "Time Capsule AND AirPort",
	} {
		f.Add(s)
	}
	extraToken := regexp.MustCompile(`^\([a-z]\)$`)
	f.Fuzz(func(t *testing.T, s string) {
		check := func(pattern *regexp.Regexp, matched, passes bool) {
			t.Helper()
			if matched && !passes {
				t.Fatalf("%v matches %q, which its check turns away", pattern, s)
			}
		}
		check(aboutPrefix, aboutPrefix.MatchString(s), startsWithFold(s, 'a'))
		check(subjectPrefix, subjectPrefix.FindString(s) != "", startsWithFold(s, 'a'))
		check(includesNote, includesNote.MatchString(s), containsLowerASCII(s, "include"))
		check(patchPrefix, patchPrefix.MatchString(s), startsWithFold(s, 'b') || startsWithFold(s, 'r'))
		check(releaseSep, releaseSep.MatchString(s), strings.IndexByte(s, ',') >= 0 || containsLowerASCII(s, "and"))
		versionLike := s != "" && ('0' <= s[0] && s[0] <= '9' || s[0]|0x20 == 'v')
		check(versionToken, versionToken.MatchString(s), versionLike)
		check(buildToken, buildToken.MatchString(s), versionLike)
		if isExtraToken(s) != extraToken.MatchString(s) {
			t.Fatalf("isExtraToken(%q) = %v, the pattern says otherwise", s, isExtraToken(s))
		}
	})
}
