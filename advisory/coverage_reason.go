package advisory

import (
	"fmt"
	"strings"

	"github.com/applesec/applesec/version"
)

// explain puts a decision into words.
func (c *Coverage) explain(rec *cveRecord, st *deviceState, d decision, dev Device) Result {
	res := newResult(rec.id, dev)
	res.Verdict = d.verdict
	if st.problem != probNone {
		res.Reason = st.problemText(dev)
		return res
	}
	name := st.model.Name
	switch d.verdict {
	case NotApplicable:
		res.Reason = c.notApplicableText(rec, st, d.why)
	case Patched:
		res.FixedBy, res.Reason = c.patchedText(rec, st, d)
	case Exposed:
		b := d.best()
		if b.out == outPending {
			res.Reason = c.pendingText(rec, st)
			break
		}
		res.FixedBy = []version.Version{b.fix}
		res.Reason = c.exposedText(rec, st, b)
	case ExposedNoFix:
		res.Reason = c.noFixText(rec, st, d)
	default:
		if d.safari.why == whySafariUnknown {
			res.FixedBy = []version.Version{d.safari.fix}
			res.Reason = fmt.Sprintf("the Safari version of this Mac (%s) is not known: %s is fixed in %s, which installs on %s; the Mac is patched if its Safari is %s or later, otherwise update Safari to %s",
				st.os, rec.id, d.safari.fix, d.safari.offer.phrase, d.safari.fix.Core(), d.safari.fix.Core())
			break
		}
		res.Reason = c.unknownText(rec, st, d, name)
	}
	if d.verdict != NotApplicable && d.verdict != Patched {
		res.Reason += c.impreciseNote(rec, st)
	}
	return res
}

// impreciseNote says, when the device's model is outside a device list
// that could not be read precisely, why the list did not rule it out.
func (c *Coverage) impreciseNote(rec *cveRecord, st *deviceState) string {
	for _, sc := range rec.scopes {
		if sc.platform != st.os.Platform() || len(sc.imprecise) == 0 || sc.listed(st.modelIndex) {
			continue
		}
		return fmt.Sprintf(" (the advisory's device list for %s names parts the device catalog does not know: %s; %s is not among the models it does know, but the list cannot rule it out)",
			sc.line, strings.Join(sc.imprecise, ", "), st.model.Name)
	}
	return ""
}

// problemText explains why a device could not be checked.
func (st *deviceState) problemText(d Device) string {
	switch st.problem {
	case probModel:
		return fmt.Sprintf("model %q is not in the device catalog; give a product type (iPhone18,1), a Mac model identifier or board ID, or Apple's marketing name", d.Model)
	case probNoOSPlatform:
		return fmt.Sprintf("%s runs no operating system this check covers (firmware only)", st.model.Name)
	case probNoOS:
		return fmt.Sprintf("the OS version of this %s is not known", st.model.Name)
	case probMismatch:
		return fmt.Sprintf("%s does not run on %s, which runs %s", d.OS, st.model.Name, st.model.Platform)
	case probSafariMismatch:
		return fmt.Sprintf("the Safari version given (%s) is no Safari version", d.Safari)
	case probImpossible:
		return st.impossible
	}
	return ""
}

// notApplicableText explains a NotApplicable verdict.
func (c *Coverage) notApplicableText(rec *cveRecord, st *deviceState, w why) string {
	if w == whyNotListedModel {
		var phrases []string
		for _, sc := range rec.scopes {
			if sc.platform == st.os.Platform() && !c.backport(sc) {
				phrases = append(phrases, sc.phrases...)
			}
		}
		return fmt.Sprintf("%s is fixed on %s only for the devices its advisories list (%s); %s is not among them, so it is not affected",
			rec.id, st.os.Platform(), strings.Join(phrases, "; "), st.model.Name)
	}
	where := describePoints(rec.points, nil)
	if where == "" {
		where = platformsText(rec.affected.list())
	}
	if len(rec.others) > 0 {
		if where != "" {
			where += " and "
		}
		where += joinAnd(rec.others)
	}
	return fmt.Sprintf("%s is fixed in %s only; %s runs %s, which none of the advisories listing it covers (%s)",
		rec.id, where, st.model.Name, st.os.Platform(), joinAnd(rec.sources))
}

