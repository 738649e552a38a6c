// Package realworld locates the real-world captures of Apple's pages, mails
// and feeds that conformance tests read. They live outside the module, in
// ../shared/realworld beside the checkout, and are never copied into it.
package realworld

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar overrides where the captures are looked for.
const EnvVar = "APPLESEC_REALWORLD"

// Dir returns the captures directory, or skips the test with a message when it
// is absent. It looks at $APPLESEC_REALWORLD, then for shared/realworld in
// each parent of the working directory (tests run in their package directory).
func Dir(tb testing.TB) string {
	tb.Helper()
	if d, ok := Find(); ok {
		return d
	}
	tb.Skipf("real-world captures not found (set %s or place shared/realworld beside the checkout); skipping conformance test", EnvVar)
	return ""
}

// Find returns the captures directory and whether it exists.
func Find() (string, bool) {
	if d := os.Getenv(EnvVar); d != "" {
		if isDir(d) {
			return d, true
		}
		return "", false
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for dir := wd; ; {
		cand := filepath.Join(dir, "shared", "realworld")
		if isDir(cand) {
			return cand, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Path returns the path of one capture below the directory, skipping the test
// when the directory or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real-world capture %s not found; skipping", rel)
	}
	return p
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
