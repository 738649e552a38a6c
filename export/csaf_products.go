package export

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// csafRelease is one release of an advisory as CSAF products: its own
// product and, for Safari, one product per macOS line it is installed on.
type csafRelease struct {
	release advisory.ProductVersion
	// ids are the product IDs that carry the release's fixes.
	ids []string
}

// csafProducts is the product tree of one advisory under construction.
type csafProducts struct {
	// byPlatform are the leaf branches under each product name, in order.
	byPlatform map[string][]CSAFBranch
	platforms  []string
	relations  []CSAFRelationship
	releases   []csafRelease
	defined    map[string]bool
}

// productTree defines a product for each release of a: vendor Apple >
// product name > product version, with the build when a BSIOffer gives it,
// and Safari installed on each macOS line its entries name.
func (b *builder) productTree(a *advisory.Advisory) *csafProducts {
	p := &csafProducts{byPlatform: map[string][]CSAFBranch{}, defined: map[string]bool{}}
	releases := a.Releases
	if len(releases) == 0 {
		// Name the product from the title rather than leave nothing fixed.
		releases = []advisory.ProductVersion{{Platform: strings.TrimSpace(strings.TrimPrefix(a.Title, "About the security content of "))}}
		if releases[0].Platform == "" {
			releases[0].Platform = "Apple software"
		}
	}
	releases = withFirmwareBuilds(releases, a.Title)
	lines := b.safariLines(a)
	for _, r := range releases {
		id := productID(r)
		rel := csafRelease{release: r, ids: []string{id}}
		if !p.defined[id] {
			p.defined[id] = true
			leaf := CSAFBranch{Category: "product_version", Name: strings.TrimSpace(r.Version + " " + r.Extra)}
			leaf.Product = &CSAFProduct{Name: "Apple " + r.Name() + b.buildSuffix(r), ProductID: id}
			if r.Version == "" {
				p.addPlatform(r.Platform)
				// A release without a version is the product itself.
				p.setProduct(r.Platform, &CSAFProduct{Name: "Apple " + r.Platform, ProductID: id})
			} else {
				p.add(r.Platform, leaf)
			}
		}
		if r.Platform == string(version.Safari) {
			for _, l := range lines {
				lineID := p.defineLine(l)
				relID := id + "-on-" + strings.TrimPrefix(lineID, "apple-")
				rel.ids = append(rel.ids, relID)
				if !p.defined[relID] {
					p.defined[relID] = true
					p.relations = append(p.relations, CSAFRelationship{
						Category:                  "installed_on",
						FullProductName:           CSAFProduct{Name: "Apple " + r.Name() + " installed on " + lineName(l), ProductID: relID},
						ProductReference:          id,
						RelatesToProductReference: lineID,
					})
				}
			}
		}
		p.releases = append(p.releases, rel)
	}
	return p
}

// leaves of product names that are products themselves are kept apart.
const productLeafMarker = "\x00product"

func (p *csafProducts) addPlatform(name string) {
	if !slices.Contains(p.platforms, name) {
		p.platforms = append(p.platforms, name)
	}
}

func (p *csafProducts) add(platform string, leaf CSAFBranch) {
	p.addPlatform(platform)
	p.byPlatform[platform] = append(p.byPlatform[platform], leaf)
}

// setProduct records that the product name branch itself is a product.
func (p *csafProducts) setProduct(platform string, prod *CSAFProduct) {
	p.byPlatform[platform+productLeafMarker] = []CSAFBranch{{Product: prod}}
}

// defineLine defines a macOS line as a version range product and returns its ID.
func (p *csafProducts) defineLine(l version.Line) string {
	id := "apple-macos-" + lineNumber(l) + "-line"
	if p.defined[id] {
		return id
	}
	p.defined[id] = true
	upper := fmt.Sprintf("%d", l.Major()+1)
	if l.Minor() >= 0 {
		upper = fmt.Sprintf("%d.%d", l.Major(), l.Minor()+1)
	}
	p.add(string(version.MacOS), CSAFBranch{
		Category: "product_version_range",
		Name:     "vers:generic/>=" + lineNumber(l) + "|<" + upper,
		Product:  &CSAFProduct{Name: "Apple " + lineName(l), ProductID: id},
	})
	return id
}

// lineNumber is "14" or "10.15".
func lineNumber(l version.Line) string {
	if l.Minor() >= 0 {
		return fmt.Sprintf("%d.%d", l.Major(), l.Minor())
	}
	return fmt.Sprintf("%d", l.Major())
}

