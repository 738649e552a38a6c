package advisory

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// News is one item of a news feed, as the feed gave it. FromNews reads it.
type News struct {
	// Title is the item's title.
	Title string `json:"title"`
	// Text is the item's description and content, as plain text or as an HTML
	// fragment (tags are dropped, entities decoded).
	Text string `json:"text"`
	// Link is the item's link: the article's address.
	Link string `json:"link"`
	// Published is when the item was published (zero if the feed gave no date).
	Published time.Time `json:"published,omitzero"`
}

// NewsLink is one official advisory that a news advisory refers to, and why.
type NewsLink struct {
	// Advisory is the official advisory (a page or mail).
	Advisory *Advisory `json:"advisory"`
	// CVEs are the CVE IDs the news names that the advisory fixes, in news order.
	CVEs []string `json:"cves"`
	// Releases are the releases the news names that the advisory covers
	// (same platform, version and letter), in news order.
	Releases []ProductVersion `json:"releases"`
}

var (
	// newsReleaseRE finds a release in prose: a platform, or a list of
	// platforms sharing one version ("iOS and iPadOS 18.1", "iOS, iPadOS, and
	// macOS 26.3.1 (a)"), an optional macOS marketing name, a version with at
	// least one dot, and an optional BSI/RSR letter. Platform names are case
	// sensitive so that Cisco's "IOS 15.2" is not read as Apple's iOS.
	newsReleaseRE = regexp.MustCompile(`\b((?:` + newsPlatformAlt + `)(?:` + newsListSep + `(?:` + newsPlatformAlt + `))*)\s+(?:` + newsMarketingAlt + `\s+)?` + newsVersionPat)
	// newsContinueRE is a further version for the same platforms right after a
	// release: "iOS 16.7.11 and 15.8.4", "macOS Sequoia 15.3.1, Sonoma 14.7.4".
	newsContinueRE = regexp.MustCompile(`^` + newsListSep + `(?:` + newsMarketingAlt + `\s+)?` + newsVersionPat)
	// newsPlatformRE splits a matched platform list into its platforms.
	newsPlatformRE = regexp.MustCompile(newsPlatformAlt)
	// newsComponentRE finds component names that are distinctive enough to be
	// read from prose (generic words such as "Messages" are left out).
	newsComponentRE = regexp.MustCompile(`\b(?:WebKit|Webkit|JavaScriptCore|Safari|[Kk]ernel|ImageIO|Image I/O|CoreMedia|Core Media|CoreAudio|Core Audio|CoreGraphics|CoreText|FontParser|dyld|IOMobileFrameBuffer|IOSurfaceAccelerator|IOKit|AppleAVD|Apple Neural Engine|BlastDoor|Model I/O|libxpc|AppleMobileFileIntegrity)\b`)
	// newsAppleRE tells that a sentence is about Apple's products.
	newsAppleRE = regexp.MustCompile(`\b(?:Apple|iPhones?|iPads?|Macs?|MacBooks?|iMacs?|iOS|iPadOS|macOS|MacOS|watchOS|tvOS|visionOS|Safari|WebKit|Vision Pro|AirPods)\b`)
	// newsExploitRE finds wording that reports exploitation in the wild. The
	// first group catches a modal ("could have been exploited"), which makes
	// the match hypothetical; the second catches "zero-day", which needs more
	// support from its sentence (see newsExploited).
	newsExploitRE = regexp.MustCompile(`(?i)\b(?:actively exploited|exploited in the wild|in-the-wild exploitation|under active exploitation|exploited in (?:targeted |real-world |limited )?attacks|exploited in (?:an? )?(?:extremely )?sophisticated attacks?|(?:(could|might|would|can|cannot|can't)\s+)?(?:may\s+have\s+been|has\s+been|have\s+been|had\s+been|was|were|is\s+being|are\s+being)\s+(?:actively\s+)?exploited|(zero[- ]?days?|0-?days?))\b`)
	// newsNegationRE marks a sentence that denies or doubts exploitation.
	newsNegationRE = regexp.MustCompile(`(?i)\b(?:no evidence|not aware|unaware|isn't aware|no indication|no reports?|no sign|not (?:been |being )?(?:actively )?exploited|whether|unclear|unknown|not known)\b`)
	// newsVulnWordRE is what a "zero-day" sentence must also say to be read
	// as a report of an exploited flaw rather than, say, the zero-day market.
	newsVulnWordRE = regexp.MustCompile(`(?i)\b(?:fix(?:es|ed)?|patch(?:es|ed)?|address(?:es|ed)?|exploit(?:s|ed)?|attacks?|flaws?|vulnerabilit(?:y|ies)|bugs?|CVE-\d{4}-\d{4,7})\b`)
)

