package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/schematest"

	"github.com/applesec/applesec"
)

// snapshot is the project's offline snapshot, from this package's directory.
const snapshot = "../../testdata/snapshot"

// runWatch runs the command and returns its exit status and output.
func runWatch(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	args = withTestDB(t, args)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestOfflineFirstRunThenNothing(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")

	code, out, errOut := runWatch(t, "-offline", snapshot, "-state", state)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	for _, want := range []string{
		"NEW About the security content of iOS 26.4 and iPadOS 26.4",
		"released 2026-03-24; fixed in iOS 26.4, iPadOS 26.4",
		"https://support.apple.com/en-us/126792",
		"- WebKit: CVE-2026-20643 (not known to be exploited)",
		"- WebKit Sandboxing: CVE-2026-20691",
		"fixed in iOS 26.3.1 (a), iPadOS 26.3.1 (a), macOS 26.3.1 (a), macOS 26.3.2 (a)",
		"NEW About the security content of Safari 26.4",
		"NEW About the security content of iOS 18.7.7 and iPadOS 18.7.7",
		// Replayed as of its capture (CAPTURED), the snapshot's BSIs are
		// still offered, whatever today's date.
		"NEW BSI iOS 26.3.1 (a) (23D771330a) for build 23D8133",
		"NEW BSI macOS 26.3.2 (a)",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "CVE-2026-20700", "a dyld entry is not WebKit")
	assert.NotContains(t, out, "Bluetooth")
	assert.Equal(t, 6, strings.Count(out, "NEW About"), "every advisory with WebKit entries")
	assert.FileExists(t, state)

	code, out, errOut = runWatch(t, "-offline", snapshot, "-state", state)
	assert.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "nothing changed: nothing printed")
	assert.Empty(t, errOut)
}

func TestOfflineOtherComponent(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	code, out, errOut := runWatch(t, "-component", "dyld", "-state", state, "-offline", snapshot)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "- dyld: CVE-2026-20700 (EXPLOITED per Apple; in CISA KEV)")
	assert.NotContains(t, out, "WebKit")
}

