package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/realworld"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testNow is the export time of every test.
var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// schemasDir is where the published schemas live, beside the checkout; the
// tests skip schema validation when they are absent.
func schemasDir(tb testing.TB) string {
	tb.Helper()
	rw, ok := realworld.Find()
	if !ok {
		tb.Skip("shared schemas not found")
	}
	dir := filepath.Join(filepath.Dir(rw), "schemas")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared schemas not found: %v", err)
	}
	return dir
}

// compileSchema compiles the schema file rel (under the shared schemas) with
// the resources registered under their URLs, so no network is used. Each
// relax entry names a JSON pointer to an object schema and a property that is
// removed from its "required" list before compiling.
func compileSchema(tb testing.TB, rel string, relax ...[2]string) *jsonschema.Schema {
	tb.Helper()
	dir := schemasDir(tb)
	load := func(name string) any {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(tb, err)
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		require.NoError(tb, err)
		return doc
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for name, u := range map[string]string{
		"csaf-2.0/cvss-v2.0.json": "https://www.first.org/cvss/cvss-v2.0.json",
		"csaf-2.0/cvss-v3.0.json": "https://www.first.org/cvss/cvss-v3.0.json",
		"csaf-2.0/cvss-v3.1.json": "https://www.first.org/cvss/cvss-v3.1.json",
	} {
		require.NoError(tb, c.AddResource(u, load(name)))
	}
	doc := load(rel)
	for _, r := range relax {
		removeRequired(tb, doc, r[0], r[1])
	}
	u := "file:///schemas/" + rel
	if m, ok := doc.(map[string]any); ok {
		if id, ok := m["$id"].(string); ok && strings.HasPrefix(id, "https://") {
			u = id
		}
		delete(m, "$id") // SOFA's relative $id would otherwise be resolved against u
		m["$id"] = u
	}
	require.NoError(tb, c.AddResource(u, doc))
	s, err := c.Compile(u)
	require.NoError(tb, err)
	return s
}

// removeRequired removes prop from the "required" list of the object schema
// at pointer (e.g. "/definitions/IOSReleaseV2"), failing when it is not there,
// so a relaxation never outlives the requirement it lifts.
func removeRequired(tb testing.TB, doc any, pointer, prop string) {
	tb.Helper()
	node := doc
	for _, part := range strings.Split(strings.Trim(pointer, "/"), "/") {
		if part == "" {
			continue
		}
		m, ok := node.(map[string]any)
		require.True(tb, ok, "schema pointer %s", pointer)
		node = m[part]
	}
	m, ok := node.(map[string]any)
	require.True(tb, ok, "schema pointer %s", pointer)
	req, _ := m["required"].([]any)
	out := req[:0:0]
	found := false
	for _, r := range req {
		if r == prop {
			found = true
			continue
		}
		out = append(out, r)
	}
	require.True(tb, found, "%s is not required at %s", prop, pointer)
	m["required"] = out
}

// validate checks v, as JSON, against s.
func validate(tb testing.TB, s *jsonschema.Schema, name string, v any) {
	tb.Helper()
	data, err := json.Marshal(v)
	require.NoError(tb, err)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(tb, err)
	if err := s.Validate(inst); err != nil {
		tb.Errorf("%s does not conform: %v", name, err)
	}
}

// loadDocs parses every advisory page and mail in the given files.
func loadDocs(tb testing.TB, paths ...string) []*advisory.Advisory {
	tb.Helper()
	var out []*advisory.Advisory
	for _, p := range paths {
		f, err := os.Open(p)
		require.NoError(tb, err)
		doc, err := advisory.Parse(f, docURL(tb, p))
		f.Close()
		require.NoError(tb, err, p)
		if a, ok := doc.(*advisory.Advisory); ok {
			out = append(out, a)
		}
	}
	return out
}

// glob returns the files matching the patterns, sorted, skipping goldens.
func glob(tb testing.TB, patterns ...string) []string {
	tb.Helper()
	var out []string
	for _, pat := range patterns {
		m, err := filepath.Glob(pat)
		require.NoError(tb, err)
		for _, p := range m {
			if !strings.HasSuffix(p, ".json") {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// projectDocs are the project's test pages and mails.
func projectDocs(tb testing.TB) []*advisory.Advisory {
	return loadDocs(tb, glob(tb, "../testdata/advisory/*", "../testdata/coverage/*", "../testdata/mail/*")...)
}

// realworldDocs are the real captures, when present.
func realworldDocs(tb testing.TB) []*advisory.Advisory {
	dir := realworld.Dir(tb)
	return loadDocs(tb, glob(tb, filepath.Join(dir, "apple-sa", "*.txt"), filepath.Join(dir, "apple-advisory", "*.html"))...)
}

// golden compares got, as indented JSON, with testdata/name, or rewrites it
// with -update.
func golden(tb testing.TB, name string, got any) {
	tb.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	require.NoError(tb, err)
	data = append(data, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(tb, os.MkdirAll("testdata", 0o755))
		require.NoError(tb, os.WriteFile(path, data, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(tb, err, "run go test -update to create %s", path)
	require.Equal(tb, string(want), string(data))
}

// realworldDir is the captures directory, or skips.
func realworldDir(tb testing.TB) string { return realworld.Dir(tb) }

// realworldPageURLs are the addresses of the real pages, from the captures'
// manifest.
var realworldPageURLs = map[string]string{
	"ios-17.5.html":       "https://support.apple.com/en-us/120905",
	"ios-6.1-HT5642.html": "http://support.apple.com/kb/HT5642",
}

// docURL is the address a test document was published at: the URL its
// advisory golden file records, a real page's address, else the path.
func docURL(tb testing.TB, path string) string {
	if u, ok := realworldPageURLs[filepath.Base(path)]; ok {
		return u
	}
	data, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".golden.json")
	if err != nil {
		return path
	}
	var g struct {
		URL    string `json:"url"`
		Origin string `json:"origin"`
	}
	if json.Unmarshal(data, &g) != nil || g.Origin != "page" || g.URL == "" {
		return path
	}
	return g.URL
}

// bytesReader reads data.
func bytesReader(data []byte) *bytes.Reader { return bytes.NewReader(data) }

// peerDocs are the other projects' fixtures that parse as advisories, when
// present; the ones the parsers reject are not this package's concern.
func peerDocs(tb testing.TB) []*advisory.Advisory {
	dir := realworld.Dir(tb)
	var out []*advisory.Advisory
	for _, p := range glob(tb, filepath.Join(dir, "peer-fixtures", "*", "*.html")) {
		f, err := os.Open(p)
		require.NoError(tb, err)
		doc, err := advisory.Parse(f, p)
		f.Close()
		if a, ok := doc.(*advisory.Advisory); ok && err == nil {
			out = append(out, a)
		}
	}
	return out
}
