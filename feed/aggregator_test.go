package feed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

// The world the aggregator tests start from, as of testNow: two recent pages
// and two pages older than the recent window, plus a row with no page.
var testNow = day(2026, 4, 1)

func recentIOS() specPage {
	return specPage{doc: 126792, name: "iOS 26.4 and iPadOS 26.4", released: day(2026, 3, 24), entries: []specEntry{
		webkitEntry("CVE-2026-20643", 306050), webkitEntry("CVE-2026-20665", 304951), kernelEntry("CVE-2026-28001"),
	}, thanks: []string{"WebKit"}}
}

func recentMac() specPage {
	return specPage{doc: 126794, name: "macOS Tahoe 26.4", released: day(2026, 3, 24), entries: []specEntry{
		webkitEntry("CVE-2026-20643", 306050), kernelEntry("CVE-2026-20700"),
	}}
}

func oldIOS() specPage {
	return specPage{doc: 125000, name: "iOS 18.2 and iPadOS 18.2", released: day(2025, 1, 10), entries: []specEntry{
		webkitEntry("CVE-2025-24000", 280001), kernelEntry("CVE-2025-24100"),
	}}
}

func oldSafari() specPage {
	return specPage{doc: 125001, name: "Safari 18.3", released: day(2025, 1, 27), entries: []specEntry{
		webkitEntry("CVE-2025-24001", 280002),
	}}
}

// publish serves the index listing the pages (plus a row with no published
// CVE entries) and the pages themselves.
func publish(m *testMirror, pages ...specPage) {
	rows := make([]specRow, 0, len(pages)+1)
	for _, p := range pages {
		rows = append(rows, rowOf(p))
		m.set(p.path(), p.html())
	}
	rows = append(rows, specRow{name: "watchOS 11.3.1", availableFor: "Apple Watch Series 6 and later", released: day(2025, 2, 10), note: "This update has no published CVE entries."})
	slices.SortStableFunc(rows, func(a, b specRow) int { return b.released.Compare(a.released) })
	m.set("/en-us/100100", indexHTML(rows))
}

// testWorld is a mirror with the standard pages, an aggregator over it with
// only the Apple source, and the state after a first run.
type testWorld struct {
	m     *testMirror
	clock *testClock
	stats *Stats
	agg   *Aggregator
	state State
}

func newTestWorld(t *testing.T, src AppleSource, pages ...specPage) *testWorld {
	t.Helper()
	m := newTestMirror(t)
	if len(pages) == 0 {
		pages = []specPage{recentIOS(), recentMac(), oldIOS(), oldSafari()}
	}
	publish(m, pages...)
	src.BaseURL = m.url("")
	w := &testWorld{m: m, clock: &testClock{t: testNow}, stats: &Stats{}}
	w.agg = newMirrorAggregator(t, m, w.clock, w.stats, src)
	return w
}

// run runs the aggregator from the world's state, checks that the state
// passed in was not changed, and keeps the next state.
func (w *testWorld) run(t *testing.T) mirrorRun {
	t.Helper()
	before := stateJSON(t, w.state)
	r, err := runOnce(t, w.agg, w.stats, w.state)
	require.NoError(t, err)
	require.JSONEq(t, before, stateJSON(t, w.state), "Run changed the caller's State")
	w.state = r.next
	return r
}

func stateJSON(t *testing.T, s State) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}

// kinds lists the events as "kind key".
func kinds(events []Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e.Kind) + " " + e.Key
	}
	return out
}

// cveIDs lists the CVE IDs of entries.
func cveIDs(entries []advisory.Entry) []string {
	var out []string
	for _, e := range entries {
		for _, c := range e.CVEs {
			out = append(out, c.ID)
		}
	}
	return out
}