func TestOfflineJSON(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	code, out, errOut := runWatch(t, "-offline", snapshot, "-state", state, "-json")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.NotEmpty(t, lines)
	kinds := map[string]int{}
	for _, l := range lines {
		var ev struct {
			Kind     string `json:"kind"`
			Advisory *struct {
				Entries []struct {
					Component string `json:"component"`
				} `json:"entries"`
			} `json:"advisory"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &ev), l)
		kinds[ev.Kind]++
		if ev.Advisory != nil {
			for _, e := range ev.Advisory.Entries {
				assert.True(t, strings.HasPrefix(e.Component, "WebKit"), e.Component)
			}
		}
	}
	assert.Equal(t, 6, kinds["new_advisory"])
}

func TestOfflineDefaultDirAndStatePath(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Setenv("LOCALAPPDATA", cache)
	userCache, err := os.UserCacheDir()
	require.NoError(t, err)
	t.Chdir("../..")
	code, out, errOut := runWatch(t, "-offline")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "NEW About the security content of macOS Tahoe 26.4")
	assert.FileExists(t, filepath.Join(userCache, "applesec", "state-offline.json"), "offline runs keep their own state")
	assert.NoFileExists(t, filepath.Join(userCache, "applesec", "state.json"))
}

func TestOfflineMissingSnapshot(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	code, out, errOut := runWatch(t, "-offline", filepath.Join(t.TempDir(), "nowhere"), "-state", state)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "offline snapshot directory")
	assert.Contains(t, errOut, "nowhere")
	assert.NoFileExists(t, state)
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		// A directory without -offline.
		{"positional without offline", []string{"testdata/snapshot"}},
		// Two directories.
		{"two directories", []string{"-offline", "a", "b"}},
		// An unknown flag.
		{"unknown flag", []string{"-frobnicate"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runWatch(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.NotEmpty(t, errOut)
		})
	}
}

func TestSourceErrorLeavesStateUntouched(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	code, _, errOut := runWatch(t, "-offline", snapshot, "-state", state)
	require.Equal(t, 0, code, errOut)
	before, err := os.ReadFile(state)
	require.NoError(t, err)

	// The same state polled against a server that lost its index.
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	code, out, errOut := runWatch(t, "-base", srv.URL, "-gdmf", "", "-kev", "", "-state", state)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "webkit-watch: source apple failed:")
	assert.Contains(t, errOut, "404")
	after, err := os.ReadFile(state)
	require.NoError(t, err)
	assert.Equal(t, before, after, "state untouched")
}

func TestOfflineSnapshotWithoutOptionalFeeds(t *testing.T) {
	// A snapshot of Apple's pages alone: the BSI and KEV feeds are skipped.
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(dir, "support.apple.com"), os.DirFS(filepath.Join(snapshot, "support.apple.com"))))
	code, out, errOut := runWatch(t, "-offline", dir, "-state", filepath.Join(t.TempDir(), "s.json"))
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 6, strings.Count(out, "NEW About"))
}

func TestOfflineCapturedTime(t *testing.T) {
	// A snapshot without CAPTURED is replayed at today's date: its BSIs,
	// expired since 2026-11-20, are not announced.
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(snapshot)))
	require.NoError(t, os.Remove(filepath.Join(dir, "CAPTURED")))
	code, out, errOut := runWatch(t, "-offline", dir, "-state", filepath.Join(t.TempDir(), "s.json"))
	require.Equal(t, 0, code, errOut)
	if time.Now().After(time.Date(2026, 11, 20, 23, 59, 59, 0, time.UTC)) {
		assert.NotContains(t, out, "NEW BSI")
	}
	assert.Equal(t, 6, strings.Count(out, "NEW About"))

	// A CAPTURED that is not a time is a clear error, and nothing is saved.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "CAPTURED"), []byte("last March\n"), 0o644))
	state := filepath.Join(t.TempDir(), "s.json")
	code, _, errOut = runWatch(t, "-offline", dir, "-state", state)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "CAPTURED")
	assert.NoFileExists(t, state)
}

// withTestDB adds a database in a temporary directory to args unless they
// name one, so that no test records into the user's cache directory.
func withTestDB(t *testing.T, args []string) []string {
	for _, a := range args {
		if a == "-db" || a == "-no-db" {
			return args
		}
	}
	return append([]string{"-db", t.TempDir()}, args...)
}

func TestWatchRecordsIntoTheDatabase(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runWatch(t, "-offline", snapshot, "-state", filepath.Join(t.TempDir(), "s.json"), "-db", dir)
	require.Equal(t, 0, code, errOut)
	db, err := applesec.OpenReadOnly(context.Background(), dir)
	require.NoError(t, err)
	defer db.Close()
	assert.Len(t, db.Advisories(), 6, "every page the watch read is in the database, for applesec check")
	ans, err := db.CVE("CVE-2026-20643")
	require.NoError(t, err)
	assert.NotEmpty(t, ans.FixedIn)
}

func TestOfflineJSONMatchesTheEventsSchema(t *testing.T) {
	code, out, errOut := runWatch(t, "-offline", snapshot, "-state", filepath.Join(t.TempDir(), "s.json"), "-json")
	require.Equal(t, 0, code, errOut)
	schematest.ValidateLines(t, "events.schema.json", []byte(out))
}

// A watcher that ran before it recorded into the database fills the
// database on its next run, without reporting anything twice.
func TestWatchFillsTheDatabaseFromAnExistingState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.json")
	code, _, errOut := runWatch(t, "-offline", snapshot, "-state", state, "-no-db")
	require.Equal(t, 0, code, errOut)

	dir := t.TempDir()
	code, out, errOut := runWatch(t, "-offline", snapshot, "-state", state, "-db", dir)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "nothing is reported twice")
	db, err := applesec.OpenReadOnly(context.Background(), dir)
	require.NoError(t, err)
	defer db.Close()
	assert.Len(t, db.Advisories(), 6)
	assert.NoError(t, db.Complete(), "the index is stored too")
}