const (
	newsPlatformAlt  = `iOS|iPadOS|macOS|MacOS|watchOS|WatchOS|tvOS|visionOS|VisionOS|Safari|Xcode`
	newsListSep      = `(?:\s*,\s*(?:and|or)\s+|\s*,\s*|\s*/\s*|\s*&\s*|\s+(?:and|or)\s+)`
	newsMarketingAlt = `(?:Tahoe|Sequoia|Sonoma|Ventura|Monterey|Big Sur)`
	newsVersionPat   = `(\d{1,3}(?:\.\d{1,4}){1,3})(?:\s?\(([a-z])\))?`
)

// newsPlatformNames maps the spellings newsPlatformAlt accepts to Apple's.
var newsPlatformNames = map[string]string{
	"iOS": "iOS", "iPadOS": "iPadOS", "macOS": "macOS", "MacOS": "macOS",
	"watchOS": "watchOS", "WatchOS": "watchOS", "tvOS": "tvOS",
	"visionOS": "visionOS", "VisionOS": "visionOS", "Safari": "Safari", "Xcode": "Xcode",
}

// newsComponentNames maps the spellings newsComponentRE accepts to the
// component headings Apple uses.
var newsComponentNames = map[string]string{
	"Webkit": "WebKit", "kernel": "Kernel", "Image I/O": "ImageIO",
	"Core Media": "CoreMedia", "Core Audio": "CoreAudio",
}

// FromNews reads a news item as a lightweight Advisory with Source
// SourceNews: Title, URL (the item's link), Released (the publication date in
// the feed's own time zone), the Apple releases the title and text name, and
// entries for the CVE IDs and components they name. It never fails: an item
// that names nothing of Apple's gives an Advisory with no releases and no
// entries (all slices empty, not nil).
//
// Releases: a platform (iOS, iPadOS, macOS, watchOS, tvOS, visionOS, Safari,
// Xcode) or a list of platforms sharing one version ("iOS and iPadOS 18.1"),
// then a version with at least one dot and an optional letter ("iOS 26.3.1
// (a)", "iOS 26.3.1(a)"). A bare major ("iOS 18") is not read: in news it names
// a line of devices far more often than a release.
//
// Entries: a CVE named in a sentence that names exactly one component is put
// under that component; when the whole item names a single component, the
// CVEs of sentences about Apple (of all sentences when the title is about
// Apple) go under it; CVEs that cannot be placed go to one entry with an empty
// Component. Each other named component gets an entry with no CVE, so the item
// can be found by component. WebKit comes first, then components in order of
// appearance, then the unplaced CVEs. Components are read only when the item
// is about Apple (it names Apple, a device or a platform).
//
// Exploited is conservative: a sentence counts when it reports exploitation
// in the wild ("actively exploited", "may have been exploited", "exploited in
// ... attacks", or "zero-day" with a word such as fix, flaw or attack; never
// "Zero Day Initiative"), says nothing that denies or doubts it ("no
// evidence", "whether", "could have been"), and is about Apple (it or the
// title names Apple, a device or a platform). Such a sentence marks the
// entries whose CVE or component it names; when none of them names any, the
// unplaced entry (created if needed) carries the flag.
func FromNews(n News) *Advisory {
	a := &Advisory{
		Kind:             "advisory",
		Origin:           OriginNews,
		Title:            cleanText(newsPlainText(n.Title)),
		URL:              strings.TrimSpace(n.Link),
		Releases:         []ProductVersion{},
		Entries:          []Entry{},
		Acknowledgements: []Acknowledgement{},
	}
	if !n.Published.IsZero() {
		y, m, d := n.Published.Date()
		a.Released = NewDate(y, m, d)
	}

	sentences := append([]string{a.Title}, newsSentences(newsPlainText(n.Text))...)
	titleApple := newsAppleRE.MatchString(a.Title)
	apple := titleApple
	facts := make([]newsFacts, len(sentences))
	seen := map[ProductVersion]bool{}
	for i, s := range sentences {
		facts[i] = newsReadSentence(s, titleApple)
		for _, r := range facts[i].releases {
			if !seen[r] {
				seen[r] = true
				a.Releases = append(a.Releases, r)
			}
		}
		apple = apple || facts[i].apple
	}
	if !apple {
		// Not about Apple: "kernel" or "Safari" name someone else's.
		for i := range facts {
			facts[i].comps = nil
		}
	}
	a.Entries = newsEntries(facts)
	return a
}

