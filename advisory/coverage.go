package advisory

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/applesec/applesec/version"
)

// Errors of NewCoverage and ParseDevice, for errors.Is.
var (
	// ErrNoAdvisories means NewCoverage was given no advisory to read fixes
	// from (or only news reports, which are not authoritative).
	ErrNoAdvisories = errors.New("advisory: coverage needs at least one advisory page or mail")
	// ErrNilAdvisory means the list given to NewCoverage holds a nil *Advisory.
	ErrNilAdvisory = errors.New("advisory: nil advisory")
	// ErrUnknownModel means ParseDevice was given a model the catalog does
	// not know.
	ErrUnknownModel = errors.New("advisory: unknown device model")
	// ErrWrongPlatform means ParseDevice was given a version of a platform
	// the model does not run ("macOS 26.3" for an iPhone).
	ErrWrongPlatform = errors.New("advisory: version of a platform the model does not run")
	// ErrImpossibleVersion means a device's OS is no version its model can
	// run: a major Apple never shipped (iOS 21, or beyond the newest known),
	// older than the model shipped with, or newer than it can run.
	ErrImpossibleVersion = errors.New("advisory: impossible OS version")
)

// CoverageOptions configures NewCoverage. The zero value is ready to use.
type CoverageOptions struct {
	// Catalog resolves device models and "Available for" texts; nil means
	// version.DefaultCatalog().
	Catalog *version.Catalog
	// PMV, when set, refines what each model can run: the newest version
	// Apple's software lookup offers to one of the model's identifiers is
	// its ceiling, and a BSI that the lookup offers to other devices only is
	// not offered to this one.
	PMV *version.PMV
	// Withdrawn are BSI or RSR releases Apple pulled, in addition to
	// version.KnownWithdrawn() (iOS 16.5.1 (a) and its siblings): they still
	// protect the devices that installed them but are never offered as the
	// update to install. Builds are ignored when matching.
	Withdrawn []version.Version
	// IgnoreKnownWithdrawn leaves version.KnownWithdrawn() out, so that only
	// Withdrawn counts.
	IgnoreKnownWithdrawn bool
	// Newest are the newest versions Apple has shipped, per platform, as a
	// database or the software lookup knows them. Only their majors count:
	// a device on a later major than every source knows (this map, PMV, the
	// advisories given and the catalog) runs a version that does not exist,
	// and gets no verdict. iOS and iPadOS share their numbers.
	Newest map[version.Platform]version.Version
}

// Coverage answers, for the CVEs of a set of advisories, whether devices
// are protected. It is immutable once built and safe for concurrent use.
//
// A CVE's fix is the set of fix points gathered from every advisory that
// lists it on a fix line (mentions in prose and acknowledgements are no
// fixes): the releases of those advisories, mainline or BSI/RSR, and Safari
// releases for older macOS lines. The branch-aware rules that decide
// whether a version is covered are version.FixSet's.
type Coverage struct {
	catalog *version.Catalog
	// modelIndex numbers the catalog's models by name, for deviceScope.
	modelIndex map[string]int
	// newestMajor is, per platformIndex, the newest major a model of the
	// catalog runs.
	newestMajor [len(platformBits)]int
	pmv         *version.PMV
	// shipped is, per platformIndex, the newest major Apple has shipped as
	// far as the catalog, the software lookup, the advisories and
	// CoverageOptions.Newest know.
	shipped [len(platformBits)]int
	// lines are the first-release dates of lines, from the advisories.
	lines lineDates
	recs  []*cveRecord // sorted by ID
	byID  map[string]int
	ids   []string // the IDs of recs, same order
}

