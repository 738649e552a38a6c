package store

// The fields a Disagreement can be about.
const (
	// FieldCVEs is the set of CVE IDs fixed, beyond entries the page marks
	// "Entry added" after the mail's date.
	FieldCVEs = "cves"
	// FieldReleased is the release date.
	FieldReleased = "released"
	// FieldReleases is the set of releases (versions with their BSI or RSR
	// letters).
	FieldReleases = "releases"
)

// Disagreement is a field on which the sources of one Apple document say
// different things: the page, its mails, or an index row linking it. The
// database never settles it silently: it keeps every value with its source.
// Coverage and every answer use the page's value (the merged advisory);
// where there is no page, the newest mail's.
type Disagreement struct {
	// Key is the document's key.
	Key string `json:"key"`
	// Field is what they disagree on: FieldCVEs, FieldReleased or
	// FieldReleases.
	Field string `json:"field"`
	// Values are what each source says, page first, then mails oldest
	// first, then index rows.
	Values []SourcedValue `json:"values"`
}

// SourcedValue is one source's value in a Disagreement.
type SourcedValue struct {
	// Source is "page", "mail APPLE-SA-...", "index" or "pmv".
	Source string `json:"source"`
	// URL is the address the source was read from.
	URL string `json:"url"`
	// Value is the source's value as text: a date "2026-03-24", sorted
	// CVE IDs or releases joined by ", ".
	Value string `json:"value"`
}

// equal reports whether d and e say the same thing.
func (d Disagreement) equal(e Disagreement) bool {
	if d.Key != e.Key || d.Field != e.Field || len(d.Values) != len(e.Values) {
		return false
	}
	for i := range d.Values {
		if d.Values[i] != e.Values[i] {
			return false
		}
	}
	return true
}
