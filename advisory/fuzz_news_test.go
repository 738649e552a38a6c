package advisory

import (
	"strings"
	"testing"
	"time"
)

// FuzzFromNews checks that news extraction never panics, keeps its slices
// non-nil, names only platforms it knows, and stays within its input.
func FuzzFromNews(f *testing.F) {
	f.Add("Apple fixes WebKit zero-day", "<p>CVE-2026-20643 in iOS and iPadOS 26.3.1 (a), macOS Sequoia 15.7.4 and 15.7.5.</p>")
	f.Add("", "iOS 16.5.1(c) may have been actively exploited. Trend Micro's Zero Day Initiative.")
	f.Add("Patch roundup", "<script>x</script><ul><li>Safari 26.4</li></ul>&#8217;&amp;<br/>kernel")
	f.Add("iOS, iPadOS, and", "macOS 1.2.3.4.5 iOS 18.1b iOS 18 . ! ? CVE-2026-1")
	f.Fuzz(func(t *testing.T, title, text string) {
		a := FromNews(News{Title: title, Text: text, Link: "https://news.example.org/x", Published: time.Unix(0, 0)})
		if a == nil || a.Releases == nil || a.Entries == nil || a.Acknowledgements == nil {
			t.Fatalf("nil advisory or slice: %+v", a)
		}
		for _, r := range a.Releases {
			if newsPlatformNames[r.Platform] != r.Platform || r.Version == "" {
				t.Fatalf("bad release %+v", r)
			}
			if !strings.Contains(NewsText(title), r.Version) && !strings.Contains(NewsText(text), r.Version) {
				t.Fatalf("version %q not in input", r.Version)
			}
		}
		seen := map[string]bool{}
		for _, e := range a.Entries {
			if e.CVEs == nil || e.MentionedCVEs == nil || e.WebKitBugzilla == nil {
				t.Fatalf("nil slice in entry %+v", e)
			}
			for _, c := range e.CVEs {
				if seen[c.ID] {
					t.Fatalf("CVE %s in two entries", c.ID)
				}
				seen[c.ID] = true
			}
		}
		_ = LinkNews(a, []*Advisory{a, FromNews(News{Text: text})})
	})
}

// FuzzNewsText checks that tag stripping never panics and returns no markup
// line breaks it did not fold.
func FuzzNewsText(f *testing.F) {
	f.Add("<p>a</p><br>b")
	f.Add("<script>")
	f.Add("&#xFFFFFF;&amp")
	f.Fuzz(func(t *testing.T, s string) {
		out := NewsText(s)
		for line := range strings.SplitSeq(out, "\n") {
			if line == "" && out != "" {
				t.Fatalf("empty line in %q", out)
			}
		}
	})
}
