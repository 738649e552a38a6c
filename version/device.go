package version

import (
	"slices"
	"strings"
)

// Family is a product line whose models Apple orders by generation, so that
// "iPad Air 3rd generation and later" means every iPad Air from the third on.
// The iPad lines are separate families because Apple's phrases name each
// one with its own cut-off.
type Family string

// The families of the embedded catalog.
const (
	FamilyIPhone        Family = "iPhone"
	FamilyIPodTouch     Family = "iPod touch"
	FamilyIPad          Family = "iPad"
	FamilyIPadAir       Family = "iPad Air"
	FamilyIPadMini      Family = "iPad mini"
	FamilyIPadPro       Family = "iPad Pro"
	FamilyMac           Family = "Mac"
	FamilyAppleWatch    Family = "Apple Watch"
	FamilyAppleTV       Family = "Apple TV"
	FamilyVisionPro     Family = "Apple Vision Pro"
	FamilyHomePod       Family = "HomePod"
	FamilyAirPods       Family = "AirPods"
	FamilyAirPodsPro    Family = "AirPods Pro"
	FamilyAirPodsMax    Family = "AirPods Max"
	FamilyBeats         Family = "Beats"
	FamilyMagicKeyboard Family = "Magic Keyboard"
)

// Model is one Apple device model as Apple markets it. Variants that Apple
// sells under one name (Wi-Fi and cellular iPads, watch case sizes, the Pro
// and Max chip options of a MacBook Pro) are one Model with several
// identifiers.
type Model struct {
	// Identifiers are the product types ("iPhone12,1", "iPad13,1",
	// "Watch6,1") or, for Macs, the model identifiers ("Mac15,3",
	// "MacBookPro18,3"). Accessories have none.
	Identifiers []string `json:"ids,omitempty"`
	// BoardIDs are the Mac board IDs that Apple's software lookup feed lists
	// in SupportedDevices: "J413AP" for Apple silicon and T2 Macs, "Mac-..."
	// for Intel Macs. Empty for other devices.
	BoardIDs []string `json:"boards,omitempty"`
	// Name is Apple's marketing name: "iPhone 11", "iPad Pro 12.9-inch (3rd
	// generation)", "MacBook Air (M2, 2022)". Names are unique in a catalog.
	Name string `json:"name"`
	// Aliases are other names Apple uses for the same model: "iPad mini (4th
	// generation)" for "iPad mini 4".
	Aliases []string `json:"aliases,omitempty"`
	// Family is the product line the model belongs to.
	Family Family `json:"family"`
	// Generation orders models within their family: larger is later, equal
	// means released together (iPad Pro 11-inch 1st generation and iPad Pro
	// 12.9-inch 3rd generation). A lesser model released alongside a
	// flagship sorts before it, as Apple's "and later" phrases imply (Apple
	// Watch SE 1st generation before Series 6). Macs use year*100+month.
	Generation int `json:"gen"`
	// Released is the year the model was released.
	Released int `json:"year"`
	// Platform is the operating system the model runs: IOS, IPadOS, MacOS,
	// WatchOS, TvOS, VisionOS or AudioOS. iPads that never ran iPadOS have
	// IOS. Accessories with firmware only (AirPods, keyboards) have "".
	Platform Platform `json:"platform,omitempty"`
	// MinMajor is the OS major the model shipped with (10 for Intel Macs that
	// shipped with macOS 10.x); 0 for accessories.
	MinMajor int `json:"min,omitempty"`
	// MaxMajor is the newest OS major the model can run, per Apple's
	// compatibility lists, in year-based numbering after 2025 (iPhone 11 ->
	// 26, iPhone XS -> 18, iPhone X -> 16); 0 for accessories.
	MaxMajor int `json:"max,omitempty"`
	// Chip names the system on a chip ("A12 Bionic", "M1", "M3 Pro or M3
	// Max") or "Intel" for Intel Macs; "" when not recorded.
	Chip string `json:"chip,omitempty"`
}

// String returns the model's name.
func (m Model) String() string { return m.Name }

// Runs reports whether the model can run major of its platform: major lies
// between MinMajor and MaxMajor. For iPads, iOS majors before 13 count as
// their platform too.
func (m Model) Runs(major int) bool {
	return m.MaxMajor > 0 && major >= m.MinMajor && major <= m.MaxMajor
}

// AppleSilicon reports whether the model is a Mac with an Apple chip.
func (m Model) AppleSilicon() bool {
	return m.Family == FamilyMac && m.Chip != "" && m.Chip != "Intel"
}

// Has reports whether s (case-insensitive) is one of the model's
// identifiers or board IDs.
func (m Model) Has(s string) bool {
	for _, id := range m.Identifiers {
		if strings.EqualFold(id, s) {
			return true
		}
	}
	for _, id := range m.BoardIDs {
		if strings.EqualFold(id, s) {
			return true
		}
	}
	return false
}

// clone returns m with its slices copied, so that callers cannot change a
// catalog's models.
func (m Model) clone() Model {
	m.Identifiers = slices.Clone(m.Identifiers)
	m.BoardIDs = slices.Clone(m.BoardIDs)
	m.Aliases = slices.Clone(m.Aliases)
	return m
}

// cloneModels copies the models at idx of src, with all their strings
// slices carved from one backing array (full slice expressions keep an
// append on one from overwriting the next).
func cloneModels(src []Model, idx []int) []Model {
	if len(idx) == 0 {
		return nil
	}
	n := 0
	for _, i := range idx {
		n += len(src[i].Identifiers) + len(src[i].BoardIDs) + len(src[i].Aliases)
	}
	arena := make([]string, 0, n)
	out := make([]Model, len(idx))
	carve := func(s []string) []string {
		if s == nil {
			return nil
		}
		start := len(arena)
		arena = append(arena, s...)
		return arena[start:len(arena):len(arena)]
	}
	for k, i := range idx {
		m := src[i]
		m.Identifiers = carve(m.Identifiers)
		m.BoardIDs = carve(m.BoardIDs)
		m.Aliases = carve(m.Aliases)
		out[k] = m
	}
	return out
}
