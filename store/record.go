package store

import (
	"time"

	"github.com/applesec/applesec/advisory"
)

// Record is everything the database holds about one Apple document: the
// page read (if any), each mail that named it, the advisory merged from
// them, and the disagreements between its sources. It is the content of
// advisories/<key>.json.
type Record struct {
	// Key is the document's identity (Key of its URL); the file name derives
	// from it.
	Key string `json:"key"`
	// Page is the advisory page as last read; nil when only mails were read.
	Page *SourceDoc `json:"page,omitempty"`
	// Mails are the APPLE-SA mails that name the page, oldest first.
	Mails []SourceDoc `json:"mails,omitempty"`
	// Merged is the advisory answered from: the page where it says
	// something, the mails where no page does (see PutAdvisory). It is
	// written for people and tools reading the file; at open it is merged
	// again from Page and Mails, so it always follows them.
	Merged *advisory.Advisory `json:"merged"`
	// FirstSeen is when any source of the document was first stored.
	FirstSeen time.Time `json:"first_seen"`
	// Updated is when the merged advisory last changed.
	Updated time.Time `json:"updated"`
	// Disagreements are the fields on which the page and the mails
	// disagree, as of the last write. Disagreements with the index rows are
	// found when reading (DB.Disagreements) and are not stored here.
	Disagreements []Disagreement `json:"disagreements"`
}

// SourceDoc is one document read for a record: a page or a mail, as parsed,
// with how it was fetched.
type SourceDoc struct {
	// Source names it: "page" or "mail APPLE-SA-...".
	Source string `json:"source"`
	// Fetch is how it was fetched; Fetch.URL is its address.
	Fetch Fetch `json:"fetch"`
	// Advisory is the document as the parser read it.
	Advisory *advisory.Advisory `json:"advisory"`
	// FirstSeen is when this document was first stored.
	FirstSeen time.Time `json:"first_seen"`
	// Updated is when its content last changed.
	Updated time.Time `json:"updated"`
}
