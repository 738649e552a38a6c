package export

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// SOFA schema facts written into v2 feeds.
const (
	sofaSchemaVersion = "2026.04.11.2"
	sofaFeedVersion   = "2.0"
)

// SOFAFeeds are the feeds of one export, laid out as the macadmins feed is.
type SOFAFeeds struct {
	// MacOSV1 is v1/macos_data_feed.json.
	MacOSV1 SOFAFeedV1
	// IOSV1 is v1/ios_data_feed.json.
	IOSV1 SOFAFeedV1
	// V2 are v2/<os>_data_feed.json by os: "macos", "ios", "tvos",
	// "watchos" and "visionos".
	V2 map[string]SOFAFeedV2
}

// sofaGroup is one feed's platforms: iPadOS shares iOS's feed.
type sofaGroup struct {
	key       string
	platforms []version.Platform
}

// sofaGroups are the feeds SOFA publishes, macOS first.
var sofaGroups = []sofaGroup{
	{"macos", []version.Platform{version.MacOS}},
	{"ios", []version.Platform{version.IOS, version.IPadOS}},
	{"tvos", []version.Platform{version.TvOS}},
	{"watchos", []version.Platform{version.WatchOS}},
	{"visionos", []version.Platform{version.VisionOS}},
}

// sofaRelease is one security release of a feed, from one or more advisories.
type sofaRelease struct {
	version  version.Version
	names    []string
	products []string
	date     advisory.Date
	url      string
	from     *advisory.Advisory
	cves     map[string]SOFACVE
	devices  []string
	merged   []*advisory.Advisory // the advisories whose CVEs and devices are in
}

// SOFA builds the SOFA-compatible feeds from in. News reports are skipped;
// releases of other products (Safari, Xcode) have no SOFA feed. A release
// listed by several advisories (a page and its mail) appears once with the
// union of their CVEs. Background Security Improvements go to v2's
// BackgroundSecurityImprovements only, withdrawn ones not at all: a feed
// says what to install.
//
// Failure is partial, as for CSAF: an advisory with a release of a SOFA
// platform but no release date, or a version that is none, is left out and
// named in the error returned with the feeds of the others (errors.Is
// ErrInvalidAdvisory). Errors of the input as a whole are CSAF's and give no
// feeds.
func SOFA(in Input) (SOFAFeeds, error) {
	if err := in.check(); err != nil {
		return SOFAFeeds{}, err
	}
	var skipped []error
	usable := make([]*advisory.Advisory, 0, len(in.Advisories))
	for _, a := range in.Advisories {
		if err := sofaCheck(a); err != nil {
			skipped = append(skipped, err)
			continue
		}
		usable = append(usable, a)
	}
	in.Advisories = usable
	b := newBuilder(in)
	feeds := SOFAFeeds{V2: map[string]SOFAFeedV2{}}
	for _, g := range sofaGroups {
		v2 := b.sofaV2(g, b.sofaReleases(g), b.sofaBSIs(g))
		feeds.V2[g.key] = v2
		switch g.key {
		case "macos":
			feeds.MacOSV1 = sofaV1(v2)
		case "ios":
			feeds.IOSV1 = sofaV1(v2)
		}
	}
	return feeds, errors.Join(skipped...)
}

// sofaCheck reports what keeps a's full releases of SOFA's platforms out
// of a feed: no release date, or a version that is none.
func sofaCheck(a *advisory.Advisory) error {
	if a.Origin == advisory.OriginNews {
		return nil
	}
	for _, r := range a.Releases {
		if r.Version == "" || r.Extra != "" || !slices.ContainsFunc(sofaGroups, func(g sofaGroup) bool { return g.has(r.Platform) }) {
			continue
		}
		if _, err := version.ParseFor(version.Platform(r.Platform), r.Version); err != nil {
			return fmt.Errorf("%w: %q names %s %s, which is no version: %w", ErrInvalidAdvisory, a.Title, r.Platform, r.Version, err)
		}
		if a.Released.IsZero() {
			return fmt.Errorf("%w: %q has no release date", ErrInvalidAdvisory, a.Title)
		}
	}
	return nil
}

