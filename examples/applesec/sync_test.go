package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/internal/mirrortest"
	"github.com/applesec/applesec/store"
)

// snapshotDir is the project's offline snapshot, from this package's directory.
const snapshotDir = "../../testdata/snapshot"

// mirror serves the snapshot over loopback as Apple's site and CISA would,
// recording each request's path and status.
type mirror struct {
	*httptest.Server
	mu       sync.Mutex
	log      []served
	kevDown  atomic.Bool
	gone     atomic.Pointer[string] // a page path answered 404
	onPage   atomic.Pointer[func(r *http.Request, n int64)]
	pageHits atomic.Int64
}

// served is one request the mirror answered.
type served struct {
	path   string
	status int
}

func newMirror(t *testing.T) *mirror {
	t.Helper()
	m := &mirror{}
	replay := feed.NewReplay(snapshotDir)
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, path := "support.apple.com", r.URL.Path
		if p, ok := strings.CutPrefix(path, "/www.cisa.gov"); ok {
			host, path = "www.cisa.gov", p
			if m.kevDown.Load() {
				// Gone rather than 503, which the client would retry with
				// backoff for seconds.
				m.record(r.URL.Path, http.StatusNotFound)
				http.Error(w, "gone", http.StatusNotFound)
				return
			}
		}
		if g := m.gone.Load(); g != nil && path == *g {
			m.record(r.URL.Path, http.StatusNotFound)
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(path, "/en-us/12") {
			n := m.pageHits.Add(1)
			if f := m.onPage.Load(); f != nil {
				(*f)(r, n)
			}
		}
		status, _ := mirrortest.Serve(w, r, replay, host, path)
		m.record(r.URL.Path, status)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *mirror) record(path string, status int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = append(m.log, served{path, status})
}

// taken returns and clears the log.
func (m *mirror) taken() []served {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.log
	m.log = nil
	return l
}

// args are sync's flags to read everything from the mirror.
func (m *mirror) args(db string) []string {
	return []string{"sync", "-db", db, "-base", m.URL, "-gdmf", "",
		"-kev", m.URL + "/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"}
}

func TestSyncThenAnswerThenNothingToTransfer(t *testing.T) {
	m := newMirror(t)
	db := t.TempDir()
	var out, errOut bytes.Buffer
	code := run(append(m.args(db), "-json"), &out, &errOut)
	require.Equal(t, cli.ExitOK, code, errOut.String())
	var sum struct {
		NewAdvisories int `json:"new_advisories"`
		Documents     int `json:"documents"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &sum))
	assert.Equal(t, 6, sum.NewAdvisories)

	out.Reset()
	code = run([]string{"cve", "-db", db, "-json", "CVE-2026-20643"}, &out, &errOut)
	require.Equal(t, cli.ExitOK, code, errOut.String())
	assert.Contains(t, out.String(), "/en-us/126604")

	m.taken()
	out.Reset()
	code = run(m.args(db), &out, &errOut)
	require.Equal(t, cli.ExitOK, code, errOut.String())
	for _, s := range m.taken() {
		assert.NotEqual(t, http.StatusOK, s.status, "an unchanged re-sync transfers no body: %s", s.path)
	}
}

func TestSyncWithKEVDownIsPartial(t *testing.T) {
	m := newMirror(t)
	m.kevDown.Store(true)
	db := t.TempDir()
	var out, errOut bytes.Buffer
	code := run(append(m.args(db), "-json"), &out, &errOut)
	assert.Equal(t, cli.ExitPartial, code)
	assert.Contains(t, errOut.String(), "source kev failed")
	assert.Contains(t, out.String(), `"new_advisories": 6`)

	m.kevDown.Store(false)
	m.taken()
	out.Reset()
	errOut.Reset()
	code = run(m.args(db), &out, &errOut)
	assert.Equal(t, cli.ExitOK, code, errOut.String())
	for _, s := range m.taken() {
		if s.status == http.StatusOK {
			assert.Contains(t, s.path, "www.cisa.gov", "only what was missed is transferred")
		}
	}
}

// A page that fails leaves the database incomplete: every sync says so
// (exit 3), not only the one where the page failed, and check warns.
func TestSyncReportsPagesMissingFromTheDatabase(t *testing.T) {
	m := newMirror(t)
	gone := "/en-us/126793" // iOS 18.7.7, a fix of CVE-2026-20643
	m.gone.Store(&gone)
	db := t.TempDir()
	for run := range 2 {
		var out, errOut bytes.Buffer
		code := run2(m.args(db), &out, &errOut)
		assert.Equal(t, cli.ExitPartial, code, "run %d: %s", run, errOut.String())
		assert.Contains(t, errOut.String(), "/en-us/126793", "run %d names the missing page", run)
		assert.Contains(t, out.String(), "pages listed but not stored: 1", "run %d", run)
	}
	code, _, stderr := runCmd("check", "-db", db, "-model", "iPhone 11", "-os", "iOS 18.7.6", "-cve", "CVE-2026-20643")
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "lacks 1 advisory page(s)")

	// The page is back; it backs off for an hour after failing, unless asked
	// to re-check now.
	m.gone.Store(nil)
	var out, errOut bytes.Buffer
	assert.Equal(t, cli.ExitOK, run2(append(m.args(db), "-recheck", "0"), &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "pages listed but not stored: 0")
}

// run2 is run with the test's own buffers.
func run2(args []string, stdout, stderr *bytes.Buffer) int { return run(args, stdout, stderr) }

// A sync that fails before reading any source says why.
func TestSyncFailingBeforeAnySourceSaysWhy(t *testing.T) {
	m := newMirror(t)
	db := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(db, "meta.json"), []byte(`{"schema":1}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(db, "poll.json"), []byte(`[1,2`), 0o600))
	var out, errOut bytes.Buffer
	code := run(m.args(db), &out, &errOut)
	assert.Equal(t, cli.ExitFailure, code)
	assert.Contains(t, errOut.String(), "poll state")
}

