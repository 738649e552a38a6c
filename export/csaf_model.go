package export

// The CSAF 2.0 record types: the subset of the OASIS schema that applesec
// fills, with the schema's property names. Optional properties are omitted
// when empty.

// CSAFDocument is one CSAF 2.0 document.
type CSAFDocument struct {
	// Document holds the document-level metadata.
	Document CSAFMeta `json:"document"`
	// ProductTree defines every product the document refers to.
	ProductTree *CSAFProductTree `json:"product_tree,omitempty"`
	// Vulnerabilities are the fixed vulnerabilities, one per CVE.
	Vulnerabilities []CSAFVulnerability `json:"vulnerabilities,omitempty"`
}

// CSAFMeta is the "document" property of a CSAF document.
type CSAFMeta struct {
	// Acknowledgments are the advisory's "Additional recognition" items.
	Acknowledgments []CSAFAcknowledgment `json:"acknowledgments,omitempty"`
	// Category is the profile: "csaf_security_advisory" or, for an advisory
	// without vulnerabilities, "csaf_informational_advisory".
	Category string `json:"category"`
	// CSAFVersion is always "2.0".
	CSAFVersion string `json:"csaf_version"`
	// Distribution is TLP:WHITE: Apple's pages are public.
	Distribution *CSAFDistribution `json:"distribution,omitempty"`
	// Lang is the document's language, "en".
	Lang string `json:"lang,omitempty"`
	// Notes say what the document is and where it comes from.
	Notes []CSAFNote `json:"notes,omitempty"`
	// Publisher is applesec.
	Publisher CSAFPublisher `json:"publisher"`
	// References link to Apple's advisory.
	References []CSAFReference `json:"references,omitempty"`
	// Title is Apple's title.
	Title string `json:"title"`
	// Tracking identifies the document and its revisions.
	Tracking CSAFTracking `json:"tracking"`
}

// CSAFDistribution says how the document may be shared.
type CSAFDistribution struct {
	// TLP is the Traffic Light Protocol label.
	TLP CSAFTLP `json:"tlp"`
}

// CSAFTLP is a Traffic Light Protocol label.
type CSAFTLP struct {
	// Label is "WHITE" (CSAF 2.0 uses TLP 1.0 labels).
	Label string `json:"label"`
}

// CSAFAcknowledgment thanks people or organizations.
type CSAFAcknowledgment struct {
	// Names are the names thanked, as Apple gives them.
	Names []string `json:"names,omitempty"`
	// Summary says what for (the component), when known.
	Summary string `json:"summary,omitempty"`
}

// CSAFNote is a note of a document or vulnerability.
type CSAFNote struct {
	// Category is one of CSAF's note categories: "description", "summary",
	// "general", "legal_disclaimer", "other", ...
	Category string `json:"category"`
	// Text is the note's content.
	Text string `json:"text"`
	// Title names the note ("Impact", "Description").
	Title string `json:"title,omitempty"`
}

// CSAFPublisher is the party that issued the document.
type CSAFPublisher struct {
	// Category is "other": applesec is neither Apple nor a translator.
	Category string `json:"category"`
	// ContactDetails says where to find applesec.
	ContactDetails string `json:"contact_details,omitempty"`
	// IssuingAuthority says on what authority the document stands.
	IssuingAuthority string `json:"issuing_authority,omitempty"`
	// Name is "applesec".
	Name string `json:"name"`
	// Namespace is applesec's URL.
	Namespace string `json:"namespace"`
}

// CSAFReference is a link to a related resource.
type CSAFReference struct {
	// Category is "external" for Apple's page.
	Category string `json:"category,omitempty"`
	// Summary says what the link is.
	Summary string `json:"summary"`
	// URL is the link.
	URL string `json:"url"`
}

// CSAFTracking identifies a document and its revisions.
type CSAFTracking struct {
	// CurrentReleaseDate is the date of the latest revision.
	CurrentReleaseDate string `json:"current_release_date"`
	// Generator names applesec and the export time.
	Generator *CSAFGenerator `json:"generator,omitempty"`
	// ID is derived from Apple's document: "apple-126604" for a page,
	// the APPLE-SA ID for a mail naming no page.
	ID string `json:"id"`
	// InitialReleaseDate is Apple's release date.
	InitialReleaseDate string `json:"initial_release_date"`
	// RevisionHistory has one entry per date the advisory changed.
	RevisionHistory []CSAFRevision `json:"revision_history"`
	// Status is "final".
	Status string `json:"status"`
	// Version is the number of the latest revision.
	Version string `json:"version"`
}

