package export

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// sofaBSIs gathers the Background Security Improvements of group g by OS
// major: Apple's offers (builds, devices, dates) joined with the advisories
// that list them (CVEs, page). A BSI known only from an advisory has no
// build and the devices its entries name; withdrawn ones are left out.
func (b *builder) sofaBSIs(g sofaGroup) map[string][]SOFABSI {
	type key struct{ version, extra, build string }
	entries := map[key]*SOFABSI{}
	var keys []key
	add := func(k key, x SOFABSI) *SOFABSI {
		if e, ok := entries[k]; ok {
			return e
		}
		entries[k] = &x
		keys = append(keys, k)
		return entries[k]
	}
	for _, o := range b.in.BSIs {
		if !g.has(string(o.Platform)) || o.Withdrawn || o.Version == "" || o.Extra == "" {
			continue
		}
		x := add(key{o.Version, o.Extra, o.Build}, SOFABSI{Version: o.Version, VersionExtra: o.Extra, Build: o.Build, PrerequisiteBuild: o.PrerequisiteBuild, CVEs: []string{}})
		if !o.Posted.IsZero() && x.PostingDate == "" {
			x.PostingDate = o.Posted.UTC().Format("2006-01-02")
		}
		x.SupportedDevices = union(x.SupportedDevices, o.SupportedDevices)
	}
	advs := b.sofaAdvisories()
	withdrawn := version.KnownWithdrawn()
	for _, a := range advs {
		for _, r := range a.Releases {
			if !g.has(r.Platform) || r.Version == "" || r.Extra == "" {
				continue
			}
			v, err := version.FromParts(version.Platform(r.Platform), r.Version, r.Extra, "")
			if err != nil || slices.ContainsFunc(withdrawn, func(w version.Version) bool { return sameLetter(w, v) }) {
				continue
			}
			cves := map[string]SOFACVE{}
			b.addCVEs(a, g, cves)
			matched := false
			for _, k := range keys {
				if k.version == r.Version && k.extra == r.Extra {
					matched = true
					b.joinBSI(entries[k], a, cves)
				}
			}
			if !matched {
				x := add(key{r.Version, r.Extra, ""}, SOFABSI{Version: r.Version, VersionExtra: r.Extra, CVEs: []string{}})
				x.SupportedDevices = union(x.SupportedDevices, b.sofaDevices(a, g, v))
				b.joinBSI(x, a, cves)
			}
		}
	}
	out := map[string][]SOFABSI{}
	for _, k := range keys {
		x := entries[k]
		x.SupportedDevices = nonNil(x.SupportedDevices)
		major := strings.SplitN(x.Version, ".", 2)[0]
		if _, err := strconv.Atoi(major); err != nil {
			continue
		}
		out[major] = append(out[major], *x)
	}
	for _, list := range out {
		slices.SortFunc(list, func(x, y SOFABSI) int {
			vx, _ := version.FromParts(g.platforms[0], x.Version, x.VersionExtra, "")
			vy, _ := version.FromParts(g.platforms[0], y.Version, y.VersionExtra, "")
			if c := vy.Compare(vx); c != 0 {
				return c
			}
			return cmp.Compare(x.Build, y.Build)
		})
	}
	return out
}

// joinBSI adds an advisory's CVEs and page to a BSI.
func (b *builder) joinBSI(x *SOFABSI, a *advisory.Advisory, cves map[string]SOFACVE) {
	for id := range cves {
		if !slices.Contains(x.CVEs, id) {
			x.CVEs = append(x.CVEs, id)
		}
	}
	slices.SortFunc(x.CVEs, compareCVE)
	if x.SecurityInfo == "" && isWebURL(a.URL) {
		x.SecurityInfo = a.URL
	}
}

// sameLetter reports whether w and v are the same base version and letter
// of one platform, builds aside.
func sameLetter(w, v version.Version) bool {
	return w.Platform() == v.Platform() && w.Base().Equal(v.Base()) && w.Letter() == v.Letter()
}
