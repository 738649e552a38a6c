package version

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxPMVBytes bounds what ParsePMV reads; Apple's response is about 100 KB.
const maxPMVBytes = 8 << 20

// The sets of Apple's software lookup response. Full releases sit in
// PublicAssetSets (offered to everyone) and AssetSets (also those that
// device management may hold back or pin); Background Security
// Improvements, and before them Rapid Security Responses, in their own sets.
const (
	// SetPublicAssets holds the full releases offered to every device.
	SetPublicAssets = "PublicAssetSets"
	// SetAssets holds the full releases device management can pin or defer.
	SetAssets = "AssetSets"
	// SetPublicBSI holds the Background Security Improvements (2025 on).
	SetPublicBSI = "PublicBackgroundSecurityImprovements"
	// SetBSI is the non-public form of SetPublicBSI.
	SetBSI = "BackgroundSecurityImprovements"
	// SetPublicRSR holds the Rapid Security Responses (2023-2025).
	SetPublicRSR = "PublicRapidSecurityResponses"
	// SetRSR is the non-public form of SetPublicRSR.
	SetRSR = "RapidSecurityResponses"
)

const (
	// pmvDateLayout is the layout of PostingDate and ExpirationDate.
	pmvDateLayout = time.DateOnly
	// pmvMaxReasonLength bounds input quoted in error messages.
	pmvMaxReasonLength = 64
)

// pmvSets lists the sets ParsePMV reads, in the order it reports them, with
// whether each holds security patches (BSI/RSR) rather than full releases.
var pmvSets = [...]struct {
	name  string
	patch bool
}{
	{SetPublicAssets, false},
	{SetAssets, false},
	{SetPublicBSI, true},
	{SetBSI, true},
	{SetPublicRSR, true},
	{SetRSR, true},
}

// ErrInvalidPMV is wrapped by every error of ParsePMV.
var ErrInvalidPMV = errors.New("version: invalid pmv response")

// PMVError says where a software lookup response is wrong and why.
type PMVError struct {
	// Path locates the problem: "PublicAssetSets.iOS[3].ProductVersion";
	// "" for the document as a whole.
	Path string
	// Reason says what is wrong, for a person.
	Reason string
	// Err is the underlying error (a *ParseError of a version or build, a
	// JSON error), or nil.
	Err error
}

// Error returns "version: invalid pmv response at <path>: <reason>".
func (e *PMVError) Error() string {
	msg := "version: invalid pmv response"
	if e.Path != "" {
		msg += " at " + e.Path
	}
	msg += ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns ErrInvalidPMV and the underlying error, if any.
func (e *PMVError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidPMV, e.Err}
	}
	return []error{ErrInvalidPMV}
}

// PMV is a parsed software lookup response ("pmv", for public macOS
// versions, though it covers every platform): which versions Apple offers
// to which devices. ParsePMV fills it; callers should treat it as read-only.
type PMV struct {
	// Releases are the full releases, from PublicAssetSets then AssetSets.
	Releases []Offer `json:"releases"`
	// BSIs are the Background Security Improvements and Rapid Security
	// Responses.
	BSIs []Offer `json:"bsis"`
}

// Offer is one version that Apple offers to a set of devices. An asset of
// the response that serves several platforms (the "iOS" list holds iPhone
// and iPad, Apple Watch, Apple TV and HomePod assets) becomes one Offer per
// platform, each with its own devices.
type Offer struct {
	// Version is the offered version with its build, and for a BSI or RSR
	// its letter: iOS 26.3.1 (a) (23D771330a). Its platform follows the
	// devices: iPads get IPadOS from 13 on, Apple Watch WatchOS, Apple TV
	// TvOS, HomePod AudioOS.
	Version Version `json:"version"`
	// PrerequisiteBuild is the build a BSI or RSR installs on (23D8133);
	// zero for full releases.
	PrerequisiteBuild Build `json:"prerequisite_build,omitzero"`
	// Posted is the PostingDate (UTC midnight); zero when absent.
	Posted time.Time `json:"posted,omitzero"`
	// Expires is the ExpirationDate (UTC midnight); zero when absent.
	Expires time.Time `json:"expires,omitzero"`
	// Devices are the SupportedDevices of this platform, as given: product
	// types ("iPhone17,1") or Mac board IDs ("J413AP", "Mac-...").
	Devices []string `json:"devices"`
	// Public is set for offers of the public sets (PublicAssetSets,
	// PublicBackgroundSecurityImprovements, PublicRapidSecurityResponses).
	Public bool `json:"public"`
	// Set is the name of the response's set the offer came from.
	Set string `json:"set"`
}

// Supports reports whether device (a product type or board ID, ignoring
// case) is among the offer's devices.
func (o Offer) Supports(device string) bool {
	return slices.ContainsFunc(o.Devices, func(d string) bool { return strings.EqualFold(d, device) })
}

