package feed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testMirror is a local web server standing in for support.apple.com and the
// other sources: documents by path, strong ETags, 304 on If-None-Match, and
// counters that show how polite a crawl was.
type testMirror struct {
	srv *httptest.Server

	mu     sync.Mutex
	docs   map[string][]byte
	status map[string]int
	hits   map[string]int
	full   int   // 200 responses
	bytes  int64 // body bytes sent
	// deaf makes the server ignore conditional requests, like some CDNs.
	deaf bool
}

// newTestMirror starts a mirror, closed when the test ends.
func newTestMirror(tb testing.TB) *testMirror {
	tb.Helper()
	m := &testMirror{docs: map[string][]byte{}, status: map[string]int{}, hits: map[string]int{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	tb.Cleanup(m.srv.Close)
	return m
}

func (m *testMirror) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := r.URL.Path
	m.hits[p]++
	if code, ok := m.status[p]; ok {
		http.Error(w, http.StatusText(code), code)
		return
	}
	body, ok := m.docs[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	w.Header().Set("ETag", etag)
	if !m.deaf && r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	m.full++
	m.bytes += int64(len(body))
	_, _ = w.Write(body)
}

// url returns the mirror's address of path.
func (m *testMirror) url(path string) string { return m.srv.URL + path }

// set publishes (or replaces) a document.
func (m *testMirror) set(path string, body []byte) {
	m.mu.Lock()
	m.docs[path] = body
	m.mu.Unlock()
}

// fail makes path answer with an HTTP status; 0 clears it.
func (m *testMirror) fail(path string, code int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if code == 0 {
		delete(m.status, path)
		return
	}
	m.status[path] = code
}

// counters returns the 200 responses and body bytes sent, and resets them
// with the hits.
func (m *testMirror) counters() (full int, bytes int64, hits map[string]int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	full, bytes, hits = m.full, m.bytes, m.hits
	m.full, m.bytes, m.hits = 0, 0, map[string]int{}
	return full, bytes, hits
}

// mirrorClient is the real Client over the loopback server: loopback is not
// rate-limited, and failures are not retried so tests stay fast.
func mirrorClient(tb testing.TB, m *testMirror) *Client {
	tb.Helper()
	c, err := NewClient(Config{HTTPClient: m.srv.Client(), Retries: -1, LoopbackRate: RateLimit{Unlimited: true}})
	require.NoError(tb, err)
	return c
}

// testClock is a settable clock for the aggregator.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// mirrorRun is one Run with its stats.
type mirrorRun struct {
	events []Event
	next   State
	stats  Stats
}

// runOnce runs the aggregator and collects the final stats.
func runOnce(tb testing.TB, agg *Aggregator, stats *Stats, prev State) (mirrorRun, error) {
	tb.Helper()
	*stats = Stats{}
	ev, next, err := agg.Run(context.Background(), prev)
	return mirrorRun{events: ev, next: next, stats: *stats}, err
}

// newMirrorAggregator builds an aggregator over the mirror whose final
// progress report lands in *stats.
func newMirrorAggregator(tb testing.TB, m *testMirror, clock *testClock, stats *Stats, sources ...Source) *Aggregator {
	tb.Helper()
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher: mirrorClient(tb, m),
		Sources: sources,
		Now:     clock.now,
		Progress: func(p Progress) {
			if p.Final {
				*stats = p.Stats
			}
		},
	})
	require.NoError(tb, err)
	return agg
}

// day is a calendar day at midnight UTC.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// specEntry is one entry of a generated advisory page.
type specEntry struct {
	component    string
	availableFor string
	impact       string
	description  string
	bugzilla     int
	cves         []string
	exploited    bool
	note         string
}

// specPage is a generated advisory page in the current layout.
type specPage struct {
	doc      int
	name     string // release name: "iOS 26.4 and iPadOS 26.4"
	released time.Time
	entries  []specEntry
	thanks   []string // components thanked under "Additional recognition"
}