func TestAggregatorFirstRunReportsEveryAdvisory(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	r := w.run(t)

	assert.Equal(t, []string{
		"new_advisory apple:125000", "new_advisory apple:125001",
		"new_advisory apple:126792", "new_advisory apple:126794",
	}, kinds(r.events), "sorted by release date, then key")
	assert.Equal(t, Stats{Requests: 5, Parsed: 5, Bytes: r.stats.Bytes}, r.stats)
	assert.Positive(t, r.stats.Bytes)

	webkit := FilterComponent(r.events, "WebKit")
	require.Len(t, webkit, 4)
	var all []string
	for _, ev := range webkit {
		all = append(all, cveIDs(ev.Advisory.Entries)...)
		for _, e := range ev.Advisory.Entries {
			assert.Equal(t, "WebKit", e.Component)
		}
	}
	assert.ElementsMatch(t, []string{"CVE-2025-24000", "CVE-2025-24001", "CVE-2026-20643", "CVE-2026-20665", "CVE-2026-20643"}, all)

	ios := r.events[2]
	assert.Equal(t, "apple", ios.Source)
	assert.Equal(t, w.m.url("/en-us/126792"), ios.Ref.URL, "a link to support.apple.com is resolved on the mirror")
	assert.Equal(t, advisory.NewDate(2026, 3, 24), ios.Date)
	assert.Len(t, ios.Advisory.Entries, 3)
	assert.Len(t, w.state.Entries["apple:126792"], 3)
	assert.Equal(t, []string{"CVE-2026-20643", "CVE-2026-20665", "CVE-2026-28001"}, w.state.Advisories["apple:126792"].CVEs)
}

func TestAggregatorUnchangedRerunCostsNothing(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.m.counters()
	w.clock.add(time.Hour)

	r := w.run(t)
	assert.Empty(t, r.events)
	// The index and the two recent pages are re-checked; all answer 304.
	assert.Equal(t, Stats{Requests: 3, NotModified: 3}, r.stats)
	full, bytes, hits := w.m.counters()
	assert.Zero(t, full, "no full download")
	assert.Zero(t, bytes)
	assert.Zero(t, hits["/en-us/125000"], "an old page is not re-checked before its interval")
	assert.Equal(t, 1, hits["/en-us/126792"])
}

func TestAggregatorServerIgnoringConditionalRequests(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.m.mu.Lock()
	w.m.deaf = true
	w.m.mu.Unlock()
	w.m.counters()
	w.clock.add(time.Hour)

	r := w.run(t)
	assert.Empty(t, r.events)
	assert.Equal(t, Stats{Requests: 3, NotModified: 3}, r.stats, "an unchanged body hash costs no parse")
	full, _, _ := w.m.counters()
	assert.Equal(t, 3, full, "the server sent the bodies anyway")
}

func TestAggregatorNewPage(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.clock.add(time.Hour)

	added := specPage{doc: 126900, name: "iOS 26.4.1 and iPadOS 26.4.1", released: day(2026, 4, 1), entries: []specEntry{webkitEntry("CVE-2026-28100", 309000)}}
	publish(w.m, recentIOS(), recentMac(), oldIOS(), oldSafari(), added)
	r := w.run(t)
	require.Equal(t, []string{"new_advisory apple:126900"}, kinds(r.events))
	assert.Equal(t, []string{"CVE-2026-28100"}, cveIDs(r.events[0].Advisory.Entries))
	assert.Equal(t, 2, r.stats.Parsed, "the index and the new page")
}

func TestAggregatorEntryAddedToOldPage(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)

	// Apple adds an entry to an old page without touching its index row.
	old := oldIOS()
	extra := webkitEntry("CVE-2025-24999", 290000)
	extra.note = "Entry added March 30, 2026"
	old.entries = append(old.entries, extra)
	w.m.set(old.path(), old.html())

	w.clock.add(time.Hour)
	r := w.run(t)
	assert.Empty(t, r.events, "the old page is not due yet")

	w.clock.add(DefaultRecheckInterval)
	w.m.counters()
	r = w.run(t)
	require.Equal(t, []string{"advisory_updated apple:125000"}, kinds(r.events))
	ev := r.events[0]
	require.Len(t, ev.Added, 1)
	assert.Equal(t, []string{"CVE-2025-24999"}, cveIDs(ev.Added))
	assert.Equal(t, advisory.NewDate(2026, 3, 30), ev.Added[0].Added)
	assert.Empty(t, ev.Changed)
	assert.Empty(t, ev.Removed)
	assert.Len(t, ev.Advisory.Entries, 3)
	full, _, hits := w.m.counters()
	assert.Equal(t, 1, full, "only the changed page is downloaded")
	assert.Equal(t, 1, hits["/en-us/125001"], "the other old page is re-checked too")
	assert.Equal(t, 1, r.stats.Parsed)
}

