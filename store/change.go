package store

import "github.com/applesec/applesec/advisory"

// Change is what PutAdvisory changed in the database. Its slices are empty,
// not nil, when nothing is in them.
type Change struct {
	// Key is the document's key.
	Key string `json:"key"`
	// New is set when the document was not in the database before.
	New bool `json:"new"`
	// Updated is set when a stored document's merged advisory changed.
	Updated bool `json:"updated"`
	// Added are the merged advisory's entries that are new, identified by
	// component and CVE set.
	Added []advisory.Entry `json:"added"`
	// Changed are the entries whose content changed (same component and
	// CVE set), as they are now.
	Changed []advisory.Entry `json:"changed"`
	// Removed are the entries that are gone, as they were.
	Removed []advisory.Entry `json:"removed"`
	// Disagreements are the disagreements found by this write that were not
	// recorded before, including those with stored index rows.
	Disagreements []Disagreement `json:"disagreements"`
}