// patchedText explains a Patched verdict and names the fix points the
// device has.
func (c *Coverage) patchedText(rec *cveRecord, st *deviceState, d decision) ([]version.Version, string) {
	fixed := []version.Version{}
	var parts []string
	if d.os.out == outCovered {
		var have []string
		for _, fp := range rec.points {
			if fp.Covers(st.os) {
				fixed = append(fixed, fp.Version)
				have = append(have, fp.Version.String())
			}
		}
		switch {
		case len(have) > 0:
			parts = append(parts, fmt.Sprintf("%s includes the fix (%s)", st.os, joinAnd(have)))
		case c.newerThanAll(rec, st.os):
			parts = append(parts, fmt.Sprintf("%s is of a later line than every fix (%s), and later releases ship with it",
				st.os, describePoints(rec.points, onPlatform(fixPlatform(rec, st)))))
		default:
			parts = append(parts, fmt.Sprintf("%s is a later update than the %s (%s), which Apple folded into the next full update",
				st.os, kindName(st.os.Line(), rec), describePoints(rec.points, letteredOn(st.os.Line()))))
		}
	}
	if d.safari.out == outCovered {
		sv := st.safari
		if sv.IsZero() {
			sv = st.safariFloor
		}
		var have []string
		for _, fp := range rec.points {
			if fp.Covers(sv) {
				fixed = append(fixed, fp.Version)
				have = append(have, fp.Version.String())
			}
		}
		switch {
		case d.safari.why == whySafariFloor:
			parts = append(parts, fmt.Sprintf("%s ships with at least %s, later than every Safari fix (%s)",
				st.os, sv, describePoints(rec.points, onPlatform(version.Safari))))
		case len(have) > 0:
			parts = append(parts, fmt.Sprintf("%s includes the fix (%s)", sv, joinAnd(have)))
		default:
			parts = append(parts, fmt.Sprintf("%s is later than every Safari fix (%s)", sv, describePoints(rec.points, onPlatform(version.Safari))))
		}
	}
	return fixed, fmt.Sprintf("%s: %s", rec.id, strings.Join(parts, "; "))
}

// fixPlatform is the platform whose fix points speak for the device's OS:
// its own, or iOS for an iPad on iPadOS when only iOS 12 or earlier fixed
// the CVE.
func fixPlatform(rec *cveRecord, st *deviceState) version.Platform {
	p := st.os.Platform()
	if p == version.IPadOS && !rec.versioned.has(p) && rec.legacyIOS {
		return version.IOS
	}
	return p
}

// newerThanAll reports whether v's line is newer than that of every fix
// point of its platform.
func (c *Coverage) newerThanAll(rec *cveRecord, v version.Version) bool {
	for _, fp := range rec.points {
		if fp.Version.Platform() == v.Platform() && fp.Version.Line().Compare(v.Line()) >= 0 {
			return false
		}
	}
	return true
}

// exposedText explains an Exposed verdict and the step to take.
func (c *Coverage) exposedText(rec *cveRecord, st *deviceState, r route) string {
	os := st.os
	fix := r.fix
	if r.offer != nil {
		if r.why == whySafariNeedsMacOS {
			return fmt.Sprintf("%s is fixed for Macs in %s, which installs on %s, not on %s: upgrade macOS to one of those, then update Safari to %s",
				rec.id, fix, r.offer.phrase, os, fix.Core())
		}
		sv := st.safari
		return fmt.Sprintf("%s with %s is not covered: %s is fixed in %s, which installs on %s; update Safari to %s",
			os, sv, rec.id, fix, r.offer.phrase, fix.Core())
	}
	var b strings.Builder
	// The trap: a lettered fix of the same line on another base.
	for _, fp := range rec.points {
		v := fp.Version
		if fix.HasLetter() && fix.Base().Equal(os.Base()) {
			break // the device's own base has a letter: no trap to explain
		}
		if v.HasLetter() && v.Platform() == os.Platform() && v.Line() == os.Line() && !v.Base().Equal(os.Base()) && !sameRelease(v, fix) {
			fmt.Fprintf(&b, "%s is not covered by the %s %s, which installs only on %s; ", os, kindOf(v), v, v.Core())
			break
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "%s does not have the fix for %s (fixed in %s); ", os, rec.id, describePoints(rec.points, onPlatform(os.Platform())))
	}
	if r.why == whyNotOffered {
		fmt.Fprintf(&b, "%s is not offered for %s; ", r.skipped, st.model.Name)
	}
	switch {
	case fix.HasLetter() && fix.Base().Equal(os.Base()):
		fmt.Fprintf(&b, "install the %s %s (it installs in the background on %s)", kindOf(fix), fix, os.Base())
	case fix.HasLetter():
		fmt.Fprintf(&b, "update to %s, then install the %s %s", fix.Base(), kindOf(fix), fix)
	case fix.Line() != os.Line() && r.why == whyNotOffered && r.skipped.Line() == os.Line():
		// The line has a fix, just not for this model.
		fmt.Fprintf(&b, "no other fix for the %s line is offered for it; upgrade to %s", os.Line(), fix)
	case fix.Line() != os.Line():
		fmt.Fprintf(&b, "no fix for the %s line is in the advisories given; upgrade to %s", os.Line(), fix)
	default:
		fmt.Fprintf(&b, "update to %s", fix)
	}
	return b.String()
}