// pmvAsset is one asset of the response; pointers tell absent from empty.
type pmvAsset struct {
	ProductVersion      *string   `json:"ProductVersion"`
	ProductVersionExtra *string   `json:"ProductVersionExtra"`
	Build               *string   `json:"Build"`
	PrerequisiteBuild   *string   `json:"PrerequisiteBuild"`
	PostingDate         *string   `json:"PostingDate"`
	ExpirationDate      *string   `json:"ExpirationDate"`
	SupportedDevices    *[]string `json:"SupportedDevices"`
}

// ParsePMV reads Apple's software lookup response
// (https://gdmf.apple.com/v2/pmv): a JSON object whose sets
// (PublicAssetSets, AssetSets, PublicBackgroundSecurityImprovements, or
// PublicRapidSecurityResponses in older responses) map an OS key ("iOS",
// "macOS", "visionOS") to a list of assets with ProductVersion,
// ProductVersionExtra, Build, PrerequisiteBuild, PostingDate, ExpirationDate
// and SupportedDevices. Unknown keys are ignored. It rejects, with a
// *PMVError wrapping ErrInvalidPMV, anything else: text that is not JSON,
// wrong shapes, a response with none of the sets, an asset without
// ProductVersion or SupportedDevices, a BSI without ProductVersionExtra, and
// versions, builds or dates that do not parse.
func ParsePMV(r io.Reader) (*PMV, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPMVBytes+1))
	if err != nil {
		return nil, &PMVError{Reason: "reading the response", Err: err}
	}
	if len(data) > maxPMVBytes {
		return nil, &PMVError{Reason: fmt.Sprintf("larger than %d bytes", maxPMVBytes)}
	}
	var doc map[string]json.RawMessage
	if err := decodeStrict(data, &doc); err != nil {
		return nil, &PMVError{Reason: "not a JSON object", Err: err}
	}
	if doc == nil {
		return nil, &PMVError{Reason: "not a JSON object (null)"}
	}
	p := &PMV{}
	found := false
	for _, set := range pmvSets {
		raw, ok := doc[set.name]
		if !ok {
			continue
		}
		found = true
		offers, err := parsePMVSet(set.name, set.patch, raw)
		if err != nil {
			return nil, err
		}
		if set.patch {
			p.BSIs = append(p.BSIs, offers...)
		} else {
			p.Releases = append(p.Releases, offers...)
		}
	}
	if !found {
		return nil, &PMVError{Reason: "none of the asset sets (" + SetPublicAssets + ", " + SetAssets + ", " + SetPublicBSI + ", " + SetPublicRSR + ")"}
	}
	return p, nil
}

// decodeStrict decodes one JSON value and rejects trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// parsePMVSet parses one set: an object of OS keys to asset lists, the keys
// taken in sorted order so that results do not depend on map order.
func parsePMVSet(name string, patch bool, raw json.RawMessage) ([]Offer, error) {
	var byOS map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byOS); err != nil || byOS == nil {
		return nil, &PMVError{Path: name, Reason: "want an object of OS keys to asset lists", Err: err}
	}
	keys := make([]string, 0, len(byOS))
	for k := range byOS {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []Offer
	for _, key := range keys {
		path := name + "." + key
		base, ok := ParsePlatform(key)
		if !ok || base == Safari {
			return nil, &PMVError{Path: path, Reason: fmt.Sprintf("unknown OS key %q", clip(key))}
		}
		var assets []json.RawMessage
		if err := json.Unmarshal(byOS[key], &assets); err != nil {
			return nil, &PMVError{Path: path, Reason: "want a list of assets", Err: err}
		}
		for i, a := range assets {
			offers, err := parsePMVAsset(fmt.Sprintf("%s[%d]", path, i), name, patch, base, a)
			if err != nil {
				return nil, err
			}
			out = append(out, offers...)
		}
	}
	return out, nil
}

