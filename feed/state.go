package feed

// StateVersion is the schema version of State written by this package.
const StateVersion = 1

// State is everything the aggregator remembers between runs: validators for
// conditional requests and fingerprints of what it has already reported. It is
// a plain value: the aggregator takes one in and returns the next, and a Store
// persists it. The zero State means "first run".
type State struct {
	// Version is the schema version (StateVersion).
	Version int `json:"version"`
	// Validators are the conditional-request validators per URL.
	Validators map[string]Validators `json:"validators,omitempty"`
	// Reported holds a fingerprint of each thing already reported, by key
	// (an advisory URL, a BSI, a news item's GUID, an index row, ...), so a
	// later run reports only what is new or changed.
	Reported map[string]string `json:"reported,omitempty"`
	// Entries holds, per advisory key, a fingerprint per entry, so a changed
	// page can be reported as "entries added" or "entries changed".
	Entries map[string]map[string]string `json:"entries,omitempty"`
}

// Clone returns a deep copy of s, so a caller's State is never changed behind its back.
func (s State) Clone() State {
	c := State{Version: s.Version}
	if s.Validators != nil {
		c.Validators = make(map[string]Validators, len(s.Validators))
		for k, v := range s.Validators {
			c.Validators[k] = v
		}
	}
	if s.Reported != nil {
		c.Reported = make(map[string]string, len(s.Reported))
		for k, v := range s.Reported {
			c.Reported[k] = v
		}
	}
	if s.Entries != nil {
		c.Entries = make(map[string]map[string]string, len(s.Entries))
		for k, m := range s.Entries {
			mc := make(map[string]string, len(m))
			for kk, v := range m {
				mc[kk] = v
			}
			c.Entries[k] = mc
		}
	}
	return c
}
