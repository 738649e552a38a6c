package version

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// catalogJSON is the embedded catalog of Apple device models: iPhone, iPod
// touch, every iPad line, Apple Watch, Apple TV HD and 4K, Apple Vision Pro,
// HomePod, the Macs that run macOS 11 or later (Intel Macs with their
// "Mac-..." and T2 board IDs, Apple silicon Macs with theirs) and the
// accessories that Apple's security notes name (AirPods, Beats, Magic
// Keyboard). It is cross-checked against the SupportedDevices of Apple's
// software lookup feed by a conformance test. Feed entries that are no
// retail model are deliberately absent: the macOS virtual machines
// ("VMA2MACOSAP", "VMM-x86_64"), the generic Intel device classes
// ("X86LEGACYAP", "X589AMLUAP", "X589ICLYAP") and a dozen "Mac-..." board IDs
// that Apple's macOS 11 assets list but that match no shipped Mac.
//
//go:embed catalog.json
var catalogJSON []byte

// maxCatalogBytes bounds what ParseCatalog reads.
const maxCatalogBytes = 4 << 20

// ErrInvalidCatalog is wrapped by the errors of NewCatalog and ParseCatalog.
var ErrInvalidCatalog = errors.New("version: invalid device catalog")

// CatalogError names the model of a catalog that is wrong and why.
type CatalogError struct {
	Index  int    // position of the model in the input, -1 when not about one model
	Name   string // the model's name, when it has one
	Reason string // what is wrong, for a person
}

// Error returns "version: invalid device catalog: model N "name": reason".
func (e *CatalogError) Error() string {
	if e.Index < 0 {
		return "version: invalid device catalog: " + e.Reason
	}
	return fmt.Sprintf("version: invalid device catalog: model %d %q: %s", e.Index, e.Name, e.Reason)
}

// Unwrap returns ErrInvalidCatalog.
func (e *CatalogError) Unwrap() error { return ErrInvalidCatalog }

// Catalog is an immutable set of device models with lookups by product
// type, board ID, model identifier and marketing name. Its methods are safe
// for concurrent use.
type Catalog struct {
	models []Model
	// lowerNames holds each model's lower-cased name, for prefix matching.
	lowerNames []string
	// index maps a lower-cased identifier, board ID, name or alias to the
	// model's position.
	index map[string]int
	// families lists each family's model positions in generation order.
	families map[Family][]int
}

// defaultCatalog parses the embedded catalog once.
var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := ParseCatalog(bytes.NewReader(catalogJSON))
	if err != nil {
		// The embedded file is part of the source; TestDefaultCatalog keeps it valid.
		panic(err)
	}
	return c
})

// DefaultCatalog returns the catalog embedded in the package. It is parsed
// on first use and shared; it cannot be changed.
func DefaultCatalog() *Catalog { return defaultCatalog() }

// catalogFile is the JSON form of a catalog: {"models": [...]}.
type catalogFile struct {
	Models []Model `json:"models"`
}

