package store

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

// ios264 returns the iOS 26.4 mail and a page of the same document made
// from it: the page's own title, no APPLE-SA ID, a reworded description,
// and an entry Apple added to the page after the mail went out.
func ios264(t *testing.T) (mail, page *advisory.Advisory) {
	mail = parseFixture(t, fixture("coverage", "APPLE-SA-2026-03-24-1.txt"), "https://seclists.org/fulldisclosure/2026/Mar/20")
	p := *mail
	p.Origin = advisory.OriginPage
	p.ID = ""
	p.URL = "https://support.apple.com/en-us/126792"
	p.Title = "About the security content of iOS 26.4 and iPadOS 26.4"
	p.Entries = slices.Clone(mail.Entries)
	p.Entries[0].Description = "The page's own wording."
	p.Entries = append(p.Entries, advisory.Entry{
		Component: "Safari", Impact: "Later", Description: "Added later",
		CVEs:  []advisory.CVE{{ID: "CVE-2026-90999"}},
		Added: advisory.NewDate(2026, 4, 20),
	})
	return mail, &p
}

func TestPageAndMailMerge(t *testing.T) {
	for _, order := range []string{"mail first", "page first"} {
		t.Run(order, func(t *testing.T) {
			db := openTemp(t)
			mail, page := ios264(t)
			first, second := mail, page
			if order == "page first" {
				first, second = page, mail
			}
			from := map[*advisory.Advisory]string{mail: "https://seclists.org/fulldisclosure/2026/Mar/20"}
			c1 := put(t, db, first, from[first])
			assert.True(t, c1.New)
			assert.Len(t, c1.Added, len(first.Entries))
			c2 := put(t, db, second, from[second])
			assert.False(t, c2.New)
			// The entry the mail lacks is no disagreement: the page marks it
			// added after the mail's date.
			assert.Empty(t, c2.Disagreements)

			recs := db.Records()
			require.Len(t, recs, 1)
			r := recs[0]
			assert.Equal(t, "apple:126792", r.Key)
			require.NotNil(t, r.Page)
			require.Len(t, r.Mails, 1)
			assert.Equal(t, "mail APPLE-SA-03-24-2026-1", r.Mails[0].Source)
			assert.Equal(t, "https://seclists.org/fulldisclosure/2026/Mar/20", r.Mails[0].Fetch.URL)
			assert.Equal(t, "https://support.apple.com/en-us/126792", r.Page.Fetch.URL)
			assert.Equal(t, `"e1"`, r.Page.Fetch.ETag)
			assert.Empty(t, r.Disagreements)

			m := r.Merged
			// The page wins: its title, URL, wording and entries.
			assert.Equal(t, advisory.OriginPage, m.Origin)
			assert.Equal(t, page.Title, m.Title)
			assert.Equal(t, page.URL, m.URL)
			assert.Equal(t, "The page's own wording.", m.Entries[0].Description)
			assert.Len(t, m.Entries, len(page.Entries))
			// The mail's extra field is kept.
			assert.Equal(t, "APPLE-SA-03-24-2026-1", m.ID)
		})
	}
}

