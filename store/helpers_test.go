package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)

// testOptions are Options with the fixed clock.
func testOptions() Options { return Options{Now: func() time.Time { return testNow }} }

// fixture is the path of testdata/<dir>/<name> at the module's root.
func fixture(dir, name string) string {
	return filepath.Join("..", "testdata", dir, name)
}

// parseFixture parses a page (.html) or mail (.txt) fixture read from url.
func parseFixture(t testing.TB, path, url string) *advisory.Advisory {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var a *advisory.Advisory
	if filepath.Ext(path) == ".html" {
		a, err = advisory.ParsePage(f, url)
	} else {
		a, err = advisory.ParseMail(f, url)
	}
	require.NoError(t, err)
	return a
}

// openTemp opens a new writable database in a temporary directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "db"), testOptions())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// put stores a with fetch info naming from, the address it was read from
// (a.URL when from is "").
func put(t testing.TB, db *DB, a *advisory.Advisory, from string) Change {
	t.Helper()
	if from == "" {
		from = a.URL
	}
	c, err := db.PutAdvisory(context.Background(), a, Fetch{URL: from, ETag: `"e1"`, Checked: testNow, Parser: "test/1"})
	require.NoError(t, err)
	return c
}

// fixtureDB fills a new database with the project's fixtures: the March
// 2026 mails and the macOS Tahoe 26.4 page, the iOS 26.2 page and the
// 2023 Rapid Security Response mails.
func fixtureDB(t testing.TB) *DB {
	t.Helper()
	db := openTemp(t)
	for _, d := range []struct{ path, url string }{
		{fixture("coverage", "APPLE-SA-2026-03-24-1.txt"), "https://seclists.org/fulldisclosure/2026/Mar/20"},
		{fixture("coverage", "APPLE-SA-2026-03-24-2.txt"), "https://seclists.org/fulldisclosure/2026/Mar/21"},
		{fixture("coverage", "macos-tahoe-26.4.html"), "https://support.apple.com/en-us/126794"},
		{fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884"},
		{fixture("advisory", "current-bsi-26.3.1.html"), "https://support.apple.com/en-us/126604"},
		{fixture("coverage", "APPLE-SA-2023-07-10-2.txt"), "https://seclists.org/fulldisclosure/2023/Jul/1"},
		{fixture("coverage", "APPLE-SA-2023-07-12-1.txt"), "https://seclists.org/fulldisclosure/2023/Jul/2"},
	} {
		put(t, db, parseFixture(t, d.path, d.url), d.url)
	}
	return db
}

// parsePMV parses a software lookup fixture.
func parsePMV(t testing.TB, path string) *version.PMV {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	p, err := version.ParsePMV(f)
	require.NoError(t, err)
	return p
}
