// Package export writes what applesec knows about Apple's security releases in
// formats other tools read: CSAF 2.0 documents and SOFA-compatible feeds.
//
// # CSAF 2.0
//
// CSAF turns each Apple advisory (page or APPLE-SA mail) into one CSAF 2.0
// document of the csaf_security_advisory profile: a product tree with
// Apple's releases as product versions (BSI letters kept, "26.3.1 (a)", with
// the build when a BSIOffer names it), Safari related to each macOS line it
// ships for, one vulnerability per CVE with its impact and description notes,
// the releases as fixed products, a vendor_fix remediation pointing at Apple's
// page, exploit_status threats for entries Apple marks as exploited or that
// CISA's KEV catalog lists, and acknowledgments from the credits. Apple
// publishes no CSAF: the publisher is applesec with category "other" (neither
// the vendor nor a translator into another language), and a document note says
// the content is derived from Apple's page, which stays authoritative. An
// advisory that fixes nothing ("no published CVE entries") becomes a
// csaf_informational_advisory, the profile for documents without
// vulnerabilities. Documents are TLP:WHITE, like Apple's public pages.
//
// The tracking ID is "apple-<page>" for a support.apple.com page (a page and
// its APPLE-SA mail give one document), the APPLE-SA ID for a mail naming no
// page, and for a page read from a file without its address, the releases and
// date ("apple-ios-26.2-ipados-26.2-2025-12-12"). Revision 1 is Apple's release
// date; each later "Entry added" or "Entry updated" date adds a revision.
// A vulnerability's fixed products are the advisory's releases of the
// platforms its "Available for" names, or all of them when it names none.
// CSAF(in) is checked by the package's tests against the OASIS schema and
// the mandatory tests of CSAF 2.0 section 6.1 that can apply.
//
// # SOFA
//
// SOFA builds feeds laid out as the macadmins SOFA feed
// (https://sofa.macadmins.io) is: v1/macos_data_feed.json, v1/ios_data_feed.json
// and v2/<os>_data_feed.json for macOS, iOS, tvOS, watchOS and visionOS, with
// the field names and types of SOFA's published schemas, so Nudge, the osquery
// extension's SOFA tables and scripts can read a self-hosted feed unchanged.
// Unlike the hosted feed, per-CVE details (component, impact, exploited flag,
// KEV membership) are filled from the advisories.
//
// Deviations from SOFA's schemas, all of them data applesec does not collect
// and will not invent:
//   - XProtectPayloads, XProtectPlistConfigData and InstallationApps (macOS
//     feeds) are left out;
//   - Build (v1 Latest, v2 releases and BSIs) is left out when no BSIOffer
//     names the build, ExpirationDate in v1 Latest always;
//   - SupportedModels entries carry no URL (Apple's per-family compatibility
//     page is not known);
//   - a Devices entry for an identifier the catalog does not know has an
//     empty MarketingName.
//
// The tests validate every file against SOFA's schemas with exactly these
// required properties lifted. SOFA publishes no v1 iOS schema: the v1 iOS
// feed is validated against the v1 macOS schema without its macOS-only
// requirements (Models, SupportedModels), and the tvOS, watchOS and visionOS
// v2 feeds against the v2 iOS schema, as SOFA lays them out alike.
//
// SupportedDevices are the models the release's "Available for" texts name
// that run its major (board IDs for Macs, product types otherwise), or every
// model of the platform that runs it when the texts name none; for a BSI the
// devices Apple's offer lists. ProductVersion is the version as consumers
// parse it ("26.3.1"; "26.0" for a major alone), ActivelyExploitedCVEs joins
// Apple's exploited flag and the KEV catalog, and DaysSincePreviousRelease
// counts within the OS line (0 for its first release in the input).
//
// Background Security Improvements (and Rapid Security Responses) are not
// security releases in SOFA's sense: consumers parse ProductVersion as a plain
// number, so they appear only in v2's BackgroundSecurityImprovements section,
// keyed by major. Withdrawn ones (BSIOffer.Withdrawn, version.KnownWithdrawn)
// are left out: a feed tells clients what to install.
// The v2 UpdateSummary counts by severity are 0, as in SOFA's own feed, since
// Apple gives no severities.
//
// # Output
//
// Output is deterministic: documents and feed entries are sorted, product IDs
// are derived from names, and every time stamp comes from the advisories or
// from Input.Now. Files are written atomically (a temporary file renamed into
// place).
package export
