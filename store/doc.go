// Package store is applesec's local security database: every advisory page
// and APPLE-SA mail read, the index rows, Background Security Improvement
// offers, CISA's known-exploited flags and news links, kept in a directory
// of JSON documents that a person can inspect with ls, cat and jq:
//
//	DB/                       DefaultPath: applesec/db in the user cache directory
//	  meta.json               {"schema": 1, "created", "updated", "writer"}
//	  LOCK                    flock(2) held by the one writer
//	  advisories/<key>.json   one Record per Apple document: apple-126604.json,
//	                          apple-HT213635.json (url-<hash>.json for other URLs)
//	  index.json              index rows per index or archive page, with fetch info
//	  bsi.json                BSI and RSR offers from pmv, withdrawn ones marked
//	  kev.json                CVE ID -> date CISA's catalog added it
//	  news.json               news items with the CVEs, releases and advisories they name
//	  poll.json               the aggregator's poll state, as given
//
// Every write replaces one file whole (a temporary file in the same
// directory, synced, renamed, directory synced), so a process killed at any
// moment leaves the old file or the new one, and each write is one
// checkpoint: an advisory is stored together with the fetch info of the
// sources it was read from. Leftover temporary files are removed by the
// next writer.
//
// One process writes (Open takes LOCK); any number read (OpenReadOnly takes
// no lock and never waits). Everything is loaded at open, advisory
// documents in parallel, and questions (CVE, List) are answered from memory.
//
// A database is refused rather than misread: a schema newer than this
// package is ErrSchemaVersion ("upgrade applesec"); an older one is migrated;
// a file that does not decode, a document whose key does not match its file
// name, or a non-empty directory without meta.json is ErrCorrupt naming the
// path. An empty database answers no question: CVE returns ErrEmpty ("run
// applesec sync").
//
// The sources of one document (its page, its mails, the index rows linking
// it) may disagree on the CVE set, the release date or the releases. The
// database records each Disagreement with every source's value and never
// settles it silently; the merged advisory, which coverage uses, takes the
// page's values.
package store
