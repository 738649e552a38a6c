package advisory

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// update rewrites golden files: go test ./advisory -update
var update = flag.Bool("update", false, "rewrite golden files in testdata")

// assertGolden compares v, as indented JSON, with the golden file at path
// (relative to the repository's testdata), rewriting it under -update.
func assertGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	full := filepath.Join("..", "testdata", filepath.FromSlash(path))
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, got, 0o644))
		return
	}
	want, err := os.ReadFile(full)
	require.NoError(t, err, "golden file missing: run go test ./advisory -update")
	require.JSONEq(t, string(want), string(got))
}
