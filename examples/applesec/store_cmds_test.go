package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/schematest"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/store"
)

// storeFixtures are the documents the cve and list tests store, with the
// address each was read from.
var storeFixtures = []struct{ dir, name, url string }{
	{"coverage", "APPLE-SA-2026-03-24-1.txt", "https://seclists.org/fulldisclosure/2026/Mar/20"},
	{"coverage", "macos-tahoe-26.4.html", "https://support.apple.com/en-us/126794"},
	{"advisory", "current-bsi-26.3.1.html", "https://support.apple.com/en-us/126604"},
	{"advisory", "current-ios-26.2.html", "https://support.apple.com/en-us/125884"},
}

// buildTestDB stores the fixtures (parsed with ParsePage and ParseMail) and
// a KEV flag in a new database and returns its path.
func buildTestDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	db, err := store.Open(ctx, dir, store.Options{})
	require.NoError(t, err)
	for _, fx := range storeFixtures {
		f, err := os.Open(filepath.Join("..", "..", "testdata", fx.dir, fx.name))
		require.NoError(t, err)
		var a *advisory.Advisory
		if filepath.Ext(fx.name) == ".html" {
			a, err = advisory.ParsePage(f, fx.url)
		} else {
			a, err = advisory.ParseMail(f, fx.url)
		}
		f.Close()
		require.NoError(t, err)
		_, err = db.PutAdvisory(ctx, a, store.Fetch{URL: fx.url})
		require.NoError(t, err)
	}
	require.NoError(t, db.PutKEV(ctx, map[string]advisory.Date{"CVE-2025-43529": advisory.NewDate(2025, 12, 15)}, store.Fetch{URL: "https://www.cisa.gov/kev.json"}))
	require.NoError(t, db.Close())
	return dir
}

func TestCVECommand(t *testing.T) {
	dir := buildTestDB(t)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // stdout exact; stderr a substring
	}{
		// Fixed in a BSI, a mail-only record and a page; KEV not listed.
		{"text", []string{"CVE-2026-20643"}, 0, `CVE-2026-20643
  fixed in:
    2026-03-17  About the security content of Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2  [WebKit]  iOS 26.3.1 (a), iPadOS 26.3.1 (a), macOS 26.3.1 (a), macOS 26.3.2 (a)
      https://support.apple.com/en-us/126604
    2026-03-24  iOS 26.4 and iPadOS 26.4  [WebKit]  iOS 26.4, iPadOS 26.4
      https://support.apple.com/126792
    2026-03-24  About the security content of macOS Tahoe 26.4  [WebKit]  macOS 26.4
      https://support.apple.com/en-us/126794
  CISA KEV: not listed
`, ""},
		// Exploited, also named in a neighbour entry (a fix, not a mere mention), flagged by CISA.
		{"text exploited", []string{"cve-2025-43529"}, 0, `CVE-2025-43529
  fixed in:
    2025-12-12  About the security content of iOS 26.2 and iPadOS 26.2  [WebKit]  iOS 26.2, iPadOS 26.2  EXPLOITED
      https://support.apple.com/en-us/125884
  CISA KEV: added 2025-12-15
`, ""},
		// One ID: one JSON object.
		{"json", []string{"-json", "CVE-2026-90301"}, 0, `{
  "cve": "CVE-2026-90301",
  "fixed_in": [
    {
      "url": "https://support.apple.com/en-us/126794",
      "title": "About the security content of macOS Tahoe 26.4",
      "released": "2026-03-24",
      "component": "StorageKit",
      "exploited": false,
      "releases": [
        {
          "platform": "macOS",
          "version": "26.4"
        }
      ]
    }
  ],
  "mentioned_in": [],
  "kev_added": "",
  "news": []
}
`, ""},
		// Several IDs: an array; one found nowhere gets fixed_in [] and a
		// note, and the exit status stays 0.
		{"json several", []string{"-json", "CVE-1999-0001", "CVE-2026-90150"}, 0, `[
  {
    "cve": "CVE-1999-0001",
    "fixed_in": [],
    "mentioned_in": [],
    "kev_added": "",
    "news": []
  },
  {
    "cve": "CVE-2026-90150",
    "fixed_in": [],
    "mentioned_in": [
      {
        "url": "https://support.apple.com/126792",
        "title": "iOS 26.4 and iPadOS 26.4",
        "released": "2026-03-24",
        "component": "Messages",
        "exploited": false,
        "releases": [
          {
            "platform": "iOS",
            "version": "26.4"
          },
          {
            "platform": "iPadOS",
            "version": "26.4"
          }
        ]
      }
    ],
    "kev_added": "",
    "news": []
  }
]
`, "CVE-1999-0001 is in no advisory"},
		// A malformed ID is a usage error.
		{"malformed", []string{"CVE-2026-1"}, 2, "", `"CVE-2026-1" is not a CVE ID`},
		// No ID.
		{"no id", []string{}, 2, "", "no CVE ID given"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"cve", "-db", dir}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			require.Equal(t, tc.stdout, stdout)
			require.Contains(t, stderr, tc.stderr)
		})
	}
}

func TestQueryCommandsNeedDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nothing")
	empty := filepath.Join(t.TempDir(), "empty")
	db, err := store.Open(context.Background(), empty, store.Options{})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	corrupt := buildTestDB(t)
	require.NoError(t, os.WriteFile(filepath.Join(corrupt, "meta.json"), []byte("{"), 0o600))
	for _, cmd := range [][]string{{"cve", "CVE-2026-20643"}, {"list", "-component", "WebKit"}} {
		for _, tc := range []struct{ name, dir, want string }{
			{"missing", missing, "no database at " + missing + ": run applesec sync"},
			{"empty", empty, "the database at " + empty + " holds no advisory: run applesec sync"},
			{"corrupt", corrupt, filepath.Join(corrupt, "meta.json")},
		} {
			t.Run(cmd[0]+" "+tc.name, func(t *testing.T) {
				code, stdout, stderr := runCmd(append([]string{cmd[0], "-db", tc.dir}, cmd[1:]...)...)
				require.Equal(t, 1, code)
				require.Empty(t, stdout)
				require.Contains(t, stderr, tc.want)
			})
		}
	}
}

func TestListCommand(t *testing.T) {
	dir := buildTestDB(t)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		// WebKit and its sub-areas since January.
		{"webkit since", []string{"-component", "WebKit", "-since", "2026-01-01"}, 0, `2026-03-17  WebKit                CVE-2026-20643  iOS 26.3.1 (a), iPadOS 26.3.1 (a), macOS 26.3.1 (a), macOS 26.3.2 (a)
2026-03-24  WebKit                CVE-2026-20643  iOS 26.4, iPadOS 26.4
2026-03-24  WebKit                CVE-2026-28859  iOS 26.4, iPadOS 26.4
2026-03-24  WebKit                CVE-2026-20643  macOS 26.4
2026-03-24  WebKit                CVE-2026-28859  macOS 26.4
`, ""},
		// Platform filter.
		{"kernel macos", []string{"-component", "Kernel", "-platform", "macOS"}, 0, "2026-03-24  Kernel                CVE-2026-90201  macOS 26.4\n", ""},
		// Exploited, as JSON.
		{"exploited json", []string{"-exploited", "-component", "WebKit Web Inspector", "-json"}, 0, "[]\n", "no entry"},
		// Nothing matches: no output, a note.
		{"none", []string{"-component", "Bluetooth"}, 0, "", "no entry of " + dir + " matches"},
		// An explicitly empty component is a usage error.
		{"empty component", []string{"-component", ""}, 2, "", "-component given empty"},
		// A date that does not parse.
		{"bad since", []string{"-since", "March"}, 2, "", "-since"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"list", "-db", dir}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			require.Equal(t, tc.stdout, stdout)
			require.Contains(t, stderr, tc.stderr)
		})
	}
}

func TestListCommandJSON(t *testing.T) {
	dir := buildTestDB(t)
	code, stdout, stderr := runCmd("list", "-db", dir, "-exploited", "-since", "2025-12-12", "-json")
	require.Equal(t, 0, code, stderr)
	var got []struct {
		Advisory struct {
			URL      string                    `json:"url"`
			Title    string                    `json:"title"`
			Released string                    `json:"released"`
			Releases []advisory.ProductVersion `json:"releases"`
		} `json:"advisory"`
		Entry advisory.Entry `json:"entry"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Len(t, got, 2)
	for i, want := range []string{"CVE-2025-14174", "CVE-2025-43529"} {
		require.Equal(t, "https://support.apple.com/en-us/125884", got[i].Advisory.URL)
		require.Equal(t, "2025-12-12", got[i].Advisory.Released)
		require.Equal(t, []advisory.ProductVersion{{Platform: "iOS", Version: "26.2"}, {Platform: "iPadOS", Version: "26.2"}}, got[i].Advisory.Releases)
		require.Equal(t, want, got[i].Entry.CVEs[0].ID)
		require.True(t, got[i].Entry.Exploited)
	}
}

func TestCVECommandOutputMatchesItsSchema(t *testing.T) {
	dir := buildTestDB(t)
	for _, args := range [][]string{
		{"cve", "-db", dir, "-json", "CVE-2026-20643"},
		{"cve", "-db", dir, "-json", "CVE-2026-20643", "CVE-2025-43529", "CVE-2099-99999"},
	} {
		code, stdout, stderr := runCmd(args...)
		require.Equal(t, 0, code, stderr)
		schematest.Validate(t, "cve.schema.json", []byte(stdout))
	}
}
