package advisory

import "fmt"

// Valid reports whether v is one of the verdicts this package gives.
func (v Verdict) Valid() bool {
	switch v {
	case Patched, Exposed, ExposedNoFix, NotApplicable, Unknown:
		return true
	}
	return false
}

// MarshalText returns the verdict as written in JSON ("exposed-no-fix").
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v), nil }

// UnmarshalText reads a verdict; "" gives the empty Verdict (no verdict).
// Text that names no verdict is an error, so that a typo in stored results
// is caught when they are read.
func (v *Verdict) UnmarshalText(text []byte) error {
	w := Verdict(text)
	if w != "" && !w.Valid() {
		return fmt.Errorf("advisory: %q is not a verdict (want patched, exposed, exposed-no-fix, not-applicable or unknown)", clipText(string(text)))
	}
	*v = w
	return nil
}
