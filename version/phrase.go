package version

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxPhraseLen bounds the text Resolve reads; real "Available for" phrases
// are under 700 bytes.
const maxPhraseLen = 8 << 10

// Resolution is what an "Available for" phrase names: device models, OS
// platforms and releases, and whatever could not be mapped. Nothing in the
// phrase is dropped silently: each comma-separated part ends up as models,
// an OS release, a non-Apple system or an unresolved part.
type Resolution struct {
	// Models are the device models named, deduplicated, in catalog order.
	// For OS phrases ("macOS Sonoma", "iOS 26.3.1") they are the models
	// that can run that release.
	Models []Model `json:"models"`
	// Platforms are the OS platforms the phrase names explicitly, in order
	// of appearance ("macOS Tahoe" -> MacOS). Device phrases name none; see
	// AllPlatforms.
	Platforms []Platform `json:"platforms"`
	// Releases are the OS lines and versions the phrase names, in order:
	// "Macs running macOS Sequoia" gives the macOS 15 line, "iOS 26.3.1"
	// that version, "macOS Ventura 13.3 and later" a minimum.
	Releases []OSRelease `json:"releases"`
	// Condition is a qualifier Apple put before the list, such as "devices
	// with Apple Neural Engine"; "" when none.
	Condition string `json:"condition,omitempty"`
	// NonApple are parts that name another vendor's system ("Windows 10 and
	// later"), for software Apple ships there.
	NonApple []string `json:"non_apple"`
	// Unresolved are the parts the catalog could not map, as written.
	Unresolved []string `json:"unresolved"`
}

// OSRelease is an OS release line or version named in a phrase.
type OSRelease struct {
	// Line is the release line: macOS 15 for "macOS Sequoia" and for
	// "macOS 15.6".
	Line Line `json:"line"`
	// Version is the exact version named ("iOS 26.3.1", "macOS Sequoia
	// 15.6"); zero when the phrase names only the line.
	Version Version `json:"version,omitzero"`
	// AndLater is set when "and later" follows: the line or version is a
	// minimum.
	AndLater bool `json:"and_later,omitempty"`
}

// String returns "macOS 15", "iOS 26.3.1" or "macOS 13.3 and later".
func (r OSRelease) String() string {
	s := r.Line.String()
	if !r.Version.IsZero() {
		s = r.Version.String()
	}
	if r.AndLater {
		s += " and later"
	}
	return s
}

// Resolved reports whether the phrase mapped to at least one model or
// platform.
func (r Resolution) Resolved() bool { return len(r.Models) > 0 || len(r.Platforms) > 0 }

// AllPlatforms returns the platforms named explicitly followed by those of
// the models, without repeats.
func (r Resolution) AllPlatforms() []Platform {
	out := slices.Clone(r.Platforms)
	for _, m := range r.Models {
		if m.Platform != "" && !slices.Contains(out, m.Platform) {
			out = append(out, m.Platform)
		}
	}
	return out
}

// Includes reports whether one of the resolved models has identifier, board
// ID or name s (ignoring case).
func (r Resolution) Includes(s string) bool {
	for _, m := range r.Models {
		if m.Has(s) || strings.EqualFold(m.Name, s) {
			return true
		}
	}
	return false
}

var (
	// ordinalGeneration matches a model written without parentheses around
	// its generation: "iPad Pro 12.9-inch 3rd generation".
	ordinalGeneration = regexp.MustCompile(`(?i)^(.+?)\s+(\d+(?:st|nd|rd|th)\s+generation)$`)
	// rangeForm matches a range of models: "iPad Air (3rd - 5th
	// generation)", "iPad Pro 11-inch (1st generation - M4)".
	rangeForm = regexp.MustCompile(`^(.+?)\s*\((.+?)\s+-\s+(.+)\)$`)
)

// nonAppleSystems are first words of parts naming other vendors' systems.
var nonAppleSystems = []string{"windows", "android", "linux", "chromeos", "ubuntu"}

// runningPrefixes introduce an OS phrase: "Macs running macOS Sequoia".
var runningPrefixes = []string{
	"macs running ", "mac computers running ", "mac running ", "devices running ",
	"iphone running ", "ipad running ", "apple watch running ", "apple tv running ",
}