// newsFacts is what one sentence says.
type newsFacts struct {
	releases  []ProductVersion
	cves      []string
	comps     []string
	apple     bool
	exploited bool
}

// newsReadSentence reads the releases, CVEs, components, Apple context and
// exploitation of one sentence.
func newsReadSentence(s string, titleApple bool) newsFacts {
	var f newsFacts
	var masked []byte // s with release spans blanked, so "Safari 26.4" is no component
	f.releases, masked = newsReleases(s)
	var seen map[string]bool
	for _, id := range appendCVEIDs(nil, s, nil) {
		if seen == nil {
			seen = map[string]bool{}
		}
		if !seen[id] {
			seen[id] = true
			f.cves = append(f.cves, id)
		}
	}
	for _, m := range newsComponentRE.FindAll(masked, -1) {
		name := string(m)
		if canon, ok := newsComponentNames[name]; ok {
			name = canon
		}
		name = NormalizeComponent(name)
		if !slices.Contains(f.comps, name) {
			f.comps = append(f.comps, name)
		}
	}
	f.apple = newsAppleRE.MatchString(s)
	f.exploited = (f.apple || titleApple) && newsExploited(s)
	return f
}

// newsExploited reports whether a sentence reports exploitation in the wild.
func newsExploited(s string) bool {
	// Most sentences say none of these: skip the costly expressions for them.
	lower := strings.ToLower(s)
	if !strings.Contains(lower, "exploit") && !strings.Contains(lower, "zero") &&
		!strings.Contains(lower, "0-day") && !strings.Contains(lower, "0day") {
		return false
	}
	if newsNegationRE.MatchString(s) {
		return false
	}
	for _, m := range newsExploitRE.FindAllStringSubmatchIndex(s, -1) {
		if m[2] >= 0 { // "could have been exploited": hypothetical
			continue
		}
		if m[4] >= 0 { // "zero-day"
			rest := strings.TrimLeft(s[m[1]:], " -")
			if hasPrefixFold(rest, "Initiative") || hasPrefixFold(rest, "Quest") {
				continue // Trend Micro's Zero Day Initiative, Microsoft's Zero Day Quest
			}
			if !newsVulnWordRE.MatchString(s[:m[4]] + " " + s[m[5]:]) {
				continue
			}
		}
		return true
	}
	return false
}

// newsReleases finds the releases a sentence names and returns them with the
// sentence's bytes, the release spans blanked.
func newsReleases(s string) ([]ProductVersion, []byte) {
	masked := []byte(s)
	// Every platform name holds "OS" but Safari and Xcode.
	if !strings.Contains(s, "OS") && !strings.Contains(s, "Safari") && !strings.Contains(s, "Xcode") {
		return nil, masked
	}
	var out []ProductVersion
	for _, m := range newsReleaseRE.FindAllStringSubmatchIndex(s, -1) {
		end := m[1]
		if !newsVersionEnds(s, end) {
			continue
		}
		var platforms []string
		for _, p := range newsPlatformRE.FindAllString(s[m[2]:m[3]], -1) {
			platforms = append(platforms, newsPlatformNames[p])
		}
		out = newsAppendVersion(out, platforms, s, m[4], m[5], m[6], m[7])
		// Further versions of the same platforms: "iOS 16.7.11 and 15.8.4".
		for {
			c := newsContinueRE.FindStringSubmatchIndex(s[end:])
			if c == nil || !newsVersionEnds(s, end+c[1]) {
				break
			}
			out = newsAppendVersion(out, platforms, s, end+c[2], end+c[3], newsShift(c[4], end), newsShift(c[5], end))
			end += c[1]
		}
		for i := m[0]; i < end; i++ {
			masked[i] = ' '
		}
	}
	return out, masked
}

