package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseFixture returns the path of a file in the repository's testdata.
func parseFixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...)
}

func TestParseCommand(t *testing.T) {
	mail := parseFixture("mail", "current-id.txt")
	bsi := parseFixture("mail", "bsi-variant.txt")
	var out, errb bytes.Buffer
	code := run([]string{"parse", mail, bsi}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Empty(t, errb.String())

	// One indented JSON array, one object per file, in argument order, with
	// the library's JSON names.
	assert.True(t, strings.HasPrefix(out.String(), "[\n  {\n"), out.String())
	var docs []map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &docs))
	require.Len(t, docs, 2)
	assert.Equal(t, "advisory", docs[0]["kind"])
	assert.Equal(t, "APPLE-SA-05-12-2025-3", docs[0]["id"])
	assert.Equal(t, "macOS Sequoia 15.5", docs[0]["title"])
	assert.Equal(t, "2025-05-12", docs[0]["released"])
	assert.Equal(t, "https://support.apple.com/122716", docs[0]["url"])
	assert.Len(t, docs[0]["entries"], 3)
	assert.Len(t, docs[0]["acknowledgements"], 1)
	releases := docs[1]["releases"].([]any)
	require.Len(t, releases, 3)
	assert.Equal(t, map[string]any{"platform": "iOS", "version": "26.4.1", "extra": "(a)"}, releases[0])
}

func TestParseCommandDocURL(t *testing.T) {
	// A mail that names no support link gets the file path as its URL.
	path := parseFixture("mail", "dash-escaped.txt")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"parse", path}, &out, &errb), errb.String())
	var docs []map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &docs))
	require.Len(t, docs, 1)
	assert.Equal(t, path, docs[0]["url"])
}

func TestParseCommandIndex(t *testing.T) {
	// An index page prints as kind "index" with rows, whichever index
	// fixture exists.
	files, _ := filepath.Glob(parseFixture("index", "*.html"))
	if len(files) == 0 {
		t.Skip("no index fixtures")
	}
	var out, errb bytes.Buffer
	code := run([]string{"parse", files[0]}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	var docs []map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &docs))
	require.Len(t, docs, 1)
	assert.Equal(t, "index", docs[0]["kind"])
	assert.NotEmpty(t, docs[0]["rows"])
}

func TestParseCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.txt")
	require.NoError(t, os.WriteFile(junk, []byte("just some text\n"), 0o644))
	missing := filepath.Join(dir, "missing.txt")
	good := parseFixture("mail", "legacy-id.txt")

	var out, errb bytes.Buffer
	code := run([]string{"parse", junk, good, missing}, &out, &errb)
	// Failure status, each bad file named on stderr, the good file printed.
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), junk)
	assert.Contains(t, errb.String(), missing)
	assert.Equal(t, 2, strings.Count(errb.String(), "\n"))
	var docs []map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &docs))
	require.Len(t, docs, 1)
	assert.Equal(t, "APPLE-SA-2022-09-12-1", docs[0]["id"])
}

func TestParseCommandAllBad(t *testing.T) {
	// Nothing parsed: an empty array, status 1.
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.json")
	require.NoError(t, os.WriteFile(junk, []byte(`{"a":1}`), 0o644))
	var out, errb bytes.Buffer
	assert.Equal(t, 1, run([]string{"parse", junk}, &out, &errb))
	assert.JSONEq(t, "[]", out.String())
	assert.Contains(t, errb.String(), junk)
}

func TestParseCommandUsage(t *testing.T) {
	// No file: usage on stderr, status 2, nothing on stdout.
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run([]string{"parse"}, &out, &errb))
	assert.Empty(t, out.String())
	assert.Contains(t, errb.String(), "usage: applesec parse [-v] [-url URL] FILE...")
	// The command is listed in the top-level usage.
	out.Reset()
	errb.Reset()
	assert.Equal(t, 2, run(nil, &out, &errb))
	assert.Contains(t, errb.String(), "parse")
}