// NewCoverage reads the fixes of advs. News reports are skipped: they are
// not authoritative about fixed versions. It returns an error wrapping
// ErrNilAdvisory for a nil entry and ErrNoAdvisories when nothing remains
// to read; advisories that list no CVE are fine.
func NewCoverage(advs []*Advisory, opts CoverageOptions) (*Coverage, error) {
	cat := opts.Catalog
	if cat == nil {
		cat = version.DefaultCatalog()
	}
	models := cat.Models()
	modelIndex := make(map[string]int, len(models))
	for i, m := range models {
		modelIndex[m.Name] = i
	}
	g := &gatherer{catalog: cat, modelIndex: modelIndex, withdrawn: withdrawnOf(opts), lines: lineDates{}, recs: map[string]*cveRecord{}}
	read := 0
	for i, a := range advs {
		if a == nil {
			return nil, fmt.Errorf("advisory: coverage: advisory %d: %w", i, ErrNilAdvisory)
		}
		if a.Origin == OriginNews {
			continue
		}
		g.add(a)
		read++
	}
	if read == 0 {
		return nil, fmt.Errorf("%w (got %d documents)", ErrNoAdvisories, len(advs))
	}
	recs := g.finish()
	c := &Coverage{catalog: cat, modelIndex: modelIndex, pmv: opts.PMV, lines: g.lines, byID: make(map[string]int, len(recs))}
	for _, m := range models {
		if i := platformIndex(m.Platform); i >= 0 {
			c.newestMajor[i] = max(c.newestMajor[i], m.MaxMajor)
		}
	}
	c.shipped = c.newestMajor
	for p, v := range opts.Newest {
		c.raiseShipped(p, v.Major())
	}
	if opts.PMV != nil {
		for _, o := range opts.PMV.Releases {
			c.raiseShipped(o.Version.Platform(), o.Version.Major())
		}
	}
	for _, id := range g.order {
		c.recs = append(c.recs, recs[id])
		for _, fp := range recs[id].points {
			c.raiseShipped(fp.Version.Platform(), fp.Version.Major())
		}
	}
	slices.SortFunc(c.recs, func(a, b *cveRecord) int { return strings.Compare(a.id, b.id) })
	for i, r := range c.recs {
		c.byID[r.id] = i
		c.ids = append(c.ids, r.id)
		slices.SortFunc(r.safari, func(a, b safariOffer) int { return a.fix.Compare(b.fix) })
	}
	return c, nil
}

// raiseShipped notes that major of platform p has shipped; iOS and iPadOS
// share their numbers.
func (c *Coverage) raiseShipped(p version.Platform, major int) {
	ps := []version.Platform{p}
	if p == version.IOS || p == version.IPadOS {
		ps = []version.Platform{version.IOS, version.IPadOS}
	}
	for _, q := range ps {
		if i := platformIndex(q); i >= 0 {
			c.shipped[i] = max(c.shipped[i], major)
		}
	}
}

// Validate returns an error wrapping ErrImpossibleVersion when the device's
// OS is no version its model can run, as far as the catalog, the software
// lookup, the advisories and CoverageOptions.Newest know: a major Apple
// never shipped, one older than the model shipped with, or one newer than
// it can run. Beta builds may be one major ahead of the newest release.
// Other problems (unknown model, wrong platform) are Check's Unknown
// reasons and ParseDevice's errors; Validate returns nil for them.
func (c *Coverage) Validate(d Device) error {
	if c == nil || c.catalog == nil {
		return nil
	}
	st := c.state(d)
	if st.problem != probImpossible {
		return nil
	}
	return fmt.Errorf("%w: device %q: %s", ErrImpossibleVersion, d.Model, st.problemText(d))
}

// CVEs returns the IDs of every CVE the advisories fix, sorted.
// A nil or zero Coverage has none.
func (c *Coverage) CVEs() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.ids)
}

// CVEInfo is what the advisories given say about one CVE.
type CVEInfo struct {
	// ID is the CVE ID, upper case.
	ID string `json:"cve"`
	// Components are the components of the entries that fix it ("WebKit").
	Components []string `json:"components"`
	// Exploited is set when an entry says it may have been exploited.
	Exploited bool `json:"exploited"`
	// Advisories name the advisories that list it: APPLE-SA IDs, else titles.
	Advisories []string `json:"advisories"`
	// Fixes are its fix points on every platform.
	Fixes version.FixSet `json:"fixes"`
}

