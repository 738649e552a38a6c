package version

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// FixKind tells how Apple shipped a fix point.
type FixKind int

// The kinds of fix points.
const (
	// Mainline is a full update (iOS 26.4, macOS 15.7.5, Safari 26.4).
	Mainline FixKind = iota
	// BSI is a Background Security Improvement (iOS/iPadOS/macOS 26.1 and
	// later): a lettered patch such as 26.3.1 (a) that installs on one base.
	BSI
	// RSR is a Rapid Security Response (iOS 16 to 18, macOS 13 to 15): the
	// lettered predecessor of BSI, such as iOS 16.5.1 (c).
	RSR
)

// String returns "mainline", "BSI" or "RSR".
func (k FixKind) String() string {
	switch k {
	case Mainline:
		return "mainline"
	case BSI:
		return "BSI"
	case RSR:
		return "RSR"
	}
	return "FixKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText returns the kind's String, so JSON holds "BSI".
func (k FixKind) MarshalText() ([]byte, error) {
	switch k {
	case Mainline, BSI, RSR:
		return []byte(k.String()), nil
	}
	return nil, &ParseError{Document: k.String(), Format: "fix kind", Detail: "unknown kind", Err: ErrInvalidFixKind}
}

// UnmarshalText reads "mainline", "BSI" or "RSR" (case ignored).
func (k *FixKind) UnmarshalText(text []byte) error {
	for _, c := range []FixKind{Mainline, BSI, RSR} {
		if strings.EqualFold(string(text), c.String()) {
			*k = c
			return nil
		}
	}
	return &ParseError{Document: string(text), Format: "fix kind", Detail: `want "mainline", "BSI" or "RSR"`, Err: ErrInvalidFixKind}
}

// bsiFirstMajor is the first major whose lettered updates are Background
// Security Improvements rather than Rapid Security Responses.
const bsiFirstMajor = 26

// FixPoint is one version that fixes a vulnerability on one platform.
type FixPoint struct {
	// Version is the fixed version: a mainline version (iOS 26.4) or a
	// lettered BSI/RSR (iOS 26.3.1 (a)).
	Version Version `json:"version"`
	// Withdrawn marks a BSI or RSR that Apple pulled (iOS 16.5.1 (a) was
	// withdrawn and replaced by (c)). A withdrawn letter still covers the
	// devices that installed it, since the fixed code is on them, but FixFor
	// never offers it as the update to install.
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// Kind returns Mainline for a version without letter, BSI for a lettered
// version of major 26 or later, RSR for an earlier lettered version.
func (f FixPoint) Kind() FixKind {
	switch {
	case f.Version.letter == 0:
		return Mainline
	case f.Version.Major() >= bsiFirstMajor:
		return BSI
	}
	return RSR
}

// Covers reports whether this single point protects a device on v. A BSI or
// RSR point covers v iff v is on the same platform and base (numeric core)
// and v's letter is at or after the point's: iOS 26.3.1 (a) covers 26.3.1 (a)
// and 26.3.1 (b), not 26.3.1 and not 26.3.2. A mainline point covers v iff v
// is on the same platform and line (see Version.Line) and v's core is at or
// after the point's; v's letter does not matter. Builds are ignored. The
// rules that involve several points (later majors, BSI folding) are
// FixSet.Covers.
func (f FixPoint) Covers(v Version) bool {
	if v.n == 0 || f.Version.n == 0 || v.platform != f.Version.platform {
		return false
	}
	if f.Version.letter != 0 {
		return v.compareCore(f.Version) == 0 && v.letter >= f.Version.letter
	}
	return v.Line() == f.Version.Line() && v.compareCore(f.Version) >= 0
}

// String returns the point's version, with " [withdrawn]" when withdrawn.
func (f FixPoint) String() string {
	if f.Withdrawn {
		return f.Version.String() + " [withdrawn]"
	}
	return f.Version.String()
}

// FixSet holds every fix point of one vulnerability across platforms, as
// gathered from all the advisories that list it. It is immutable once built
// and safe for concurrent use; the zero FixSet covers nothing.
type FixSet struct {
	points []FixPoint // sorted by Version.Compare, one per platform/core/letter
}

// NewFixSet builds a set from points, in any order. Zero versions are
// ignored. Points naming the same platform, core and letter are merged: the
// merged point keeps a known build and is withdrawn if any of them is.
func NewFixSet(points ...FixPoint) FixSet {
	ps := make([]FixPoint, 0, len(points))
	for _, p := range points {
		if !p.Version.IsZero() {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b FixPoint) int { return a.Version.Compare(b.Version) })
	out := ps[:0]
	for _, p := range ps {
		if k := len(out) - 1; k >= 0 && sameFix(out[k].Version, p.Version) {
			if out[k].Version.build.IsZero() {
				out[k].Version.build = p.Version.build
			}
			out[k].Withdrawn = out[k].Withdrawn || p.Withdrawn
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return FixSet{} // the empty set is the zero FixSet, in and out of JSON
	}
	return FixSet{points: slices.Clip(out)}
}

// sameFix reports whether a and b name the same fix: platform, core, letter.
func sameFix(a, b Version) bool {
	return a.platform == b.platform && a.compareCore(b) == 0 && a.letter == b.letter
}

// Len returns the number of fix points.
func (s FixSet) Len() int { return len(s.points) }

// Points returns a copy of the fix points, sorted by version.
func (s FixSet) Points() []FixPoint { return slices.Clone(s.points) }

// Platforms returns the platforms that have fix points, sorted by name.
func (s FixSet) Platforms() []Platform {
	var out []Platform
	for _, p := range s.points {
		if len(out) == 0 || out[len(out)-1] != p.Version.platform {
			out = append(out, p.Version.platform)
		}
	}
	return out
}

// platformRange returns the indexes [i, j) of the points on platform p.
func (s FixSet) platformRange(p Platform) (int, int) {
	i := 0
	for i < len(s.points) && s.points[i].Version.platform != p {
		i++
	}
	j := i
	for j < len(s.points) && s.points[j].Version.platform == p {
		j++
	}
	return i, j
}

// Covers reports whether a device on v is protected. v is covered when:
//
//   - some point on v's platform covers it (FixPoint.Covers), withdrawn
//     letters included;
//   - or v's line is newer than the line of every point on its platform
//     (later majors ship with the fix: iOS 27 when the fixes are iOS 26.4
//     and 18.7.7);
//   - or v's line has BSI/RSR points but no mainline point, and v belongs to
//     a later update of the line than all their bases: Apple folds a
//     lettered fix into the next full update, so the BSI 26.3.1 (a) /
//     26.3.2 (a) alone also covers 26.4, 26.4 (a) and 26.5, but not 26.3.2
//     without its letter, nor 26.3. "Later update" means a later minor (26.4
//     after 26.3.x): a patch of the same minor may predate the BSI, as macOS
//     26.3.2 did, which needed its own letter (on the macOS 10 lines an
//     update is a patch). Once a mainline point of the line is known, it
//     says where the fix landed and folding is not assumed: with 26.3.1 (a)
//     and 26.5, 26.4 (which must have predated the BSI) is not covered.
//
// A platform without points is never covered: that is for the caller to
// judge (not affected, or not yet known). Covers does not allocate.
func (s FixSet) Covers(v Version) bool {
	if v.n == 0 {
		return false
	}
	i, j := s.platformRange(v.platform)
	if i == j {
		return false
	}
	vl := v.Line()
	newer := true     // v's line is newer than every point's line
	lettered := false // v's line has lettered points
	mainline := false // v's line has mainline points
	folded := true    // v is in a later update than every lettered base of its line
	for _, p := range s.points[i:j] {
		if p.Covers(v) {
			return true
		}
		pl := p.Version.Line()
		if vl.Compare(pl) <= 0 {
			newer = false
		}
		if pl != vl {
			continue
		}
		if p.Version.letter == 0 {
			mainline = true
			continue
		}
		lettered = true
		if compareUpdate(v, p.Version) <= 0 {
			folded = false
		}
	}
	return newer || (lettered && !mainline && folded)
}

// compareUpdate compares the updates v and w belong to within one line:
// major.minor, or major.minor.patch on the macOS 10 lines.
func compareUpdate(v, w Version) int {
	depth := 2
	if v.Line().hasMinor {
		depth = 3
	}
	for k := 0; k < depth; k++ {
		if v.nums[k] != w.nums[k] {
			return cmpInt(int(v.nums[k]), int(w.nums[k]))
		}
	}
	return 0
}

// FixFor returns the version to install on a device now on v, ok=false when
// no point on v's platform can fix it. When v is already covered it returns
// v itself. Otherwise, in order of preference:
//
//  1. a BSI/RSR on v's own base with a later letter (26.3.1 -> 26.3.1 (a);
//     16.5.1 -> 16.5.1 (c), never the withdrawn (a)): it installs in the
//     background with a quick restart;
//  2. the smallest mainline point of v's line above v (26.3 -> 26.4: a BSI
//     installs only on its own base, so 26.3.1 (a) is not installable from
//     26.3, and 26.4 is one update);
//  3. the smallest BSI/RSR of v's line on a higher base (26.3 -> 26.3.1 (a)
//     when 26.4 is not out yet: update to 26.3.1, then the letter installs);
//  4. the smallest fix of the nearest newer line, mainline first (iOS
//     17.7.10 -> 18.7.7); whether the device's model can run it is the
//     device catalog's business.
//
// Withdrawn points are never returned.
func (s FixSet) FixFor(v Version) (Version, bool) {
	if v.n == 0 {
		return Version{}, false
	}
	i, j := s.platformRange(v.platform)
	if i == j {
		return Version{}, false
	}
	if s.Covers(v) {
		return v, true
	}
	pts := s.points[i:j] // sorted ascending, so the first match is the smallest
	vl := v.Line()
	for _, p := range pts { // 1. same base, later letter
		if !p.Withdrawn && p.Version.letter > v.letter && p.Version.compareCore(v) == 0 {
			return p.Version, true
		}
	}
	for _, p := range pts { // 2. mainline above v in v's line
		if !p.Withdrawn && p.Version.letter == 0 && p.Version.Line() == vl && p.Version.compareCore(v) > 0 {
			return p.Version, true
		}
	}
	for _, p := range pts { // 3. lettered on a higher base in v's line
		if !p.Withdrawn && p.Version.letter != 0 && p.Version.Line() == vl && p.Version.compareCore(v) > 0 {
			return p.Version, true
		}
	}
	var best FixPoint // 4. nearest newer line, mainline first
	found := false
	for _, p := range pts {
		pl := p.Version.Line()
		if p.Withdrawn || pl.Compare(vl) <= 0 {
			continue
		}
		if !found {
			best, found = p, true
			continue
		}
		bl := best.Version.Line()
		switch c := pl.Compare(bl); {
		case c < 0:
			best = p
		case c == 0 && best.Version.letter != 0 && p.Version.letter == 0:
			best = p
		}
	}
	if found {
		return best.Version, true
	}
	return Version{}, false
}

// MarshalJSON writes the set as a JSON array of its points, sorted.
func (s FixSet) MarshalJSON() ([]byte, error) {
	if s.points == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.points)
}

// UnmarshalJSON reads a JSON array of points, as NewFixSet would take them.
func (s *FixSet) UnmarshalJSON(data []byte) error {
	var ps []FixPoint
	if err := json.Unmarshal(data, &ps); err != nil {
		return err
	}
	*s = NewFixSet(ps...)
	return nil
}