// pendingText explains an Exposed verdict with no installable fix yet.
func (c *Coverage) pendingText(rec *cveRecord, st *deviceState) string {
	os := st.os
	var lettered []string
	for _, fp := range rec.points {
		v := fp.Version
		if v.HasLetter() && v.Platform() == os.Platform() {
			lettered = append(lettered, fmt.Sprintf("the %s %s installs only on %s", kindOf(v), v, v.Core()))
		}
	}
	how := ""
	if len(lettered) > 0 {
		how = ": " + joinAnd(lettered)
	}
	return fmt.Sprintf("%s is exposed to %s with no installable fix yet; it is fixed only in %s%s; no later update fixing it is in the advisories given, so install the next %s update when Apple releases it",
		os, rec.id, describePoints(rec.points, onPlatform(os.Platform())), how, os.Platform())
}

// noFixText explains an ExposedNoFix verdict.
func (c *Coverage) noFixText(rec *cveRecord, st *deviceState, d decision) string {
	limit := fmt.Sprintf("%s can run at most %s %d", st.model.Name, st.model.Platform, st.ceiling)
	if !st.newest.IsZero() && st.newest.Major() == st.ceiling {
		limit = fmt.Sprintf("Apple's software lookup offers %s at most %s", st.model.Name, st.newest)
	}
	var fixes []string
	if d.os.out == outNoFix {
		fixes = append(fixes, "in "+describePoints(rec.points, onPlatform(st.os.Platform())))
	}
	if d.safari.out == outNoFix {
		fixes = append(fixes, fmt.Sprintf("in %s, which installs on %s", d.safari.fix, d.safari.offer.phrase))
	}
	return fmt.Sprintf("%s is fixed only %s; %s, so no fix is available for this device on %s",
		rec.id, strings.Join(fixes, ", and "), limit, st.os)
}

// unknownText explains an Unknown verdict that is about the CVE's data.
func (c *Coverage) unknownText(rec *cveRecord, st *deviceState, d decision, name string) string {
	switch {
	case d.os.why == whyLineUnfixed:
		shipped, _ := c.lineShipped(st.os.Line())
		return fmt.Sprintf("%s is fixed in %s; the %s line, which %s runs, already existed then (since %s) and no fix for it is in the advisories given: add the %s advisory of the same day",
			rec.id, describePoints(rec.points, onPlatform(fixPlatform(rec, st))), st.os.Line(), st.os, shipped.Time().Format("January 2006"), st.os.Line())
	case d.os.why == whyFixUndated:
		return fmt.Sprintf("%s is fixed in %s, and %s is of a later line; the advisories listing it give no release date (%s), so whether the %s line shipped after the fix is not known",
			rec.id, describePoints(rec.points, onPlatform(fixPlatform(rec, st))), st.os, joinAnd(rec.sources), st.os.Line())
	case d.why == whyExploitedHere:
		return fmt.Sprintf("an advisory listing %s says it was exploited on %s (%q), but no fix for %s is in the advisories given (%s); add the %s advisory",
			rec.id, st.os.Platform(), rec.exploitedText, st.os.Platform(), joinAnd(rec.sources), st.os.Platform())
	case d.why == whyUnplaced:
		return fmt.Sprintf("%s is listed by an advisory that names no release (%s); which platforms it affects is not known", rec.id, joinAnd(rec.sources))
	case d.os.why == whyUnversioned:
		return fmt.Sprintf("the advisories listing %s name %s without a version (%s); the fixed version is not known", rec.id, st.os.Platform(), joinAnd(rec.sources))
	case d.os.why == whyNotOffered:
		return fmt.Sprintf("%s on %s lacks the fix for %s (fixed in %s), but %s is not offered for %s and no other fix for it is in the advisories given",
			name, st.os, rec.id, describePoints(rec.points, onPlatform(st.os.Platform())), d.os.skipped, name)
	case d.os.why == whyOnlyWithdrawn:
		return fmt.Sprintf("%s is fixed for %s only in withdrawn releases (%s); no update to install is known", rec.id, st.os, describePoints(rec.points, onPlatform(st.os.Platform())))
	case d.safari.why == whySafariNotForLine:
		return fmt.Sprintf("%s is fixed for Macs in %s, which installs on %s; on %s Safari is updated with macOS, and no macOS fix for it is in the advisories given",
			rec.id, d.safari.fix, d.safari.offer.phrase, st.os)
	case d.safari.why == whyUnversioned:
		return fmt.Sprintf("the advisories listing %s name Safari without a version (%s); the fixed version is not known", rec.id, joinAnd(rec.sources))
	}
	return fmt.Sprintf("the advisories given do not say whether %s on %s is fixed for %s", name, st.os, rec.id)
}
