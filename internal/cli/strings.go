package cli

import "strings"

// Strings is a flag that may be given several times ("-cve A -cve B",
// "-news URL1 -news URL2"): each value is appended in order.
type Strings []string

// String returns the values joined by commas.
func (s *Strings) String() string { return strings.Join(*s, ",") }

// Set appends one value.
func (s *Strings) Set(v string) error { *s = append(*s, v); return nil }
