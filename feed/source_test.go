package feed

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

func TestAdvisoryKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// The page as the index links it.
		{"locale", "https://support.apple.com/en-us/126604", "apple:126604"},
		// A mail names the page without locale.
		{"no locale", "https://support.apple.com/126604", "apple:126604"},
		// A mirror serves the same paths.
		{"mirror", "http://127.0.0.1:8080/en-us/126604", "apple:126604"},
		// Legacy kb address.
		{"kb", "http://support.apple.com/kb/HT5642", "apple:HT5642"},
		// Legacy address with locale, lower case.
		{"ht locale", "https://support.apple.com/en-gb/ht213635", "apple:HT213635"},
		// Trailing slash and fragment.
		{"slash fragment", "https://support.apple.com/en-us/126604/#top", "apple:126604"},
		// Not a support document: the URL itself, without fragment.
		{"other", "https://seclists.org/fulldisclosure/2026/Mar/10#x", "https://seclists.org/fulldisclosure/2026/Mar/10"},
		// A query makes it another document.
		{"query", "https://example.org/126604?x=1", "https://example.org/126604?x=1"},
		// Nothing.
		{"empty", "  ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, AdvisoryKey(tc.in))
		})
	}
}

func TestEntryKey(t *testing.T) {
	tests := []struct {
		name string
		e    advisory.Entry
		want string
	}{
		// CVE IDs are sorted and upper-cased.
		{"sorted", advisory.Entry{Component: "WebKit", CVEs: []advisory.CVE{{ID: "CVE-2026-2"}, {ID: "cve-2026-1"}}}, "WebKit|CVE-2026-1,CVE-2026-2"},
		// An entry with no CVE is keyed by a hash of its text.
		{"no cve", advisory.Entry{Component: "Kernel", Impact: "x"}, "Kernel|#" + fingerprint("x\n")[:8]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := EntryKey(tc.e)
			assert.Equal(t, tc.want, k)
			assert.Equal(t, tc.e.Component, entryKeyComponent(k))
		})
	}
	assert.Equal(t, []string{"CVE-2026-1", "CVE-2026-2"}, entryKeyCVEs("WebKit|CVE-2026-1,CVE-2026-2#2"))
	assert.Nil(t, entryKeyCVEs("Kernel|#abcdef12"))
}

func TestDiffEntries(t *testing.T) {
	wk := func(cve, desc string) advisory.Entry {
		return advisory.Entry{Component: "WebKit", Description: desc, CVEs: []advisory.CVE{{ID: cve}}}
	}
	_, prev := DiffEntries(nil, []advisory.Entry{wk("CVE-1", "a"), wk("CVE-2", "b"), wk("CVE-3", "c")})

	tests := []struct {
		name    string
		entries []advisory.Entry
		added   []string
		changed []string
		removed []string
	}{
		// Same entries, another order: nothing.
		{"reordered", []advisory.Entry{wk("CVE-3", "c"), wk("CVE-1", "a"), wk("CVE-2", "b")}, nil, nil, nil},
		// One more entry.
		{"added", []advisory.Entry{wk("CVE-1", "a"), wk("CVE-2", "b"), wk("CVE-3", "c"), wk("CVE-4", "d")}, []string{"CVE-4"}, nil, nil},
		// An entry's text changed.
		{"changed", []advisory.Entry{wk("CVE-1", "a"), wk("CVE-2", "b2"), wk("CVE-3", "c")}, nil, []string{"CVE-2"}, nil},
		// An entry is gone.
		{"removed", []advisory.Entry{wk("CVE-1", "a"), wk("CVE-3", "c")}, nil, nil, []string{"WebKit|CVE-2"}},
		// A second entry with an existing key is a new entry, told apart by a suffix.
		{"duplicate key", []advisory.Entry{wk("CVE-1", "a"), wk("CVE-1", "again"), wk("CVE-2", "b"), wk("CVE-3", "c")}, []string{"CVE-1"}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(prev)
			d, next := DiffEntries(prev, tc.entries)
			assert.Equal(t, tc.added, cveIDs(d.Added))
			assert.Equal(t, tc.changed, cveIDs(d.Changed))
			assert.Equal(t, tc.removed, d.Removed)
			assert.Equal(t, len(tc.entries), len(next))
			assert.Len(t, prev, before, "prev is not changed")
			assert.Equal(t, tc.added == nil && tc.changed == nil && tc.removed == nil, d.Empty())
		})
	}
}

func TestEntryFingerprintSeesEveryField(t *testing.T) {
	base := advisory.Entry{Component: "WebKit", Impact: "i", Description: "d", CVEs: []advisory.CVE{{ID: "CVE-1", Credit: "c"}}}
	edits := map[string]func(*advisory.Entry){
		"impact":    func(e *advisory.Entry) { e.Impact = "i2" },
		"credit":    func(e *advisory.Entry) { e.CVEs = []advisory.CVE{{ID: "CVE-1", Credit: "c2"}} },
		"exploited": func(e *advisory.Entry) { e.Exploited = true },
		"updated":   func(e *advisory.Entry) { e.Updated = advisory.NewDate(2026, 4, 1) },
		"bugzilla":  func(e *advisory.Entry) { e.WebKitBugzilla = []int{1} },
		"available": func(e *advisory.Entry) { e.AvailableFor = "macOS Tahoe" },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			e := base
			edit(&e)
			assert.NotEqual(t, EntryFingerprint(base), EntryFingerprint(e))
			assert.Equal(t, EntryKey(base), EntryKey(e), "the key survives edits")
		})
	}
}