// has reports whether the platform named p belongs to g.
func (g sofaGroup) has(p string) bool { return slices.Contains(g.platforms, version.Platform(p)) }

// sofaAdvisories are the advisories SOFA reads: pages and mails, the better
// copy first so that its address and date win. They are sorted once per
// export.
func (b *builder) sofaAdvisories() []*advisory.Advisory {
	if b.sofa != nil {
		return b.sofa
	}
	out := []*advisory.Advisory{}
	for _, a := range b.in.Advisories {
		if a.Origin != advisory.OriginNews {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(x, y *advisory.Advisory) int {
		switch {
		case betterCopy(x, y):
			return -1
		case betterCopy(y, x):
			return 1
		}
		return 0
	})
	b.sofa = out
	return out
}

// appliesTo reports whether entry e of a concerns group g: its "Available
// for" names one of g's platforms, or none of the advisory's.
func (b *builder) appliesTo(a *advisory.Advisory, e advisory.Entry, g sofaGroup) bool {
	platforms := b.resolve(e.AvailableFor).AllPlatforms()
	ofAdvisory := false
	for _, p := range platforms {
		if g.has(string(p)) {
			return true
		}
		for _, r := range a.Releases {
			ofAdvisory = ofAdvisory || r.Platform == string(p)
		}
	}
	return !ofAdvisory
}

// sofaReleases gathers the full releases of group g, keyed by version.
func (b *builder) sofaReleases(g sofaGroup) []*sofaRelease {
	advs := b.sofaAdvisories()
	byVersion := map[string]*sofaRelease{}
	var out []*sofaRelease
	for _, a := range advs {
		for _, r := range a.Releases {
			if !g.has(r.Platform) || r.Version == "" || r.Extra != "" {
				continue
			}
			v, err := version.ParseFor(version.Platform(r.Platform), r.Version)
			if err != nil {
				continue // sofaCheck left such advisories out
			}
			key := sofaProductVersion(v)
			rel := byVersion[key]
			if rel == nil {
				rel = &sofaRelease{version: v, date: a.Released, url: a.URL, from: a, cves: map[string]SOFACVE{}}
				byVersion[key] = rel
				out = append(out, rel)
			}
			if rel.from == a {
				if !slices.Contains(rel.products, r.Platform) {
					rel.products = append(rel.products, r.Platform)
					rel.names = append(rel.names, sofaUpdateName(r.Platform, r.Version, v))
				}
			}
			if !slices.Contains(rel.merged, a) { // iOS and iPadOS of one version
				rel.merged = append(rel.merged, a)
				b.addCVEs(a, g, rel.cves)
				rel.devices = union(rel.devices, b.sofaDevices(a, g, v))
			}
		}
	}
	return out
}

// addCVEs records the CVEs of a's entries that concern g.
func (b *builder) addCVEs(a *advisory.Advisory, g sofaGroup, cves map[string]SOFACVE) {
	for _, e := range a.Entries {
		if !b.appliesTo(a, e, g) {
			continue
		}
		for _, c := range e.CVEs {
			id := strings.ToUpper(c.ID)
			_, inKEV := b.in.KEV[id]
			d, seen := cves[id]
			if !seen {
				d = SOFACVE{Component: e.Component, Impact: e.Impact, InKEV: inKEV, NISTURL: "https://nvd.nist.gov/vuln/detail/" + id}
				if !e.Added.IsZero() {
					d.EntryAddedDate = e.Added.String()
				}
			}
			if e.Exploited {
				d.AppleExploitationNotes = e.Impact
			}
			d.ActivelyExploited = d.ActivelyExploited || e.Exploited || inKEV
			cves[id] = d
		}
	}
}

// sofaDevices are the identifiers of the models that a's entries name for
// g and that run v's major: board IDs for Macs, product types otherwise.
// When the entries name none, every model of g's platforms that runs the
// major counts.
func (b *builder) sofaDevices(a *advisory.Advisory, g sofaGroup, v version.Version) []string {
	var ids []string
	seen := map[string]bool{}
	for _, e := range a.Entries {
		if seen[e.AvailableFor] || !b.appliesTo(a, e, g) {
			continue
		}
		seen[e.AvailableFor] = true
		ids = b.appendDeviceIDs(ids, b.resolve(e.AvailableFor).Models, g, v.Major())
	}
	if len(ids) == 0 {
		ids = b.appendDeviceIDs(ids, b.models(), g, v.Major())
	}
	return union(nil, ids)
}

// appendDeviceIDs appends the identifiers of the models of g that run major.
func (b *builder) appendDeviceIDs(ids []string, models []version.Model, g sofaGroup, major int) []string {
	for i := range models {
		m := &models[i]
		if !g.has(string(m.Platform)) || !m.Runs(major) {
			continue
		}
		if m.Platform == version.MacOS {
			ids = append(ids, m.BoardIDs...)
		} else {
			ids = append(ids, m.Identifiers...)
		}
	}
	return ids
}

// union returns the sorted union of a and b without repeats.
func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// sofaProductVersion is the version as SOFA's consumers parse it: "26.3.1",
// and "26.0" for a major written alone.
func sofaProductVersion(v version.Version) string {
	core := v.Core()
	if !strings.Contains(core, ".") {
		core += ".0"
	}
	return core
}

// sofaUpdateName is "macOS Tahoe 26.3.1" or "iOS 26.3.1".
func sofaUpdateName(platform, written string, v version.Version) string {
	if platform == string(version.MacOS) {
		if m := v.MarketingName(); m != "" {
			return "macOS " + m + " " + written
		}
	}
	return platform + " " + written
}

// sofaLineName is "Tahoe 26" for macOS and "26" elsewhere, as SOFA names
// OSVersions.
func sofaLineName(v version.Version) string {
	n := lineNumber(v.Line())
	if v.Platform() == version.MacOS {
		if m := v.MarketingName(); m != "" {
			return m + " " + n
		}
	}
	return n
}

// sofaV2 lays out the v2 feed of g.
func (b *builder) sofaV2(g sofaGroup, releases []*sofaRelease, bsis map[string][]SOFABSI) SOFAFeedV2 {
	feed := SOFAFeedV2{
		SchemaVersion:                  sofaSchemaVersion,
		Version:                        sofaFeedVersion,
		OSVersions:                     []SOFAOSVersionV2{},
		Devices:                        map[string]SOFADevice{},
		BackgroundSecurityImprovements: bsis,
	}
	isMac := g.key == "macos"
	byLine := map[string][]*sofaRelease{}
	var lines []version.Version // one version per line, to sort lines
	for _, r := range releases {
		name := sofaLineName(r.version)
		if _, ok := byLine[name]; !ok {
			lines = append(lines, r.version)
		}
		byLine[name] = append(byLine[name], r)
	}
	slices.SortFunc(lines, func(x, y version.Version) int { return sofaCompareLines(y, x) })
	for _, lv := range lines {
		name := sofaLineName(lv)
		rels := byLine[name]
		// Oldest first to count days, then newest first as SOFA lists them.
		slices.SortFunc(rels, func(x, y *sofaRelease) int {
			if c := cmp.Compare(x.date.String(), y.date.String()); c != 0 {
				return c
			}
			return x.version.Compare(y.version)
		})
		out := make([]SOFAReleaseV2, len(rels))
		latest := 0
		for i, r := range rels {
			days := 0
			if i > 0 {
				days = int(r.date.Time().Sub(rels[i-1].date.Time()).Hours() / 24)
			}
			out[i] = sofaReleaseV2(r, days)
			if r.version.Compare(rels[latest].version) >= 0 {
				latest = i
			}
		}
		ov := SOFAOSVersionV2{OSVersion: name, Latest: out[latest]}
		slices.Reverse(out)
		ov.SecurityReleases = out
		if isMac {
			ov.SupportedModels = b.sofaSupportedModels(lv.Major())
		}
		feed.OSVersions = append(feed.OSVersions, ov)
	}
	if isMac {
		feed.Models = b.sofaModels()
	}
	for _, ov := range feed.OSVersions {
		for _, r := range ov.SecurityReleases {
			b.addDevices(feed.Devices, r.SupportedDevices)
		}
	}
	for _, list := range bsis {
		for _, x := range list {
			b.addDevices(feed.Devices, x.SupportedDevices)
		}
	}
	feed.UpdateHash = sofaHash(feed, func(f *SOFAFeedV2) { f.UpdateHash, f.LastCheck = "", "" })
	feed.LastCheck = b.in.Now.UTC().Format(time.RFC3339)
	return feed
}

// sofaCompareLines orders versions by line (major, and minor for macOS 10).
func sofaCompareLines(x, y version.Version) int {
	if c := cmp.Compare(x.Major(), y.Major()); c != 0 || x.Major() != 10 {
		return c
	}
	return cmp.Compare(x.Minor(), y.Minor())
}

// sofaReleaseV2 describes one release.
func sofaReleaseV2(r *sofaRelease, days int) SOFAReleaseV2 {
	ids := make([]string, 0, len(r.cves))
	var exploited []string
	for id, c := range r.cves {
		ids = append(ids, id)
		if c.ActivelyExploited {
			exploited = append(exploited, id)
		}
	}
	slices.SortFunc(exploited, compareCVE)
	if exploited == nil {
		exploited = []string{}
	}
	products := strings.Join(r.products, " and ")
	pv := sofaProductVersion(r.version)
	context := fmt.Sprintf("%s %s was released on %s. This release addresses %d security %s", products, pv, r.date.Time().Format("January 2, 2006"), len(ids), plural(len(ids), "issue", "issues"))
	if len(exploited) > 0 {
		context += fmt.Sprintf(", %d of them reported as actively exploited", len(exploited))
	}
	return SOFAReleaseV2{
		UpdateName:               strings.Join(r.names, " and "),
		ProductName:              products,
		ProductVersion:           pv,
		AllBuilds:                []string{},
		ReleaseDate:              dateTime(r.date),
		ReleaseType:              "OS",
		SecurityInfo:             r.url,
		SecurityInfoContext:      context + ".",
		SupportedDevices:         nonNil(r.devices),
		CVEs:                     r.cves,
		ActivelyExploitedCVEs:    exploited,
		UniqueCVEsCount:          len(ids),
		DaysSincePreviousRelease: days,
		DeviceScope:              "universal",
		UpdateSummary:            sofaSummary(len(ids), len(exploited)),
	}
}

// nonNil returns s, or an empty slice for nil, so JSON has [] not null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sofaSummary rates a release from its counts.
func sofaSummary(total, exploited int) SOFAUpdateSummary {
	s := SOFAUpdateSummary{Stats: SOFAStats{Exploited: exploited, Total: total}}
	switch {
	case exploited > 0:
		s.Priority = "critical"
		s.Recommendation = "Update immediately - actively exploited vulnerabilities fixed"
		s.Summary = fmt.Sprintf("Addresses %d security %s, %d actively exploited", total, plural(total, "issue", "issues"), exploited)
	case total > 0:
		s.Priority = "high"
		s.Recommendation = "Update to stay secure - security fixes available"
		s.Summary = fmt.Sprintf("Addresses %d security %s", total, plural(total, "issue", "issues"))
	default:
		s.Priority = "low"
		s.Recommendation = "Update when convenient - no published CVE entries"
		s.Summary = "No published CVE entries"
	}
	return s
}

// addDevices resolves identifiers into the Devices map. An identifier the
// catalog does not know gets an empty marketing name rather than a guess.
func (b *builder) addDevices(devices map[string]SOFADevice, ids []string) {
	for _, id := range ids {
		if _, ok := devices[id]; ok {
			continue
		}
		d := SOFADevice{}
		if m, ok := b.cat.Lookup(id); ok {
			d.MarketingName = m.Name
			if m.Platform == version.MacOS && len(m.Identifiers) > 0 && !slices.Contains(m.Identifiers, id) {
				d.DeviceID = m.Identifiers[0]
			}
		}
		devices[id] = d
	}
}

// macMajors are the macOS majors from 11 on that m runs, newest first.
func macMajors(m version.Model) []int {
	var out []int
	for major := m.MaxMajor; major >= 11 && major >= m.MinMajor; major-- {
		if version.MajorExists(version.MacOS, major) {
			out = append(out, major)
		}
	}
	return out
}

// sofaModels maps every Mac model identifier to the lines it runs.
func (b *builder) sofaModels() map[string]SOFAModel {
	out := map[string]SOFAModel{}
	for _, m := range b.models() {
		if m.Platform != version.MacOS {
			continue
		}
		majors := macMajors(m)
		if len(majors) == 0 {
			continue
		}
		names := make([]string, len(majors))
		for i, major := range majors {
			names[i] = strings.TrimSpace(version.MarketingName(version.MacOS, major) + " " + strconv.Itoa(major))
		}
		for _, id := range m.Identifiers {
			out[id] = SOFAModel{MarketingName: m.Name, SupportedOS: names, OSVersions: majors}
		}
	}
	return out
}

// macProductLine is a Mac's product line as SOFA groups models: its name
// before any parenthesis ("MacBook Pro (14-inch, M4, 2024)" is "MacBook Pro").
func macProductLine(name string) string {
	if i := strings.Index(name, " ("); i > 0 {
		return name[:i]
	}
	return name
}

// sofaSupportedModels are the Macs that run major, by product line.
func (b *builder) sofaSupportedModels(major int) []SOFASupportedModel {
	byFamily := map[string]map[string]string{}
	for _, m := range b.models() {
		if m.Platform != version.MacOS || !m.Runs(major) || len(m.Identifiers) == 0 {
			continue
		}
		f := macProductLine(m.Name)
		if byFamily[f] == nil {
			byFamily[f] = map[string]string{}
		}
		for _, id := range m.Identifiers {
			byFamily[f][id] = m.Name
		}
	}
	out := []SOFASupportedModel{}
	for f, ids := range byFamily {
		out = append(out, SOFASupportedModel{Model: f, Identifiers: ids})
	}
	slices.SortFunc(out, func(x, y SOFASupportedModel) int { return cmp.Compare(x.Model, y.Model) })
	return out
}

// sofaHash is the SHA-256 of a feed's JSON with blank applied to a copy.
func sofaHash[T any](feed T, blank func(*T)) string {
	blank(&feed)
	data, err := json.Marshal(feed)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// sofaV1 derives the v1 feed from the v2 one: same releases, v1 fields.
func sofaV1(v2 SOFAFeedV2) SOFAFeedV1 {
	feed := SOFAFeedV1{OSVersions: []SOFAOSVersionV1{}, Models: v2.Models}
	for _, ov := range v2.OSVersions {
		o := SOFAOSVersionV1{OSVersion: ov.OSVersion, SupportedModels: ov.SupportedModels, SecurityReleases: []SOFAReleaseV1{}}
		l := ov.Latest
		o.Latest = SOFALatestV1{
			ProductVersion: l.ProductVersion, Build: l.Build, ReleaseDate: l.ReleaseDate,
			SupportedDevices: l.SupportedDevices, SecurityInfo: l.SecurityInfo, CVEs: exploitedMap(l.CVEs),
			ActivelyExploitedCVEs: l.ActivelyExploitedCVEs, UniqueCVEsCount: l.UniqueCVEsCount,
		}
		for _, r := range ov.SecurityReleases {
			o.SecurityReleases = append(o.SecurityReleases, SOFAReleaseV1{
				UpdateName: r.UpdateName, ProductName: r.ProductName, ProductVersion: r.ProductVersion,
				ReleaseDate: r.ReleaseDate, ReleaseType: r.ReleaseType, SecurityInfo: r.SecurityInfo,
				SupportedDevices: r.SupportedDevices, CVEs: exploitedMap(r.CVEs),
				ActivelyExploitedCVEs: r.ActivelyExploitedCVEs, UniqueCVEsCount: r.UniqueCVEsCount,
				DaysSincePreviousRelease: r.DaysSincePreviousRelease,
			})
		}
		feed.OSVersions = append(feed.OSVersions, o)
	}
	feed.UpdateHash = sofaHash(feed, func(f *SOFAFeedV1) { f.UpdateHash = "" })
	return feed
}

// exploitedMap is v1's form of CVEs: {id: exploited}.
func exploitedMap(cves map[string]SOFACVE) map[string]bool {
	out := make(map[string]bool, len(cves))
	for id, c := range cves {
		out[id] = c.ActivelyExploited
	}
	return out
}

// plural picks the singular or plural word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
