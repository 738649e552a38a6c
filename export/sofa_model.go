package export

// The SOFA feed record types, with the field names and JSON types of the
// macadmins SOFA schemas (v1_mac.schema and the v2 *_data_feed.schema.json).
// Fields applesec cannot fill are absent rather than invented; see the
// package documentation.

// SOFAFeedV1 is a v1 feed (v1/macos_data_feed.json, v1/ios_data_feed.json).
type SOFAFeedV1 struct {
	// UpdateHash is the SHA-256 of the feed's content (this field empty).
	UpdateHash string `json:"UpdateHash"`
	// OSVersions are the OS lines, newest first.
	OSVersions []SOFAOSVersionV1 `json:"OSVersions"`
	// Models maps each Mac model identifier to what it runs (macOS only).
	Models map[string]SOFAModel `json:"Models,omitempty"`
}

// SOFAOSVersionV1 is one OS line of a v1 feed.
type SOFAOSVersionV1 struct {
	// OSVersion names the line: "Tahoe 26" for macOS, "26" elsewhere.
	OSVersion string `json:"OSVersion"`
	// Latest is the line's newest security release.
	Latest SOFALatestV1 `json:"Latest"`
	// SecurityReleases are the line's security releases, newest first.
	SecurityReleases []SOFAReleaseV1 `json:"SecurityReleases"`
	// SupportedModels are the Macs that run the line, by product line
	// (macOS only).
	SupportedModels []SOFASupportedModel `json:"SupportedModels,omitzero"`
}

// SOFALatestV1 is the newest release of a line in a v1 feed.
type SOFALatestV1 struct {
	// ProductVersion is the numeric version ("26.3.1", "26.0").
	ProductVersion string `json:"ProductVersion"`
	// Build is the release's build, absent when applesec does not know it.
	Build string `json:"Build,omitempty"`
	// ReleaseDate is the release date, "2026-03-04T00:00:00Z".
	ReleaseDate string `json:"ReleaseDate"`
	// SupportedDevices are board IDs (macOS) or product types.
	SupportedDevices []string `json:"SupportedDevices"`
	// SecurityInfo is Apple's advisory page.
	SecurityInfo string `json:"SecurityInfo"`
	// CVEs maps each CVE fixed to whether it is actively exploited.
	CVEs map[string]bool `json:"CVEs"`
	// ActivelyExploitedCVEs are the exploited CVEs, sorted.
	ActivelyExploitedCVEs []string `json:"ActivelyExploitedCVEs"`
	// UniqueCVEsCount is the number of CVEs.
	UniqueCVEsCount int `json:"UniqueCVEsCount"`
}

// SOFAReleaseV1 is one security release in a v1 feed.
type SOFAReleaseV1 struct {
	// UpdateName is the release's name, "macOS Tahoe 26.3.1".
	UpdateName string `json:"UpdateName"`
	// ProductName is the product, "macOS" or "iOS and iPadOS".
	ProductName string `json:"ProductName"`
	// ProductVersion is the numeric version.
	ProductVersion string `json:"ProductVersion"`
	// ReleaseDate is the release date.
	ReleaseDate string `json:"ReleaseDate"`
	// ReleaseType is "OS".
	ReleaseType string `json:"ReleaseType"`
	// SecurityInfo is Apple's advisory page.
	SecurityInfo string `json:"SecurityInfo"`
	// SupportedDevices are board IDs (macOS) or product types.
	SupportedDevices []string `json:"SupportedDevices"`
	// CVEs maps each CVE fixed to whether it is actively exploited.
	CVEs map[string]bool `json:"CVEs"`
	// ActivelyExploitedCVEs are the exploited CVEs, sorted.
	ActivelyExploitedCVEs []string `json:"ActivelyExploitedCVEs"`
	// UniqueCVEsCount is the number of CVEs.
	UniqueCVEsCount int `json:"UniqueCVEsCount"`
	// DaysSincePreviousRelease counts the days since the line's previous
	// security release; 0 for its first.
	DaysSincePreviousRelease int `json:"DaysSincePreviousRelease"`
}

