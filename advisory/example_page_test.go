package advisory_test

import (
	"fmt"
	"strings"

	"github.com/applesec/applesec/advisory"
)

func ExampleParsePage() {
	const page = `<div id="sections">
<h1 class="gb-header">About the security content of Safari 26.2</h1>
<h2 class="gb-header">Safari 26.2</h2>
<div class="note gb-note"><p class="gb-paragraph">Released December 12, 2025</p></div>
<h3 class="gb-header">WebKit</h3>
<p class="gb-paragraph">Available for: macOS Sonoma and macOS Sequoia</p>
<p class="gb-paragraph">Impact: Processing maliciously crafted web content may lead to memory corruption. Apple is aware of a report that this issue may have been exploited in an extremely sophisticated attack.</p>
<p class="gb-paragraph">Description: A memory corruption issue was addressed with improved validation.</p>
<div class="note gb-note"><p class="gb-paragraph">WebKit Bugzilla: 303565</p></div>
<p class="gb-paragraph">CVE-2025-14174: Apple and Google Threat Analysis Group</p>
<h2 class="gb-header">Additional recognition</h2>
<h3 class="gb-header">Safari</h3>
<p class="gb-paragraph">We would like to acknowledge an anonymous researcher for their assistance.</p>
</div>`
	adv, err := advisory.ParsePage(strings.NewReader(page), "https://support.apple.com/en-us/125892")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(adv.Title, "released", adv.Released)
	for _, e := range adv.Entries {
		fmt.Println(e.Component, e.CVEs[0].ID, "exploited:", e.Exploited, "bugzilla:", e.WebKitBugzilla)
	}
	fmt.Println("thanks:", adv.Acknowledgements[0].Component)
	// Output:
	// About the security content of Safari 26.2 released 2025-12-12
	// WebKit CVE-2025-14174 exploited: true bugzilla: [303565]
	// thanks: Safari
}

func ExampleParseIndex() {
	const page = `<h1 class="gb-header">Apple security releases</h1>
<table class="gb-table"><tbody>
<tr><th><p>Name and information link</p></th><th><p>Available for</p></th><th><p>Release date</p></th></tr>
<tr><td><p><a href="/en-us/126800">Safari 26.4</a></p></td><td><p>macOS Sonoma and macOS Sequoia</p></td><td><p>24 Mar 2026</p></td></tr>
<tr><td><p>watchOS 26.3.1</p><div class="note gb-note"><p>This update has no published CVE entries.</p></div></td><td><p>Apple Watch Series 6 and later</p></td><td><p>04 Mar 2026</p></td></tr>
</tbody></table>`
	idx, err := advisory.ParseIndex(strings.NewReader(page), "https://support.apple.com/en-us/100100")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range idx.Rows {
		link := r.URL
		if link == "" {
			link = "(no page)"
		}
		fmt.Printf("%s | %s | %s | no CVEs: %t\n", r.Name, r.Released, link, r.NoCVEs)
	}
	// Output:
	// Safari 26.4 | 2026-03-24 | https://support.apple.com/en-us/126800 | no CVEs: false
	// watchOS 26.3.1 | 2026-03-04 | (no page) | no CVEs: true
}
