// Package testenv keeps the commands' tests away from the user's files: a
// test binary that calls Isolate reads and writes its default database and
// state under a temporary cache directory, never the user's.
package testenv

import (
	"fmt"
	"os"
)

// Isolate points the user cache directory ($XDG_CACHE_HOME, and $HOME for
// systems that derive it from there) at a new temporary directory and returns
// a function that removes it. Call it from TestMain before m.Run.
func Isolate() (cleanup func()) {
	dir, err := os.MkdirTemp("", "applesec-test-cache")
	if err != nil {
		panic(fmt.Sprintf("testenv: %v", err))
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	os.Setenv("HOME", dir)
	os.Setenv("LocalAppData", dir)
	return func() { os.RemoveAll(dir) }
}