// Info returns what the advisories say about a CVE, and false when none
// lists it.
func (c *Coverage) Info(cve string) (CVEInfo, bool) {
	if c == nil {
		return CVEInfo{}, false
	}
	i, ok := c.byID[normalizeCVE(cve)]
	if !ok {
		return CVEInfo{}, false
	}
	r := c.recs[i]
	return CVEInfo{
		ID: r.id, Components: slices.Clone(r.components), Exploited: r.exploited,
		Advisories: slices.Clone(r.sources), Fixes: r.fixes,
	}, true
}

// Check returns the verdict for one CVE on one device. A device whose model
// the catalog does not know, or whose OS version is missing, gets Unknown
// with the reason; ParseDevice rejects such input up front. A nil or zero
// Coverage (not made by NewCoverage) answers Unknown for every device.
func (c *Coverage) Check(cve string, d Device) Result {
	id := normalizeCVE(cve)
	if c == nil || c.catalog == nil {
		res := newResult(id, d)
		res.Verdict, res.Reason = Unknown, errNoCoverage
		return res
	}
	st := c.state(d)
	i, ok := c.byID[id]
	if !ok {
		res := newResult(id, d)
		if st.problem != probNone {
			res.Verdict, res.Reason = Unknown, st.problemText(d)
			return res
		}
		res.Verdict = Unknown
		res.Reason = fmt.Sprintf("%s is not fixed in any of the advisories given; add the advisory that lists it", id)
		return res
	}
	rec := c.recs[i]
	return c.explain(rec, &st, c.decide(rec, &st), d)
}

// CheckAll returns the verdicts of every CVE on one device, in CVEs order;
// none for a nil or zero Coverage.
func (c *Coverage) CheckAll(d Device) []Result {
	if c == nil || c.catalog == nil {
		return []Result{}
	}
	st := c.state(d)
	out := make([]Result, len(c.recs))
	for i, rec := range c.recs {
		out[i] = c.explain(rec, &st, c.decide(rec, &st), d)
	}
	return out
}

// Exposed appends to dst the IDs of the CVEs the device is exposed to
// (verdicts Exposed and ExposedNoFix), in CVEs order, and returns the
// extended slice. It does no work per CVE beyond the version checks; for
// many devices, a Checker remembers each distinct device state. A nil or
// zero Coverage adds nothing.
func (c *Coverage) Exposed(d Device, dst []string) []string {
	if c == nil || c.catalog == nil {
		return dst
	}
	st := c.state(d)
	for _, rec := range c.recs {
		switch c.decide(rec, &st).verdict {
		case Exposed, ExposedNoFix:
			dst = append(dst, rec.id)
		}
	}
	return dst
}

// Verdicts appends to dst the verdict of every CVE on the device, in CVEs
// order, and returns the extended slice: Check's verdicts without their
// reasons, at the cost of the version checks only. A nil or zero Coverage
// adds nothing.
func (c *Coverage) Verdicts(d Device, dst []Verdict) []Verdict {
	if c == nil || c.catalog == nil {
		return dst
	}
	st := c.state(d)
	for _, rec := range c.recs {
		dst = append(dst, c.decide(rec, &st).verdict)
	}
	return dst
}

// Checker answers Exposed for many devices: each distinct device state
// (model, OS and Safari versions) is evaluated once and remembered, so that
// a fleet of a million devices in a few hundred states costs a map lookup
// per device. A Checker is not safe for concurrent use; give each goroutine
// its own. The zero Checker has no Coverage: its Exposed returns nil.
type Checker struct {
	cov   *Coverage
	memo  map[Device]span
	store []string // the exposed IDs of every state, end to end
}

// span locates one state's IDs in Checker.store.
type span struct{ start, end int }

// NewChecker returns a Checker over c.
func (c *Coverage) NewChecker() *Checker {
	return &Checker{cov: c, memo: map[Device]span{}}
}

// Exposed returns the IDs of the CVEs the device is exposed to, like
// Coverage.Exposed, in CVEs order. The slice is a shared read-only view of
// the Checker's memory: it is valid for the Checker's life, the caller must
// not modify its elements, and appending to it copies (its capacity is its
// length). After a state's first device it costs one map lookup and does
// not allocate. A nil or zero Checker returns nil.
func (k *Checker) Exposed(d Device) []string {
	if k == nil || k.cov == nil {
		return nil
	}
	s, ok := k.memo[d]
	if !ok {
		if k.memo == nil {
			k.memo = map[Device]span{}
		}
		start := len(k.store)
		k.store = k.cov.Exposed(d, k.store)
		s = span{start, len(k.store)}
		k.memo[d] = s
	}
	return k.store[s.start:s.end:s.end]
}

