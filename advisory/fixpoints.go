package advisory

import (
	"slices"
	"strings"

	"github.com/applesec/applesec/version"
)

// platformMask is a set of version.Platform values, one bit each.
type platformMask uint16

// platformBits lists the platforms by bit, in platformIndex order.
var platformBits = [...]version.Platform{
	version.IOS, version.IPadOS, version.MacOS, version.WatchOS,
	version.TvOS, version.VisionOS, version.Safari, version.AudioOS,
}

// bit returns p's bit, 0 for a platform the package does not know.
func bit(p version.Platform) platformMask {
	if i := platformIndex(p); i >= 0 {
		return 1 << i
	}
	return 0
}

// platformIndex returns p's position in platformBits, -1 when unknown.
func platformIndex(p version.Platform) int {
	switch p {
	case version.IOS:
		return 0
	case version.IPadOS:
		return 1
	case version.MacOS:
		return 2
	case version.WatchOS:
		return 3
	case version.TvOS:
		return 4
	case version.VisionOS:
		return 5
	case version.Safari:
		return 6
	case version.AudioOS:
		return 7
	}
	return -1
}

// listed reports whether the catalog's model k is listed.
func (sc *deviceScope) listed(k int) bool {
	return k >= 0 && k/64 < len(sc.models) && sc.models[k/64]&(1<<(k%64)) != 0
}

// has reports whether p is in m.
func (m platformMask) has(p version.Platform) bool { return m&bit(p) != 0 }

// list returns the platforms of m in platformBits order.
func (m platformMask) list() []version.Platform {
	var out []version.Platform
	for i, p := range platformBits {
		if m&(1<<i) != 0 {
			out = append(out, p)
		}
	}
	return out
}

// safariOffer is one Safari release that fixes a CVE and the macOS
// releases it installs on, read from the entry's "Available for" text
// ("macOS Sonoma and macOS Sequoia").
type safariOffer struct {
	fix version.Version
	// on are the macOS lines or minimum versions the release is offered for;
	// empty when the text named none the catalog understood.
	on []version.OSRelease
	// phrase is the "Available for" text, for reasons.
	phrase string
}

// offers reports whether the release installs on a Mac running v; true when
// the advisory did not say.
func (o *safariOffer) offers(v version.Version) bool {
	if len(o.on) == 0 {
		return true
	}
	for _, r := range o.on {
		if offeredOn(r, v) {
			return true
		}
	}
	return false
}

// offeredOn reports whether an OS release named in a phrase includes v.
func offeredOn(r version.OSRelease, v version.Version) bool {
	l := v.Line()
	switch {
	case r.Line.Platform() != v.Platform():
		return false
	case !r.Version.IsZero() && r.AndLater:
		return v.Compare(r.Version.WithPlatform(v.Platform())) >= 0
	case !r.Version.IsZero():
		return l == r.Line && v.Base().Compare(r.Version.Base()) >= 0
	case r.AndLater:
		return l.Compare(r.Line) >= 0
	}
	return l == r.Line
}

// deviceScope is what the "Available for" texts of the entries listing a
// CVE say about the devices of one release line ("iPhone 16 (all models)"
// for iOS 18).
type deviceScope struct {
	platform version.Platform
	line     version.Line
	// models has bit i set when the texts list the catalog's model i.
	models []uint64
	// phrases are the texts, for reasons.
	phrases []string
	// open is set when some text did not list models only (it named an OS,
	// or a part the catalog did not know): the CVE may then affect any model.
	open bool
	// imprecise are the parts of a device list the catalog could not map
	// ("iPod touch (7th generation)" in an older catalog): the list then
	// rules no device out, and reasons say so.
	imprecise []string
	// capped is set while every model listed stops at this line: the
	// release is then for the devices that cannot upgrade (iOS 15.8.5),
	// and its list says nothing of the models that moved on.
	capped bool
}

