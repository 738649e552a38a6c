// Package advisory turns Apple's security release notes into typed values.
//
// It parses the "Apple security releases" index page (ParseIndex), the
// "About the security content of ..." advisory pages in their current and
// legacy layouts (ParsePage), APPLE-SA mails (ParseMail), and tells which of
// these a document is (Detect, Parse). Component names are normalized so that
// "all WebKit advisories" can be asked for (NormalizeComponent, IsWebKit), and
// coverage verdicts say whether a device is protected against a CVE.
//
// Parsers are pure functions of their input: they take an io.Reader and the
// document's URL, never touch the network, and return a *ParseError naming
// the source and what was wrong when the input is not what they expect.
package advisory
