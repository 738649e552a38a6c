package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeV0 lays out a database of schema 0: meta.json saying so and each
// advisory stored bare, as the parser returned it.
func writeV0(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "advisories"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "meta.json"), []byte(`{"schema": 0, "writer": "applesec v0.1"}`), 0o600))
	page := parseFixture(t, fixture("advisory", "current-ios-26.2.html"), "https://support.apple.com/en-us/125884")
	mail := parseFixture(t, fixture("coverage", "APPLE-SA-2023-07-24-1.txt"), "https://seclists.org/x")
	for name, a := range map[string]any{"apple-125884.json": page, "apple-HT213841.json": mail} {
		data, err := json.Marshal(a)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "advisories", name), data, 0o600))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kev.json"), []byte(`{"added":{"CVE-2023-37450":"2023-07-13"}}`), 0o600))
}

func TestMigrateFromV0(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	writeV0(t, dir)

	// A reader migrates in memory and writes nothing.
	ro, err := OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	require.Len(t, ro.Advisories(), 2)
	meta, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	require.NoError(t, err)
	assert.Contains(t, string(meta), `"schema": 0`)

	// A writer migrates in place.
	db, err := Open(ctx, dir, testOptions())
	require.NoError(t, err)
	require.NoError(t, db.Close())
	meta, err = os.ReadFile(filepath.Join(dir, "meta.json"))
	require.NoError(t, err)
	assert.Contains(t, string(meta), `"schema": 1`)

	ro, err = OpenReadOnly(ctx, dir)
	require.NoError(t, err)
	recs := ro.Records()
	require.Len(t, recs, 2)
	assert.Equal(t, "apple:HT213841", recs[0].Key)
	require.Len(t, recs[0].Mails, 1)
	assert.Equal(t, "mail APPLE-SA-2023-07-24-1", recs[0].Mails[0].Source)
	assert.Equal(t, "apple:125884", recs[1].Key)
	require.NotNil(t, recs[1].Page)
	ans, err := ro.CVE("CVE-2023-37450")
	require.NoError(t, err)
	assert.Len(t, ans.FixedIn, 1)
	assert.Equal(t, "2023-07-13", ans.KEVAdded.String())

	// Migrating again (a crash before meta.json was written) changes
	// nothing.
	out, err := migrateDocument(0, mustRead(t, filepath.Join(dir, "advisories", "apple-125884.json")))
	require.NoError(t, err)
	assert.Equal(t, mustRead(t, filepath.Join(dir, "advisories", "apple-125884.json")), out)
}

func TestMigrateV0Corrupt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	writeV0(t, dir)
	bad := filepath.Join(dir, "advisories", "apple-1.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"kind":"index"}`), 0o600))
	_, err := Open(context.Background(), dir, Options{})
	require.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), bad)
	_, err = OpenReadOnly(context.Background(), dir)
	require.ErrorIs(t, err, ErrCorrupt)
}

// mustRead reads a file.
func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}
