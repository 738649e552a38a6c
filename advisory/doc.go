// Package advisory turns Apple's security release notes into typed values.
//
// It parses the "Apple security releases" index page (ParseIndex), the
// "About the security content of ..." advisory pages in their current and
// legacy layouts (ParsePage), APPLE-SA mails (ParseMail), and tells which of
// these a document is (Detect, Parse). News items become lightweight
// advisories (FromNews) linked to the official ones by CVE and version
// (LinkNews). Component names are normalized so that "all WebKit advisories"
// can be asked for (NormalizeComponent, IsWebKit, MatchComponent, FilterEntries).
//
// Coverage answers "is this device protected against this CVE?": NewCoverage
// gathers each CVE's fix points from every advisory that lists it as fixed, and
// Coverage.Check gives a Verdict with the smallest fix the device can install
// and a reason a person can act on. Fix semantics are branch-aware (see
// version.FixSet): a Background Security Improvement such as iOS 26.3.1 (a)
// protects devices on 26.3.1 only, not a device on 26.3.2.
//
// Parsers are pure functions of their input: they take an io.Reader and the
// document's URL, never touch the network, and return a *ParseError naming the
// source and what was wrong when the input is not what they expect.
package advisory