// ParseCatalog reads a catalog in the embedded file's JSON form,
// {"models": [{"name": ..., "family": ..., "gen": ..., ...}]}, rejecting
// unknown fields, so that a newer catalog can be supplied without a new
// release of the package.
func ParseCatalog(r io.Reader) (*Catalog, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCatalogBytes+1))
	if err != nil {
		return nil, &CatalogError{Index: -1, Reason: "reading: " + err.Error()}
	}
	if len(data) > maxCatalogBytes {
		return nil, &CatalogError{Index: -1, Reason: fmt.Sprintf("larger than %d bytes", maxCatalogBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f catalogFile
	if err := dec.Decode(&f); err != nil {
		return nil, &CatalogError{Index: -1, Reason: "not a catalog JSON object: " + err.Error()}
	}
	if dec.More() {
		return nil, &CatalogError{Index: -1, Reason: "data after the catalog object"}
	}
	return newCatalog(f.Models)
}

// NewCatalog builds a catalog from models, in the order given (which is the
// order Models and Resolve report). It checks that every model has a name,
// a family, a positive generation and a known platform, that MinMajor <=
// MaxMajor, and that no identifier, board ID, name or alias is used twice
// (ignoring case). The models are copied.
func NewCatalog(models []Model) (*Catalog, error) {
	cp := make([]Model, len(models))
	for i, m := range models {
		cp[i] = m.clone()
	}
	return newCatalog(cp)
}

// newCatalog builds a catalog that owns models.
func newCatalog(models []Model) (*Catalog, error) {
	if len(models) == 0 {
		return nil, &CatalogError{Index: -1, Reason: "no models"}
	}
	c := &Catalog{
		models:     models,
		lowerNames: make([]string, len(models)),
		index:      make(map[string]int, len(models)*4),
		families:   make(map[Family][]int),
	}
	for i := range models {
		m := &models[i]
		if err := checkModel(i, m); err != nil {
			return nil, err
		}
		c.lowerNames[i] = normalizeKey(m.Name)
		keys := make([]string, 0, 1+len(m.Aliases)+len(m.Identifiers)+len(m.BoardIDs))
		keys = append(keys, m.Name)
		keys = append(keys, m.Aliases...)
		keys = append(keys, m.Identifiers...)
		keys = append(keys, m.BoardIDs...)
		for _, k := range keys {
			nk := normalizeKey(k)
			if nk == "" {
				return nil, &CatalogError{Index: i, Name: m.Name, Reason: "empty name, alias, identifier or board ID"}
			}
			if j, dup := c.index[nk]; dup {
				return nil, &CatalogError{Index: i, Name: m.Name, Reason: fmt.Sprintf("%q is also used by model %d %q", k, j, models[j].Name)}
			}
			c.index[nk] = i
		}
		c.families[m.Family] = append(c.families[m.Family], i)
	}
	for _, idx := range c.families {
		slices.SortStableFunc(idx, func(a, b int) int { return models[a].Generation - models[b].Generation })
	}
	return c, nil
}

// checkModel validates the fields of one model.
func checkModel(i int, m *Model) error {
	bad := func(format string, args ...any) error {
		return &CatalogError{Index: i, Name: m.Name, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.TrimSpace(m.Name) == "":
		return bad("no name")
	case m.Family == "":
		return bad("no family")
	case m.Generation <= 0:
		return bad("generation %d, want > 0", m.Generation)
	case m.Platform != "" && !m.Platform.Valid():
		return bad("unknown platform %q", m.Platform)
	case m.Platform == Safari:
		return bad("Safari is no device platform")
	case m.Platform == "" && (m.MinMajor != 0 || m.MaxMajor != 0):
		return bad("OS majors without a platform")
	case m.Platform != "" && (m.MinMajor <= 0 || m.MaxMajor < m.MinMajor):
		return bad("majors %d to %d, want 0 < min <= max", m.MinMajor, m.MaxMajor)
	}
	return nil
}

// normalizeKey lower-cases s and collapses runs of white space, so that
// lookups ignore case and spacing.
func normalizeKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Lookup returns the model with product type, model identifier, board ID,
// marketing name or alias s, ignoring case and extra spaces: "iPhone12,1",
// "J413AP", "Mac-AA95B1DDAB278B95", "MacBookPro18,3", "iPhone 11".
func (c *Catalog) Lookup(s string) (Model, bool) {
	i, ok := c.lookup(s)
	if !ok {
		return Model{}, false
	}
	return c.models[i].clone(), true
}

// lookup returns the position of the model named or identified by s.
func (c *Catalog) lookup(s string) (int, bool) {
	i, ok := c.index[normalizeKey(s)]
	return i, ok
}

// Len returns the number of models.
func (c *Catalog) Len() int { return len(c.models) }

// Models returns a copy of every model, in catalog order.
func (c *Catalog) Models() []Model {
	idx := make([]int, len(c.models))
	for i := range idx {
		idx[i] = i
	}
	return cloneModels(c.models, idx)
}

// Family returns a copy of the models of family f in generation order
// (catalog order among equal generations); nil for an unknown family.
func (c *Catalog) Family(f Family) []Model {
	return cloneModels(c.models, c.families[f])
}

// Families returns the families of the catalog, in catalog order.
func (c *Catalog) Families() []Family {
	var out []Family
	for _, m := range c.models {
		if !slices.Contains(out, m.Family) {
			out = append(out, m.Family)
		}
	}
	return out
}
