package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/store"
)

// AdvisoryKey returns the key that identifies an advisory across its copies:
// "apple:126604" for an Apple support document, whatever its host, locale or
// form ("https://support.apple.com/126604", "https://support.apple.com/en-us/126604",
// the same path on a mirror), "apple:HT213635" for a legacy kb address; the
// URL itself, without fragment, for anything else; "" for an empty URL.
// Pages and mails of one advisory name the same document, so they share a
// key. It is the database's key (store.Key), so events and stored records
// name documents alike.
func AdvisoryKey(rawURL string) string { return store.Key(rawURL) }

// cveSetKey is the key of an advisory known only by its CVE IDs: a mail that
// names no page. "" when it has none.
func cveSetKey(a *advisory.Advisory) string {
	ids := advisoryCVEs(a)
	if len(ids) == 0 {
		return ""
	}
	return "cves:" + strings.Join(ids, ",")
}

// advisoryCVEs returns the sorted, distinct CVE IDs the advisory's entries fix.
func advisoryCVEs(a *advisory.Advisory) []string {
	var ids []string
	for _, e := range a.Entries {
		for _, c := range e.CVEs {
			ids = append(ids, strings.ToUpper(c.ID))
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// exploitedCVEs returns the sorted, distinct CVE IDs of the entries flagged exploited.
func exploitedCVEs(a *advisory.Advisory) []string {
	var ids []string
	for _, e := range a.Entries {
		if e.Exploited {
			for _, c := range e.CVEs {
				ids = append(ids, strings.ToUpper(c.ID))
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// EntryKey identifies an entry within its advisory across edits: its
// component and its sorted CVE IDs, "WebKit|CVE-2026-20643". An entry with no
// CVE ID is keyed by its component and a hash of its impact and description.
// Two entries with the same key on one page are told apart by DiffEntries.
// It is store.EntryKey, the key the database and State share.
func EntryKey(e advisory.Entry) string { return store.EntryKey(e) }

// entryKeyComponent returns the component part of an entry key.
func entryKeyComponent(key string) string {
	c, _, _ := strings.Cut(key, "|")
	return c
}

// entryKeyCVEs returns the CVE IDs of an entry key.
func entryKeyCVEs(key string) []string {
	_, ids, _ := strings.Cut(key, "|")
	if ids == "" || strings.HasPrefix(ids, "#") {
		return nil
	}
	ids, _, _ = strings.Cut(ids, "#")
	return strings.Split(ids, ",")
}

// EntryFingerprint returns a short hash of everything an entry says, so that
// any edit to it (an updated description, a new credit, the exploited flag, an
// "Entry updated" note) changes it.
func EntryFingerprint(e advisory.Entry) string {
	b, err := json.Marshal(e)
	if err != nil {
		// An Entry holds only strings, ints, bools and dates: it always
		// marshals. Fall back to the key so a fingerprint is never empty.
		return fingerprint(EntryKey(e))
	}
	return fingerprint(string(b))
}

// fingerprint is the first 16 hex digits of the SHA-256 of s: short enough to
// keep State small, long enough that a collision is not a concern.
func fingerprint(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// EntryDiff is how an advisory's entries changed between two reads.
type EntryDiff struct {
	// Added are the entries whose key was not there before, in document order.
	Added []advisory.Entry `json:"added"`
	// Changed are the entries whose key was there with another fingerprint,
	// in document order.
	Changed []advisory.Entry `json:"changed"`
	// Removed are the keys that are gone, sorted.
	Removed []string `json:"removed"`
}

// Empty reports whether nothing changed.
func (d EntryDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Changed) == 0 && len(d.Removed) == 0
}

// DiffEntries compares the entries of an advisory with the fingerprints of
// its previous read (entry key to EntryFingerprint; nil for none) and returns
// the difference and the fingerprints to keep for the next read. Entries that
// share a key on one page get the suffixes "#2", "#3", ... in document order.
// prev is not changed.
func DiffEntries(prev map[string]string, entries []advisory.Entry) (EntryDiff, map[string]string) {
	var d EntryDiff
	next := make(map[string]string, len(entries))
	for i, k := range store.EntryKeys(entries) {
		e := entries[i]
		fp := EntryFingerprint(e)
		next[k] = fp
		old, known := prev[k]
		switch {
		case !known:
			d.Added = append(d.Added, e)
		case old != fp:
			d.Changed = append(d.Changed, e)
		}
	}
	for k := range prev {
		if _, ok := next[k]; !ok {
			d.Removed = append(d.Removed, k)
		}
	}
	slices.Sort(d.Removed)
	return d, next
}