// cveRecord is everything the advisories given say about one CVE.
type cveRecord struct {
	id string
	// fixes are the OS and Safari fix points from every advisory listing it.
	fixes version.FixSet
	// points are the same points, sorted, for reasons.
	points []version.FixPoint
	// dates are the release dates of points, same order: the earliest date
	// of an advisory listing each; zero when none says.
	dates []Date
	// rawDates are the dates of points as gathered, before sorting.
	rawDates []Date
	// affected are the platforms of the advisories listing the CVE, whether
	// they name a version or not.
	affected platformMask
	// versioned are the platforms that have fix points.
	versioned platformMask
	// others are releases of products that are no device OS nor Safari
	// ("Xcode 26.4", "AirPods Firmware"), for reasons.
	others []string
	// unplaced is set when an advisory listing the CVE names no release at
	// all: the CVE may then affect any platform.
	unplaced bool
	// safari are the Safari releases that fix the CVE.
	safari []safariOffer
	// scopes say which models the fix is for, per platform and line.
	scopes []*deviceScope
	// scopeOpen are the platforms for which some advisory named no version:
	// their fixes cannot be narrowed to models.
	scopeOpen platformMask
	// sources name the advisories that list the CVE (their APPLE-SA ID,
	// else their title), in the order given.
	sources []string
	// exploited is set when an entry listing the CVE says it may have been
	// exploited.
	exploited bool
	// exploitedOn are the platforms an exploited entry's Impact names ("...
	// on versions of iOS before iOS 26"): affected whatever the releases.
	exploitedOn platformMask
	// exploitedText is the first such Impact, for reasons.
	exploitedText string
	// legacyIOS is set when the CVE has an iOS fix point of iOS 12 or
	// earlier: iPadOS, which grew out of those lines, has the fix too.
	legacyIOS bool
	// anyFixes are the fix points with none withdrawn: what would cover a
	// device if withdrawn releases counted, to tell "only withdrawn" from
	// "no installable fix yet".
	anyFixes version.FixSet
	// components are the components of the entries listing the CVE.
	components []string
}

// release is one ProductVersion of an advisory, read for coverage.
type release struct {
	name     string           // as Apple named it: "iOS 26.3.1 (a)", "Xcode 26.4"
	platform version.Platform // "" for a product that is no OS nor Safari
	v        version.Version  // zero when the release names no usable version
}

// releasesOf reads an advisory's releases. A letterless release whose base
// is also named with a letter in the same advisory is the base a BSI or RSR
// installs on, not a fix, and is kept without its version.
func releasesOf(a *Advisory) []release {
	out := make([]release, 0, len(a.Releases))
	for _, pv := range a.Releases {
		r := release{name: strings.TrimSpace(pv.Platform + " " + pv.Version + " " + pv.Extra)}
		p, ok := version.ParsePlatform(pv.Platform)
		if !ok {
			out = append(out, r)
			continue
		}
		r.platform = p
		if pv.Version != "" {
			if v, err := version.FromParts(p, pv.Version, pv.Extra, ""); err == nil {
				r.v = v
			}
		}
		out = append(out, r)
	}
	for i := range out {
		v := out[i].v
		if v.IsZero() || v.HasLetter() {
			continue
		}
		for _, o := range out {
			if o.v.HasLetter() && o.v.Base().Equal(v) {
				out[i].v = version.Version{}
				break
			}
		}
	}
	return out
}

// advisoryName names an advisory in reasons: its APPLE-SA ID, else its
// title, else its URL.
func advisoryName(a *Advisory) string {
	switch {
	case a.ID != "":
		return a.ID
	case a.Title != "":
		return strings.TrimPrefix(a.Title, "About the security content of ")
	}
	return a.URL
}

// gatherer builds the CVE records from advisories.
type gatherer struct {
	catalog *version.Catalog
	// modelIndex numbers the catalog's models by name.
	modelIndex map[string]int
	withdrawn  []version.Version
	// lines are the first-release dates of the lines the advisories name.
	lines lineDates
	// released is the date of the advisory being read.
	released Date
	recs     map[string]*cveRecord
	order    []string
}