// SOFAModel is what a Mac model runs.
type SOFAModel struct {
	// MarketingName is the model's name.
	MarketingName string `json:"MarketingName"`
	// SupportedOS are the lines it runs, newest first: "Tahoe 26".
	SupportedOS []string `json:"SupportedOS"`
	// OSVersions are the majors it runs, newest first.
	OSVersions []int `json:"OSVersions"`
}

// SOFASupportedModel is one product line of Macs running an OS line.
type SOFASupportedModel struct {
	// Model is the product line, "MacBook Air".
	Model string `json:"Model"`
	// Identifiers maps model identifiers to marketing names.
	Identifiers map[string]string `json:"Identifiers"`
}

// SOFAFeedV2 is a v2 feed (v2/<os>_data_feed.json).
type SOFAFeedV2 struct {
	// SchemaVersion is the SOFA schema version followed.
	SchemaVersion string `json:"SchemaVersion"`
	// Version is the feed format, "2.0".
	Version string `json:"Version"`
	// UpdateHash is the SHA-256 of the feed's content (this field and
	// LastCheck empty).
	UpdateHash string `json:"UpdateHash"`
	// LastCheck is the export time.
	LastCheck string `json:"LastCheck"`
	// OSVersions are the OS lines, newest first.
	OSVersions []SOFAOSVersionV2 `json:"OSVersions"`
	// Models maps Mac model identifiers to what they run (macOS only).
	Models map[string]SOFAModel `json:"Models,omitempty"`
	// Devices resolves every identifier the feed lists.
	Devices map[string]SOFADevice `json:"Devices"`
	// BackgroundSecurityImprovements are the BSIs by OS major ("26").
	BackgroundSecurityImprovements map[string][]SOFABSI `json:"BackgroundSecurityImprovements"`
}

// SOFAOSVersionV2 is one OS line of a v2 feed.
type SOFAOSVersionV2 struct {
	// OSVersion names the line: "Tahoe 26" for macOS, "26" elsewhere.
	OSVersion string `json:"OSVersion"`
	// Latest is the line's newest security release.
	Latest SOFAReleaseV2 `json:"Latest"`
	// SecurityReleases are the line's security releases, newest first.
	SecurityReleases []SOFAReleaseV2 `json:"SecurityReleases"`
	// SupportedModels are the Macs that run the line (macOS only).
	SupportedModels []SOFASupportedModel `json:"SupportedModels,omitzero"`
}

// SOFAReleaseV2 is one security release in a v2 feed.
type SOFAReleaseV2 struct {
	// UpdateName is the release's name.
	UpdateName string `json:"UpdateName"`
	// ProductName is the product, "macOS" or "iOS and iPadOS".
	ProductName string `json:"ProductName"`
	// ProductVersion is the numeric version.
	ProductVersion string `json:"ProductVersion"`
	// Build is the build, absent when applesec does not know it.
	Build string `json:"Build,omitempty"`
	// AllBuilds are the builds known; empty when none.
	AllBuilds []string `json:"AllBuilds"`
	// ReleaseDate is the release date.
	ReleaseDate string `json:"ReleaseDate"`
	// ReleaseType is "OS".
	ReleaseType string `json:"ReleaseType"`
	// SecurityInfo is Apple's advisory page.
	SecurityInfo string `json:"SecurityInfo"`
	// SecurityInfoContext says in a sentence what the release fixed.
	SecurityInfoContext string `json:"SecurityInfoContext"`
	// SupportedDevices are board IDs (macOS) or product types.
	SupportedDevices []string `json:"SupportedDevices"`
	// CVEs are the CVEs fixed, with what the advisory says of each.
	CVEs map[string]SOFACVE `json:"CVEs"`
	// ActivelyExploitedCVEs are the exploited CVEs, sorted.
	ActivelyExploitedCVEs []string `json:"ActivelyExploitedCVEs"`
	// UniqueCVEsCount is the number of CVEs.
	UniqueCVEsCount int `json:"UniqueCVEsCount"`
	// DaysSincePreviousRelease counts the days since the line's previous
	// security release; 0 for its first.
	DaysSincePreviousRelease int `json:"DaysSincePreviousRelease"`
	// DeviceScope is "universal".
	DeviceScope string `json:"DeviceScope"`
	// UpdateSummary rates the release.
	UpdateSummary SOFAUpdateSummary `json:"UpdateSummary"`
}