// CSAFGenerator names the tool that made the document.
type CSAFGenerator struct {
	// Date is when the document was generated (Input.Now).
	Date string `json:"date,omitempty"`
	// Engine is applesec.
	Engine CSAFEngine `json:"engine"`
}

// CSAFEngine is the generating tool.
type CSAFEngine struct {
	// Name is "applesec".
	Name string `json:"name"`
}

// CSAFRevision is one entry of the revision history.
type CSAFRevision struct {
	// Date is the revision's date.
	Date string `json:"date"`
	// Number is the revision's version, "1", "2", ...
	Number string `json:"number"`
	// Summary says what changed.
	Summary string `json:"summary"`
}

// CSAFProductTree defines the products.
type CSAFProductTree struct {
	// Branches are vendor > product name > product version.
	Branches []CSAFBranch `json:"branches,omitempty"`
	// Relationships define Safari installed on a macOS line.
	Relationships []CSAFRelationship `json:"relationships,omitempty"`
}

// CSAFBranch is a node of the product tree: either more branches or a product.
type CSAFBranch struct {
	// Branches are the child nodes.
	Branches []CSAFBranch `json:"branches,omitempty"`
	// Category is "vendor", "product_name", "product_version" or
	// "product_version_range".
	Category string `json:"category"`
	// Name is the node's name ("Apple", "iOS", "26.3.1 (a)").
	Name string `json:"name"`
	// Product is the product a leaf defines.
	Product *CSAFProduct `json:"product,omitempty"`
}

// CSAFProduct is a full product name with its ID.
type CSAFProduct struct {
	// Name is the product's full name ("Apple iOS 26.3.1 (a)").
	Name string `json:"name"`
	// ProductID is the ID vulnerabilities refer to.
	ProductID string `json:"product_id"`
}

// CSAFRelationship combines two products into a third.
type CSAFRelationship struct {
	// Category is "installed_on".
	Category string `json:"category"`
	// FullProductName is the combined product.
	FullProductName CSAFProduct `json:"full_product_name"`
	// ProductReference is the product installed (Safari).
	ProductReference string `json:"product_reference"`
	// RelatesToProductReference is the product it is installed on (a macOS line).
	RelatesToProductReference string `json:"relates_to_product_reference"`
}

// CSAFVulnerability is one fixed vulnerability.
type CSAFVulnerability struct {
	// Acknowledgments are the CVE's credits, names as given.
	Acknowledgments []CSAFAcknowledgment `json:"acknowledgments,omitempty"`
	// CVE is the CVE ID; empty for an entry Apple listed without one.
	CVE string `json:"cve,omitempty"`
	// Notes are the impact, description and component.
	Notes []CSAFNote `json:"notes,omitempty"`
	// ProductStatus lists the fixed products.
	ProductStatus *CSAFProductStatus `json:"product_status,omitempty"`
	// References link to the CVE record and WebKit bugs.
	References []CSAFReference `json:"references,omitempty"`
	// Remediations are the vendor fixes.
	Remediations []CSAFRemediation `json:"remediations,omitempty"`
	// Threats say whether the issue is known to be exploited.
	Threats []CSAFThreat `json:"threats,omitempty"`
	// Title is the component.
	Title string `json:"title,omitempty"`
}

// CSAFProductStatus lists products by status.
type CSAFProductStatus struct {
	// Fixed are the products that contain the fix.
	Fixed []string `json:"fixed,omitempty"`
}

// CSAFRemediation is a fix or workaround.
type CSAFRemediation struct {
	// Category is "vendor_fix".
	Category string `json:"category"`
	// Details says what to install.
	Details string `json:"details"`
	// ProductIDs are the products that carry the fix.
	ProductIDs []string `json:"product_ids,omitempty"`
	// URL is Apple's advisory.
	URL string `json:"url,omitempty"`
}

// CSAFThreat is a threat statement.
type CSAFThreat struct {
	// Category is "exploit_status".
	Category string `json:"category"`
	// Date is when the statement was made (the advisory's or KEV's date).
	Date string `json:"date,omitempty"`
	// Details is the statement.
	Details string `json:"details"`
}