// Resolve maps an "Available for" phrase to models, platforms and releases:
//
//	iPhone XS and later, iPad Pro 13-inch, iPad Air 3rd generation and later
//	iPhone 11 (all models), iPad Air (3rd - 5th generation), iPad Pro 13-inch (M4)
//	Apple TV HD and Apple TV 4K (all models)
//	Macs running macOS Sequoia; macOS Ventura and later; macOS Sequoia 15.6 and later
//	iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, macOS 26.3.2
//
// A leading "Available for" label and a qualifier ending in a colon
// ("devices with Apple Neural Engine:") are accepted. "X and later" means the
// models of X's family from X's generation on (for Macs, of X's product
// line); "(all models)" every model whose name starts with the words before
// it. Parts that name another vendor's system go to NonApple; parts that
// match nothing go to Unresolved.
func (c *Catalog) Resolve(phrase string) Resolution {
	r := resolver{c: c, seen: make([]bool, len(c.models))}
	if len(phrase) > maxPhraseLen {
		cut := 64
		for cut > 0 && !utf8.RuneStart(phrase[cut]) {
			cut--
		}
		r.res.Unresolved = append(r.res.Unresolved, phrase[:cut]+"...")
		return r.res
	}
	text, cond := stripLabel(cleanPhrase(phrase))
	r.res.Condition = cond
	for _, part := range splitTopLevel(text) {
		part = trimLeadingConjunction(part)
		if part == "" {
			continue
		}
		if r.part(part) {
			continue
		}
		subs := splitAnd(part)
		if len(subs) < 2 {
			r.res.Unresolved = append(r.res.Unresolved, part)
			continue
		}
		for _, s := range subs {
			if !r.part(s) {
				r.res.Unresolved = append(r.res.Unresolved, s)
			}
		}
	}
	var idx []int
	for i, ok := range r.seen {
		if ok {
			idx = append(idx, i)
		}
	}
	r.res.Models = cloneModels(c.models, idx)
	return r.res
}

// resolver accumulates one Resolve call.
type resolver struct {
	c    *Catalog
	seen []bool // by catalog position
	res  Resolution
}

// part resolves one part of a phrase and reports whether it could.
func (r *resolver) part(s string) bool {
	for _, w := range nonAppleSystems {
		if hasPrefixFold(s, w) && (len(s) == len(w) || s[len(w)] == ' ') {
			r.res.NonApple = append(r.res.NonApple, s)
			return true
		}
	}
	for _, p := range runningPrefixes {
		if t, ok := cutPrefixFold(s, p); ok {
			s = t
			break
		}
	}
	words := strings.Fields(s)
	if p, n := matchPlatform(words); n > 0 {
		return r.osPart(p, words[n:])
	}
	if r.macClass(strings.ToLower(s)) {
		return true
	}
	return r.devicePart(s)
}

// osPart resolves an OS phrase after its platform name: "", "Sonoma",
// "Sequoia 15.6 and later", "26.3.1".
func (r *resolver) osPart(p Platform, words []string) bool {
	andLater := false
	if n := len(words); n >= 2 && strings.EqualFold(words[n-1], "later") &&
		(strings.EqualFold(words[n-2], "and") || strings.EqualFold(words[n-2], "or")) {
		andLater, words = true, words[:n-2]
	}
	// Safari runs on Macs of several macOS lines: its versions name no devices.
	return r.osRelease(p, words, andLater, p != Safari)
}

// osRelease records the platform and release named by words and, when
// withModels, the models that can run it.
func (r *resolver) osRelease(p Platform, words []string, andLater, withModels bool) bool {
	var rel OSRelease
	rel.AndLater = andLater
	switch {
	case len(words) == 0:
		// A bare platform name: no release, no particular models.
		r.addPlatform(p)
		return true
	case slices.ContainsFunc(words, startsNumeric):
		v, err := ParseFor(p, strings.Join(words, " "))
		if err != nil || v.HasLetter() && andLater {
			return false
		}
		rel.Version, rel.Line = v, v.Line()
	default:
		l, n := matchMarketingName(p, words)
		if n != len(words) {
			return false
		}
		rel.Line = l
	}
	r.addPlatform(p)
	r.res.Releases = append(r.res.Releases, rel)
	if withModels {
		r.addRunning(p, rel.Line.Major(), andLater)
	}
	return true
}

// addPlatform records p once.
func (r *resolver) addPlatform(p Platform) {
	if !slices.Contains(r.res.Platforms, p) {
		r.res.Platforms = append(r.res.Platforms, p)
	}
}

// addRunning adds the models of platform p that can run major (or, with
// andLater, major or a later one). iPads ran iOS before iPadOS 13.
func (r *resolver) addRunning(p Platform, major int, andLater bool) {
	for i := range r.c.models {
		m := &r.c.models[i]
		if !deviceRunsPlatform(m, p, major) {
			continue
		}
		if andLater && m.MaxMajor >= major || !andLater && m.Runs(major) {
			r.seen[i] = true
		}
	}
}

