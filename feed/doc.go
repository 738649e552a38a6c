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
package feed