// States returns the number of distinct device states seen; 0 for a nil
// Checker.
func (k *Checker) States() int {
	if k == nil {
		return 0
	}
	return len(k.memo)
}

// errNoCoverage is the reason given by a Coverage not made by NewCoverage.
const errNoCoverage = "this Coverage holds no advisories: build it with advisory.NewCoverage"

// normalizeCVE upper-cases and trims a CVE ID.
func normalizeCVE(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// problem is what keeps a device from being checked at all.
type problem int

const (
	probNone problem = iota
	probModel
	probNoOSPlatform
	probNoOS
	probMismatch
	probSafariMismatch
	probImpossible
)

// deviceState is what the checks need to know of a device, computed once.
type deviceState struct {
	problem problem
	model   version.Model
	// modelIndex is the model's position in the catalog.
	modelIndex int
	// os is the device's OS on the platform coverage uses: an iPad's "iOS
	// 26.3" is iPadOS 26.3.
	os version.Version
	// alsoIPadOS is set for an iPad on iOS 12 or earlier, which takes iOS
	// fixes on its line and iPadOS fixes when it upgrades.
	alsoIPadOS bool
	mac        bool
	// safari is the Mac's Safari version; safariFloor the Safari its macOS
	// line shipped with, the least it can have, when safari is unknown.
	safari      version.Version
	safariFloor version.Version
	// ceiling is the newest OS major the model can run; ceilingFrom says
	// where that came from, newest the version the software lookup offers.
	ceiling int
	newest  version.Version
	// impossible says why the OS cannot run on the model, for probImpossible.
	impossible string
}

// state looks the device up and works out its platform and ceiling.
func (c *Coverage) state(d Device) deviceState {
	var st deviceState
	m, ok := c.catalog.Lookup(d.Model)
	if !ok {
		st.problem = probModel
		return st
	}
	st.model = m
	st.modelIndex = c.modelIndex[m.Name]
	switch {
	case m.Platform == "":
		st.problem = probNoOSPlatform
		return st
	case d.OS.IsZero():
		st.problem = probNoOS
		return st
	}
	os := d.OS
	switch {
	case os.Platform() == m.Platform:
	case m.Platform == version.IPadOS && os.Platform() == version.IOS:
		if os.Major() >= 13 {
			os = os.WithPlatform(version.IPadOS)
		} else {
			st.alsoIPadOS = true
		}
	default:
		st.problem = probMismatch
		return st
	}
	st.os = os
	st.ceiling = m.MaxMajor
	if c.pmv != nil {
		if v, ok := c.newestOffered(m); ok {
			st.newest = v
			st.ceiling = v.Major()
		}
	}
	if why := c.impossible(m, d.OS, st.ceiling); why != "" {
		st.problem, st.impossible = probImpossible, why
		return st
	}
	if os.Major() > st.ceiling {
		st.ceiling = os.Major()
	}
	if m.Platform == version.MacOS {
		st.mac = true
		if !d.Safari.IsZero() && d.Safari.Platform() != version.Safari {
			st.problem = probSafariMismatch
			return st
		}
		st.safari = d.Safari
		if st.safari.IsZero() {
			st.safariFloor = bundledSafari(os)
		}
	}
	return st
}

// impossible says why model m cannot run v, "" when it can: the major
// never existed, is beyond the newest Apple has shipped, is older than the
// model shipped with, or is newer than its ceiling while the model is no
// longer supported. A beta build may be one major ahead.
func (c *Coverage) impossible(m version.Model, v version.Version, ceiling int) string {
	major := v.Major()
	first := belowFirstOS(m, v)
	shipped := 0
	if i := platformIndex(v.Platform()); i >= 0 {
		shipped = c.shipped[i]
	}
	if i := platformIndex(m.Platform); i >= 0 && m.MaxMajor >= c.newestMajor[i] {
		// Still supported as far as the catalog knows: it runs whatever
		// shipped since.
		ceiling = max(ceiling, shipped)
	}
	if isBeta(v.Build()) {
		shipped++
		ceiling++
	}
	switch {
	case !version.MajorExists(v.Platform(), major):
		return fmt.Sprintf("%s is not a version Apple has released: there was no %s %d", v, v.Platform(), major)
	case shipped > 0 && major > shipped:
		return fmt.Sprintf("%s is not a version Apple has released: the newest %s known is %s %d (device catalog, software lookup and advisories given)", v, v.Platform(), v.Platform(), shipped)
	case first != "":
		return first
	case ceiling > 0 && major > ceiling && ceiling < shipped:
		return fmt.Sprintf("%s can run at most %s %d; it cannot run %s", m.Name, m.Platform, ceiling, v)
	}
	return ""
}

// isBeta reports whether b is a beta build ("22B5034e"): a build number in
// Apple's beta range with a lower-case suffix.
func isBeta(b version.Build) bool {
	n := b.Number()
	return b.Suffix() != "" && n >= 5000 && n < 10000
}

// newestOffered returns the newest version the software lookup offers to
// one of the model's identifiers.
func (c *Coverage) newestOffered(m version.Model) (version.Version, bool) {
	var best version.Version
	for _, ids := range [][]string{m.Identifiers, m.BoardIDs} {
		for _, id := range ids {
			v, ok := c.pmv.NewestFor(id, m.Platform)
			if ok && (best.IsZero() || v.Compare(best) > 0) {
				best = v
			}
		}
	}
	return best, !best.IsZero()
}

// bsiOffered reports whether a lettered fix is offered to the model, per
// the software lookup: true when there is no lookup or it does not know
// the release at all (it keeps only current offers).
func (c *Coverage) bsiOffered(m version.Model, fix version.Version) bool {
	if c.pmv == nil || !fix.HasLetter() {
		return true
	}
	known := false
	for _, o := range c.pmv.BSIs {
		if !sameRelease(o.Version, fix) {
			continue
		}
		known = true
		for _, ids := range [][]string{m.Identifiers, m.BoardIDs} {
			for _, id := range ids {
				if o.Supports(id) {
					return true
				}
			}
		}
	}
	return !known
}

// bundledSafari returns the Safari a macOS line shipped with (Safari 17.0
// on Sonoma, 26.0 on Tahoe), zero when unknown.
func bundledSafari(os version.Version) version.Version {
	l := os.Line()
	major := 0
	switch {
	case l.Major() >= 26:
		major = l.Major()
	case l.Major() >= 11:
		major = l.Major() + 3 // Big Sur shipped Safari 14, Sequoia Safari 18
	case l.Minor() >= 13:
		major = l.Minor() - 2 // High Sierra shipped Safari 11, Catalina 13
	}
	if major == 0 {
		return version.Version{}
	}
	v, err := version.FromParts(version.Safari, fmt.Sprintf("%d.0", major), "", "")
	if err != nil {
		return version.Version{}
	}
	return v
}

// outcome is what one route to a fix (the OS, or Safari on a Mac) says.
type outcome int

const (
	outNone    outcome = iota // the route does not apply
	outCovered                // the device has the fix
	outFix                    // an update on this route fixes it
	outNoFix                  // fixes exist on this route, none the model can run
	outUnknown                // the route applies but the data cannot tell
	outPending                // fixes exist on this route, none installable on this version yet
)

// why details an outcome, for the reason text.
type why int

const (
	whyNone                why = iota
	whyUnversioned             // the advisories name the platform without a version
	whyOnlyWithdrawn           // every fix that would do is withdrawn
	whySafariUnknown           // the Mac's Safari version is missing
	whySafariFloor             // covered because the macOS line ships a fixed Safari
	whySafariNeedsMacOS        // the Safari fix is for newer macOS lines
	whySafariNotForLine        // the Safari fix is for older macOS lines only
	whyNotAffectedPlatform     // the CVE is fixed on other platforms only
	whyNotListedModel          // the fix is for other models only
	whyUnplaced                // an advisory listing the CVE names no release
	whyNotOffered              // a fix is offered to other models only (software lookup or "Available for")
	whyExploitedHere           // an entry says it was exploited on this platform, no fix for it is given
	whyLineUnfixed             // the device's line existed when the fix shipped and has no fix point
	whyFixUndated              // the device's line is newer than every fix, whose date is not known
)

// route is one route's outcome.
type route struct {
	out  outcome
	fix  version.Version
	rank int // smaller is a smaller step: 0 same line, 1 Safari, 2 newer line, 3 macOS upgrade for Safari
	why  why
	// offer is the Safari release the route is about, when it is one.
	offer *safariOffer
	// skipped is the smallest fix, when it is not offered to the model.
	skipped version.Version
}

// decision is a verdict before it is put into words.
type decision struct {
	verdict Verdict
	why     why
	os      route
	safari  route
}

// decide computes the verdict without allocating.
func (c *Coverage) decide(rec *cveRecord, st *deviceState) decision {
	if st.problem != probNone {
		return decision{verdict: Unknown}
	}
	mask := bit(st.os.Platform())
	if st.alsoIPadOS {
		mask |= bit(version.IPadOS)
	}
	if st.os.Platform() == version.IPadOS && rec.legacyIOS {
		mask |= bit(version.IOS)
	}
	if st.mac {
		mask |= bit(version.Safari)
	}
	if rec.affected&mask == 0 {
		switch {
		case rec.unplaced:
			return decision{verdict: Unknown, why: whyUnplaced}
		case rec.exploitedOn&mask != 0:
			return decision{verdict: Unknown, why: whyExploitedHere}
		}
		return decision{verdict: NotApplicable, why: whyNotAffectedPlatform}
	}
	if c.notListed(rec, st) {
		if rec.exploitedOn&mask != 0 {
			return decision{verdict: Unknown, why: whyExploitedHere}
		}
		return decision{verdict: NotApplicable, why: whyNotListedModel}
	}
	d := decision{os: c.osRoute(rec, st)}
	if st.mac {
		d.safari = c.safariRoute(rec, st)
	}
	switch {
	case d.os.out == outCovered || d.safari.out == outCovered:
		d.verdict = Patched
	case d.safari.out == outUnknown && d.safari.why == whySafariUnknown:
		d.verdict = Unknown
	case d.os.out == outFix || d.safari.out == outFix:
		d.verdict = Exposed
	case d.os.out == outPending:
		d.verdict = Exposed
	case d.os.out == outNoFix || d.safari.out == outNoFix:
		d.verdict = ExposedNoFix
	default:
		d.verdict = Unknown
	}
	return d
}

// best returns the route to recommend when the verdict is Exposed.
func (d *decision) best() route {
	switch {
	case d.os.out == outFix && d.safari.out == outFix:
		if d.safari.rank < d.os.rank {
			return d.safari
		}
		return d.os
	case d.safari.out == outFix:
		return d.safari
	}
	return d.os
}

// notListed reports whether the advisories fix the CVE for some models
// only and the device's is not among them: for a line the model can run,
// the entries list models only and not the device's, and no line lists
// it. Apple then lists no fix for the model because it is not affected
// ("Available for: iPhone 16 (all models)"). A list of the models that
// stop at an older line (iOS 15.8.5) is a release for those devices, not
// a statement about the others, and is not used.
func (c *Coverage) notListed(rec *cveRecord, st *deviceState) bool {
	p := st.os.Platform()
	if rec.scopeOpen.has(p) {
		return false
	}
	excluded := false
	for _, sc := range rec.scopes {
		if sc.platform != p {
			continue
		}
		if sc.open || sc.listed(st.modelIndex) {
			return false
		}
		if c.backport(sc) {
			continue
		}
		if l := sc.line.Major(); st.model.MinMajor <= l && l <= st.ceiling {
			excluded = true
		}
	}
	return excluded
}

// backport reports whether a scope lists only models that stop at its
// line while newer lines exist.
func (c *Coverage) backport(sc *deviceScope) bool {
	i := platformIndex(sc.platform)
	return sc.capped && i >= 0 && sc.line.Major() < c.newestMajor[i]
}

// osRoute decides the OS route: the device's OS version against the fix
// points of its platform.
func (c *Coverage) osRoute(rec *cveRecord, st *deviceState) route {
	os := st.os
	p := os.Platform()
	if p == version.IPadOS && !rec.affected.has(p) && rec.legacyIOS {
		// Fixed in iOS 12 or earlier: iPadOS grew out of those lines.
		v := os.WithPlatform(version.IOS)
		if !rec.fixes.Covers(v) {
			return route{out: outUnknown}
		}
		if w := c.laterLine(rec, v); w != whyNone {
			return route{out: outUnknown, why: w}
		}
		return route{out: outCovered}
	}
	if !rec.affected.has(p) {
		if st.alsoIPadOS && rec.versioned.has(version.IPadOS) {
			return c.lineUpgrade(rec, st, os.WithPlatform(version.IPadOS))
		}
		return route{}
	}
	if !rec.versioned.has(p) {
		return route{out: outUnknown, why: whyUnversioned}
	}
	if rec.fixes.Covers(os) {
		if w := c.laterLine(rec, os); w != whyNone {
			return route{out: outUnknown, why: w}
		}
		return route{out: outCovered}
	}
	fix, ok := rec.fixes.FixFor(os)
	if !ok {
		return noFixFor(rec, os)
	}
	if fix.Major() > st.ceiling {
		return route{out: outNoFix, fix: fix}
	}
	w, skipped := whyNone, version.Version{}
	if !c.offered(rec, st, fix) {
		w, skipped = whyNotOffered, fix
		fix, ok = c.fixOffered(rec, os, st)
		if !ok {
			return route{out: outUnknown, why: whyNotOffered, skipped: skipped}
		}
	}
	if fix.Major() > st.ceiling {
		return route{out: outNoFix, fix: fix, why: w, skipped: skipped}
	}
	r := route{out: outFix, fix: fix, why: w, skipped: skipped}
	if fix.Line() != os.Line() {
		r.rank = 2
		if st.alsoIPadOS && rec.versioned.has(version.IPadOS) && fix.Major() >= 13 {
			if up := c.lineUpgrade(rec, st, os.WithPlatform(version.IPadOS)); up.out == outFix {
				return up
			}
		}
	}
	return r
}

// noFixFor is the OS route when no fix point leads to a fix for v: the
// fixes that would are withdrawn, or there is none yet (the only fixes are
// BSIs or RSRs that install on other bases, as between a BSI and the next
// update).
func noFixFor(rec *cveRecord, v version.Version) route {
	if _, ok := rec.anyFixes.FixFor(v); ok {
		return route{out: outUnknown, why: whyOnlyWithdrawn}
	}
	return route{out: outPending}
}

// lineUpgrade is the OS route of an iPad on iOS 12 or earlier towards the
// iPadOS fixes of a later line.
func (c *Coverage) lineUpgrade(rec *cveRecord, st *deviceState, v version.Version) route {
	fix, ok := rec.fixes.FixFor(v)
	switch {
	case !ok:
		return noFixFor(rec, v)
	case fix.Major() > st.ceiling:
		return route{out: outNoFix, fix: fix}
	}
	return route{out: outFix, fix: fix, rank: 2}
}

// offered reports whether fix is offered to the device's model: a BSI or
// RSR that the software lookup offers to other models only is not, nor a
// release whose "Available for" lists other models only.
func (c *Coverage) offered(rec *cveRecord, st *deviceState, fix version.Version) bool {
	if !c.bsiOffered(st.model, fix) {
		return false
	}
	if rec.scopeOpen.has(fix.Platform()) {
		return true
	}
	for _, sc := range rec.scopes {
		if sc.line == fix.Line() && !sc.open && !sc.listed(st.modelIndex) {
			return false
		}
	}
	return true
}

// fixOffered is FixFor over the fix points offered to the device's model.
func (c *Coverage) fixOffered(rec *cveRecord, os version.Version, st *deviceState) (version.Version, bool) {
	pts := make([]version.FixPoint, 0, len(rec.points))
	for _, fp := range rec.points {
		if c.offered(rec, st, fp.Version) {
			pts = append(pts, fp)
		}
	}
	return version.NewFixSet(pts...).FixFor(os)
}

// safariRoute decides the Safari route of a Mac: its Safari version against
// the Safari releases that fix the CVE and the macOS lines they install on.
func (c *Coverage) safariRoute(rec *cveRecord, st *deviceState) route {
	if !rec.affected.has(version.Safari) {
		return route{}
	}
	if !rec.versioned.has(version.Safari) {
		return route{out: outUnknown, why: whyUnversioned}
	}
	sv, known := st.safari, true
	if sv.IsZero() {
		sv, known = st.safariFloor, false
	}
	if !sv.IsZero() && rec.fixes.Covers(sv) {
		if known {
			return route{out: outCovered}
		}
		return route{out: outCovered, why: whySafariFloor}
	}
	// The smallest Safari release above the Mac's that installs on its
	// macOS line.
	var older, newer *safariOffer // offers for newer / older macOS lines only
	for i := range rec.safari {
		o := &rec.safari[i]
		if !sv.IsZero() && o.fix.Compare(sv) <= 0 {
			continue
		}
		if isWithdrawn(rec, o.fix) {
			continue
		}
		if o.offers(st.os) {
			if !known {
				return route{out: outUnknown, fix: o.fix, why: whySafariUnknown, offer: o}
			}
			return route{out: outFix, fix: o.fix, rank: 1, offer: o}
		}
		if offersNewerLines(o, st.os) {
			if older == nil {
				older = o
			}
		} else if newer == nil {
			newer = o
		}
	}
	if older != nil {
		// The Mac runs an older macOS than the Safari fix is for: it must
		// upgrade macOS first.
		if minOfferedMajor(older) > st.ceiling {
			return route{out: outNoFix, fix: older.fix, why: whySafariNeedsMacOS, offer: older}
		}
		return route{out: outFix, fix: older.fix, rank: 3, why: whySafariNeedsMacOS, offer: older}
	}
	if newer != nil {
		return route{out: outUnknown, fix: newer.fix, why: whySafariNotForLine, offer: newer}
	}
	return route{}
}

// isWithdrawn reports whether rec's fix point v is withdrawn.
func isWithdrawn(rec *cveRecord, v version.Version) bool {
	for _, fp := range rec.points {
		if fp.Withdrawn && sameRelease(fp.Version, v) {
			return true
		}
	}
	return false
}

// offersNewerLines reports whether every macOS release o installs on is of
// a newer line than os.
func offersNewerLines(o *safariOffer, os version.Version) bool {
	for _, r := range o.on {
		if r.Line.Compare(os.Line()) <= 0 {
			return false
		}
	}
	return len(o.on) > 0
}

// minOfferedMajor returns the oldest macOS major o installs on.
func minOfferedMajor(o *safariOffer) int {
	m := 0
	for _, r := range o.on {
		if m == 0 || r.Line.Major() < m {
			m = r.Line.Major()
		}
	}
	return m
}

// onPlatform keeps the fix points of platform p.
func onPlatform(p version.Platform) func(version.FixPoint) bool {
	return func(fp version.FixPoint) bool { return fp.Version.Platform() == p }
}

// letteredOn keeps the lettered fix points of line l.
func letteredOn(l version.Line) func(version.FixPoint) bool {
	return func(fp version.FixPoint) bool { return fp.Version.HasLetter() && fp.Version.Line() == l }
}

// kindOf names the kind of a lettered release.
func kindOf(v version.Version) string {
	if (version.FixPoint{Version: v}).Kind() == version.RSR {
		return "Rapid Security Response"
	}
	return "Background Security Improvement"
}

// kindName names the kind of the lettered fixes of line l.
func kindName(l version.Line, rec *cveRecord) string {
	for _, fp := range rec.points {
		if fp.Version.HasLetter() && fp.Version.Line() == l {
			return kindOf(fp.Version)
		}
	}
	return "Background Security Improvement"
}

// withdrawnOf returns the withdrawn releases that opts asks coverage to know.
func withdrawnOf(opts CoverageOptions) []version.Version {
	if opts.IgnoreKnownWithdrawn {
		return slices.Clone(opts.Withdrawn)
	}
	return append(version.KnownWithdrawn(), opts.Withdrawn...)
}
