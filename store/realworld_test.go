package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
)

// TestRealWorldDatabase stores every real APPLE-SA mail, advisory page and
// index page of the captures, then reopens the database and asks it
// questions.
func TestRealWorldDatabase(t *testing.T) {
	rw := realworld.Dir(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(ctx, dir, testOptions())
	require.NoError(t, err)

	mails, err := filepath.Glob(filepath.Join(rw, "apple-sa", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, mails)
	for _, p := range mails {
		a := parseFixture(t, p, "https://seclists.org/fulldisclosure/"+filepath.Base(p))
		_, err := db.PutAdvisory(ctx, a, Fetch{URL: "https://seclists.org/fulldisclosure/" + filepath.Base(p)})
		require.NoError(t, err, p)
	}
	for name, url := range map[string]string{"ios-17.5.html": "https://support.apple.com/en-us/120905", "ios-6.1-HT5642.html": "https://support.apple.com/kb/HT5642"} {
		put(t, db, parseFixture(t, filepath.Join(rw, "apple-advisory", name), url), "")
	}
	for _, name := range []string{"sec_page_2023.html", "sec_page_2024.html"} {
		f, err := os.Open(filepath.Join(rw, "apple-index", name))
		require.NoError(t, err)
		idx, err := advisory.ParseIndex(f, "https://support.apple.com/en-us/"+strings.TrimSuffix(name, ".html"))
		f.Close()
		require.NoError(t, err)
		require.NoError(t, db.PutIndex(ctx, idx, Fetch{}))
	}
	require.NoError(t, db.PutBSIs(ctx, BSIOffersFromPMV(parsePMV(t, filepath.Join(rw, "apple-gdmf", "pmv.json"))), Fetch{URL: "https://gdmf.apple.com/v2/pmv"}))
	require.NoError(t, db.Close())

	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	assert.NotEmpty(t, ro.IndexRows())
	assert.NotEmpty(t, ro.BSIs())
	assert.LessOrEqual(t, len(ro.Advisories()), len(mails)+2)
	for _, a := range ro.Advisories() {
		for _, e := range a.Entries {
			for _, c := range e.CVEs {
				ans, err := ro.CVE(c.ID)
				require.NoError(t, err)
				require.NotEmpty(t, ans.FixedIn, c.ID)
			}
		}
	}
	// Apple's 2023 index names the Safari 16.3.1 release "Safari 16.3":
	// recorded with both sources, the mail's value answering.
	var safari []Disagreement
	for _, d := range ro.Disagreements() {
		t.Logf("%s %s: %v", d.Key, d.Field, d.Values)
		if d.Key == "apple:HT213638" {
			safari = append(safari, d)
		}
	}
	require.Len(t, safari, 1)
	assert.Equal(t, FieldReleases, safari[0].Field)
	assert.Equal(t, []string{"Safari 16.3.1", "Safari 16.3"}, []string{safari[0].Values[0].Value, safari[0].Values[1].Value})
	assert.Equal(t, "index", safari[0].Values[1].Source)
}
