package export

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
)

// Publisher facts written into every CSAF document.
const (
	csafPublisherName      = "applesec"
	csafPublisherNamespace = "https://github.com/applesec/applesec"
	csafProfileAdvisory    = "csaf_security_advisory"
	csafProfileInformation = "csaf_informational_advisory"
	// appleSecurityReleasesURL is Apple's index of security releases.
	appleSecurityReleasesURL = "https://support.apple.com/en-us/100100"
)

// CSAF returns one CSAF 2.0 document per advisory of in, sorted by tracking
// ID. News reports are skipped. When several advisories name the same Apple
// page (a page and its APPLE-SA mail), one document is made, from the
// advisory read whole, a page before a mail, the one with more entries
// before the other.
//
// Failure is partial: an advisory with no release date, or with nothing to
// name its document by, is left out, and CSAF returns the documents of the
// others with an error naming each advisory left out (errors.Is
// ErrInvalidAdvisory). Errors of the input as a whole give no documents: a
// zero Input.Now is ErrNoTime, a nil advisory ErrInvalidAdvisory, an offer
// without valid platform, version or letter ErrInvalidOffer.
func CSAF(in Input) ([]CSAFDocument, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	chosen := map[string]*advisory.Advisory{}
	var skipped []error
	for _, a := range in.Advisories {
		if a.Origin == advisory.OriginNews {
			continue
		}
		id, err := csafTrackingID(a)
		if err != nil {
			skipped = append(skipped, err)
			continue
		}
		if old, ok := chosen[id]; !ok || betterCopy(a, old) {
			chosen[id] = a
		}
	}
	ids := make([]string, 0, len(chosen))
	for id := range chosen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b := newBuilder(in)
	docs := make([]CSAFDocument, 0, len(ids))
	for _, id := range ids {
		doc, err := b.document(id, chosen[id])
		if err != nil {
			skipped = append(skipped, err)
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errors.Join(skipped...)
}

// betterCopy reports whether a is a better copy of one advisory than old.
func betterCopy(a, old *advisory.Advisory) bool {
	if a.Truncated != old.Truncated {
		return !a.Truncated
	}
	if (a.Origin == advisory.OriginPage) != (old.Origin == advisory.OriginPage) {
		return a.Origin == advisory.OriginPage
	}
	return len(a.Entries) > len(old.Entries)
}

// csafTrackingID derives a document ID from Apple's: "apple-126604" for
// support.apple.com/en-us/126604 (or /kb/HT5642), else the APPLE-SA ID, else
// (a page read from a file) the releases and date:
// "apple-ios-26.2-ipados-26.2-2025-12-12".
func csafTrackingID(a *advisory.Advisory) (string, error) {
	if u, err := url.Parse(a.URL); err == nil && strings.EqualFold(u.Hostname(), "support.apple.com") {
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		last := strings.ToLower(segs[len(segs)-1])
		if last != "" && isAlnum(last) {
			return "apple-" + last, nil
		}
	}
	if a.ID != "" {
		return a.ID, nil
	}
	// A page read from a file: name it by what it covers and when.
	name := releaseNames(a.Releases, a.Title)
	var b strings.Builder
	b.WriteString("apple")
	dash := true
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			if dash {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == len("apple") || a.Released.IsZero() {
		return "", fmt.Errorf("%w: %q names no support.apple.com page, no APPLE-SA ID, and no release and date to name it by", ErrInvalidAdvisory, a.Title)
	}
	return b.String() + "-" + a.Released.String(), nil
}

// isAlnum reports whether s holds only ASCII letters and digits.
func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// csafFileName is the file name CSAF 2.0 section 5.1 prescribes for a
// tracking ID: lower case, characters other than [+\-a-z0-9] as "_".
func csafFileName(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if r == '+' || r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String() + ".json"
}

// dateTime formats a date as an RFC 3339 date-time at midnight UTC,
// "2026-03-17T00:00:00Z": CSAF's and SOFA's form.
func dateTime(d advisory.Date) string { return d.Time().Format(time.RFC3339) }

// document builds the CSAF document of one advisory.
func (b *builder) document(id string, a *advisory.Advisory) (CSAFDocument, error) {
	if a.Released.IsZero() {
		return CSAFDocument{}, fmt.Errorf("%w: %s (%q) has no release date", ErrInvalidAdvisory, id, a.Title)
	}
	revs := csafRevisions(a)
	last := revs[len(revs)-1]
	meta := CSAFMeta{
		Category:     csafProfileAdvisory,
		CSAFVersion:  "2.0",
		Distribution: &CSAFDistribution{TLP: CSAFTLP{Label: "WHITE"}},
		Lang:         "en",
		Publisher: CSAFPublisher{
			Category:         "other",
			ContactDetails:   "https://github.com/applesec/applesec",
			IssuingAuthority: "applesec converts Apple's published security content; it is not Apple and speaks only for the conversion.",
			Name:             csafPublisherName,
			Namespace:        csafPublisherNamespace,
		},
		Title: strings.TrimSpace(a.Title),
		Tracking: CSAFTracking{
			CurrentReleaseDate: last.Date,
			Generator:          &CSAFGenerator{Date: b.in.Now.UTC().Format(time.RFC3339), Engine: CSAFEngine{Name: csafPublisherName}},
			ID:                 id,
			InitialReleaseDate: revs[0].Date,
			RevisionHistory:    revs,
			Status:             "final",
			Version:            last.Number,
		},
	}
	if meta.Title == "" {
		meta.Title = id
	}
	meta.Notes = b.documentNotes(a)
	if isWebURL(a.URL) {
		meta.References = []CSAFReference{{Category: "external", Summary: "Apple's security content page, the source of this document", URL: a.URL}}
	} else {
		// Read from a file with no address: point at Apple's index of
		// security releases, which links every advisory page.
		meta.References = []CSAFReference{{Category: "external", Summary: "Apple security releases, the index of Apple's advisory pages", URL: appleSecurityReleasesURL}}
	}
	for _, ack := range a.Acknowledgements {
		if c := strings.TrimSpace(ack.Credit); c != "" {
			meta.Acknowledgments = append(meta.Acknowledgments, CSAFAcknowledgment{Names: []string{c}, Summary: ackSummary(ack.Component)})
		}
	}
	products := b.productTree(a)
	doc := CSAFDocument{Document: meta, ProductTree: products.tree()}
	doc.Vulnerabilities = b.vulnerabilities(a, products)
	if len(doc.Vulnerabilities) == 0 {
		// A security advisory must hold vulnerabilities (CSAF 6.1.27.11);
		// an informational one must not and needs an external reference.
		doc.Document.Category = csafProfileInformation
	}
	return doc, nil
}

// ackSummary says what an acknowledgement is for.
func ackSummary(component string) string {
	if component == "" {
		return ""
	}
	return "Additional recognition: " + component
}

// isWebURL reports whether s is an absolute http(s) URL.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// documentNotes says what the document is and where it comes from.
func (b *builder) documentNotes(a *advisory.Advisory) []CSAFNote {
	source := "Apple's advisory page"
	if a.Origin == advisory.OriginMail {
		source = "Apple's security announcement mail " + a.ID
	}
	where := ""
	if a.URL != "" {
		where = " (" + a.URL + ")"
	}
	notes := []CSAFNote{
		{Category: "summary", Title: "Summary", Text: "Security content of " + releaseNames(a.Releases, a.Title) + ", released by Apple on " + a.Released.String() + "."},
		{Category: "legal_disclaimer", Title: "Source", Text: "applesec derived this document from " + source + where + ". Apple did not publish it; where they differ, Apple's text is authoritative."},
	}
	if a.ReissueOf != "" {
		notes = append(notes, CSAFNote{Category: "general", Title: "Reissue", Text: "Apple sent this as additional information for " + a.ReissueOf + "."})
	}
	if a.Truncated {
		notes = append(notes, CSAFNote{Category: "general", Title: "Incomplete copy", Text: "The copy read was cut short; Apple's page may list more entries."})
	}
	return notes
}

// releaseNames joins the names of releases ("iOS 26.2, iPadOS 26.2"), or
// gives fallback when there are none.
func releaseNames(rs []advisory.ProductVersion, fallback string) string {
	if len(rs) == 0 {
		return strings.TrimPrefix(fallback, "About the security content of ")
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name()
	}
	return strings.Join(names, ", ")
}

// csafRevisions gives revision 1 on the release date and one more for each
// later date on which entries were added or updated.
func csafRevisions(a *advisory.Advisory) []CSAFRevision {
	type change struct{ added, updated []string }
	later := map[advisory.Date]*change{}
	note := func(d advisory.Date, e advisory.Entry, added bool) {
		if d.IsZero() || !a.Released.Before(d) {
			return
		}
		c := later[d]
		if c == nil {
			c = &change{}
			later[d] = c
		}
		name := entryName(e)
		if added {
			c.added = append(c.added, name)
		} else {
			c.updated = append(c.updated, name)
		}
	}
	for _, e := range a.Entries {
		note(e.Added, e, true)
		note(e.Updated, e, false)
	}
	dates := make([]advisory.Date, 0, len(later))
	for d := range later {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, func(x, y advisory.Date) int { return cmp.Compare(x.String(), y.String()) })
	revs := []CSAFRevision{{Date: dateTime(a.Released), Number: "1", Summary: "Initial release of Apple's advisory."}}
	for i, d := range dates {
		c := later[d]
		var parts []string
		if len(c.added) > 0 {
			parts = append(parts, "Entries added: "+strings.Join(c.added, ", ")+".")
		}
		if len(c.updated) > 0 {
			parts = append(parts, "Entries updated: "+strings.Join(c.updated, ", ")+".")
		}
		revs = append(revs, CSAFRevision{Date: dateTime(d), Number: strconv.Itoa(i + 2), Summary: strings.Join(parts, " ")})
	}
	return revs
}

// entryName names an entry by its CVEs, else its component.
func entryName(e advisory.Entry) string {
	if len(e.CVEs) == 0 {
		if e.Component == "" {
			return "an entry without CVE"
		}
		return e.Component
	}
	ids := make([]string, len(e.CVEs))
	for i, c := range e.CVEs {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}
