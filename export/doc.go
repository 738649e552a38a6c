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
// vulnerabilities.
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
//     page is not known).
//
// Background Security Improvements (and Rapid Security Responses) are not
// security releases in SOFA's sense: consumers parse ProductVersion as a plain
// number, so they appear only in v2's BackgroundSecurityImprovements section.
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