// lineName is "macOS Sonoma (14)".
func lineName(l version.Line) string {
	if m := l.MarketingName(); m != "" {
		return "macOS " + m + " (" + lineNumber(l) + ")"
	}
	return "macOS " + lineNumber(l)
}

// tree returns the CSAF product tree.
func (p *csafProducts) tree() *CSAFProductTree {
	vendor := CSAFBranch{Category: "vendor", Name: "Apple"}
	for _, name := range p.platforms {
		node := CSAFBranch{Category: "product_name", Name: name}
		if prod, ok := p.byPlatform[name+productLeafMarker]; ok && len(p.byPlatform[name]) == 0 {
			node.Product = prod[0].Product
		} else {
			node.Branches = p.byPlatform[name]
			if ok {
				// Both a bare product and versions: the bare one becomes a
				// version branch of its own name.
				node.Branches = append([]CSAFBranch{{Category: "product_version", Name: "unspecified version", Product: prod[0].Product}}, node.Branches...)
			}
		}
		vendor.Branches = append(vendor.Branches, node)
	}
	return &CSAFProductTree{Branches: []CSAFBranch{vendor}, Relationships: p.relations}
}

// buildSuffix names the builds BSIOffers give for a release.
func (b *builder) buildSuffix(r advisory.ProductVersion) string {
	var builds []string
	for _, o := range b.in.BSIs {
		if string(o.Platform) == r.Platform && o.Version == r.Version && o.Extra == r.Extra && o.Build != "" {
			builds = append(builds, o.Build)
		}
	}
	slices.Sort(builds)
	builds = slices.Compact(builds)
	switch len(builds) {
	case 0:
		return ""
	case 1:
		return " (build " + builds[0] + ")"
	}
	return " (builds " + strings.Join(builds, ", ") + ")"
}

// safariLines are the macOS lines the entries of a Safari advisory name.
func (b *builder) safariLines(a *advisory.Advisory) []version.Line {
	hasSafari := false
	for _, r := range a.Releases {
		hasSafari = hasSafari || r.Platform == string(version.Safari)
	}
	if !hasSafari {
		return nil
	}
	var lines []version.Line
	for _, e := range a.Entries {
		for _, rel := range b.resolve(e.AvailableFor).Releases {
			if rel.Line.Platform() == version.MacOS && !slices.Contains(lines, rel.Line) {
				lines = append(lines, rel.Line)
			}
		}
	}
	slices.SortFunc(lines, func(x, y version.Line) int { return x.Compare(y) })
	return lines
}

// productID derives a stable product ID: "apple-ios-26.3.1-a".
func productID(r advisory.ProductVersion) string {
	parts := []string{"apple", r.Platform}
	if r.Version != "" {
		parts = append(parts, r.Version)
	}
	if l := strings.Trim(r.Extra, "() "); l != "" {
		parts = append(parts, l)
	}
	var b strings.Builder
	for i, s := range parts {
		if i > 0 {
			b.WriteByte('-')
		}
		for _, c := range strings.ToLower(s) {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.':
				b.WriteRune(c)
			default:
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// firmwareBuild is a firmware build as Apple names updates by it: "6A326".
var firmwareBuild = regexp.MustCompile(`^[0-9]+[A-Z][0-9]+[a-z]?$`)

// withFirmwareBuilds replaces a release without version ("AirPods
// Firmware" from "AirPods Firmware Update 6A326") by one release per build
// the title names for it, so that the fixed products are those builds and
// not every version of the product. Releases whose builds the title does
// not give stay as they are.
func withFirmwareBuilds(releases []advisory.ProductVersion, title string) []advisory.ProductVersion {
	var out []advisory.ProductVersion
	for _, r := range releases {
		if r.Version != "" || r.Platform == "" {
			out = append(out, r)
			continue
		}
		var builds []string
		rest := title
		for {
			i := strings.Index(rest, r.Platform+" Update ")
			if i < 0 {
				break
			}
			rest = rest[i+len(r.Platform+" Update "):]
			word := strings.TrimRight(strings.SplitN(rest, " ", 2)[0], ",;.")
			if firmwareBuild.MatchString(word) && !slices.Contains(builds, word) {
				builds = append(builds, word)
			}
		}
		if len(builds) == 0 {
			out = append(out, r)
			continue
		}
		for _, build := range builds {
			out = append(out, advisory.ProductVersion{Platform: r.Platform, Version: build})
		}
	}
	return out
}