// SOFACVE is what an advisory says about one CVE.
type SOFACVE struct {
	// ActivelyExploited is set when Apple reports exploitation or KEV lists it.
	ActivelyExploited bool `json:"ActivelyExploited"`
	// AppleExploitationNotes is Apple's impact text for an exploited CVE.
	AppleExploitationNotes string `json:"AppleExploitationNotes,omitempty"`
	// Component is the component fixed.
	Component string `json:"Component,omitempty"`
	// EntryAddedDate is when Apple added the entry after release.
	EntryAddedDate string `json:"EntryAddedDate,omitempty"`
	// Impact is Apple's impact text.
	Impact string `json:"Impact,omitempty"`
	// InKEV is set when CISA's KEV catalog lists the CVE.
	InKEV bool `json:"InKEV"`
	// NISTURL is the CVE's page in the NVD.
	NISTURL string `json:"NISTURL"`
}

// SOFAUpdateSummary rates a release as SOFA does.
type SOFAUpdateSummary struct {
	// Priority is "critical" when a fixed CVE is exploited, "high" when
	// CVEs are fixed, else "low".
	Priority string `json:"Priority"`
	// Recommendation says what to do.
	Recommendation string `json:"Recommendation"`
	// Summary counts the issues addressed.
	Summary string `json:"Summary"`
	// Stats are the counts.
	Stats SOFAStats `json:"Stats"`
}

// SOFAStats are a release's counts. Apple gives no severities, so Critical,
// High, Medium, Low and Remote are 0, as in SOFA's own feed.
type SOFAStats struct {
	// Critical counts critical CVEs (always 0).
	Critical int `json:"Critical"`
	// Exploited counts exploited CVEs.
	Exploited int `json:"Exploited"`
	// High counts high-severity CVEs (always 0).
	High int `json:"High"`
	// Low counts low-severity CVEs (always 0).
	Low int `json:"Low"`
	// Medium counts medium-severity CVEs (always 0).
	Medium int `json:"Medium"`
	// Remote counts remotely exploitable CVEs (always 0).
	Remote int `json:"Remote"`
	// Total counts the CVEs.
	Total int `json:"Total"`
}

// SOFADevice resolves an identifier of a feed.
type SOFADevice struct {
	// DeviceID is a Mac's model identifier for its board ID (macOS only).
	DeviceID string `json:"DeviceID,omitempty"`
	// MarketingName is the model's name.
	MarketingName string `json:"MarketingName"`
}

// SOFABSI is one Background Security Improvement.
type SOFABSI struct {
	// Version is the version it installs on ("26.3.1").
	Version string `json:"Version"`
	// VersionExtra is its letter, "(a)".
	VersionExtra string `json:"VersionExtra"`
	// Build is its build, absent when no BSIOffer names it.
	Build string `json:"Build,omitempty"`
	// PostingDate is when Apple posted it, "2026-03-17"; absent when not known.
	PostingDate string `json:"PostingDate,omitempty"`
	// PrerequisiteBuild is the build it installs on; absent when not known.
	PrerequisiteBuild string `json:"PrerequisiteBuild,omitempty"`
	// SecurityInfo is Apple's advisory page; absent when not known.
	SecurityInfo string `json:"SecurityInfo,omitempty"`
	// SupportedDevices are the identifiers offered it.
	SupportedDevices []string `json:"SupportedDevices"`
	// CVEs are the CVEs it fixes, sorted.
	CVEs []string `json:"CVEs"`
}