func TestMailOnlyKeepsEveryRelease(t *testing.T) {
	db := openTemp(t)
	a := parseFixture(t, fixture("coverage", "APPLE-SA-2023-07-10-2.txt"), "https://seclists.org/fulldisclosure/2023/Jul/1")
	c := parseFixture(t, fixture("coverage", "APPLE-SA-2023-07-12-1.txt"), "https://seclists.org/fulldisclosure/2023/Jul/2")
	put(t, db, c, "https://seclists.org/fulldisclosure/2023/Jul/2")
	ch := put(t, db, a, "https://seclists.org/fulldisclosure/2023/Jul/1")
	assert.False(t, ch.New)
	advs := db.Advisories()
	require.Len(t, advs, 1)
	m := advs[0]
	// The newest mail is the base; the withdrawn (a) releases stay listed,
	// since devices installed them.
	assert.Equal(t, "APPLE-SA-2023-07-12-1", m.ID)
	assert.Equal(t, advisory.NewDate(2023, 7, 12), m.Released)
	assert.Equal(t, "iOS 16.5.1 (a), iOS 16.5.1 (c), iPadOS 16.5.1 (a), iPadOS 16.5.1 (c), macOS 13.4.1 (a), macOS 13.4.1 (c)", releasesText(m.Releases))

	// The two mails disagree on date and releases: both recorded, with
	// their sources, and reported by the write that found them.
	want := []Disagreement{
		{Key: "apple:HT213823", Field: FieldReleased, Values: []SourcedValue{
			{Source: "mail APPLE-SA-2023-07-10-2", URL: "https://seclists.org/fulldisclosure/2023/Jul/1", Value: "2023-07-10"},
			{Source: "mail APPLE-SA-2023-07-12-1", URL: "https://seclists.org/fulldisclosure/2023/Jul/2", Value: "2023-07-12"},
		}},
		{Key: "apple:HT213823", Field: FieldReleases, Values: []SourcedValue{
			{Source: "mail APPLE-SA-2023-07-10-2", URL: "https://seclists.org/fulldisclosure/2023/Jul/1", Value: "iOS 16.5.1 (a), iPadOS 16.5.1 (a), macOS 13.4.1 (a)"},
			{Source: "mail APPLE-SA-2023-07-12-1", URL: "https://seclists.org/fulldisclosure/2023/Jul/2", Value: "iOS 16.5.1 (c), iPadOS 16.5.1 (c), macOS 13.4.1 (c)"},
		}},
	}
	assert.Equal(t, want, ch.Disagreements)
	assert.Equal(t, want, db.Disagreements())
	// Storing the same mail again finds nothing new.
	again := put(t, db, a, "https://seclists.org/fulldisclosure/2023/Jul/1")
	assert.Empty(t, again.Disagreements)
	assert.False(t, again.Updated)
}

func TestDisagreementsRecorded(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	mail, page := ios264(t)
	page.Released = advisory.NewDate(2026, 3, 25)
	// The page drops a CVE the mail lists (not an entry added later).
	page.Entries = page.Entries[1:]
	put(t, db, mail, "https://seclists.org/fulldisclosure/2026/Mar/20")
	c := put(t, db, page, "")
	require.Len(t, c.Disagreements, 2)
	assert.Equal(t, FieldCVEs, c.Disagreements[0].Field)
	assert.Equal(t, "page", c.Disagreements[0].Values[0].Source)
	assert.NotContains(t, c.Disagreements[0].Values[0].Value, "CVE-2026-90201")
	assert.Contains(t, c.Disagreements[0].Values[1].Value, "CVE-2026-90201")
	assert.Equal(t, Disagreement{Key: "apple:126792", Field: FieldReleased, Values: []SourcedValue{
		{Source: "page", URL: page.URL, Value: "2026-03-25"},
		{Source: "mail APPLE-SA-03-24-2026-1", URL: "https://seclists.org/fulldisclosure/2026/Mar/20", Value: "2026-03-24"},
	}}, c.Disagreements[1])
	// Answers use the page's value.
	assert.Equal(t, advisory.NewDate(2026, 3, 25), db.Advisories()[0].Released)

	// An index row that links the page with another release and date.
	idx := &advisory.Index{Kind: "index", Title: "Apple security releases", URL: "https://support.apple.com/en-us/100100", Rows: []advisory.Release{{
		Name: "iOS 26.4.1", URL: "https://support.apple.com/en-us/126792", Released: advisory.NewDate(2026, 3, 24),
		Releases: []advisory.ProductVersion{{Platform: "iOS", Version: "26.4.1"}},
	}}}
	require.NoError(t, db.PutIndex(ctx, idx, Fetch{URL: idx.URL, Checked: testNow}))
	var fromIndex []Disagreement
	for _, d := range db.Disagreements() {
		if d.Values[len(d.Values)-1].Source == "index" {
			fromIndex = append(fromIndex, d)
		}
	}
	assert.Equal(t, []Disagreement{
		{Key: "apple:126792", Field: FieldReleased, Values: []SourcedValue{
			{Source: "page", URL: page.URL, Value: "2026-03-25"},
			{Source: "index", URL: idx.URL, Value: "2026-03-24"},
		}},
		{Key: "apple:126792", Field: FieldReleases, Values: []SourcedValue{
			{Source: "page", URL: page.URL, Value: "iOS 26.4, iPadOS 26.4"},
			{Source: "index", URL: idx.URL, Value: "iOS 26.4.1"},
		}},
	}, fromIndex)
	rows := db.IndexRows()
	require.Len(t, rows, 1)
	assert.Equal(t, "apple:126792", rows[0].Key)

	// The page updated later: the write reports the index disagreement it
	// now has, and no longer the date one it had before.
	page2 := *page
	page2.Released = advisory.NewDate(2026, 3, 24)
	c2 := put(t, db, &page2, "")
	assert.True(t, c2.Updated)
	assert.Empty(t, c2.Disagreements, "the remaining disagreements were known before")
	require.NoError(t, db.Close())
	ro, err := OpenReadOnly(ctx, db.Path())
	require.NoError(t, err)
	assert.Len(t, ro.Disagreements(), 2, "CVE set with the mail, releases with the index row")
}

