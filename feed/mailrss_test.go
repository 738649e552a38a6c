package feed

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMailListGolden(t *testing.T) {
	links, err := ParseMailList(openTestdata(t, "maillist/fulldisclosure.rss"), "https://seclists.org/rss/fulldisclosure.rss")
	require.NoError(t, err)
	// The reply and the unrelated advisory are left out.
	require.Len(t, links, 3)
	assert.Equal(t, MailLink{
		ID:        "APPLE-SA-03-17-2026-1",
		Title:     "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2",
		Link:      "https://seclists.org/fulldisclosure/2026/Mar/10",
		Published: time.Date(2026, 3, 17, 23, 43, 52, 0, time.UTC),
	}, MailLink{links[1].ID, links[1].Title, links[1].Link, links[1].Published.UTC()})
	// The pre-2023 ID order is kept as written.
	assert.Equal(t, "APPLE-SA-2022-12-13-1", links[2].ID)
	parsersGolden(t, "maillist/fulldisclosure.golden.json", links)
}

func TestParseMailListSubjects(t *testing.T) {
	cases := []struct {
		name, title string
		id, rest    string
		ok          bool
	}{
		// The current ID order.
		{"current", "APPLE-SA-03-24-2026-9 Safari 26.4", "APPLE-SA-03-24-2026-9", "Safari 26.4", true},
		// The pre-2023 ID order.
		{"legacy", "APPLE-SA-2022-10-27-15 Additional information for APPLE-SA-2022-10-24-7 Safari 16.1", "APPLE-SA-2022-10-27-15", "Additional information for APPLE-SA-2022-10-24-7 Safari 16.1", true},
		// An ID alone.
		{"id only", "APPLE-SA-03-24-2026-9", "APPLE-SA-03-24-2026-9", "", true},
		// A reply is no announcement.
		{"reply", "Re: APPLE-SA-03-24-2026-9 Safari 26.4", "", "", false},
		// A mangled ID.
		{"bad id", "APPLE-SA-3-24-26-9 Safari", "", "", false},
		// Another list member's mail.
		{"other", "[SEC-2026-004] Stored XSS", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rss := `<rss version="2.0"><channel><title>l</title><item><title>` + tc.title +
				`</title><link>https://seclists.org/fulldisclosure/2026/Mar/24</link></item></channel></rss>`
			links, err := ParseMailList(strings.NewReader(rss), "list.rss")
			require.NoError(t, err)
			if !tc.ok {
				assert.Empty(t, links)
				return
			}
			require.Len(t, links, 1)
			assert.Equal(t, tc.id, links[0].ID)
			assert.Equal(t, tc.rest, links[0].Title)
			assert.True(t, links[0].Published.IsZero())
		})
	}
}

func TestParseMailListErrors(t *testing.T) {
	cases := []struct {
		name string
		r    io.Reader
		want error
	}{
		// A mail, not a feed.
		{"mail text", strings.NewReader("-----BEGIN PGP SIGNED MESSAGE-----\nAPPLE-SA-03-17-2026-1"), ErrUnknownFeedFormat},
		// Broken XML.
		{"broken", strings.NewReader(`<rss version="2.0"><channel><item><title>APPLE-SA-`), ErrMalformedFeed},
		// A failing reader.
		{"reader error", iotest.ErrReader(io.ErrNoProgress), io.ErrNoProgress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			links, err := ParseMailList(tc.r, "https://seclists.org/rss/fulldisclosure.rss")
			assert.Nil(t, links)
			require.ErrorIs(t, err, tc.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "mailing list", pe.Format)
		})
	}
}