// add reads one advisory: every CVE of its entries' fix lines gets the
// advisory's releases as fix points. Mentioned CVEs and acknowledgements
// are not fixes and are ignored.
func (g *gatherer) add(a *Advisory) {
	rels := releasesOf(a)
	name := advisoryName(a)
	g.released = a.Released
	for _, r := range rels {
		g.lines.note(r.v, a.Released)
	}
	resolved := map[string]version.Resolution{}
	resolve := func(phrase string) version.Resolution {
		if r, ok := resolved[phrase]; ok {
			return r
		}
		r := g.catalog.Resolve(phrase)
		resolved[phrase] = r
		return r
	}
	for ei := range a.Entries {
		e := &a.Entries[ei]
		for _, c := range e.CVEs {
			id := strings.ToUpper(strings.TrimSpace(c.ID))
			if id == "" {
				continue
			}
			rec := g.recs[id]
			if rec == nil {
				rec = &cveRecord{id: id}
				g.recs[id] = rec
				g.order = append(g.order, id)
			}
			if !slices.Contains(rec.sources, name) {
				rec.sources = append(rec.sources, name)
			}
			rec.exploited = rec.exploited || e.Exploited
			if e.Exploited {
				if m := impactPlatforms(e.Impact); m != 0 {
					rec.exploitedOn |= m
					if rec.exploitedText == "" {
						rec.exploitedText = strings.Join(strings.Fields(e.Impact), " ")
					}
				}
			}
			if e.Component != "" && !slices.Contains(rec.components, e.Component) {
				rec.components = append(rec.components, e.Component)
			}
			if len(rels) == 0 {
				rec.unplaced = true
			}
			for _, r := range rels {
				g.addRelease(rec, r, e, resolve)
			}
		}
	}
}

// addRelease records one release of an advisory as fixing rec.
func (g *gatherer) addRelease(rec *cveRecord, r release, e *Entry, resolve func(string) version.Resolution) {
	if r.platform == "" {
		if !slices.Contains(rec.others, r.name) {
			rec.others = append(rec.others, r.name)
		}
		return
	}
	rec.affected |= bit(r.platform)
	if r.v.IsZero() {
		rec.scopeOpen |= bit(r.platform)
		return
	}
	if r.platform != version.Safari {
		g.addScope(rec, r.v.Line(), e.AvailableFor, resolve)
	}
	rec.versioned |= bit(r.platform)
	if r.platform == version.IOS && r.v.Major() <= 12 {
		rec.legacyIOS = true
	}
	fp := version.FixPoint{Version: r.v}
	for _, w := range g.withdrawn {
		if sameRelease(w, r.v) {
			fp.Withdrawn = true
		}
	}
	rec.points = append(rec.points, fp)
	rec.rawDates = append(rec.rawDates, g.released)
	if r.platform == version.Safari {
		g.addSafari(rec, r.v, e.AvailableFor, resolve)
	}
}

// addScope notes which models an entry's "Available for" text lists for
// the releases of line l.
func (g *gatherer) addScope(rec *cveRecord, l version.Line, phrase string, resolve func(string) version.Resolution) {
	var sc *deviceScope
	for _, x := range rec.scopes {
		if x.line == l {
			sc = x
		}
	}
	if sc == nil {
		sc = &deviceScope{platform: l.Platform(), line: l, models: make([]uint64, (len(g.modelIndex)+63)/64), capped: true}
		rec.scopes = append(rec.scopes, sc)
	}
	if sc.open {
		return
	}
	res := resolve(phrase)
	if strings.TrimSpace(phrase) == "" || len(res.Models) == 0 || len(res.Platforms) > 0 ||
		len(res.Releases) > 0 || len(res.Unresolved) > 0 {
		// Only a precise list of models narrows a fix to some devices; a
		// qualifier before it ("devices with Apple Neural Engine: iPhone XS
		// and later, ...") narrows to the list.
		if len(res.Models) > 0 && len(res.Unresolved) > 0 && len(res.Platforms) == 0 && len(res.Releases) == 0 {
			for _, m := range res.Models {
				if k, ok := g.modelIndex[m.Name]; ok {
					sc.models[k/64] |= 1 << (k % 64)
				}
			}
			sc.imprecise = append(sc.imprecise, res.Unresolved...)
		}
		sc.open = true
		return
	}
	for _, m := range res.Models {
		k, ok := g.modelIndex[m.Name]
		if !ok {
			sc.open = true // a model of another catalog: cannot narrow
			return
		}
		sc.models[k/64] |= 1 << (k % 64)
		if m.MaxMajor != l.Major() {
			sc.capped = false
		}
	}
	if !slices.Contains(sc.phrases, phrase) {
		sc.phrases = append(sc.phrases, phrase)
	}
}