func TestAggregatorIndexRowChanged(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.clock.add(time.Hour)
	w.m.counters()

	// The rows of both old pages change; only one page changed with them.
	safari := oldSafari()
	safari.name = "Safari 18.3 (revised)"
	safari.entries[0].description = "The issue was addressed with improved bounds checks."
	ios := oldIOS()
	ios.name = "iOS 18.2 and iPadOS 18.2 (all models)"
	rows := []specRow{rowOf(recentIOS()), rowOf(recentMac()), rowOf(ios), rowOf(safari)}
	w.m.set("/en-us/100100", indexHTML(rows))
	w.m.set(safari.path(), safari.html())

	r := w.run(t)
	require.Equal(t, []string{"advisory_updated apple:125001"}, kinds(r.events))
	require.Len(t, r.events[0].Changed, 1)
	assert.Equal(t, "The issue was addressed with improved bounds checks.", r.events[0].Changed[0].Description)
	assert.Empty(t, r.events[0].Added)
	_, _, hits := w.m.counters()
	assert.Equal(t, 1, hits["/en-us/125000"], "a changed row makes its page due at once (304 here)")
	assert.Equal(t, 2, r.stats.Parsed, "the index and the changed page")
}

func TestAggregatorExploitedFlagNewlySet(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.clock.add(time.Hour)

	ios := recentIOS()
	ios.entries[0].exploited = true
	ios.entries[0].note = "Entry updated April 1, 2026"
	w.m.set(ios.path(), ios.html())
	r := w.run(t)
	require.Equal(t, []string{"advisory_updated apple:126792", "exploited_newly_set apple:126792"}, kinds(r.events))
	assert.Equal(t, []ExploitedCVE{{ID: "CVE-2026-20643", Component: "WebKit", By: ExploitedByApple}}, r.events[1].Exploited)
	assert.Equal(t, advisory.NewDate(2026, 4, 1), r.events[1].Date, "dated by the entry's update note")
	assert.Len(t, r.events[0].Changed, 1)
	assert.Equal(t, []string{"CVE-2026-20643"}, w.state.Advisories["apple:126792"].Exploited)
}

func TestAggregatorRecheckPolicySpreadsOldPages(t *testing.T) {
	var pages []specPage
	for i := range 10 {
		pages = append(pages, specPage{doc: 120000 + i, name: fmt.Sprintf("Safari 17.%d", i), released: day(2024, 3, 1+i),
			entries: []specEntry{webkitEntry(fmt.Sprintf("CVE-2024-%d", 30000+i), 270000+i)}})
	}
	w := newTestWorld(t, AppleSource{MaxRechecks: 3}, pages...)
	w.run(t)

	w.clock.add(DefaultRecheckInterval)
	w.m.counters()
	r := w.run(t)
	assert.Equal(t, 4, r.stats.Requests, "the index and three old pages")
	_, _, first := w.m.counters()

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Equal(t, 4, r.stats.Requests, "the next three")
	_, _, second := w.m.counters()
	for p := range first {
		if p != "/en-us/100100" {
			assert.Zero(t, second[p], "%s was just checked", p)
		}
	}
	assert.Empty(t, r.events)
}

