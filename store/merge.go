package store

import (
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// sourceName names where an advisory was read from, as SourcedValue.Source
// and SourceDoc.Source spell it: "page" or "mail APPLE-SA-...".
func sourceName(a *advisory.Advisory) string {
	if a.Origin == advisory.OriginMail {
		if a.ID != "" {
			return "mail " + a.ID
		}
		return "mail"
	}
	return "page"
}

// merge builds the advisory a record answers with. The page wins wherever
// it says something; the mails fill in what it leaves out (the APPLE-SA ID,
// a missing date, the BSI letters a page title does not give) and stand in
// for it when there is no page: then the newest mail is the base, and the
// releases of every mail are kept (an RSR re-issued as (c) after (a) still
// shipped (a)).
func merge(page *SourceDoc, mails []SourceDoc) *advisory.Advisory {
	if page == nil {
		newest := *mails[len(mails)-1].Advisory
		var releases []advisory.ProductVersion
		for i := len(mails) - 1; i >= 0; i-- {
			releases = appendReleases(releases, mails[i].Advisory.Releases)
		}
		newest.Releases = releases
		return &newest
	}
	a := *page.Advisory
	for _, m := range mails {
		ma := m.Advisory
		if a.ID == "" && ma.ReissueOf == "" {
			a.ID = ma.ID
		}
		if a.Released.IsZero() {
			a.Released = ma.Released
		}
	}
	if a.ID == "" && len(mails) > 0 {
		a.ID = mails[0].Advisory.ID
	}
	if !hasVersions(a.Releases) {
		var releases []advisory.ProductVersion
		for _, m := range mails {
			releases = appendReleases(releases, m.Advisory.Releases)
		}
		if hasVersions(releases) {
			a.Releases = releases
		}
	}
	return &a
}

// appendReleases appends to dst the releases of src it does not hold yet.
func appendReleases(dst, src []advisory.ProductVersion) []advisory.ProductVersion {
	for _, r := range src {
		if !slices.Contains(dst, r) {
			dst = append(dst, r)
		}
	}
	return dst
}

// hasVersions reports whether some release names a version.
func hasVersions(rs []advisory.ProductVersion) bool {
	return slices.ContainsFunc(rs, func(r advisory.ProductVersion) bool { return r.Version != "" })
}

// releasesText is a set of releases as a disagreement's value: sorted,
// "iOS 26.3.1 (a), macOS 26.3.2 (a)"; "" when none names a version.
func releasesText(rs []advisory.ProductVersion) string {
	var out []string
	for _, r := range rs {
		if r.Version == "" {
			continue
		}
		s := r.Platform + " " + r.Version
		if r.Extra != "" {
			s += " " + r.Extra
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ", ")
}

// cveText is the sorted, distinct CVE IDs of the entries keep accepts, as a
// disagreement's value.
func cveText(a *advisory.Advisory, keep func(advisory.Entry) bool) string {
	var ids []string
	for _, e := range a.Entries {
		if keep != nil && !keep(e) {
			continue
		}
		for _, c := range e.CVEs {
			ids = append(ids, strings.ToUpper(c.ID))
		}
	}
	slices.Sort(ids)
	return strings.Join(slices.Compact(ids), ", ")
}

// disagreements compares the page and mails of a record field by field.
// CVE sets: the page's entries marked "Entry added" after the newest mail's
// date are left out (the mail could not know them), and a mail cut short
// (Truncated) is not compared.
func disagreements(key string, page *SourceDoc, mails []SourceDoc) []Disagreement {
	out := []Disagreement{}
	var docs []SourceDoc
	if page != nil {
		docs = append(docs, *page)
	}
	docs = append(docs, mails...)
	if len(docs) < 2 {
		return out
	}
	var lastMail advisory.Date
	for _, m := range mails {
		if lastMail.Before(m.Advisory.Released) {
			lastMail = m.Advisory.Released
		}
	}
	field := func(name string, value func(d SourceDoc) (string, bool)) {
		var vals []SourcedValue
		distinct := map[string]bool{}
		for _, d := range docs {
			v, ok := value(d)
			if !ok {
				continue
			}
			vals = append(vals, SourcedValue{Source: d.Source, URL: d.Fetch.URL, Value: v})
			distinct[v] = true
		}
		if len(distinct) > 1 {
			out = append(out, Disagreement{Key: key, Field: name, Values: vals})
		}
	}
	field(FieldCVEs, func(d SourceDoc) (string, bool) {
		a := d.Advisory
		if a.Origin == advisory.OriginMail {
			return cveText(a, nil), !a.Truncated
		}
		return cveText(a, func(e advisory.Entry) bool {
			return lastMail.IsZero() || e.Added.IsZero() || !lastMail.Before(e.Added)
		}), true
	})
	field(FieldReleased, func(d SourceDoc) (string, bool) {
		return d.Advisory.Released.String(), !d.Advisory.Released.IsZero()
	})
	field(FieldReleases, func(d SourceDoc) (string, bool) {
		t := releasesText(d.Advisory.Releases)
		return t, t != ""
	})
	return out
}

// indexDisagreements compares the index rows that link record r with its
// merged advisory: release date and releases. They are found when reading,
// from what is stored, so that an index read before or after the page gives
// the same answer.
func indexDisagreements(r *Record, rows []IndexRow) []Disagreement {
	var out []Disagreement
	src := SourcedValue{Source: "page"}
	if r.Page != nil {
		src.URL = r.Page.Fetch.URL
	} else {
		last := r.Mails[len(r.Mails)-1]
		src.Source, src.URL = last.Source, last.Fetch.URL
	}
	for _, row := range rows {
		if row.Key != r.Key {
			continue
		}
		rel := row.Release
		if !rel.Released.IsZero() && !r.Merged.Released.IsZero() && rel.Released != r.Merged.Released {
			mine, theirs := src, SourcedValue{Source: "index", URL: row.Index}
			mine.Value, theirs.Value = r.Merged.Released.String(), rel.Released.String()
			out = append(out, Disagreement{Key: r.Key, Field: FieldReleased, Values: []SourcedValue{mine, theirs}})
		}
		want, got := releasesText(r.Merged.Releases), releasesText(rel.Releases)
		if want != "" && got != "" && want != got {
			mine, theirs := src, SourcedValue{Source: "index", URL: row.Index}
			mine.Value, theirs.Value = want, got
			out = append(out, Disagreement{Key: r.Key, Field: FieldReleases, Values: []SourcedValue{mine, theirs}})
		}
	}
	return out
}
