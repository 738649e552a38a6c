package advisory

import (
	"regexp"
	"strings"
)

var (
	// aboutPrefix is the lead-in of a page title.
	aboutPrefix = regexp.MustCompile(`(?i)^about the security content of\s+`)
	// subjectPrefix is what a mail subject puts before the release name: its
	// ID and, for a re-issue, "Additional information for" the earlier ID.
	subjectPrefix = regexp.MustCompile(`(?i)^(?:APPLE-SA-[\d-]+\s+)?(?:additional information for\s+APPLE-SA-[\d-]+\s+)?`)
	// patchPrefix introduces a Background Security Improvement or Rapid
	// Security Response release: "Background Security Improvements for iOS,
	// iPadOS, and macOS", "Rapid Security Response iOS 16.5.1 (c)".
	patchPrefix = regexp.MustCompile(`(?i)^(?:background security improvements?|rapid security responses?)(?:\s+for)?\s+`)
	// releaseSep separates the releases of a name: "A, B, and C", "A and B".
	releaseSep = regexp.MustCompile(`(?i)\s*,\s*(?:and\s+)?|\s+and\s+`)
	// versionToken is a numeric version, optionally written with a "v"
	// ("v10.8.5" in old OS X names).
	versionToken = regexp.MustCompile(`(?i)^v?(\d{1,4}(?:\.\d{1,4}){0,3})$`)
	// buildToken is a firmware or OS build number ("6A326", "5B66", "23D771330a").
	buildToken = regexp.MustCompile(`^\d{1,3}[A-Z]\d{1,7}[a-z]?$`)
	// includesNote is a title's note naming the releases whose security
	// content the advisory also holds: "macOS Monterey 12.0.1 (Advisory
	// includes security content of macOS Monterey 12.0 and macOS Monterey
	// 12.0.1)".
	includesNote = regexp.MustCompile(`(?i)\s*\((?:this\s+)?(?:advisory\s+|update\s+|document\s+)?(?:also\s+)?includes\s+(?:the\s+)?security\s+content\s+of\s+([^()]*)\)`)
)

// productSpelling maps a product name, lower-cased, to Apple's spelling.
var productSpelling = map[string]string{
	"ios":        "iOS",
	"iphone os":  "iOS",
	"ipados":     "iPadOS",
	"macos":      "macOS",
	"os x":       "macOS",
	"mac os x":   "macOS",
	"watchos":    "watchOS",
	"tvos":       "tvOS",
	"visionos":   "visionOS",
	"safari":     "Safari",
	"xcode":      "Xcode",
	"itunes":     "iTunes",
	"icloud":     "iCloud",
	"garageband": "GarageBand",
	"appletv":    "Apple TV",
}

// SplitReleaseName splits a release name as Apple writes it in titles, index
// rows and mail subjects into products and versions: "iOS 18.1 and iPadOS 18.1"
// gives iOS 18.1 and iPadOS 18.1; "macOS Sequoia 15.1" gives macOS 15.1.
//
// The rules, from Apple's own names:
//   - a page title's "About the security content of" lead-in, and a mail
//     subject's ID and "Additional information for APPLE-SA-..." are ignored;
//   - macOS marketing names are dropped, and OS X and Mac OS X are macOS:
//     "macOS Sonoma" gives macOS with no version, "OS X El Capitan v10.11.6"
//     gives macOS 10.11.6;
//   - a Rapid Security Response or Background Security Improvement letter is
//     kept in Extra: "Rapid Security Response iOS 16.5.1 (c)" gives iOS
//     16.5.1 (c). A Background Security Improvement named by its base
//     versions only ("Background Security Improvements for iOS 26.3.1, ...")
//     gives the platforms with no version: the name does not say which letter
//     was shipped, and a bare "iOS 26.3.1" would wrongly name the full update
//     (an APPLE-SA mail's variant line, read by ParseMail, gives the letters);
//   - a firmware update keeps its product as "<product> Firmware"; when it
//     names a build rather than a version ("AirPods Firmware Update 6A326")
//     the version is empty, and repeated products are listed once;
//   - a "for <system>" qualifier stays in the product: "iTunes 12.13.5 for
//     Windows" and "iCloud for Windows 15.3" give "iTunes for Windows" and
//     "iCloud for Windows";
//   - words after the version other than a letter or a qualifier ("iOS 6.1
//     Software Update") are dropped; a name with no version gives the product
//     with an empty version.
//
// It returns nil for an empty name. The result never holds the same product
// and version twice.
func SplitReleaseName(name string) []ProductVersion {
	name = cleanText(name)
	// Each pattern runs only where it can match: the checks before them look
	// at letters whose case folds only to ASCII (not k or s, which (?i) also
	// folds to U+212A and U+017F), so the result is the pattern's.
	if startsWithFold(name, 'a') {
		name = aboutPrefix.ReplaceAllString(name, "")
	}
	if startsWithFold(name, 'a') {
		name = subjectPrefix.ReplaceAllString(name, "")
	}
	var included []ProductVersion
	if containsLowerASCII(name, "include") {
		if m := includesNote.FindStringSubmatchIndex(name); m != nil {
			included = SplitReleaseName(name[m[2]:m[3]])
			name = name[:m[0]] + name[m[1]:]
		}
	}
	name = strings.TrimRight(name, ". ")
	patch := false
	if startsWithFold(name, 'b') || startsWithFold(name, 'r') {
		if loc := patchPrefix.FindStringIndex(name); loc != nil {
			patch = true
			name = name[loc[1]:]
		}
	}
	parts := []string{name}
	if strings.IndexByte(name, ',') >= 0 || containsLowerASCII(name, "and") {
		parts = releaseSep.Split(name, -1)
	}
	var out []ProductVersion
	for _, part := range parts {
		pv, ok := splitOneRelease(part)
		if !ok {
			continue
		}
		if patch && pv.Extra == "" {
			pv.Version = ""
		}
		if !containsRelease(out, pv) {
			out = append(out, pv)
		}
	}
	for _, pv := range included {
		if !containsRelease(out, pv) {
			out = append(out, pv)
		}
	}
	return lendVersions(out)
}