// parsePMVAsset parses one asset and splits it into one offer per platform
// of its devices.
func parsePMVAsset(path, set string, patch bool, base Platform, raw json.RawMessage) ([]Offer, error) {
	var a pmvAsset
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, &PMVError{Path: path, Reason: "want an asset object", Err: err}
	}
	bad := func(field, reason string, err error) error {
		return &PMVError{Path: path + "." + field, Reason: reason, Err: err}
	}
	if a.ProductVersion == nil || strings.TrimSpace(*a.ProductVersion) == "" {
		return nil, bad("ProductVersion", "missing", nil)
	}
	if a.SupportedDevices == nil || len(*a.SupportedDevices) == 0 {
		return nil, bad("SupportedDevices", "missing or empty", nil)
	}
	extra := deref(a.ProductVersionExtra)
	if patch && strings.TrimSpace(extra) == "" {
		return nil, bad("ProductVersionExtra", "missing for a security patch", nil)
	}
	var proto Offer
	proto.Set = set
	proto.Public = strings.HasPrefix(set, "Public")
	if s := deref(a.PrerequisiteBuild); s != "" {
		b, err := ParseBuild(s)
		if err != nil {
			return nil, bad("PrerequisiteBuild", "not a build", err)
		}
		proto.PrerequisiteBuild = b
	}
	var err error
	if proto.Posted, err = parsePMVDate(deref(a.PostingDate)); err != nil {
		return nil, bad("PostingDate", "not a date (YYYY-MM-DD)", err)
	}
	if proto.Expires, err = parsePMVDate(deref(a.ExpirationDate)); err != nil {
		return nil, bad("ExpirationDate", "not a date (YYYY-MM-DD)", err)
	}
	major := leadingInt(strings.TrimSpace(*a.ProductVersion))
	var out []Offer
	for j, d := range *a.SupportedDevices {
		d = strings.TrimSpace(d)
		if d == "" {
			return nil, bad(fmt.Sprintf("SupportedDevices[%d]", j), "empty device", nil)
		}
		p := devicePlatform(base, d, major)
		k := slices.IndexFunc(out, func(o Offer) bool { return o.Version.Platform() == p })
		if k < 0 {
			v, err := FromParts(p, *a.ProductVersion, extra, deref(a.Build))
			if err != nil {
				return nil, bad("ProductVersion", fmt.Sprintf("not a %s version with its extra and build", p), err)
			}
			o := proto
			o.Version = v
			out = append(out, o)
			k = len(out) - 1
		}
		out[k].Devices = append(out[k].Devices, d)
	}
	return out, nil
}

// devicePlatform returns the platform an asset of the OS key base carries
// for device at major. The "iOS" list also holds iPad, Apple Watch, Apple
// TV, HomePod and (in older responses) Apple Vision Pro assets; the other
// lists serve one platform each.
func devicePlatform(base Platform, device string, major int) Platform {
	if base != IOS {
		return base
	}
	switch {
	case hasPrefixFold(device, "iPad"):
		if major >= 13 {
			return IPadOS
		}
		return IOS
	case hasPrefixFold(device, "Watch"):
		return WatchOS
	case hasPrefixFold(device, "AppleTV"):
		return TvOS
	case hasPrefixFold(device, "AudioAccessory"):
		return AudioOS
	case hasPrefixFold(device, "RealityDevice"):
		return VisionOS
	}
	return IOS
}

// parsePMVDate parses a PostingDate or ExpirationDate; "" gives zero.
func parsePMVDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(pmvDateLayout, strings.TrimSpace(s))
}

// leadingInt returns the number at the start of s, 0 when none.
func leadingInt(s string) int {
	i := 0
	for i < len(s) && i < 6 && isDigit(s[i]) {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > pmvMaxReasonLength {
		return s[:pmvMaxReasonLength] + "..."
	}
	return s
}

// OffersFor returns the releases and BSIs offered to device (a product type
// or board ID, ignoring case), newest version first; among equal versions,
// the most recently posted first.
func (p *PMV) OffersFor(device string) []Offer {
	var out []Offer
	for _, list := range [][]Offer{p.Releases, p.BSIs} {
		for _, o := range list {
			if o.Supports(device) {
				out = append(out, o)
			}
		}
	}
	slices.SortStableFunc(out, newestFirst)
	return out
}

// newestFirst orders offers by version, then posting date, descending.
func newestFirst(a, b Offer) int {
	if c := b.Version.Compare(a.Version); c != 0 {
		return c
	}
	return b.Posted.Compare(a.Posted)
}

// NewestFor returns the newest version offered to device on platform (any
// platform when platform is ""): with the catalog's MaxMajor it tells which
// version a model can install today.
func (p *PMV) NewestFor(device string, platform Platform) (Version, bool) {
	for _, o := range p.OffersFor(device) {
		if platform == "" || o.Version.Platform() == platform {
			return o.Version, true
		}
	}
	return Version{}, false
}

// BSIFor returns the BSIs and RSRs offered to device that install on base:
// same platform and numeric core and, when both base and the offer carry a
// build, base's build is the offer's prerequisite. Newest first.
func (p *PMV) BSIFor(device string, base Version) []Offer {
	b := base.Base()
	var out []Offer
	for _, o := range p.BSIs {
		if !o.Supports(device) || o.Version.Base().Compare(b) != 0 {
			continue
		}
		if !base.Build().IsZero() && !o.PrerequisiteBuild.IsZero() && base.Build() != o.PrerequisiteBuild {
			continue
		}
		out = append(out, o)
	}
	slices.SortStableFunc(out, newestFirst)
	return out
}