func TestAggregatorArchives(t *testing.T) {
	w := newTestWorld(t, AppleSource{Archives: true}, recentIOS())
	archived := oldIOS()
	w.m.set("/en-us/100100", indexHTML([]specRow{rowOf(recentIOS())}, "/en-us/121012"))
	w.m.set("/en-us/121012", indexHTML([]specRow{rowOf(archived)}))
	w.m.set(archived.path(), archived.html())

	r := w.run(t)
	assert.Equal(t, []string{"new_advisory apple:125000", "new_advisory apple:126792"}, kinds(r.events))

	w.clock.add(time.Hour)
	w.m.counters()
	r = w.run(t)
	assert.Empty(t, r.events)
	_, _, hits := w.m.counters()
	assert.Zero(t, hits["/en-us/121012"], "an archive page is re-checked only after its interval")

	w.clock.add(DefaultRecheckInterval)
	r = w.run(t)
	assert.Empty(t, r.events)
	_, _, hits = w.m.counters()
	assert.Equal(t, 1, hits["/en-us/121012"])

	// Archives are off by default.
	w2 := newTestWorld(t, AppleSource{}, recentIOS())
	w2.m.set("/en-us/100100", indexHTML([]specRow{rowOf(recentIOS())}, "/en-us/121012"))
	r = w2.run(t)
	assert.Equal(t, []string{"new_advisory apple:126792"}, kinds(r.events))
}

func TestAggregatorMissingPageIsReportedOnce(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.m.fail("/en-us/126794", http.StatusNotFound)
	r := w.run(t)
	require.Contains(t, kinds(r.events), "problem "+w.m.url("/en-us/126794"))
	assert.Len(t, r.events, 4)

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events, "the same problem is not reported again")

	// The second failure in a row backs off two hours.
	w.m.fail("/en-us/126794", 0)
	w.clock.add(time.Hour)
	w.m.counters()
	r = w.run(t)
	assert.Empty(t, r.events)
	_, _, hits := w.m.counters()
	assert.Zero(t, hits["/en-us/126794"], "a failing page backs off")

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Equal(t, []string{"new_advisory apple:126794"}, kinds(r.events), "the page once published is new")
	assert.NotContains(t, w.state.Reported, "fail "+w.m.url("/en-us/126794"))
}

func TestAggregatorSourceFailureKeepsTheOthers(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.m.set("/kev.json", kevJSON(t, day(2026, 3, 1), "CVE-2026-20700"))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, KEVSource{URL: w.m.url("/kev.json")})
	w.run(t)
	w.clock.add(time.Hour)

	// A page changed, and the KEV server fails: the change is reported, the
	// KEV part of the State stays as it was.
	ios := recentIOS()
	ios.entries = append(ios.entries, webkitEntry("CVE-2026-28200", 309001))
	w.m.set(ios.path(), ios.html())
	w.m.fail("/kev.json", http.StatusServiceUnavailable)

	before := w.state
	beforeJSON := stateJSON(t, w.state)
	events, next, err := w.agg.Run(context.Background(), w.state)
	require.Error(t, err)
	var se *SourceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "kev", se.Source)
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusServiceUnavailable, he.StatusCode)
	assert.Equal(t, []string{"advisory_updated apple:126792"}, kinds(events))
	assert.JSONEq(t, beforeJSON, stateJSON(t, w.state), "Run changed the caller's State")
	kev := w.m.url("/kev.json")
	assert.Equal(t, before.Validators[kev], next.Validators[kev])
	assert.Equal(t, before.Checked[kev], next.Checked[kev])
	assert.Equal(t, before.KEV, next.KEV)
	assert.NotEqual(t, before.Entries["apple:126792"], next.Entries["apple:126792"])
	w.state = next

	// Once the server is back, nothing is reported twice.
	w.m.fail("/kev.json", 0)
	w.clock.add(time.Hour)
	w.m.counters()
	r := w.run(t)
	assert.Empty(t, r.events)
	full, _, _ := w.m.counters()
	assert.Zero(t, full, "no body downloaded")
}

func TestAggregatorBadIndexFailsTheSource(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.m.set("/en-us/100100", []byte("<html><body><p>Down for maintenance</p></body></html>"))
	_, _, err := w.agg.Run(context.Background(), State{})
	var se *SourceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "apple", se.Source)
	require.ErrorIs(t, err, advisory.ErrMalformed)
}

// mailWorld serves, besides the standard world, a mailing-list feed whose
// mails are the pages' content.
func mailWorld(t *testing.T, mails map[string]specPage) (*testWorld, MailListSource) {
	t.Helper()
	w := newTestWorld(t, AppleSource{})
	var items []rssItem
	for _, id := range slices.Sorted(maps.Keys(mails)) {
		p := mails[id]
		path := "/fulldisclosure/" + id
		w.m.set(path, seclistsPage(id+" "+p.name, p.mail(id)))
		items = append(items, rssItem{title: id + " " + p.name, link: w.m.url(path), published: p.released.Add(20 * time.Hour)})
	}
	w.m.set("/rss/fulldisclosure.rss", rssFeed("Full Disclosure", items...))
	src := MailListSource{URL: w.m.url("/rss/fulldisclosure.rss")}
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, src)
	return w, src
}