func TestMailText(t *testing.T) {
	mail := recentIOS().mail("APPLE-SA-03-24-2026-1")
	tests := []struct {
		name string
		body []byte
		want string
		ok   bool
	}{
		// seclists.org: a header <pre>, then the mail's <pre> with entities.
		{"seclists", seclistsPage("APPLE-SA-03-24-2026-1 iOS 26.4", mail), mail, true},
		// Links inside the <pre> keep their text.
		{"links", []byte("<html><body><pre>APPLE-SA-1 x\n<a href=\"https://support.apple.com/1\">https://support.apple.com/1</a>.</pre></body></html>"), "APPLE-SA-1 x\nhttps://support.apple.com/1.", true},
		// A plain-text copy is read as is.
		{"plain", []byte(mail), mail, true},
		// A page with no mail.
		{"no mail", []byte("<html><body><pre>hello</pre></body></html>"), "", false},
		// Plain text that is no mail.
		{"plain no mail", []byte("hello"), "hello", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := MailText(tc.body)
			assert.Equal(t, tc.ok, ok)
			if tc.ok {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func TestAppleSourceRebase(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:9000")
	s := AppleSource{}
	tests := []struct {
		name, link, want string
		ok               bool
	}{
		// Apple's host maps onto the mirror.
		{"apple", "https://support.apple.com/en-us/126604", "http://127.0.0.1:9000/en-us/126604", true},
		// The mirror's own links stay.
		{"mirror", "http://127.0.0.1:9000/en-us/1", "http://127.0.0.1:9000/en-us/1", true},
		// Elsewhere is not crawled.
		{"elsewhere", "https://www.apple.com/support/security/", "", false},
		// Relative links were resolved by the parser; a bare path is refused.
		{"relative", "/en-us/1", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.rebase(base, tc.link)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAppleSourceInvalidBaseURL(t *testing.T) {
	agg, err := NewAggregator(AggregatorConfig{Fetcher: fetcherFunc(nil), Sources: []Source{AppleSource{BaseURL: "support.apple.com"}}})
	require.NoError(t, err)
	_, _, err = agg.Run(context.Background(), State{})
	require.ErrorIs(t, err, ErrInvalidConfig)
}

// fetcherFunc adapts a function to Fetcher.
type fetcherFunc func(ctx context.Context, url string, prev Validators) (Response, error)

func (f fetcherFunc) Fetch(ctx context.Context, url string, prev Validators) (Response, error) {
	return f(ctx, url, prev)
}

func TestPageRowEncoding(t *testing.T) {
	r := pageRow{listed: advisory.NewDate(2026, 3, 24), fp: "abc"}
	assert.Equal(t, r, decodePageRow(r.encode()))
	assert.Equal(t, pageRow{fp: "abc"}, decodePageRow(" abc"), "a row with no date")
	assert.Equal(t, pageRow{}, decodePageRow("garbage"))
	full := pageRow{listed: advisory.NewDate(2025, 1, 10), fp: "f", from: "https://support.apple.com/en-us/100100", pending: true}
	assert.Equal(t, full, decodePageRow(full.encode()))
	assert.Equal(t, pageRow{listed: advisory.NewDate(2026, 3, 24), fp: "abc"}, decodePageRow("2026-03-24 abc"), "the older two-field form")
}

func TestPollEnvRemember(t *testing.T) {
	prev := State{Reported: map[string]string{"news a": "1", "news b": "2", "page x": "3"}}
	env := newPollEnv("test", nil, prev, time.Time{}, discardLogger(), nil)
	env.Remember("news c", "4")
	env.Forget("news a")
	assert.Equal(t, []string{"news b", "news c"}, env.RememberedKeys("news "))
	_, ok := env.Remembered("news a")
	assert.False(t, ok)
	v, ok := env.Remembered("news b")
	assert.True(t, ok)
	assert.Equal(t, "2", v)
	env.Remember("news a", "5")
	v, _ = env.Remembered("news a")
	assert.Equal(t, "5", v)
	assert.Len(t, prev.Reported, 3, "Prev is not changed")
}

func TestStateCloneIsDeep(t *testing.T) {
	s := State{
		Version:    StateVersion,
		Validators: map[string]Validators{"u": {ETag: "e"}},
		Checked:    map[string]time.Time{"u": testNow},
		Reported:   map[string]string{"k": "v"},
		Entries:    map[string]map[string]string{"a": {"e": "f"}},
		Advisories: map[string]AdvisoryRecord{"a": {CVEs: []string{"CVE-1"}, Exploited: []string{"CVE-1"}, Releases: []advisory.ProductVersion{{Platform: "iOS"}}}},
		BSIs:       map[string]BSIRecord{"b": {BSI: BSI{SupportedDevices: []string{"iPhone17,1"}}}},
		KEV:        map[string]string{"CVE-1": "2026-01-01"},
	}
	want, err := json.Marshal(s)
	require.NoError(t, err)
	c := s.Clone()
	c.Validators["u"] = Validators{}
	c.Checked["v"] = testNow
	c.Reported["k"] = "w"
	c.Entries["a"]["e"] = "g"
	c.Advisories["a"].CVEs[0] = "CVE-2"
	c.Advisories["a"].Exploited[0] = "CVE-2"
	c.Advisories["a"].Releases[0].Platform = "macOS"
	c.BSIs["b"].BSI.SupportedDevices[0] = "x"
	c.KEV["CVE-2"] = ""
	got, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	assert.Equal(t, State{}, State{}.Clone())
}

func TestFilterComponent(t *testing.T) {
	wk := advisory.Entry{Component: "WebKit Canvas", CVEs: []advisory.CVE{{ID: "CVE-1"}}}
	kern := advisory.Entry{Component: "Kernel", CVEs: []advisory.CVE{{ID: "CVE-2"}}}
	adv := &advisory.Advisory{Title: "t", Entries: []advisory.Entry{wk, kern},
		Acknowledgements: []advisory.Acknowledgement{{Component: "WebKit"}, {Component: "Safari"}}}
	events := []Event{
		{Kind: KindNewAdvisory, Key: "both", Advisory: adv, InKEV: []string{"CVE-1", "CVE-2"}},
		{Kind: KindNewAdvisory, Key: "kernel only", Advisory: &advisory.Advisory{Entries: []advisory.Entry{kern}}},
		{Kind: KindAdvisoryUpdated, Key: "added kernel", Advisory: adv, Added: []advisory.Entry{kern}},
		{Kind: KindAdvisoryUpdated, Key: "removed webkit", Advisory: adv, Removed: []string{"WebKit|CVE-3"}},
		{Kind: KindExploitedNewlySet, Key: "exploited", Exploited: []ExploitedCVE{{ID: "CVE-1", Component: "WebKit"}, {ID: "CVE-2", Component: "Kernel"}}},
		{Kind: KindNewBSI, Key: "bsi", BSI: &BSI{Platform: "iOS"}},
		{Kind: KindNewsItem, Key: "news linked", Links: []Link{{Components: []string{"WebKit"}}}},
		{Kind: KindNewsItem, Key: "news unrelated", News: &NewsItem{Advisory: &advisory.Advisory{}}},
		{Kind: KindProblem, Key: "problem"},
	}
	before, err := json.Marshal(events)
	require.NoError(t, err)

	got := FilterComponent(events, "WebKit")
	assert.Equal(t, []string{
		"new_advisory both", "advisory_updated removed webkit", "exploited_newly_set exploited",
		"new_bsi bsi", "news_item news linked", "problem problem",
	}, kinds(got))
	assert.Equal(t, []advisory.Entry{wk}, got[0].Advisory.Entries)
	assert.Equal(t, []advisory.Acknowledgement{{Component: "WebKit"}}, got[0].Advisory.Acknowledgements)
	assert.Equal(t, []string{"CVE-1"}, got[0].InKEV)
	assert.Equal(t, []ExploitedCVE{{ID: "CVE-1", Component: "WebKit"}}, got[2].Exploited)

	after, err := json.Marshal(events)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after), "the events passed in are not changed")
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// FuzzMailText: any page gives a result without panicking, and a mail found
// is an APPLE-SA one.
func FuzzMailText(f *testing.F) {
	mail := recentIOS().mail("APPLE-SA-03-24-2026-1")
	f.Add(seclistsPage("APPLE-SA-03-24-2026-1 iOS 26.4", mail))
	f.Add([]byte(mail))
	f.Add([]byte("<pre><pre>APPLE-SA-</pre></pre></pre><br>"))
	f.Add([]byte("<html><pre>&lt;APPLE-SA-1&gt;"))
	f.Fuzz(func(t *testing.T, body []byte) {
		text, ok := MailText(body)
		if ok && !strings.Contains(text, "APPLE-SA-") {
			t.Fatalf("MailText reported a mail without an APPLE-SA ID: %q", text)
		}
		if len(text) > len(body)*4+16 {
			t.Fatalf("MailText returned %d bytes from %d", len(text), len(body))
		}
	})
}

// FuzzAdvisoryKey: any URL gives a key without panicking, stable under a
// second application for Apple documents.
func FuzzAdvisoryKey(f *testing.F) {
	for _, s := range []string{"https://support.apple.com/en-us/126604", "http://support.apple.com/kb/HT5642", "https://x/%zz", "::", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := AdvisoryKey(s)
		if strings.HasPrefix(k, "apple:") && AdvisoryKey("https://support.apple.com/"+strings.TrimPrefix(k, "apple:")) != k {
			t.Fatalf("key %q of %q does not round-trip", k, s)
		}
	})
}