// path is the page's path on the mirror.
func (p specPage) path() string { return fmt.Sprintf("/en-us/%d", p.doc) }

// html renders the page like Apple's current layout.
func (p specPage) html() []byte {
	var b strings.Builder
	esc := html.EscapeString
	title := "About the security content of " + p.name
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head><title>%s - Apple Support</title></head>\n<body>\n<div id=\"sections\">\n", esc(title))
	fmt.Fprintf(&b, "<h1 class=\"gb-header\">%s</h1>\n", esc(title))
	fmt.Fprintf(&b, "<p class=\"subheader gb-subheader\">This document describes the security content of %s.</p>\n", esc(p.name))
	b.WriteString("<h2 class=\"gb-header\">About Apple security updates</h2>\n")
	b.WriteString("<p class=\"gb-paragraph\">Recent releases are listed on the <a href=\"https://support.apple.com/en-us/100100\" class=\"gb-anchor\">Apple security releases</a> page.</p>\n")
	fmt.Fprintf(&b, "<h2 class=\"gb-header\">%s</h2>\n", esc(p.name))
	fmt.Fprintf(&b, "<div class=\"note gb-note\"><p class=\"gb-paragraph\">Released %s</p></div>\n", p.released.Format("January 2, 2006"))
	for _, e := range p.entries {
		fmt.Fprintf(&b, "<h3 class=\"gb-header\">%s</h3>\n", esc(e.component))
		fmt.Fprintf(&b, "<p class=\"gb-paragraph\">Available for: %s</p>\n", esc(e.availableFor))
		impact := e.impact
		if e.exploited {
			impact += ". Apple is aware of a report that this issue may have been exploited."
		}
		fmt.Fprintf(&b, "<p class=\"gb-paragraph\">Impact: %s</p>\n", esc(impact))
		fmt.Fprintf(&b, "<p class=\"gb-paragraph\">Description: %s</p>\n", esc(e.description))
		if e.bugzilla != 0 {
			fmt.Fprintf(&b, "<div class=\"note gb-note\"><p class=\"gb-paragraph\">WebKit Bugzilla: %d</p></div>\n", e.bugzilla)
		}
		for _, c := range e.cves {
			fmt.Fprintf(&b, "<p class=\"gb-paragraph\">%s: an anonymous researcher</p>\n", c)
		}
		if e.note != "" {
			fmt.Fprintf(&b, "<div class=\"note gb-note\"><p class=\"gb-paragraph\">%s</p></div>\n", esc(e.note))
		}
	}
	if len(p.thanks) > 0 {
		b.WriteString("<h2 class=\"gb-header\">Additional recognition</h2>\n")
		for _, c := range p.thanks {
			fmt.Fprintf(&b, "<h3 class=\"gb-header\">%s</h3>\n<p class=\"gb-paragraph\">We thank a researcher for their help.</p>\n", esc(c))
		}
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return []byte(b.String())
}

// mail renders the page's content as an APPLE-SA mail naming the page.
func (p specPage) mail(id string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n")
	fmt.Fprintf(&b, "%s %s\n\n", id, p.name)
	fmt.Fprintf(&b, "%s addresses the following issues.\nInformation about the security content is also available at\nhttps://support.apple.com/%d.\n\n", p.name, p.doc)
	b.WriteString("Apple maintains a Security Releases page at\nhttps://support.apple.com/100100 which lists recent\nsoftware updates with security advisories.\n\n")
	for _, e := range p.entries {
		fmt.Fprintf(&b, "%s\nAvailable for: %s\nImpact: %s\nDescription: %s\n", e.component, e.availableFor, e.impact, e.description)
		if e.bugzilla != 0 {
			fmt.Fprintf(&b, "WebKit Bugzilla: %d\n", e.bugzilla)
		}
		for _, c := range e.cves {
			fmt.Fprintf(&b, "%s: an anonymous researcher\n", c)
		}
		b.WriteString("\n")
	}
	b.WriteString("All information is also posted on the Apple Security Releases\nweb site: https://support.apple.com/100100.\n\n")
	b.WriteString("This message is signed with Apple's Product Security PGP key,\nand details are available at:\nhttps://www.apple.com/support/security/pgp/\n")
	b.WriteString("-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCAAdFiEEaGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzaWduYXR1cmU=\n=abcd\n-----END PGP SIGNATURE-----\n")
	return b.String()
}