func TestAggregatorDeduplicatesPageAndMail(t *testing.T) {
	w, _ := mailWorld(t, map[string]specPage{"APPLE-SA-03-24-2026-1": recentIOS()})
	r := w.run(t)
	assert.Equal(t, []string{
		"new_advisory apple:125000", "new_advisory apple:125001",
		"new_advisory apple:126792", "new_advisory apple:126794",
	}, kinds(r.events), "the mail and the page of iOS 26.4 are one advisory")
	assert.Equal(t, "apple", r.events[2].Source, "the page is preferred")
	assert.Equal(t, 7, r.stats.Parsed, "index, four pages, the list and the mail")

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)
	assert.Zero(t, r.stats.Parsed)
}

func TestAggregatorMailBeforePage(t *testing.T) {
	// The mail of iOS 26.4.1 arrives before Apple lists its page.
	next := specPage{doc: 126900, name: "iOS 26.4.1 and iPadOS 26.4.1", released: day(2026, 4, 1), entries: []specEntry{webkitEntry("CVE-2026-28100", 309000)}}
	w, _ := mailWorld(t, map[string]specPage{"APPLE-SA-04-01-2026-1": next})
	r := w.run(t)
	require.Contains(t, kinds(r.events), "new_advisory apple:126900")
	for _, ev := range r.events {
		if ev.Key == "apple:126900" {
			assert.Equal(t, "mail", ev.Source)
			assert.Equal(t, advisory.OriginMail, ev.Advisory.Origin)
		}
	}

	// The page appears, with one more entry than the mail had: only that
	// entry is news, although the page words the others differently.
	w.clock.add(time.Hour)
	next.entries = append(next.entries, kernelEntry("CVE-2026-28101"))
	publish(w.m, recentIOS(), recentMac(), oldIOS(), oldSafari(), next)
	r = w.run(t)
	require.Equal(t, []string{"advisory_updated apple:126900"}, kinds(r.events))
	assert.Equal(t, []string{"CVE-2026-28101"}, cveIDs(r.events[0].Added))
	assert.Empty(t, r.events[0].Changed)
	assert.Equal(t, advisory.OriginPage, w.state.Advisories["apple:126900"].Origin)
}

func TestAggregatorMailWithoutPageLinkMatchedByCVEs(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	p := recentMac()
	mail := p.mail("APPLE-SA-03-24-2026-2")
	// A copy whose link to the page was lost.
	mail = strings.ReplaceAll(mail, "Information about the security content is also available at\nhttps://support.apple.com/126794.\n", "")
	w.m.set("/mail/2", []byte(mail))
	w.m.set("/list.rss", rssFeed("list", rssItem{title: "APPLE-SA-03-24-2026-2 macOS Tahoe 26.4", link: w.m.url("/mail/2"), published: testNow}))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, MailListSource{URL: w.m.url("/list.rss")})
	r := w.run(t)
	assert.Equal(t, []string{
		"new_advisory apple:125000", "new_advisory apple:125001",
		"new_advisory apple:126792", "new_advisory apple:126794",
	}, kinds(r.events))
}

func TestAggregatorUnreadableMail(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.m.set("/mail/9", seclistsPage("APPLE-SA-03-24-2026-9 Safari 26.4", "This is not the mail you are looking for."))
	w.m.set("/list.rss", rssFeed("list", rssItem{title: "APPLE-SA-03-24-2026-9 Safari 26.4", link: w.m.url("/mail/9"), published: testNow}))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, MailListSource{URL: w.m.url("/list.rss")})
	r := w.run(t)
	assert.Contains(t, kinds(r.events), "problem "+w.m.url("/mail/9"))
	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)
}

