package feed

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
)

// kevCVE is a CVE ID as the catalog must write it.
var kevCVE = regexp.MustCompile(`^CVE-\d{4}-\d{4,7}$`)

// KEVCatalog is CISA's Known Exploited Vulnerabilities catalog: every CVE that
// CISA knows to be exploited in the wild. ParseKEV builds it with an index
// that makes Contains a map lookup; a catalog built otherwise is searched.
type KEVCatalog struct {
	// Title is the catalog's title.
	Title string `json:"title"`
	// CatalogVersion is CISA's version of the catalog ("2026.08.21").
	CatalogVersion string `json:"catalog_version"`
	// DateReleased is when this version of the catalog was released.
	DateReleased time.Time `json:"date_released"`
	// Count is the number of vulnerabilities the catalog states. It may differ
	// from len(Vulnerabilities) in a damaged copy; CountMatches tells.
	Count int `json:"count"`
	// Vulnerabilities are the catalog's entries, in catalog order (newest first).
	Vulnerabilities []KEVEntry `json:"vulnerabilities"`

	// index maps an upper-case CVE ID to its first position in Vulnerabilities.
	index map[string]int
}

// KEVEntry is one vulnerability of the KEV catalog.
type KEVEntry struct {
	// CVEID is the CVE identifier ("CVE-2026-20700").
	CVEID string `json:"cve_id"`
	// VendorProject is the vendor ("Apple").
	VendorProject string `json:"vendor_project"`
	// Product is the product as CISA names it ("Multiple Products", "iOS and iPadOS").
	Product string `json:"product"`
	// VulnerabilityName is CISA's short name of the vulnerability.
	VulnerabilityName string `json:"vulnerability_name"`
	// DateAdded is the day CISA added the vulnerability to the catalog.
	DateAdded advisory.Date `json:"date_added"`
	// ShortDescription is CISA's description.
	ShortDescription string `json:"short_description"`
	// RequiredAction is what US federal agencies are required to do.
	RequiredAction string `json:"required_action"`
	// DueDate is the day by which the required action is due.
	DueDate advisory.Date `json:"due_date"`
	// KnownRansomwareCampaignUse is "Known" or "Unknown".
	KnownRansomwareCampaignUse string `json:"known_ransomware_campaign_use"`
	// Notes holds references, usually URLs separated by " ; ".
	Notes string `json:"notes"`
	// CWEs are the weakness identifiers ("CWE-416"); empty when CISA gives none.
	CWEs []string `json:"cwes"`
}

// kevDocument is the catalog as CISA writes it (camelCase keys); a pointer
// tells a missing vulnerabilities key from an empty list. Unknown keys (a
// mirror's fetchTimestamp) are ignored.
type kevDocument struct {
	Title           string      `json:"title"`
	CatalogVersion  string      `json:"catalogVersion"`
	DateReleased    string      `json:"dateReleased"`
	Count           *int        `json:"count"`
	Vulnerabilities *[]kevEntry `json:"vulnerabilities"`
}

// kevEntry is one vulnerability as CISA writes it; KEVEntry is its
// snake_case form.
type kevEntry struct {
	CVEID                      string        `json:"cveID"`
	VendorProject              string        `json:"vendorProject"`
	Product                    string        `json:"product"`
	VulnerabilityName          string        `json:"vulnerabilityName"`
	DateAdded                  advisory.Date `json:"dateAdded"`
	ShortDescription           string        `json:"shortDescription"`
	RequiredAction             string        `json:"requiredAction"`
	DueDate                    advisory.Date `json:"dueDate"`
	KnownRansomwareCampaignUse string        `json:"knownRansomwareCampaignUse"`
	Notes                      string        `json:"notes"`
	CWEs                       []string      `json:"cwes"`
}

// kevEntries converts CISA's form to KEVEntry; the two have the same fields.
func kevEntries(in []kevEntry) []KEVEntry {
	out := make([]KEVEntry, len(in))
	for i, e := range in {
		out[i] = KEVEntry(e)
	}
	return out
}