func TestChangeTellsEntries(t *testing.T) {
	db := openTemp(t)
	_, page := ios264(t)
	put(t, db, page, "")
	next := *page
	next.Entries = slices.Clone(page.Entries[1:])
	next.Entries[0].Impact = "Reworded impact"
	next.Entries = append(next.Entries, advisory.Entry{Component: "WebKit", CVEs: []advisory.CVE{{ID: "CVE-2026-91000"}}})
	c := put(t, db, &next, "")
	assert.True(t, c.Updated)
	assert.False(t, c.New)
	require.Len(t, c.Added, 1)
	assert.Equal(t, "CVE-2026-91000", c.Added[0].CVEs[0].ID)
	require.Len(t, c.Changed, 1)
	assert.Equal(t, "Reworded impact", c.Changed[0].Impact)
	require.Len(t, c.Removed, 1)
	assert.Equal(t, page.Entries[0].CVEs, c.Removed[0].CVEs)
}

func TestPutAdvisoryRefusesBadInput(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	_, err := db.PutAdvisory(ctx, nil, Fetch{})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = db.PutAdvisory(ctx, &advisory.Advisory{Origin: advisory.OriginPage, Title: "x"}, Fetch{})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = db.PutAdvisory(ctx, &advisory.Advisory{Origin: advisory.OriginNews, URL: "https://example.org/n"}, Fetch{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.True(t, db.Empty())
}

func TestTruncatedMailNotCompared(t *testing.T) {
	db := openTemp(t)
	mail, page := ios264(t)
	cut := *mail
	cut.Entries = mail.Entries[:2]
	cut.Truncated = true
	put(t, db, page, "")
	c := put(t, db, &cut, "https://seclists.org/fulldisclosure/2026/Mar/20")
	// A copy cut short lacks CVEs because it was cut, not because Apple
	// disagrees.
	assert.Empty(t, c.Disagreements)
	assert.Empty(t, db.Disagreements())
}

func TestChangeTellsEntriesThatShareAKey(t *testing.T) {
	// Old pages list several fixes under one heading without CVE lines that
	// tell them apart: two entries may share a key. Stored again unchanged,
	// nothing changed; a third like them is added, not a change of one.
	db := openTemp(t)
	_, page := ios264(t)
	twin := advisory.Entry{Component: "WebKit", Impact: "Same", Description: "Same"}
	page.Entries = append(page.Entries, twin, twin)
	put(t, db, page, "")
	again := *page
	again.Entries = slices.Clone(page.Entries)
	c := put(t, db, &again, "")
	assert.Empty(t, c.Added)
	assert.Empty(t, c.Changed)
	assert.Empty(t, c.Removed)

	more := again
	more.Entries = append(slices.Clone(again.Entries), twin)
	c = put(t, db, &more, "")
	assert.Len(t, c.Added, 1)
	assert.Empty(t, c.Changed)
	assert.Empty(t, c.Removed)
}

func TestEntryKeys(t *testing.T) {
	a := advisory.Entry{Component: "WebKit", CVEs: []advisory.CVE{{ID: "cve-2026-2"}, {ID: "CVE-2026-1"}, {ID: "CVE-2026-1"}}}
	b := advisory.Entry{Component: "Kernel", Impact: "x", Description: "y"}
	assert.Equal(t, []string{"WebKit|CVE-2026-1,CVE-2026-2", "Kernel|#" + EntryKey(b)[len("Kernel|#"):], "WebKit|CVE-2026-1,CVE-2026-2#2", "WebKit|CVE-2026-1,CVE-2026-2#3"},
		EntryKeys([]advisory.Entry{a, b, a, a}))
	assert.Len(t, EntryKey(b), len("Kernel|#")+8)
}
