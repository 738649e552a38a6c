package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// EntryKey identifies an entry within its advisory across edits: its
// component and its sorted CVE IDs, "WebKit|CVE-2026-20643". An entry with no
// CVE ID is keyed by its component and a hash of its impact and description.
// Two entries with the same key on one page are told apart by EntryKeys.
func EntryKey(e advisory.Entry) string {
	ids := make([]string, len(e.CVEs))
	for i, c := range e.CVEs {
		ids[i] = strings.ToUpper(c.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		sum := sha256.Sum256([]byte(e.Impact + "\n" + e.Description))
		return e.Component + "|#" + hex.EncodeToString(sum[:4])
	}
	return e.Component + "|" + strings.Join(ids, ",")
}

// EntryKeys returns the keys of an advisory's entries, in order: EntryKey,
// with "#2", "#3", ... added, in document order, to entries whose key an
// earlier entry has.
func EntryKeys(entries []advisory.Entry) []string {
	keys := make([]string, len(entries))
	used := make(map[string]bool, len(entries))
	for i, e := range entries {
		k := EntryKey(e)
		if used[k] {
			for n := 2; ; n++ {
				if kn := k + "#" + strconv.Itoa(n); !used[kn] {
					k = kn
					break
				}
			}
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// diffEntries fills c with the entries added, changed and removed from old
// to now (old may be nil), matched by EntryKeys.
func diffEntries(c *Change, old, now *advisory.Advisory) {
	var oldKeys []string
	before := map[string]advisory.Entry{}
	if old != nil {
		oldKeys = EntryKeys(old.Entries)
		for i, k := range oldKeys {
			before[k] = old.Entries[i]
		}
	}
	seen := map[string]bool{}
	for i, k := range EntryKeys(now.Entries) {
		e := now.Entries[i]
		seen[k] = true
		prev, ok := before[k]
		switch {
		case !ok:
			c.Added = append(c.Added, e)
		case !sameJSON(prev, e):
			c.Changed = append(c.Changed, e)
		}
	}
	for i, k := range oldKeys {
		if !seen[k] {
			c.Removed = append(c.Removed, old.Entries[i])
		}
	}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
