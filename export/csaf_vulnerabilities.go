package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// vulnerabilities gives one vulnerability per CVE the advisory fixes, sorted
// by ID (CSAF 6.1.23 forbids a CVE twice), then one per entry Apple listed
// without CVE, in document order.
func (b *builder) vulnerabilities(a *advisory.Advisory, p *csafProducts) []CSAFVulnerability {
	byCVE := map[string][]advisory.Entry{}
	var ids []string
	var bare []advisory.Entry
	for _, e := range a.Entries {
		if len(e.CVEs) == 0 {
			bare = append(bare, e)
			continue
		}
		for _, c := range e.CVEs {
			id := strings.ToUpper(c.ID)
			if _, ok := byCVE[id]; !ok {
				ids = append(ids, id)
			}
			byCVE[id] = append(byCVE[id], e)
		}
	}
	slices.SortFunc(ids, compareCVE)
	out := make([]CSAFVulnerability, 0, len(ids)+len(bare))
	for _, id := range ids {
		out = append(out, b.vulnerability(a, p, id, byCVE[id]))
	}
	for _, e := range bare {
		out = append(out, b.vulnerability(a, p, "", []advisory.Entry{e}))
	}
	return out
}

// compareCVE orders CVE IDs by year, then number.
func compareCVE(x, y string) int {
	xs, ys := strings.Split(x, "-"), strings.Split(y, "-")
	if len(xs) == 3 && len(ys) == 3 {
		if c := cmp.Compare(xs[1], ys[1]); c != 0 {
			return c
		}
		if c := cmp.Compare(len(xs[2]), len(ys[2])); c != 0 {
			return c
		}
	}
	return cmp.Compare(x, y)
}

// vulnerability describes one CVE (or CVE-less entry) fixed by entries.
func (b *builder) vulnerability(a *advisory.Advisory, p *csafProducts, cve string, entries []advisory.Entry) CSAFVulnerability {
	v := CSAFVulnerability{CVE: cve}
	var components []string
	var fixed []string
	var fixedNames []string
	unversioned := false
	exploited := ""
	for i, e := range entries {
		suffix := ""
		if len(entries) > 1 {
			suffix = fmt.Sprintf(" (entry %d)", i+1)
		}
		if e.Component != "" && !slices.Contains(components, e.Component) {
			components = append(components, e.Component)
		}
		if t := strings.TrimSpace(e.Impact); t != "" {
			v.Notes = append(v.Notes, CSAFNote{Category: "summary", Title: "Impact" + suffix, Text: t})
		}
		if t := strings.TrimSpace(e.Description); t != "" {
			v.Notes = append(v.Notes, CSAFNote{Category: "description", Title: "Description" + suffix, Text: t})
		}
		if t := strings.TrimSpace(e.AvailableFor); t != "" {
			v.Notes = append(v.Notes, CSAFNote{Category: "other", Title: "Available for" + suffix, Text: t})
		}
		if e.Exploited && exploited == "" {
			exploited = strings.TrimSpace(e.Impact)
		}
		for _, r := range b.fixingReleases(p, e) {
			for _, id := range r.ids {
				if !slices.Contains(fixed, id) {
					fixed = append(fixed, id)
				}
			}
			unversioned = unversioned || r.release.Version == ""
			if n := r.release.Name(); !slices.Contains(fixedNames, n) {
				fixedNames = append(fixedNames, n)
			}
		}
		for _, c := range e.CVEs {
			if strings.EqualFold(c.ID, cve) {
				if credit := strings.TrimSpace(c.Credit); credit != "" && !hasAck(v.Acknowledgments, credit) {
					v.Acknowledgments = append(v.Acknowledgments, CSAFAcknowledgment{Names: []string{credit}})
				}
			}
		}
		for _, bug := range e.WebKitBugzilla {
			v.References = append(v.References, CSAFReference{Category: "external", Summary: fmt.Sprintf("WebKit Bugzilla %d", bug), URL: fmt.Sprintf("https://bugs.webkit.org/show_bug.cgi?id=%d", bug)})
		}
	}
	v.Title = strings.Join(components, ", ")
	if len(components) > 0 {
		v.Notes = append(v.Notes, CSAFNote{Category: "other", Title: "Component", Text: v.Title})
	}
	if len(v.Notes) == 0 {
		v.Notes = []CSAFNote{{Category: "general", Title: "Listing", Text: "Listed by Apple in " + a.Title + " with no impact or description."}}
	}
	if cve != "" {
		v.References = append([]CSAFReference{{Category: "external", Summary: "CVE record " + cve, URL: "https://www.cve.org/CVERecord?id=" + cve}}, v.References...)
	}
	v.ProductStatus = &CSAFProductStatus{Fixed: fixed}
	details := "Install " + strings.Join(fixedNames, ", ") + " or later."
	if unversioned {
		details = "Install the update Apple released on " + a.Released.String() + " for " + strings.Join(fixedNames, ", ") + "."
	}
	rem := CSAFRemediation{Category: "vendor_fix", Details: details, ProductIDs: fixed}
	if isWebURL(a.URL) {
		rem.URL = a.URL
	}
	v.Remediations = []CSAFRemediation{rem}
	if exploited != "" {
		v.Threats = append(v.Threats, CSAFThreat{Category: "exploit_status", Date: dateTime(a.Released), Details: "Apple: " + exploited})
	}
	if d, ok := b.in.KEV[cve]; ok && cve != "" {
		t := CSAFThreat{Category: "exploit_status", Details: "Listed in CISA's Known Exploited Vulnerabilities catalog."}
		if !d.IsZero() {
			t.Date = dateTime(d)
			t.Details = "Listed in CISA's Known Exploited Vulnerabilities catalog since " + d.String() + "."
		}
		v.Threats = append(v.Threats, t)
	}
	return v
}

// hasAck reports whether acks already thank name.
func hasAck(acks []CSAFAcknowledgment, name string) bool {
	for _, a := range acks {
		if slices.Contains(a.Names, name) {
			return true
		}
	}
	return false
}

// fixingReleases are the advisory's releases an entry applies to: those
// of the platforms its "Available for" names (Safari for macOS lines), or
// all of them when it names none of theirs.
func (b *builder) fixingReleases(p *csafProducts, e advisory.Entry) []csafRelease {
	platforms := b.resolve(e.AvailableFor).AllPlatforms()
	var out []csafRelease
	for _, r := range p.releases {
		if slices.Contains(platforms, version.Platform(r.release.Platform)) ||
			r.release.Platform == string(version.Safari) && slices.Contains(platforms, version.MacOS) ||
			r.release.Platform == string(version.IPadOS) && slices.Contains(platforms, version.IOS) && !slices.Contains(platforms, version.IPadOS) && mentionsIPad(e.AvailableFor) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return p.releases
	}
	return out
}

// mentionsIPad reports whether an "Available for" text names iPads, which
// the catalog files under iOS when they predate iPadOS.
func mentionsIPad(s string) bool { return strings.Contains(s, "iPad") }