func TestAggregatorKEV(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.m.set("/kev.json", kevJSON(t, day(2026, 2, 12), "CVE-2026-20700", "CVE-2021-30000"))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, KEVSource{URL: w.m.url("/kev.json")})

	r := w.run(t)
	assert.NotContains(t, kinds(r.events), "exploited_newly_set apple:126794", "the first catalog read sets no flag")
	for _, ev := range r.events {
		if ev.Key == "apple:126794" {
			assert.Equal(t, []string{"CVE-2026-20700"}, ev.InKEV)
		}
	}

	// CISA adds CVE-2026-20643, which both 26.4 pages fix.
	w.clock.add(time.Hour)
	w.m.set("/kev.json", kevJSON(t, day(2026, 4, 1), "CVE-2026-20643", "CVE-2026-20700", "CVE-2021-30000"))
	r = w.run(t)
	require.Equal(t, []string{"exploited_newly_set apple:126792", "exploited_newly_set apple:126794"}, kinds(r.events))
	want := []ExploitedCVE{{ID: "CVE-2026-20643", Component: "WebKit", By: ExploitedByKEV, DateAdded: advisory.NewDate(2026, 4, 1)}}
	assert.Equal(t, want, r.events[0].Exploited)
	assert.Equal(t, "kev", r.events[0].Source)
	assert.Equal(t, "macOS Tahoe 26.4", r.events[1].Ref.Title[len("About the security content of "):])

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)
}

func TestAggregatorBSIs(t *testing.T) {
	bsiPage := specPage{doc: 126604, name: "iOS 26.3.1 (a) and macOS 26.3.2 (a)", released: day(2026, 3, 17),
		entries: []specEntry{webkitEntry("CVE-2026-20643", 306050)}}
	w := newTestWorld(t, AppleSource{}, recentIOS(), bsiPage)
	iosBSI := pmvBSI{os: "iOS", version: "26.3.1", build: "23D771330a", prereq: "23D8133", posted: day(2026, 3, 17), expires: day(2026, 6, 30), devices: []string{"iPhone17,1"}}
	macBSI := pmvBSI{os: "macOS", version: "26.3.2", build: "25D771400a", prereq: "25D2140", posted: day(2026, 3, 17), expires: day(2026, 6, 30), devices: []string{"J700AP"}}
	stale := pmvBSI{os: "macOS", version: "26.3.1", build: "25D771280a", prereq: "25D2128", posted: day(2026, 1, 17), expires: day(2026, 3, 1), devices: []string{"J413AP"}}
	w.m.set("/v2/pmv", pmvJSON(t, iosBSI, macBSI, stale))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, GDMFSource{URL: w.m.url("/v2/pmv")})

	r := w.run(t)
	var bsis []Event
	for _, ev := range r.events {
		if ev.Kind == KindNewBSI {
			bsis = append(bsis, ev)
		}
	}
	require.Len(t, bsis, 2, "an offer already expired is not news")
	assert.Equal(t, "iOS 26.3.1 (a)", bsis[0].BSI.Name())
	assert.Equal(t, "23D8133", bsis[0].BSI.PrerequisiteBuild)
	require.Len(t, bsis[0].Links, 1, "linked to its advisory by release")
	assert.Equal(t, "apple:126604", bsis[0].Links[0].Advisory.Key)
	assert.Equal(t, "macOS 26.3.2 (a)", bsis[1].BSI.Name())

	// Apple pulls the macOS offer.
	w.clock.add(time.Hour)
	w.m.set("/v2/pmv", pmvJSON(t, iosBSI, stale))
	r = w.run(t)
	require.Equal(t, []string{"bsi_withdrawn macOS 26.3.2 (a) 25D771400a"}, kinds(r.events))
	assert.Equal(t, "no longer offered", r.events[0].Reason)

	// The iOS offer passes its expiration date; the feed is unchanged.
	w.clock.t = day(2026, 7, 1)
	r = w.run(t)
	require.Equal(t, []string{"bsi_withdrawn iOS 26.3.1 (a) 23D771330a"}, kinds(r.events))
	assert.Equal(t, "expired", r.events[0].Reason)

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)
}