// newsShift moves a submatch index by off, leaving -1 (no match) alone.
func newsShift(i, off int) int {
	if i < 0 {
		return i
	}
	return i + off
}

// newsAppendVersion adds one version (s[vs:ve]) with its optional letter
// (s[ls:le]) for each platform.
func newsAppendVersion(out []ProductVersion, platforms []string, s string, vs, ve, ls, le int) []ProductVersion {
	extra := ""
	if ls >= 0 {
		extra = "(" + s[ls:le] + ")"
	}
	for _, p := range platforms {
		out = append(out, ProductVersion{Platform: p, Version: s[vs:ve], Extra: extra})
	}
	return out
}

// newsVersionEnds reports whether a version match ending at end is whole: not
// followed by a letter, a digit, or a dot and a digit ("18.1b", "1.2.3.4.5").
func newsVersionEnds(s string, end int) bool {
	if end >= len(s) {
		return true
	}
	c := s[end]
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return false
	case c == '.' && end+1 < len(s) && s[end+1] >= '0' && s[end+1] <= '9':
		return false
	}
	return true
}

// newsEntries groups the CVEs and components of an item's sentences into
// entries and sets their Exploited flags (see FromNews for the rules). Maps
// keep the work linear in the number of CVE mentions.
func newsEntries(facts []newsFacts) []Entry {
	var cves, comps []string
	seen := map[string]bool{}
	placed := map[string]string{} // CVE -> component
	for _, f := range facts {
		for _, id := range f.cves {
			if !seen[id] {
				seen[id] = true
				cves = append(cves, id)
			}
		}
		for _, c := range f.comps {
			if !slices.Contains(comps, c) { // a few dozen names at most
				comps = append(comps, c)
			}
		}
		if len(f.comps) == 1 {
			for _, id := range f.cves {
				if _, ok := placed[id]; !ok {
					placed[id] = f.comps[0]
				}
			}
		}
	}
	if i := slices.Index(comps, "WebKit"); i > 0 {
		comps = slices.Insert(slices.Delete(comps, i, i+1), 0, "WebKit")
	}
	if len(comps) == 1 {
		// The item's only component takes the CVEs of sentences about Apple,
		// or of every sentence when the title is about Apple; a roundup's
		// "Chrome's CVE-2026-2441" stays unplaced.
		titleApple := len(facts) > 0 && facts[0].apple
		for _, f := range facts {
			if !titleApple && !f.apple {
				continue
			}
			for _, id := range f.cves {
				if _, ok := placed[id]; !ok {
					placed[id] = comps[0]
				}
			}
		}
	}

	entries := make([]Entry, 0, len(comps)+1)
	byComp := make(map[string]int, len(comps))
	for _, c := range comps {
		byComp[c] = len(entries)
		entries = append(entries, newsEntry(c))
	}
	unplaced := -1
	byCVE := make(map[string]int, len(cves))
	for _, id := range cves {
		i, ok := -1, false
		if c, isPlaced := placed[id]; isPlaced {
			i, ok = byComp[c]
		}
		if !ok {
			if unplaced < 0 {
				entries = append(entries, newsEntry(""))
				unplaced = len(entries) - 1
			}
			i = unplaced
		}
		entries[i].CVEs = append(entries[i].CVEs, CVE{ID: id})
		byCVE[id] = i
	}

	reported, marked := false, false
	for _, f := range facts {
		if !f.exploited {
			continue
		}
		reported = true
		for _, c := range f.comps {
			if i, ok := byComp[c]; ok {
				entries[i].Exploited = true
				marked = true
			}
		}
		for _, id := range f.cves {
			if i, ok := byCVE[id]; ok {
				entries[i].Exploited = true
				marked = true
			}
		}
	}
	if reported && !marked {
		if unplaced < 0 {
			entries = append(entries, newsEntry(""))
			unplaced = len(entries) - 1
		}
		entries[unplaced].Exploited = true
	}
	return entries
}

// newsEntry is an empty entry under component, its slices non-nil.
func newsEntry(component string) Entry {
	return Entry{Component: component, CVEs: []CVE{}, MentionedCVEs: []string{}, WebKitBugzilla: []int{}}
}

