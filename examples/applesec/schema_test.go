package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
	"github.com/applesec/applesec/internal/schematest"
)

// TestParseOutputSchema: what "applesec parse" prints for every project
// fixture (pages, mails, index pages) is valid against
// schemas/parse.schema.json.
func TestParseOutputSchema(t *testing.T) {
	var files []string
	for _, pattern := range []string{"advisory/*.html", "index/*.html", "mail/*.txt", "coverage/*"} {
		m, err := filepath.Glob(parseFixture(pattern))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"parse", f}, &out, &errb)
			if code != 0 {
				t.Skipf("not a document the parser reads: %s", errb.String())
			}
			schematest.Validate(t, "parse.schema.json", out.Bytes())
		})
	}
	// Every document at once, and the empty array of a run where all failed.
	var out, errb bytes.Buffer
	run(append([]string{"parse"}, files...), &out, &errb)
	schematest.Validate(t, "parse.schema.json", out.Bytes())
	schematest.Validate(t, "parse.schema.json", []byte("[]"))
}

// TestParseOutputSchemaRealWorld: the same for Apple's real pages and mails.
func TestParseOutputSchemaRealWorld(t *testing.T) {
	dir := realworld.Dir(t)
	var files []string
	for _, sub := range []string{"apple-advisory", "apple-index", "apple-sa"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(dir, sub, e.Name()))
			}
		}
	}
	if len(files) == 0 {
		t.Skip("no Apple captures in " + dir)
	}
	var out, errb bytes.Buffer
	run(append([]string{"parse"}, files...), &out, &errb)
	schematest.Validate(t, "parse.schema.json", out.Bytes())
}

// TestCheckOutputSchema: every verdict "applesec check" prints is valid
// against schemas/check.schema.json.
func TestCheckOutputSchema(t *testing.T) {
	docs := march2026Fixtures()
	for _, args := range [][]string{
		{"-model", "iPhone 17", "-os", "26.3.2", "-cve", "CVE-2026-20643"},
		{"-model", "iPhone 17", "-os", "26.4", "-cve", "CVE-2026-20643"},
		{"-model", "Mac14,2", "-os", "macOS Sonoma 14.8.4", "-safari", "26.3", "-cve", "CVE-2026-20643"},
		{"-model", "iPhone 17", "-os", "26.4", "-cve", "CVE-2020-0001"},
	} {
		code, stdout, stderr := runCmd(append(append([]string{"check"}, args...), docs...)...)
		require.Equal(t, 0, code, stderr)
		schematest.Validate(t, "check.schema.json", []byte(stdout))
	}
}