func TestAggregatorNews(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	news := []rssItem{
		{title: "Apple fixes WebKit flaw in iOS 26.4", link: "https://news.example/1", published: day(2026, 3, 25),
			description: "Apple released iOS 26.4 with a fix for CVE-2026-20643, a WebKit bug in the Navigation API."},
		{title: "Printer vendor ships firmware", link: "https://news.example/2", published: day(2026, 3, 26),
			description: "A printer firmware update fixes a web interface bug."},
	}
	w.m.set("/news.rss", rssFeed("news", news...))
	w.m.set("/releases.rss", rssFeed("Releases",
		rssItem{title: "iOS 26.4 (23E246)", link: "https://developer.example/?id=1", published: day(2026, 3, 24)},
		rssItem{title: "iOS 26.5 beta (23F5043a)", link: "https://developer.example/?id=2", published: day(2026, 3, 30)},
	))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")},
		NewsSource{URL: w.m.url("/news.rss")}, DeveloperSource{URL: w.m.url("/releases.rss")})

	r := w.run(t)
	var items []Event
	for _, ev := range r.events {
		if ev.Kind == KindNewsItem {
			items = append(items, ev)
		}
	}
	require.Len(t, items, 3, "two news items and one final release; the beta is left out")
	dev, linked, unlinked := items[0], items[1], items[2]
	assert.Equal(t, "developer", dev.Source)
	require.Len(t, dev.Links, 1)
	assert.Equal(t, "apple:126792", dev.Links[0].Advisory.Key, "linked by release")
	assert.Empty(t, dev.Links[0].Components)

	assert.Equal(t, "https://news.example/1", linked.Key)
	require.Len(t, linked.Links, 2)
	for _, l := range linked.Links {
		assert.Equal(t, []string{"CVE-2026-20643"}, l.CVEs)
		assert.Equal(t, []string{"WebKit"}, l.Components)
	}
	assert.Empty(t, unlinked.Links)

	webkit := FilterComponent(items, "WebKit")
	require.Len(t, webkit, 1)
	assert.Equal(t, "https://news.example/1", webkit[0].Key)

	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)

	w.clock.add(time.Hour)
	news = append(news[1:], rssItem{title: "Another story", link: "https://news.example/3", published: day(2026, 4, 1), description: "Nothing about Apple."})
	w.m.set("/news.rss", rssFeed("news", news...))
	r = w.run(t)
	assert.Equal(t, []string{"news_item https://news.example/3"}, kinds(r.events))
	assert.NotContains(t, w.state.Reported, "news "+w.m.url("/news.rss")+" https://news.example/1", "items gone from the feed are forgotten")
}

func TestAggregatorStateRoundTripsThroughJSON(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	b, err := json.Marshal(w.state)
	require.NoError(t, err)
	var back State
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, w.state, back)

	// A run from the decoded State behaves like one from the original.
	w.clock.add(time.Hour)
	w.state = back
	r := w.run(t)
	assert.Empty(t, r.events)
	assert.Zero(t, r.stats.Parsed)
}

func TestAggregatorContextCancelled(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	events, _, err := w.agg.Run(ctx, State{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, events)
}

func TestNewAggregatorInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  AggregatorConfig
	}{
		// No source at all.
		{"no sources", AggregatorConfig{}},
		// A nil interface in the list.
		{"nil source", AggregatorConfig{Sources: []Source{AppleSource{}, nil}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewAggregator(tc.cfg)
			require.ErrorIs(t, err, ErrInvalidConfig)
		})
	}
}

func TestAggregatorConfigIsCopied(t *testing.T) {
	m := newTestMirror(t)
	publish(m, recentIOS())
	sources := []Source{AppleSource{BaseURL: m.url("")}}
	agg, err := NewAggregator(AggregatorConfig{Fetcher: mirrorClient(t, m), Sources: sources, Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	sources[0] = failingSource{}
	events, _, err := agg.Run(context.Background(), State{})
	require.NoError(t, err)
	assert.Len(t, events, 1)
}

// failingSource always fails.
type failingSource struct{}

func (failingSource) Name() string { return "failing" }
func (failingSource) Poll(context.Context, *PollEnv) error {
	return errors.New("failing source")
}