// ParseKEV reads CISA's KEV catalog (JSON). sourceURL names it in errors.
// It fails with a *ParseError wrapping ErrMalformedFeed when the document is
// not JSON, has no vulnerabilities (the list missing, null or empty: an empty
// catalog would silently clear every exploited flag), an entry lacks a valid
// CVE ID, or a date cannot be read. A stated count that differs from the
// number of entries is not an error: Count keeps the stated number and
// CountMatches reports the difference.
func ParseKEV(r io.Reader, sourceURL string) (*KEVCatalog, error) {
	fail := func(detail string, err error) error {
		return &ParseError{Document: sourceURL, Format: "kev", Detail: detail, Err: err}
	}
	if r == nil {
		return nil, fail("no reader", ErrMalformedFeed)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fail("reading", err)
	}
	var doc kevDocument
	if err := json.Unmarshal(body, &doc); err != nil {
		// Not JSON, the wrong structure, or a date that is no date.
		return nil, fail("decoding", fmt.Errorf("%w: %w", ErrMalformedFeed, err))
	}
	if doc.Vulnerabilities == nil || *doc.Vulnerabilities == nil {
		return nil, fail(`no "vulnerabilities" list`, ErrMalformedFeed)
	}
	if len(*doc.Vulnerabilities) == 0 {
		return nil, fail("empty vulnerabilities list", ErrMalformedFeed)
	}
	c := &KEVCatalog{
		Title:           doc.Title,
		CatalogVersion:  doc.CatalogVersion,
		Vulnerabilities: kevEntries(*doc.Vulnerabilities),
		index:           make(map[string]int, len(*doc.Vulnerabilities)),
	}
	if doc.Count != nil {
		c.Count = *doc.Count
	} else {
		c.Count = len(c.Vulnerabilities)
	}
	if doc.DateReleased != "" {
		t, err := time.Parse(time.RFC3339Nano, doc.DateReleased)
		if err != nil {
			return nil, fail("dateReleased", fmt.Errorf("%w: %w", ErrMalformedFeed, err))
		}
		c.DateReleased = t
	}
	for i := range c.Vulnerabilities {
		v := &c.Vulnerabilities[i]
		v.CVEID = strings.ToUpper(strings.TrimSpace(v.CVEID))
		if !kevCVE.MatchString(v.CVEID) {
			return nil, fail(fmt.Sprintf("vulnerability %d: cveID %q is not a CVE ID", i, v.CVEID), ErrMalformedFeed)
		}
		if v.CWEs == nil {
			v.CWEs = []string{}
		}
		if _, dup := c.index[v.CVEID]; !dup {
			c.index[v.CVEID] = i
		}
	}
	return c, nil
}

// CountMatches reports whether the stated Count equals the number of entries.
func (c *KEVCatalog) CountMatches() bool {
	return c != nil && c.Count == len(c.Vulnerabilities)
}

// Contains returns the catalog's entry for a CVE ID (any case) and whether
// there is one. On a catalog from ParseKEV it is a map lookup.
func (c *KEVCatalog) Contains(cve string) (KEVEntry, bool) {
	if c == nil {
		return KEVEntry{}, false
	}
	cve = strings.ToUpper(strings.TrimSpace(cve))
	if c.index == nil { // not built by ParseKEV
		for _, v := range c.Vulnerabilities {
			if strings.EqualFold(v.CVEID, cve) {
				return v, true
			}
		}
		return KEVEntry{}, false
	}
	i, ok := c.index[cve]
	if !ok {
		return KEVEntry{}, false
	}
	return c.Vulnerabilities[i], true
}

// Apple returns the entries whose vendor is Apple, in catalog order.
func (c *KEVCatalog) Apple() []KEVEntry {
	if c == nil {
		return nil
	}
	var out []KEVEntry
	for _, v := range c.Vulnerabilities {
		if strings.EqualFold(strings.TrimSpace(v.VendorProject), "Apple") {
			out = append(out, v)
		}
	}
	return out
}
