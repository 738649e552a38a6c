package advisory

import "github.com/applesec/applesec/version"

// Verdict says whether a device is protected against a CVE.
type Verdict string

// The verdicts, as written in JSON.
const (
	// Patched: the device runs a version that includes the fix.
	Patched Verdict = "patched"
	// Exposed: the device lacks the fix and an update it can install has it
	// (Result.FixedBy names the smallest step first), or no installable fix
	// exists yet for its version (FixedBy empty, the reason says "no
	// installable fix yet"): the only fixes are BSIs or RSRs for other bases.
	Exposed Verdict = "exposed"
	// ExposedNoFix: the device lacks the fix and its model cannot run any
	// release that has it.
	ExposedNoFix Verdict = "exposed-no-fix"
	// NotApplicable: the advisories fix the CVE on other platforms or for
	// other models only.
	NotApplicable Verdict = "not-applicable"
	// Unknown: the data given does not allow an answer (the CVE is in no
	// advisory given, the model is not in the catalog, a version is missing,
	// or the only fixes given are not offered to the model).
	Unknown Verdict = "unknown"
)

// Result is the verdict for one CVE on one device, with its reason.
type Result struct {
	// CVE is the CVE ID, upper case.
	CVE string `json:"cve"`
	// Model is the device's model as given.
	Model string `json:"model"`
	// OS is the device's OS version as given.
	OS version.Version `json:"os"`
	// Safari is the Mac's Safari version as given; absent when zero.
	Safari version.Version `json:"safari,omitzero"`
	// Verdict is the answer.
	Verdict Verdict `json:"verdict"`
	// FixedBy are the releases that matter for the verdict: for Exposed, the
	// update to install (empty when there is none yet) (the smallest step for this device, a BSI, an OS
	// update or a Safari update); for Patched, the fix points the device's
	// versions include (empty when it is covered as a later release); for
	// Unknown because the Mac's Safari version is missing, the Safari update
	// that would settle it. Never nil, so JSON shows [].
	FixedBy []version.Version `json:"fixed_by"`
	// Reason says why, in words a person can act on.
	Reason string `json:"reason"`
}

// newResult starts a Result for d.
func newResult(cve string, d Device) Result {
	return Result{CVE: cve, Model: d.Model, OS: d.OS, Safari: d.Safari, FixedBy: []version.Version{}}
}