// lendVersions gives a product named without a version the version of the
// next product that has one, when a later one does: "Time Capsule and
// AirPort Base Station (802.11n) Firmware 7.5.2" names both at 7.5.2. A name
// where no product has a version ("Background Security Improvements for iOS,
// iPadOS, and macOS", "macOS Sonoma") is left as it is.
func lendVersions(out []ProductVersion) []ProductVersion {
	lent := false
	for i := range out {
		if out[i].Version != "" {
			continue
		}
		for j := i + 1; j < len(out); j++ {
			if out[j].Version != "" {
				out[i].Version, out[i].Extra = out[j].Version, out[j].Extra
				lent = true
				break
			}
		}
	}
	if !lent {
		return out
	}
	// A product given a version may now repeat one named with it.
	kept := out[:0]
	for _, pv := range out {
		if !containsRelease(kept, pv) {
			kept = append(kept, pv)
		}
	}
	return kept
}

// splitOneRelease reads one "<product> [marketing name] <version> [(x)]
// [for <system>]" item.
func splitOneRelease(part string) (ProductVersion, bool) {
	words := strings.Fields(part)
	if len(words) == 0 {
		return ProductVersion{}, false
	}
	vi := -1
	for i := 1; i < len(words); i++ {
		if c := words[i][0]; ('0' <= c && c <= '9' || c|0x20 == 'v') && (versionToken.MatchString(words[i]) || buildToken.MatchString(words[i])) {
			vi = i
			break
		}
	}
	var pv ProductVersion
	product, qualifier := words, []string(nil)
	if vi >= 0 {
		product = words[:vi]
		if m := versionToken.FindStringSubmatch(words[vi]); m != nil {
			pv.Version = m[1]
		}
		rest := words[vi+1:]
		if len(rest) > 0 && isExtraToken(rest[0]) {
			pv.Extra = rest[0]
			rest = rest[1:]
		}
		_, qualifier = cutQualifier(rest)
	}
	product, q := cutQualifier(product)
	if len(q) > 0 {
		qualifier = q
	}
	pv.Platform = productName(product)
	if pv.Platform == "" {
		return ProductVersion{}, false
	}
	if len(qualifier) > 0 {
		pv.Platform += " " + strings.Join(qualifier, " ")
	}
	return pv, true
}

// isExtraToken reports a Background Security Improvement or Rapid Security
// Response letter: "(a)".
func isExtraToken(w string) bool {
	return len(w) == 3 && w[0] == '(' && 'a' <= w[1] && w[1] <= 'z' && w[2] == ')'
}

// startsWithFold reports whether s starts with the ASCII letter c (lower
// case) in either case.
func startsWithFold(s string, c byte) bool {
	return s != "" && s[0]|0x20 == c
}

// cutQualifier splits "iCloud for Windows" into the product and its "for
// Windows" qualifier.
func cutQualifier(words []string) (product, qualifier []string) {
	for i, w := range words {
		if strings.EqualFold(w, "for") && i+1 < len(words) {
			return words[:i], append([]string{"for"}, words[i+1:]...)
		}
	}
	return words, nil
}

// productName spells a product the way Apple does and drops macOS marketing
// names and the "Update" of firmware updates.
func productName(words []string) string {
	if len(words) == 0 {
		return ""
	}
	lower := strings.ToLower(strings.Join(words, " "))
	for _, os := range []string{"mac os x", "os x", "macos"} {
		if lower == os || strings.HasPrefix(lower, os+" ") {
			return "macOS"
		}
	}
	if p, ok := productSpelling[lower]; ok {
		return p
	}
	n := len(words)
	if n >= 3 && strings.EqualFold(words[n-2], "Firmware") && strings.EqualFold(words[n-1], "Update") {
		words = words[:n-1]
	}
	if p, ok := productSpelling[strings.ToLower(words[0])]; ok && len(words) > 1 {
		return p + " " + strings.Join(words[1:], " ")
	}
	return strings.Join(words, " ")
}

// containsRelease reports whether list already holds pv.
func containsRelease(list []ProductVersion, pv ProductVersion) bool {
	for _, x := range list {
		if x == pv {
			return true
		}
	}
	return false
}
