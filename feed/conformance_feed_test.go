package feed

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
)

// realworldReplay lays the real captures out as a replay directory (in a
// temporary directory, never in the repository): the 2024 index as
// support.apple.com/en-us/100100, the iOS 17.5 page under its address, the
// pmv response, the KEV catalog, the developer releases feed, a news excerpt,
// and the BSI mail wrapped in a seclists.org-like page announced by a
// one-item list feed.
func realworldReplay(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	put := func(dst string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(dst))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	copyCapture := func(rel, dst string) {
		data, err := os.ReadFile(realworld.Path(t, rel))
		require.NoError(t, err)
		put(dst, data)
	}
	copyCapture("apple-index/sec_page_2024.html", "support.apple.com/en-us/100100.html")
	copyCapture("apple-advisory/ios-17.5.html", "support.apple.com/en-us/120905.html")
	copyCapture("apple-gdmf/pmv.json", "gdmf.apple.com/v2/pmv.json")
	copyCapture("kev/kev_catalog.json", "www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json")
	copyCapture("apple-developer/releases.rss", "developer.apple.com/news/releases/rss/releases.rss")
	copyCapture("news/bleepingcomputer-2024-03-14-excerpt.xml", "www.bleepingcomputer.com/feed.xml")

	mail, err := os.ReadFile(realworld.Path(t, "apple-sa/APPLE-SA-2026-03-17-1.txt"))
	require.NoError(t, err)
	subject := "APPLE-SA-03-17-2026-1 Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2"
	put("seclists.org/fulldisclosure/2026/Mar/10.html", seclistsPage(subject, string(mail)))
	put("seclists.org/rss/fulldisclosure.rss", rssFeed("Full Disclosure",
		rssItem{title: subject, link: "https://seclists.org/fulldisclosure/2026/Mar/10", published: day(2026, 3, 18)}))
	return dir
}

func TestConformanceAggregatorOnRealCaptures(t *testing.T) {
	dir := realworldReplay(t)
	client, err := NewClient(Config{HTTPClient: &http.Client{Transport: NewReplay(dir)}, DefaultRate: RateLimit{Unlimited: true}, Retries: -1})
	require.NoError(t, err)
	var stats Stats
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher: client,
		Sources: []Source{
			AppleSource{}, MailListSource{}, GDMFSource{}, KEVSource{},
			DeveloperSource{}, NewsSource{URL: "https://www.bleepingcomputer.com/feed.xml"},
		},
		Now: func() time.Time { return day(2026, 3, 20) },
		Progress: func(p Progress) {
			if p.Final {
				stats = p.Stats
			}
		},
	})
	require.NoError(t, err)

	events, state, err := agg.Run(context.Background(), State{})
	require.NoError(t, err)
	byKind := map[EventKind][]Event{}
	for _, ev := range events {
		byKind[ev.Kind] = append(byKind[ev.Kind], ev)
	}

	// The iOS 17.5 page and the BSI mail are the advisories at hand.
	require.Len(t, byKind[KindNewAdvisory], 2, kinds(events))
	ios := byKind[KindNewAdvisory][0]
	assert.Equal(t, "apple:120905", ios.Key)
	assert.Equal(t, "https://support.apple.com/en-us/120905", ios.Ref.URL)
	webkit := FilterComponent([]Event{ios}, "WebKit")
	require.Len(t, webkit, 1)
	assert.GreaterOrEqual(t, len(webkit[0].Advisory.Entries), 5)
	bsiMail := byKind[KindNewAdvisory][1]
	assert.Equal(t, "apple:126604", bsiMail.Key, "the mail is keyed by the page it names")
	assert.Equal(t, "mail", bsiMail.Source)

	// Every other linked row of the index is a page missing from the captures.
	for _, p := range byKind[KindProblem] {
		assert.Contains(t, p.Reason, "404", p.Key)
		assert.True(t, strings.HasPrefix(p.Key, "https://support.apple.com/en-us/"), p.Key)
	}
	assert.Greater(t, len(byKind[KindProblem]), 30)

	// The BSIs of March 17, 2026 are offered; the iOS one links to the mail's advisory.
	var names []string
	for _, ev := range byKind[KindNewBSI] {
		names = append(names, ev.BSI.Name())
		if ev.BSI.Name() == "iOS 26.3.1 (a)" {
			require.NotEmpty(t, ev.Links)
			assert.Equal(t, "apple:126604", ev.Links[0].Advisory.Key)
		}
	}
	assert.Subset(t, names, []string{"iOS 26.3.1 (a)", "iPadOS 26.3.1 (a)", "macOS 26.3.1 (a)", "macOS 26.3.2 (a)"})

	// Final releases of the developer feed and the news item.
	assert.NotEmpty(t, byKind[KindNewsItem])
	assert.NotEmpty(t, state.KEV)

	// Unchanged: nothing reported, nothing parsed, nothing downloaded.
	events, _, err = agg.Run(context.Background(), state)
	require.NoError(t, err)
	assert.Empty(t, events)
	assert.Zero(t, stats.Parsed)
	assert.Zero(t, stats.Bytes)
	assert.Equal(t, stats.Requests, stats.NotModified)
}
