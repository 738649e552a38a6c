package feed

// Progress reports how a Run is going, for a progress line during long crawls
// (a first run reads hundreds of advisory pages). The Aggregator calls its
// Progress function from one goroutine at a time, after each document a
// source finishes and once at the end of a Run.
type Progress struct {
	// Source is the source reporting ("apple", "mail", ...); empty on the
	// final report of a Run.
	Source string `json:"source"`
	// Done is how many documents of the source's current crawl are finished
	// (fetched and, when changed, parsed).
	Done int `json:"done"`
	// Total is how many documents the source's current crawl will fetch; it
	// may grow while the source discovers more (archive pages list more
	// advisory pages).
	Total int `json:"total"`
	// Stats are the counters of the source so far, or on the final report
	// the sum over every source of the Run.
	Stats Stats `json:"stats"`
	// Final is set on the last report of a Run, which carries the totals.
	Final bool `json:"final"`
}

// Stats count the work of a poll: what politeness is measured by.
type Stats struct {
	// Requests counts fetches (conditional GETs) made.
	Requests int `json:"requests"`
	// NotModified counts fetches that found the document unchanged (304, or
	// a body whose hash had not changed) and so cost no parse.
	NotModified int `json:"not_modified"`
	// Bytes counts the body bytes (decoded) of documents received changed;
	// a body whose hash had not changed is not counted (Client.Stats counts
	// every byte on the wire).
	Bytes int64 `json:"bytes"`
	// Parsed counts documents parsed.
	Parsed int `json:"parsed"`
}

// add returns the sum of s and t.
func (s Stats) add(t Stats) Stats {
	return Stats{
		Requests:    s.Requests + t.Requests,
		NotModified: s.NotModified + t.NotModified,
		Bytes:       s.Bytes + t.Bytes,
		Parsed:      s.Parsed + t.Parsed,
	}
}
