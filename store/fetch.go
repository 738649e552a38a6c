package store

import "time"

// Fetch is what the syncing code knew when it read a document: the URL and
// its validators, a hash of the body and the parser that read it. It is
// stored in the same file as the data it describes, so that a validator
// never runs ahead of the data (a crash keeps both or neither).
type Fetch struct {
	// URL is the address the document was fetched from.
	URL string `json:"url"`
	// ETag is the response's ETag header; empty when none.
	ETag string `json:"etag,omitempty"`
	// LastModified is the response's Last-Modified header; empty when none.
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is a hash of the body as read (feed.Validators.BodyHash), to
	// tell an unchanged body that came without validators.
	BodyHash string `json:"body_hash,omitempty"`
	// Checked is when the document was fetched.
	Checked time.Time `json:"checked"`
	// Parser names the parser and its version that read the body; when it
	// changes, the validators should be ignored and the document read again.
	Parser string `json:"parser,omitempty"`
}