// deviceRunsPlatform reports whether releases of platform p at major are
// for model m's kind of device.
func deviceRunsPlatform(m *Model, p Platform, major int) bool {
	switch m.Family {
	case FamilyIPad, FamilyIPadAir, FamilyIPadMini, FamilyIPadPro:
		return p == IPadOS && major >= 13 || p == IOS && major < 13
	}
	return m.Platform == p
}

// macClass resolves the phrases naming Macs by processor: "Intel-based Mac
// computers", "Mac computers with Apple silicon", "Macs".
func (r *resolver) macClass(ls string) bool {
	intel, silicon := false, false
	if t, ok := strings.CutPrefix(ls, "intel-based "); ok {
		ls, intel = t, true
	}
	if t, ok := strings.CutPrefix(ls, "apple silicon "); ok {
		ls, silicon = t, true
	}
	for _, suf := range []string{" with apple silicon", " with an apple silicon chip"} {
		if t, ok := strings.CutSuffix(ls, suf); ok {
			ls, silicon = t, true
		}
	}
	for _, suf := range []string{" with an intel processor", " with intel processors", " with intel processor"} {
		if t, ok := strings.CutSuffix(ls, suf); ok {
			ls, intel = t, true
		}
	}
	switch ls {
	case "mac", "macs", "mac computer", "mac computers":
	default:
		return false
	}
	if intel && silicon {
		return false
	}
	for _, i := range r.c.families[FamilyMac] {
		m := &r.c.models[i]
		if intel && m.AppleSilicon() || silicon && !m.AppleSilicon() {
			continue
		}
		r.seen[i] = true
	}
	return true
}

// devicePart resolves a device phrase: a model name, "X and later",
// "X (all models)", "X (Nth generation and later)" or a range
// "X (A - B)".
func (r *resolver) devicePart(s string) bool {
	andLater := false
	for _, suf := range []string{" and later", " or later"} {
		if t, ok := cutSuffixFold(s, suf); ok {
			s, andLater = strings.TrimSpace(t), true
			break
		}
	}
	if t, ok := cutSuffixFold(s, "(all models)"); ok {
		if andLater {
			return false
		}
		idx := r.prefixMatches(strings.TrimSpace(t))
		for _, i := range idx {
			r.seen[i] = true
		}
		return len(idx) > 0
	}
	if strings.HasSuffix(s, ")") {
		if t, ok := cutSuffixFold(s[:len(s)-1], " and later"); ok && !andLater {
			// "AirPods (2nd generation and later)"
			s, andLater = t+")", true
		} else if m := rangeForm.FindStringSubmatch(s); m != nil && !andLater {
			return r.rangePart(m[1], m[2], m[3])
		}
	}
	if m := ordinalGeneration.FindStringSubmatch(s); m != nil {
		s = m[1] + " (" + m[2] + ")"
	}
	var anchors []int
	if i, ok := r.c.lookup(s); ok {
		anchors = []int{i}
	} else {
		anchors = r.prefixMatches(s)
	}
	if len(anchors) == 0 {
		return false
	}
	for _, a := range anchors {
		if !andLater {
			r.seen[a] = true
			continue
		}
		am := &r.c.models[a]
		if legacyIPadAnchor(am) {
			// iOS 6 to 12: "iPad 2 and later", "iPad Air and later"
			// named every later iPad, mini, Air and Pro included.
			for _, f := range ipadFamilies {
				for _, i := range r.c.families[f] {
					m := &r.c.models[i]
					if m.Released >= am.Released && (m.Family != am.Family || m.Generation >= am.Generation) {
						r.seen[i] = true
					}
				}
			}
			continue
		}
		line := productLine(am)
		for _, i := range r.c.families[am.Family] {
			m := &r.c.models[i]
			if m.Generation >= am.Generation && (line == "" || productLine(m) == line) {
				r.seen[i] = true
			}
		}
	}
	return true
}

// ipadFamilies are the iPad product lines.
var ipadFamilies = []Family{FamilyIPad, FamilyIPadMini, FamilyIPadAir, FamilyIPadPro}

// legacyIPadAnchor reports whether "m and later" is of the iOS 6 to 12
// era, when Apple meant every iPad released since m: the anchors of those
// pages (iPad 2, iPad 3rd and 4th generation, iPad mini, iPad Air, iPad
// mini 2) came out by 2013. From iOS 13 on, pages name each iPad line
// ("iPad Air 2 and later, iPad mini 4 and later").
func legacyIPadAnchor(m *Model) bool {
	switch m.Family {
	case FamilyIPad, FamilyIPadMini, FamilyIPadAir:
		return m.Released > 0 && m.Released <= 2013
	}
	return false
}