// seclistsPage wraps a mail in an archive page like seclists.org's.
func seclistsPage(subject, mail string) []byte {
	return []byte("<!DOCTYPE html>\n<html><head><title>Full Disclosure: " + html.EscapeString(subject) + "</title></head>\n<body>\n" +
		"<table><tr><td><a href=\"/fulldisclosure/\">Full Disclosure</a> mailing list archives</td></tr></table>\n" +
		"<h1>" + html.EscapeString(subject) + "</h1>\n<pre style=\"margin: 0em;\"><em>From</em>: Apple Product Security via Fulldisclosure &lt;fulldisclosure () seclists org&gt;\n</pre>\n" +
		"<pre style=\"margin: 0em;\">" + html.EscapeString(mail) + "</pre>\n</body></html>\n")
}

// specRow is one row of a generated index page; doc 0 means no link.
type specRow struct {
	name         string
	doc          int
	availableFor string
	released     time.Time
	note         string
}

// rowOf is the index row linking a page.
func rowOf(p specPage) specRow {
	return specRow{name: p.name, doc: p.doc, availableFor: "iPhone 11 and later", released: p.released}
}

// indexHTML renders an index page in the current gb-table layout, with links
// to archive pages (paths).
func indexHTML(rows []specRow, archives ...string) []byte {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head><title>Apple security releases - Apple Support</title></head>\n<body>\n<div id=\"sections\">\n")
	b.WriteString("<h1 class=\"gb-header\">Apple security releases</h1>\n<h2 class=\"gb-header\">Apple security releases</h2>\n")
	b.WriteString("<div class=\"table-wrapper gb-table\"><table class=\"gb-table\"><tbody>\n<tr>")
	for _, h := range []string{"Name and information link", "Available for", "Release date"} {
		fmt.Fprintf(&b, "<th class=\"gb-table-header-cell\"><p class=\"gb-paragraph\">%s</p></th>", h)
	}
	b.WriteString("</tr>\n")
	for _, r := range rows {
		name := esc(r.name)
		if r.doc != 0 {
			// Links alternate between relative and absolute support.apple.com
			// forms, as on Apple's pages; both must land on the mirror.
			href := fmt.Sprintf("/en-us/%d", r.doc)
			if r.doc%2 == 1 {
				href = "https://support.apple.com" + href
			}
			name = fmt.Sprintf("<a href=\"%s\" class=\"gb-anchor\">%s</a>", href, name)
		}
		b.WriteString("<tr><td class=\"gb-table-cell\"><p class=\"gb-paragraph\">" + name + "</p>")
		if r.note != "" {
			fmt.Fprintf(&b, "<div class=\"note gb-note\"><p class=\"gb-paragraph\">%s</p></div>", esc(r.note))
		}
		fmt.Fprintf(&b, "</td><td class=\"gb-table-cell\"><p class=\"gb-paragraph\">%s</p></td><td class=\"gb-table-cell\"><p class=\"gb-paragraph\">%s</p></td></tr>\n",
			esc(r.availableFor), r.released.Format("02 Jan 2006"))
	}
	b.WriteString("</tbody></table></div>\n")
	if len(archives) > 0 {
		b.WriteString("<h3 class=\"gb-header\">For information about earlier security updates, see these documents:</h3>\n<ul class=\"list gb-list\">\n")
		for i, a := range archives {
			fmt.Fprintf(&b, "<li class=\"gb-list_item\"><p class=\"gb-paragraph\"><a href=\"%s\" class=\"gb-anchor\">Apple security releases (%d)</a></p></li>\n", a, 2024-i)
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return []byte(b.String())
}

// webkitEntry is a WebKit entry fixing one CVE.
func webkitEntry(cve string, bugzilla int) specEntry {
	return specEntry{
		component: "WebKit", availableFor: "iPhone 11 and later",
		impact:      "Processing maliciously crafted web content may lead to an unexpected process crash",
		description: "The issue was addressed with improved memory handling.",
		bugzilla:    bugzilla, cves: []string{cve},
	}
}

// kernelEntry is a Kernel entry fixing one CVE.
func kernelEntry(cve string) specEntry {
	return specEntry{
		component: "Kernel", availableFor: "iPhone 11 and later",
		impact:      "An app may be able to cause unexpected system termination",
		description: "A memory corruption issue was addressed with improved locking.",
		cves:        []string{cve},
	}
}

// rssItem is one item of a generated RSS feed.
type rssItem struct {
	title, link, description string
	published                time.Time
}

// rssFeed renders an RSS 2.0 feed.
func rssFeed(title string, items ...rssItem) []byte {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title><link>https://example.org/</link><description>test</description>\n", esc(title))
	for _, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><description>%s</description><pubDate>%s</pubDate></item>\n",
			esc(it.title), esc(it.link), esc(it.link), esc(it.description), it.published.Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// kevJSON renders a KEV catalog listing the CVE IDs (added the given day).
func kevJSON(tb testing.TB, added time.Time, ids ...string) []byte {
	tb.Helper()
	vulns := make([]map[string]any, len(ids))
	for i, id := range ids {
		vulns[i] = map[string]any{
			"cveID": id, "vendorProject": "Apple", "product": "Multiple Products",
			"vulnerabilityName": "Apple Multiple Products Vulnerability", "dateAdded": added.Format(time.DateOnly),
			"shortDescription": "A test entry.", "requiredAction": "Apply updates.", "dueDate": added.AddDate(0, 0, 21).Format(time.DateOnly),
			"knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []string{},
		}
	}
	b, err := json.Marshal(map[string]any{
		"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": added.Format("2006.01.02"),
		"dateReleased": added.Format(time.RFC3339), "count": len(ids), "vulnerabilities": vulns,
	})
	require.NoError(tb, err)
	return b
}

// pmvBSI is one BSI asset of a generated pmv response.
type pmvBSI struct {
	os, version, build, prereq string
	posted, expires            time.Time
	devices                    []string
}

// pmvJSON renders a software lookup response with the BSIs.
func pmvJSON(tb testing.TB, bsis ...pmvBSI) []byte {
	tb.Helper()
	sets := map[string][]map[string]any{}
	for _, b := range bsis {
		sets[b.os] = append(sets[b.os], map[string]any{
			"ProductVersion": b.version, "Build": b.build, "ProductVersionExtra": "(a)",
			"PrerequisiteBuild": b.prereq, "PostingDate": b.posted.Format(time.DateOnly),
			"ExpirationDate": b.expires.Format(time.DateOnly), "SupportedDevices": b.devices,
		})
	}
	out, err := json.Marshal(map[string]any{"PublicAssetSets": map[string]any{}, "PublicBackgroundSecurityImprovements": sets})
	require.NoError(tb, err)
	return out
}

func TestMirrorServesConditionally(t *testing.T) {
	m := newTestMirror(t)
	m.set("/a", []byte("hello"))
	c := mirrorClient(t, m)
	resp, err := c.Fetch(context.Background(), m.url("/a"), Validators{})
	require.NoError(t, err)
	_, err = c.Fetch(context.Background(), m.url("/a"), resp.Validators)
	require.ErrorIs(t, err, ErrNotModified)
	full, bytes, hits := m.counters()
	require.Equal(t, 1, full)
	require.EqualValues(t, 5, bytes)
	require.Equal(t, 2, hits["/a"])
}