func TestSyncUsage(t *testing.T) {
	for _, args := range [][]string{
		{"sync", "extra"},
		{"sync", "-recheck", "-1s"},
		{"sync", "-nope"},
		{"sync", "-offline", "/nonexistent/snapshot"},
		{"sync", "-base", "ftp://example.com"},
	} {
		var out, errOut bytes.Buffer
		assert.Equal(t, cli.ExitUsage, run(args, &out, &errOut), "%q", args)
	}
	var out, errOut bytes.Buffer
	assert.Equal(t, cli.ExitOK, run([]string{"sync", "-h"}, &out, &errOut))
	assert.Contains(t, out.String(), "applesec sync")
}

func TestSyncLockedDatabase(t *testing.T) {
	m := newMirror(t)
	db := t.TempDir()
	var out, errOut bytes.Buffer
	require.Equal(t, cli.ExitOK, run(m.args(db), &out, &errOut), errOut.String())
	// A second writer at the same time: the child holds the database while
	// its first page request waits.
	hold := make(chan struct{})
	hits := m.pageHits.Load()
	wait := func(*http.Request, int64) { <-hold }
	m.onPage.Store(&wait)
	done := make(chan int)
	var bgErr bytes.Buffer
	go func() {
		var o bytes.Buffer
		done <- run(append(m.args(db), "-recheck", "0"), &o, &bgErr)
	}()
	require.Eventually(t, func() bool { return m.pageHits.Load() > hits }, 10*time.Second, 10*time.Millisecond)
	errOut.Reset()
	code := run(m.args(db), &out, &errOut)
	close(hold)
	assert.Equal(t, cli.ExitFailure, code)
	assert.Contains(t, errOut.String(), "LOCK")
	assert.Equal(t, cli.ExitOK, <-done, bgErr.String())
}

// TestSyncInterruptedBySIGINT runs sync in a child process, sends it SIGINT
// in the middle of the crawl, and checks that a second run fetches only the
// pages the first had not stored.
func TestSyncInterruptedBySIGINT(t *testing.T) {
	if os.Getenv("APPLESEC_SYNC_CHILD") == "1" {
		return
	}
	m := newMirror(t)
	db := t.TempDir()
	started := make(chan struct{})
	var once sync.Once
	slow := func(r *http.Request, n int64) {
		// Pages are fetched four at a time: the fifth request comes once a
		// page is read and stored. It and the later ones wait until the
		// signal has stopped the run, so the test does not depend on timing.
		if n >= 5 {
			once.Do(func() { close(started) })
			<-r.Context().Done()
		}
	}
	m.onPage.Store(&slow)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$")
	cmd.Env = append(os.Environ(), "APPLESEC_SYNC_CHILD=1", "APPLESEC_SYNC_ARGS="+strings.Join(append(m.args(db), "-json"), "\x1f"))
	var childOut, childErr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &childOut, &childErr
	require.NoError(t, cmd.Start())
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the child never reached its fifth page: %s", childErr.String())
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stdout %s stderr %s", childOut.String(), childErr.String())
	assert.Equal(t, cli.ExitPartial, exit.ExitCode(), childErr.String())
	assert.Contains(t, childErr.String(), "run applesec sync again")

	m.taken()
	// What the interrupted run stored, as the database says.
	got := map[string]bool{}
	rdb, err := store.OpenReadOnly(context.Background(), db)
	require.NoError(t, err)
	for _, a := range rdb.Advisories() {
		u, err := url.Parse(a.URL)
		require.NoError(t, err)
		got[u.Path] = true
	}
	require.NoError(t, rdb.Close())
	require.NotEmpty(t, got, "the pages read before the signal are stored")
	require.Less(t, len(got), 6, "the signal stopped the crawl")
	m.onPage.Store(nil)
	var out, errOut bytes.Buffer
	require.Equal(t, cli.ExitOK, run(append(m.args(db), "-json"), &out, &errOut), errOut.String())
	var sum struct {
		NewAdvisories int `json:"new_advisories"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &sum))
	assert.Equal(t, 6-len(got), sum.NewAdvisories, "the second run adds only what the first had not stored")
	for _, s := range m.taken() {
		if s.status == http.StatusOK && strings.HasPrefix(s.path, "/en-us/12") {
			assert.False(t, got[s.path], "page %s was downloaded again", s.path)
		}
	}
}

// TestSyncChild is the child process of TestSyncInterruptedBySIGINT.
func TestSyncChild(t *testing.T) {
	if os.Getenv("APPLESEC_SYNC_CHILD") != "1" {
		t.Skip("child process of TestSyncInterruptedBySIGINT")
	}
	args := strings.Split(os.Getenv("APPLESEC_SYNC_ARGS"), "\x1f")
	os.Exit(run(args, os.Stdout, os.Stderr))
}
