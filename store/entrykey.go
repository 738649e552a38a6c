package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// entryKey identifies an entry within its advisory across edits: its
// component and sorted CVE IDs, "WebKit|CVE-2026-20643". An entry with no
// CVE is keyed by its component and a hash of its impact and description.
func entryKey(e advisory.Entry) string {
	ids := make([]string, 0, len(e.CVEs))
	for _, c := range e.CVEs {
		ids = append(ids, strings.ToUpper(c.ID))
	}
	if len(ids) == 0 {
		sum := sha256.Sum256([]byte(e.Impact + "\x00" + e.Description))
		return e.Component + "|#" + hex.EncodeToString(sum[:8])
	}
	slices.Sort(ids)
	return e.Component + "|" + strings.Join(slices.Compact(ids), ",")
}

// diffEntries fills c with the entries added, changed and removed from old
// to now (old may be nil).
func diffEntries(c *Change, old, now *advisory.Advisory) {
	before := map[string]advisory.Entry{}
	if old != nil {
		for _, e := range old.Entries {
			before[entryKey(e)] = e
		}
	}
	seen := map[string]bool{}
	for _, e := range now.Entries {
		k := entryKey(e)
		seen[k] = true
		prev, ok := before[k]
		switch {
		case !ok:
			c.Added = append(c.Added, e)
		case !sameJSON(prev, e):
			c.Changed = append(c.Changed, e)
		}
	}
	if old != nil {
		for _, e := range old.Entries {
			if !seen[entryKey(e)] {
				c.Removed = append(c.Removed, e)
			}
		}
	}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
