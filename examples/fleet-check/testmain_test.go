package main

import (
	"os"
	"testing"

	"github.com/applesec/applesec/internal/testenv"
)

// TestMain keeps the tests away from the user's cache directory, where the
// default database lives.
func TestMain(m *testing.M) {
	cleanup := testenv.Isolate()
	code := m.Run()
	cleanup()
	os.Exit(code)
}
