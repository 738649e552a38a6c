package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportCommandCSAF(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCmd(append([]string{"export", "-format", "csaf", "-out", out, "-now", "2026-11-30T12:00:00Z"}, march2026Fixtures()...)...)
	require.Equal(t, 0, code, stderr)
	files := strings.Fields(stdout)
	require.Len(t, files, 3)
	for _, f := range files {
		assert.True(t, strings.HasPrefix(f, filepath.Join(out, "2026")+string(filepath.Separator)), f)
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc struct {
			Document struct {
				Category string `json:"category"`
				Tracking struct {
					ID        string `json:"id"`
					Generator struct {
						Date string `json:"date"`
					} `json:"generator"`
				} `json:"tracking"`
			} `json:"document"`
		}
		require.NoError(t, json.Unmarshal(data, &doc))
		assert.Equal(t, "csaf_security_advisory", doc.Document.Category)
		assert.Equal(t, "2026-11-30T12:00:00Z", doc.Document.Tracking.Generator.Date)
	}
	assert.Contains(t, files, filepath.Join(out, "2026", "apple-126792.json"), "a mail is named by the page it links")
}

func TestExportCommandSOFADirectory(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join("..", "..", "testdata", "coverage")
	code, stdout, stderr := runCmd("export", "-format", "sofa", "-out", out, "-now", "2026-11-30T12:00:00Z", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, []string{
		filepath.Join(out, "v1", "macos_data_feed.json"),
		filepath.Join(out, "v1", "ios_data_feed.json"),
		filepath.Join(out, "v2", "macos_data_feed.json"),
		filepath.Join(out, "v2", "ios_data_feed.json"),
		filepath.Join(out, "v2", "tvos_data_feed.json"),
		filepath.Join(out, "v2", "watchos_data_feed.json"),
		filepath.Join(out, "v2", "visionos_data_feed.json"),
	}, strings.Fields(stdout))
	data, err := os.ReadFile(filepath.Join(out, "v1", "ios_data_feed.json"))
	require.NoError(t, err)
	var feed struct {
		OSVersions []struct {
			OSVersion string
			Latest    struct{ ProductVersion string }
		}
	}
	require.NoError(t, json.Unmarshal(data, &feed))
	require.Len(t, feed.OSVersions, 3)
	assert.Equal(t, "26", feed.OSVersions[0].OSVersion)
	assert.Equal(t, "26.4", feed.OSVersions[0].Latest.ProductVersion)
}

func TestExportCommandKEV(t *testing.T) {
	out := t.TempDir()
	kev := filepath.Join("..", "..", "testdata", "kev", "catalog.json")
	code, _, stderr := runCmd(append([]string{"export", "-format", "sofa", "-out", out, "-now", "2026-11-30T12:00:00Z", "-kev", kev}, march2026Fixtures()...)...)
	require.Equal(t, 0, code, stderr)
}

func TestExportCommandErrors(t *testing.T) {
	docs := march2026Fixtures()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no format", append([]string{"export", "-out", t.TempDir()}, docs...), 2, "-format must be csaf or sofa"},
		{"bad format", append([]string{"export", "-format", "osv", "-out", t.TempDir()}, docs...), 2, "-format must be csaf or sofa"},
		{"no out", append([]string{"export", "-format", "csaf"}, docs...), 2, "-out is required"},
		{"no docs and no database", []string{"export", "-format", "csaf", "-out", t.TempDir()}, 1, "run applesec sync"},
		{"db and docs", append([]string{"export", "-format", "csaf", "-out", t.TempDir(), "-db", t.TempDir()}, docs...), 2, "exclude each other"},
		{"bad now", append([]string{"export", "-format", "csaf", "-out", t.TempDir(), "-now", "yesterday"}, docs...), 2, "RFC 3339"},
		{"missing file", []string{"export", "-format", "csaf", "-out", t.TempDir(), "nope.txt"}, 1, "nope.txt"},
		{"not an advisory", []string{"export", "-format", "csaf", "-out", t.TempDir(), "export_test.go"}, 1, "export_test.go"},
		{"one not an advisory", append([]string{"export", "-format", "csaf", "-out", t.TempDir(), "export_test.go"}, docs...), 3, "export_test.go"},
		{"bad kev", append([]string{"export", "-format", "sofa", "-out", t.TempDir(), "-kev", "export_test.go"}, docs...), 1, "export_test.go"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestExportCommandBadDocumentIsReported(t *testing.T) {
	dir := t.TempDir()
	for _, f := range march2026Fixtures() {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
	}
	bad := filepath.Join(dir, "broken.txt")
	require.NoError(t, os.WriteFile(bad, []byte("-----BEGIN PGP SIGNED MESSAGE-----\n\nnothing here\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes\n"), 0o644))
	out := t.TempDir()
	code, stdout, stderr := runCmd("export", "-format", "csaf", "-out", out, "-now", "2026-11-30T12:00:00Z", dir)
	assert.Equal(t, 3, code, "partial")
	assert.Contains(t, stderr, bad)
	assert.Contains(t, stderr, "notes.md is no advisory page or mail; skipped")
	assert.Len(t, strings.Fields(stdout), 3, "the readable documents are still exported")
}

func TestExportCommandFromTheDatabase(t *testing.T) {
	// Fill a database by an offline sync of the project's snapshot, then
	// export it: BSI offers and KEV flags come from the database.
	db := t.TempDir()
	code, _, stderr := runCmd("sync", "-offline", snapshotDir, "-db", db)
	require.Equal(t, 0, code, stderr)
	for _, format := range []string{"csaf", "sofa"} {
		out := t.TempDir()
		code, stdout, stderr := runCmd("export", "-format", format, "-out", out, "-db", db, "-now", "2026-03-25T09:00:00Z")
		require.Equal(t, 0, code, stderr)
		assert.NotEmpty(t, strings.TrimSpace(stdout), "the files written are listed")
	}
}
