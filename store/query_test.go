package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

func TestCVE(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t)
	require.NoError(t, db.PutKEV(ctx, map[string]advisory.Date{"cve-2025-43529": advisory.NewDate(2025, 12, 15)}, Fetch{URL: "https://www.cisa.gov/kev.json"}))
	require.NoError(t, db.PutNews(ctx, NewsItem{
		GUID: "n1", Source: "https://news.example/feed", Title: "Apple fixes WebKit zero-day", Link: "https://news.example/a",
		Published: time.Date(2025, 12, 13, 8, 0, 0, 0, time.UTC), CVEs: []string{"cve-2025-43529"}, Advisories: []string{"apple:125884"},
	}))

	t.Run("fixed in several advisories", func(t *testing.T) {
		ans, err := db.CVE("cve-2026-20643")
		require.NoError(t, err)
		assert.Equal(t, "CVE-2026-20643", ans.CVE)
		var urls []string
		for _, h := range ans.FixedIn {
			urls = append(urls, h.URL)
			assert.Equal(t, "WebKit", h.Component)
		}
		// By release date: the BSI first, then the three March 24 releases.
		assert.Equal(t, []string{
			"https://support.apple.com/en-us/126604",
			"https://support.apple.com/126792",
			"https://support.apple.com/126793",
			"https://support.apple.com/en-us/126794",
		}, urls)
		assert.Equal(t, []advisory.ProductVersion{{Platform: "iOS", Version: "26.3.1", Extra: "(a)"}, {Platform: "iPadOS", Version: "26.3.1", Extra: "(a)"}, {Platform: "macOS", Version: "26.3.1", Extra: "(a)"}, {Platform: "macOS", Version: "26.3.2", Extra: "(a)"}}, ans.FixedIn[0].Releases)
		assert.Empty(t, ans.MentionedIn)
		assert.True(t, ans.KEVAdded.IsZero())
		assert.Empty(t, ans.News)
	})
	// The advisory that fixes it also names it in another entry's prose:
	// it is listed once, as a fix, never as a mere mention.
	t.Run("fixed, mentioned by the same advisory, KEV and news", func(t *testing.T) {
		ans, err := db.CVE(" CVE-2025-43529 ")
		require.NoError(t, err)
		data, err := json.Marshal(ans)
		require.NoError(t, err)
		assert.JSONEq(t, `{
			"cve": "CVE-2025-43529",
			"fixed_in": [{"url": "https://support.apple.com/en-us/125884", "title": "About the security content of iOS 26.2 and iPadOS 26.2",
				"released": "2025-12-12", "component": "WebKit", "exploited": true,
				"releases": [{"platform": "iOS", "version": "26.2"}, {"platform": "iPadOS", "version": "26.2"}]}],
			"mentioned_in": [],
			"kev_added": "2025-12-15",
			"news": [{"title": "Apple fixes WebKit zero-day", "link": "https://news.example/a", "published": "2025-12-13T08:00:00Z", "source": "https://news.example/feed"}]
		}`, string(data))
	})
	t.Run("only mentioned", func(t *testing.T) {
		ans, err := db.CVE("CVE-2025-43272")
		require.NoError(t, err)
		assert.Empty(t, ans.FixedIn)
		require.Len(t, ans.MentionedIn, 1)
	})
	t.Run("fixed in two entries of one advisory", func(t *testing.T) {
		dir := t.TempDir()
		w, err := Open(context.Background(), dir, Options{})
		require.NoError(t, err)
		defer w.Close()
		a := &advisory.Advisory{Kind: "advisory", Origin: advisory.OriginPage, Title: "t", URL: "https://support.apple.com/en-us/1",
			Released: advisory.NewDate(2026, 1, 1), Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.1"}},
			Entries: []advisory.Entry{
				{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2026-11111"}}},
				{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2026-11111"}}, Exploited: true},
				{Component: "WebKit", MentionedCVEs: []string{"CVE-2026-11111"}},
			}}
		_, err = w.PutAdvisory(context.Background(), a, Fetch{URL: a.URL})
		require.NoError(t, err)
		ans, err := w.CVE("CVE-2026-11111")
		require.NoError(t, err)
		require.Len(t, ans.FixedIn, 1)
		assert.True(t, ans.FixedIn[0].Exploited)
		assert.Equal(t, "Kernel", ans.FixedIn[0].Component)
		assert.Empty(t, ans.MentionedIn)
	})
	t.Run("unknown", func(t *testing.T) {
		ans, err := db.CVE("CVE-1999-0001")
		require.NoError(t, err)
		data, err := json.Marshal(ans)
		require.NoError(t, err)
		assert.JSONEq(t, `{"cve":"CVE-1999-0001","fixed_in":[],"mentioned_in":[],"kev_added":"","news":[]}`, string(data))
	})
	for _, bad := range []string{"", "CVE-2026", "CVE-26-1234", "2026-20643", "CVE-2026-20643x", "CVE-2026-123"} {
		t.Run("malformed "+bad, func(t *testing.T) {
			_, err := db.CVE(bad)
			require.ErrorIs(t, err, ErrInvalidCVE)
		})
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t)
	require.NoError(t, db.PutKEV(ctx, map[string]advisory.Date{"CVE-2026-90201": advisory.NewDate(2026, 3, 30)}, Fetch{}))
	summary := func(ms []Match) []string {
		out := []string{}
		for _, m := range ms {
			s := m.Advisory.Released.String() + " " + m.Entry.Component
			for _, c := range m.Entry.CVEs {
				s += " " + c.ID
			}
			out = append(out, s)
		}
		return out
	}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		// WebKit includes its sub-areas, on every platform.
		{"webkit since", Query{Component: "WebKit", Since: advisory.NewDate(2025, 12, 12)}, []string{
			"2025-12-12 WebKit CVE-2025-14174",
			"2025-12-12 WebKit CVE-2025-43529",
			"2025-12-12 WebKit CVE-2025-43536",
			"2025-12-12 WebKit Web Inspector CVE-2025-43501",
			"2026-03-17 WebKit CVE-2026-20643",
			"2026-03-24 WebKit CVE-2026-20643",
			"2026-03-24 WebKit CVE-2026-28859",
			"2026-03-24 WebKit CVE-2026-20643",
			"2026-03-24 WebKit CVE-2026-20643",
			"2026-03-24 WebKit CVE-2026-28859",
		}},
		// macOS advisories only.
		{"kernel macos", Query{Component: "kernel", Platform: "macos"}, []string{"2026-03-24 Kernel CVE-2026-90201"}},
		// Exploited per Apple's text or CISA's catalog.
		{"exploited", Query{Exploited: true, Since: advisory.NewDate(2024, 1, 1)}, []string{
			"2025-12-12 WebKit CVE-2025-14174",
			"2025-12-12 WebKit CVE-2025-43529",
			"2026-03-24 Kernel CVE-2026-90201",
			"2026-03-24 Kernel CVE-2026-90201",
			"2026-03-24 Kernel CVE-2026-90201",
		}},
		// Nothing matches: empty, not nil.
		{"none", Query{Component: "Bluetooth"}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := db.List(tc.q)
			require.NotNil(t, got)
			assert.Equal(t, tc.want, summary(got))
		})
	}
}

