// Package feed fetches Apple's security sources politely and turns them into
// events: new advisories, advisories updated, new or withdrawn Background
// Security Improvements, news items, exploited flags newly set.
//
// Everything that touches the network lives here and takes a context.Context
// first. The Client makes conditional requests (ETag, Last-Modified, body
// hash), rate-limits per host, retries with backoff honouring Retry-After, caps
// body sizes and follows redirects only to allowed hosts. Sources implement one
// small interface; the Aggregator polls them, parses only what changed, and
// keeps its State in a Store that survives crashes and concurrent processes.
//
// Sources fail independently: a Run reports every source that could be read
// and returns one *SourceError per source that could not, with a State that
// keeps what was read and leaves the rest as it was; a Run stopped by its
// context returns what it completed. Save the State in both cases. A
// Recorder receives each document as soon as it is parsed, for callers that
// keep documents in a database.
package feed