// addSafari records the macOS releases a Safari fix installs on.
func (g *gatherer) addSafari(rec *cveRecord, v version.Version, phrase string, resolve func(string) version.Resolution) {
	var on []version.OSRelease
	for _, r := range resolve(phrase).Releases {
		if r.Line.Platform() == version.MacOS {
			on = append(on, r)
		}
	}
	for i := range rec.safari {
		o := &rec.safari[i]
		if !sameRelease(o.fix, v) {
			continue
		}
		if len(o.on) == 0 || len(on) == 0 {
			// One text that names no system means "offered everywhere".
			o.on = nil
		} else {
			for _, r := range on {
				if !slices.Contains(o.on, r) {
					o.on = append(o.on, r)
				}
			}
		}
		return
	}
	rec.safari = append(rec.safari, safariOffer{fix: v, on: on, phrase: phrase})
}

// finish builds the fix sets once every advisory is read.
func (g *gatherer) finish() map[string]*cveRecord {
	for _, rec := range g.recs {
		raw := rec.points
		rec.fixes = version.NewFixSet(rec.points...)
		rec.points = rec.fixes.Points()
		rec.dates = make([]Date, len(rec.points))
		for i, fp := range rec.points {
			for j, r := range raw {
				d := rec.rawDates[j]
				if sameRelease(r.Version, fp.Version) && !d.IsZero() && (rec.dates[i].IsZero() || d.Before(rec.dates[i])) {
					rec.dates[i] = d
				}
			}
		}
		rec.rawDates = nil
		rec.anyFixes = rec.fixes
		if slices.ContainsFunc(rec.points, func(fp version.FixPoint) bool { return fp.Withdrawn }) {
			all := make([]version.FixPoint, len(rec.points))
			for i, fp := range rec.points {
				all[i] = version.FixPoint{Version: fp.Version}
			}
			rec.anyFixes = version.NewFixSet(all...)
		}
	}
	return g.recs
}

// impactPlatformWords are the OS names an Impact text may name, with the
// platforms each stands for: iPads ran iOS before iPadOS.
var impactPlatformWords = []struct {
	word string
	mask platformMask
}{
	{"iOS", bit(version.IOS) | bit(version.IPadOS)},
	{"iPadOS", bit(version.IPadOS)},
	{"macOS", bit(version.MacOS)},
	{"watchOS", bit(version.WatchOS)},
	{"tvOS", bit(version.TvOS)},
	{"visionOS", bit(version.VisionOS)},
}

// impactPlatforms returns the platforms an Impact text names as words
// ("... on versions of iOS before iOS 26").
func impactPlatforms(impact string) platformMask {
	var m platformMask
	for _, w := range strings.FieldsFunc(impact, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		for _, p := range impactPlatformWords {
			if w == p.word {
				m |= p.mask
			}
		}
	}
	return m
}

// sameRelease reports whether a and b name the same release: platform,
// numeric core and letter, whatever their builds.
func sameRelease(a, b version.Version) bool {
	return a.Platform() == b.Platform() && a.Base().Equal(b.Base()) && a.Letter() == b.Letter()
}

// describePoints lists fix points for a reason: "iOS 18.7.7, iOS 26.3.1 (a)
// and iOS 26.4".
func describePoints(points []version.FixPoint, keep func(version.FixPoint) bool) string {
	var parts []string
	for _, p := range points {
		if keep != nil && !keep(p) {
			continue
		}
		s := p.Version.String()
		if p.Withdrawn {
			s += " (withdrawn)"
		}
		parts = append(parts, s)
	}
	return joinAnd(parts)
}

// joinAnd joins words as a person would: "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// platformsText lists platforms for a reason.
func platformsText(ps []version.Platform) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = string(p)
	}
	return joinAnd(parts)
}
