package feed

import (
	"context"
	"time"

	"github.com/applesec/applesec/advisory"
)

// Recorder receives each document a Run reads, as soon as it is read and
// parsed, before the Run ends: a caller that writes each one to a database
// loses at most the document being written when the process is killed.
//
// A Run calls Record from several goroutines at once (sources, and the pages
// of one source, are read concurrently): implementations must be safe for
// concurrent use. Record is called only for documents that were read
// completely and parsed without error, never for a document that did not
// change (a 304, or a body whose hash is the one already known). An error
// from Record stops the whole Run promptly; Run returns it wrapped (not as a
// *SourceError), with the events and the State of the documents recorded
// before it.
type Recorder interface {
	// Record keeps one document. ctx is the Run's.
	Record(ctx context.Context, rec Record) error
}

// Record is one document read by a source. Exactly one of the payload fields
// (Advisory, Index, BSIs, KEV, News) is meaningful; BSIs may be an empty,
// non-nil slice when the feed offers none.
type Record struct {
	// Source is the name of the source that read it ("apple", "mail",
	// "gdmf", "kev", "news", "developer").
	Source string
	// URL is the document's URL as fetched.
	URL string
	// Validators are the validators of this fetch, to store with the data.
	Validators Validators
	// Checked is when it was fetched (the Run's time).
	Checked time.Time
	// Advisory is an advisory page or an APPLE-SA mail, never Truncated.
	Advisory *advisory.Advisory
	// Index is the security releases index page or an archive page.
	Index *advisory.Index
	// BSIs is the complete list of offers of one read of the software
	// lookup feed (possibly empty).
	BSIs []BSI
	// KEV is the KEV catalog.
	KEV *KEVCatalog
	// News is one news item or developer release, as reported.
	News *NewsItem
}