// rangePart resolves "prefix (lo - hi)": the models of one family whose
// names start with prefix, from lo's generation to hi's.
func (r *resolver) rangePart(prefix, lo, hi string) bool {
	hiName := prefix + " (" + hi + ")"
	loName := prefix + " (" + lo + ")"
	h, ok := r.c.lookup(hiName)
	if !ok {
		return false
	}
	l, ok := r.c.lookup(loName)
	if !ok {
		// "iPad Air (3rd - 5th generation)": the word after hi applies to lo.
		if i := strings.LastIndexByte(hi, ' '); i > 0 {
			l, ok = r.c.lookup(prefix + " (" + lo + hi[i:] + ")")
		}
		if !ok {
			return false
		}
	}
	lm, hm := &r.c.models[l], &r.c.models[h]
	if lm.Family != hm.Family || lm.Generation > hm.Generation {
		return false
	}
	np := normalizeKey(prefix)
	for _, i := range r.c.families[lm.Family] {
		m := &r.c.models[i]
		if m.Generation >= lm.Generation && m.Generation <= hm.Generation && hasWordPrefix(r.c.lowerNames[i], np) {
			r.seen[i] = true
		}
	}
	return true
}

// prefixMatches returns the models whose names start with the words of s,
// provided s spells out at least the family name ("Apple TV 4K" matches the
// three Apple TV 4K models; "Apple" matches nothing).
func (r *resolver) prefixMatches(s string) []int {
	ns := normalizeKey(s)
	if ns == "" {
		return nil
	}
	var out []int
	for i, name := range r.c.lowerNames {
		if hasWordPrefix(name, ns) && len(ns) >= len(r.c.models[i].Family) {
			out = append(out, i)
		}
	}
	return out
}

// hasWordPrefix reports whether name starts with prefix followed by the end,
// a space or a parenthesis.
func hasWordPrefix(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	return len(name) == len(prefix) || name[len(prefix)] == ' ' || name[len(prefix)] == '('
}

// productLine returns the product line within the Mac family ("MacBook
// Air" for "MacBook Air (M2, 2022)"), "" for other families, whose "and
// later" spans the family.
func productLine(m *Model) string {
	if m.Family != FamilyMac {
		return ""
	}
	if i := strings.Index(m.Name, " ("); i > 0 {
		return m.Name[:i]
	}
	return m.Name
}

// phraseReplacer turns no-break spaces into spaces and en dashes, em dashes
// and non-breaking hyphens into hyphens.
var phraseReplacer = strings.NewReplacer("\u00a0", " ", "\u2013", "-", "\u2014", "-", "\u2011", "-")

// cleanPhrase collapses white space (including no-break spaces), turns
// dashes into hyphens and drops a final period.
func cleanPhrase(s string) string {
	s = phraseReplacer.Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimSuffix(s, ".")
}

// stripLabel removes a leading "Available for" and returns the qualifier
// that may precede a colon ("devices with Apple Neural Engine").
func stripLabel(s string) (text, condition string) {
	if t, ok := cutPrefixFold(s, "available for"); ok {
		s = strings.TrimSpace(t)
	}
	if t, ok := strings.CutPrefix(s, ":"); ok {
		return strings.TrimSpace(t), ""
	}
	if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], ",;()") {
		return strings.TrimSpace(s[i+1:]), strings.TrimSpace(s[:i])
	}
	return s, ""
}

// splitTopLevel splits s at commas and semicolons outside parentheses.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// splitAnd splits s at " and " outside parentheses, except before "later"
// ("macOS Ventura and later" stays whole).
func splitAnd(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ' ':
			if depth == 0 && hasPrefixFold(s[i:], " and ") && !hasPrefixFold(s[i+5:], "later") {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 5
				i += 4
			}
		}
	}
	parts = append(parts, strings.TrimSpace(s[start:]))
	return slices.DeleteFunc(parts, func(p string) bool { return p == "" })
}

// asciiLower lower-cases an ASCII letter and returns other bytes as they are.
func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// trimLeadingConjunction drops a leading "and " or "or " (and a lone
// conjunction).
func trimLeadingConjunction(s string) string {
	if strings.EqualFold(s, "and") || strings.EqualFold(s, "or") {
		return ""
	}
	for _, w := range []string{"and ", "or "} {
		if t, ok := cutPrefixFold(s, w); ok {
			return strings.TrimSpace(t)
		}
	}
	return s
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case (only ASCII:
// byte offsets in s and prefix then stay aligned).
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

// asciiEqualFold reports whether a and b are equal ignoring ASCII case.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if asciiLower(a[i]) != asciiLower(b[i]) {
			return false
		}
	}
	return true
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if !hasPrefixFold(s, prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// cutSuffixFold is strings.CutSuffix ignoring ASCII case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) < len(suffix) || !asciiEqualFold(s[len(s)-len(suffix):], suffix) {
		return s, false
	}
	return s[:len(s)-len(suffix)], true
}