// newsSentences splits plain text into sentences: at line breaks and after
// ".", "!" or "?" followed by a space. Version numbers ("18.1") stay whole.
func newsSentences(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		start := 0
		for i := 0; i+1 < len(line); i++ {
			if (line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i+1] == ' ' {
				if s := strings.TrimSpace(line[start : i+1]); s != "" {
					out = append(out, s)
				}
				start = i + 1
			}
		}
		if s := strings.TrimSpace(line[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// NewsText returns the plain text of a news item's description or content,
// which feeds give as HTML fragments: tags are dropped (with script and style
// content), entities decoded, white space folded, and block elements such as
// paragraphs and list items put on lines of their own. Text without markup
// only has its white space folded.
func NewsText(fragment string) string {
	return newsPlainText(fragment)
}

// newsPlainText implements NewsText.
func newsPlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return newsFoldLines(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	skip := 0 // depth inside script or style
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return newsFoldLines(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style {
				switch {
				case tt == html.StartTagToken:
					skip++
				case tt == html.EndTagToken && skip > 0:
					skip--
				}
			}
			if newsBlockElement(a) {
				b.WriteByte('\n')
			}
		}
	}
}

// newsBlockElement reports whether an element starts a line of its own.
func newsBlockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Br, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Tr, atom.Td, atom.Th, atom.Table, atom.Blockquote,
		atom.Pre, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Figure,
		atom.Figcaption, atom.Hr, atom.Dd, atom.Dt, atom.Dl:
		return true
	}
	return false
}

// newsFoldLines folds white space within each line and drops empty lines.
func newsFoldLines(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if line = cleanText(line); line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// LinkNews returns the official advisories (pages and mails; news advisories
// in the list are skipped) that a news advisory refers to: first those that
// fix a CVE the news names, then those that cover a release the news names
// with the same platform, version and letter ("iOS 26.3.1 (a)" does not match
// "iOS 26.3.1"; "26.2" matches "26.2.0"). Each advisory appears once, with
// every reason that applies; the result keeps the order of official within
// each group and is empty when nothing matches.
func LinkNews(news *Advisory, official []*Advisory) []NewsLink {
	if news == nil {
		return nil
	}
	var newsCVEs []string
	seen := map[string]bool{}
	for _, e := range news.Entries {
		for _, c := range e.CVEs {
			if id := strings.ToUpper(c.ID); !seen[id] {
				seen[id] = true
				newsCVEs = append(newsCVEs, id)
			}
		}
	}
	var byCVE, byRelease []NewsLink
	for _, o := range official {
		if o == nil || o == news || o.Origin == OriginNews {
			continue
		}
		link := NewsLink{Advisory: o}
		if len(newsCVEs) > 0 {
			fixed := make(map[string]bool)
			for _, e := range o.Entries {
				for _, c := range e.CVEs {
					fixed[strings.ToUpper(c.ID)] = true
				}
			}
			for _, id := range newsCVEs {
				if fixed[id] {
					link.CVEs = append(link.CVEs, id)
				}
			}
		}
		for _, r := range news.Releases {
			if r.Version != "" && slices.ContainsFunc(o.Releases, func(or ProductVersion) bool { return newsSameRelease(r, or) }) {
				link.Releases = append(link.Releases, r)
			}
		}
		switch {
		case len(link.CVEs) > 0:
			byCVE = append(byCVE, link)
		case len(link.Releases) > 0:
			byRelease = append(byRelease, link)
		}
	}
	return append(byCVE, byRelease...)
}

// newsSameRelease reports whether two releases name the same platform,
// version (ignoring trailing ".0" parts) and letter.
func newsSameRelease(a, b ProductVersion) bool {
	return a.Version != "" && strings.EqualFold(a.Platform, b.Platform) &&
		newsTrimZeros(a.Version) == newsTrimZeros(b.Version) &&
		strings.EqualFold(strings.TrimSpace(a.Extra), strings.TrimSpace(b.Extra))
}

// newsTrimZeros drops trailing ".0" parts: "26.2.0" becomes "26.2".
func newsTrimZeros(v string) string {
	for strings.HasSuffix(v, ".0") {
		v = strings.TrimSuffix(v, ".0")
	}
	return v
}
