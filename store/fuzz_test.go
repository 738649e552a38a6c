package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzOpenDocument: arbitrary bytes as an advisory file give a database or
// an ErrCorrupt naming the file, never a panic.
func FuzzOpenDocument(f *testing.F) {
	f.Add([]byte(`{"key":"apple:1","merged":{"kind":"advisory","url":"https://support.apple.com/1","entries":[{"cves":[{"id":"CVE-2026-1234"}]}]},"page":{"source":"page","advisory":{"kind":"advisory"}}}`))
	f.Add([]byte(`{"key":"apple:1","merged":null}`))
	f.Add([]byte(`{"key":"apple:2","merged":{},"mails":[{"advisory":null}]}`))
	f.Add([]byte(`{"key":"apple:1","merged":{"released":"2026-13-40"},"page":{"advisory":{}}}`))
	f.Add([]byte(`{"kind":"advisory","url":"https://support.apple.com/1"}`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "advisories"), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "meta.json"), []byte(`{"schema":1}`), 0o600))
		path := filepath.Join(dir, "advisories", "apple-1.json")
		require.NoError(t, os.WriteFile(path, data, 0o600))
		db, err := OpenReadOnly(context.Background(), dir)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			require.True(t, strings.Contains(err.Error(), path))
			return
		}
		// A document that loads answers questions without panicking.
		for _, a := range db.Advisories() {
			for _, e := range a.Entries {
				for _, c := range e.CVEs {
					_, _ = db.CVE(c.ID)
				}
			}
		}
		_ = db.List(Query{Component: "WebKit", Platform: "iOS", Exploited: true})
		_ = db.Disagreements()
		_ = db.Records()
	})
}

// FuzzKey: any URL gives a key without panicking, and its file name is a
// plain name inside advisories/.
func FuzzKey(f *testing.F) {
	for _, s := range []string{"https://support.apple.com/en-us/126604", "http://support.apple.com/kb/HT5642", "../../etc/passwd", "https://x/%zz", "apple:1/../../x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		name := fileName(k)
		if filepath.Base(name) != name || strings.ContainsAny(name, `/\`) || name == ".json" || !strings.HasSuffix(name, ".json") {
			t.Fatalf("unsafe file name %q for key %q", name, k)
		}
		if appleKey.MatchString(k) && Key("https://support.apple.com/"+strings.TrimPrefix(k, "apple:")) != k {
			t.Fatalf("key %q not stable", k)
		}
	})
}