func TestBSIWithdrawal(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	now := testNow
	db.now = func() time.Time { return now }
	a := BSIOffer{Platform: "iOS", Version: "16.5.1", Extra: "(a)", Build: "20F770750b", PrerequisiteBuild: "20F75", Devices: []string{"iPhone15,2"}, Expires: testNow.AddDate(0, 1, 0)}
	b := BSIOffer{Platform: "macOS", Version: "13.4.1", Extra: "(a)", Build: "22F770820b", PrerequisiteBuild: "22F82", Devices: []string{"J413AP"}, Expires: testNow.AddDate(0, 0, 1)}
	c := a
	c.Extra, c.Build = "(c)", "20F770750d"
	require.NoError(t, db.PutBSIs(ctx, []BSIOffer{a, b}, Fetch{URL: "https://gdmf.apple.com/v2/pmv"}))
	assert.Empty(t, db.Withdrawn())

	// Two days later: (a) is replaced by (c) before its expiry; the macOS
	// offer is gone after its expiry.
	now = testNow.AddDate(0, 0, 2)
	require.NoError(t, db.PutBSIs(ctx, []BSIOffer{c}, Fetch{URL: "https://gdmf.apple.com/v2/pmv"}))
	withdrawn := db.Withdrawn()
	require.Len(t, withdrawn, 1)
	assert.Equal(t, "iOS 16.5.1 (a) (20F770750b)", withdrawn[0].String())
	offers := db.BSIs()
	require.Len(t, offers, 3)
	assert.Equal(t, "(c)", offers[0].Extra)
	assert.Equal(t, now, offers[0].FirstSeen)
	assert.True(t, offers[1].Withdrawn)
	assert.Equal(t, now, offers[1].Gone)
	assert.Equal(t, testNow, offers[1].FirstSeen)
	assert.False(t, offers[2].Withdrawn)
	assert.Contains(t, offers[2].WithdrawnWhy, "expired")

	// Coverage takes them.
	cov, err := advisory.NewCoverage(nil, advisory.CoverageOptions{Withdrawn: db.Withdrawn()})
	require.ErrorIs(t, err, advisory.ErrNoAdvisories)
	assert.Nil(t, cov)

	// An empty list is refused rather than withdrawing everything.
	require.ErrorIs(t, db.PutBSIs(ctx, nil, Fetch{}), ErrInvalid)

	// (a) offered again is no longer withdrawn; it survives a reopen.
	require.NoError(t, db.PutBSIs(ctx, []BSIOffer{c, a}, Fetch{URL: "https://gdmf.apple.com/v2/pmv"}))
	assert.Empty(t, db.Withdrawn())
	require.NoError(t, db.Close())
	ro, err := OpenReadOnly(ctx, db.Path())
	require.NoError(t, err)
	require.Len(t, ro.BSIs(), 3)
	assert.Equal(t, testNow, ro.BSIs()[1].FirstSeen)
}

func TestBSIOffersFromPMV(t *testing.T) {
	pmv := parsePMV(t, fixture("pmv", "bsi_2026.json"))
	offers := BSIOffersFromPMV(pmv)
	require.NotEmpty(t, offers)
	for _, o := range offers {
		v, err := o.Release()
		require.NoError(t, err)
		assert.True(t, v.HasLetter(), v.String())
		assert.NotEmpty(t, o.Devices)
	}
}

func TestNewsAndPollState(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	st, err := db.PollState(ctx)
	require.NoError(t, err)
	assert.Nil(t, st)
	require.NoError(t, db.PutPollState(ctx, []byte(`{"version":3}`)))
	require.ErrorIs(t, db.PutNews(ctx, NewsItem{Title: "no guid"}), ErrInvalid)
	item := NewsItem{GUID: "g", Source: "s", Title: "first"}
	require.NoError(t, db.PutNews(ctx, item))
	item.Title = "second"
	require.NoError(t, db.PutNews(ctx, item))
	require.Len(t, db.News(), 1)
	assert.Equal(t, "second", db.News()[0].Title)
	require.NoError(t, db.Close())

	ro, err := OpenReadOnly(ctx, db.Path())
	require.NoError(t, err)
	st, err = ro.PollState(ctx)
	require.NoError(t, err)
	assert.Equal(t, `{"version":3}`, string(st))
	assert.Equal(t, "second", ro.News()[0].Title)
}

func TestFetchInfo(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t)
	require.NoError(t, db.PutKEV(ctx, nil, Fetch{URL: "https://www.cisa.gov/kev.json", ETag: `"k"`}))
	require.NoError(t, db.PutIndex(ctx, &advisory.Index{URL: "https://support.apple.com/en-us/100100"}, Fetch{ETag: `"i"`}))
	tests := []struct {
		name, url, etag string
		ok              bool
	}{
		// A page, by the address it was read from.
		{"page", "https://support.apple.com/en-us/126794", `"e1"`, true},
		// The same page under another address was not read.
		{"other form", "https://support.apple.com/126794", "", false},
		// A mail, by its archive address.
		{"mail", "https://seclists.org/fulldisclosure/2023/Jul/2", `"e1"`, true},
		{"mail not stored", "https://seclists.org/fulldisclosure/2023/Jul/3", "", false},
		// The index and the catalog.
		{"index", "https://support.apple.com/en-us/100100", `"i"`, true},
		{"kev", "https://www.cisa.gov/kev.json", `"k"`, true},
		// Nothing.
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := db.FetchInfo(tc.url)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.etag, f.ETag)
		})
	}
}

func TestHas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir(), Options{})
	require.NoError(t, err)
	defer db.Close()
	mail := &advisory.Advisory{Kind: "advisory", Origin: advisory.OriginMail, ID: "APPLE-SA-01-01-2026-1", Title: "t",
		URL: "https://support.apple.com/2", Released: advisory.NewDate(2026, 1, 1)}
	_, err = db.PutAdvisory(ctx, mail, Fetch{URL: "https://seclists.org/x"})
	require.NoError(t, err)
	record, page := db.Has("apple:2")
	assert.True(t, record)
	assert.False(t, page, "only a mail names it")
	record, page = db.Has("apple:3")
	assert.False(t, record)
	assert.False(t, page)
}
