package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/mirrortest"
	"github.com/applesec/applesec/internal/testenv"
)

// mirror serves one host of a snapshot directory on loopback, through
// feed.Replay (conditional requests included), and counts the bodies sent.
type mirror struct {
	srv    *httptest.Server
	bodies atomic.Int64
	down   atomic.Bool
	// served receives the path of each advisory page answered in full.
	served chan string
	// holdAfter, when positive, holds every advisory page request after
	// that many until the client goes away (a signal test that must not
	// depend on timing).
	holdAfter atomic.Int64
	pageReqs  atomic.Int64
}

func newMirror(t *testing.T, dir, host string) *mirror {
	t.Helper()
	m := &mirror{served: make(chan string, 100)}
	rp := feed.NewReplay(dir)
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.down.Load() {
			// Retried at once (Retry-After: 0), so the test stays quick.
			w.Header().Set("Retry-After", "0")
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		if r.URL.Path != "/en-us/100100" {
			if n := m.holdAfter.Load(); n > 0 && m.pageReqs.Add(1) > n {
				<-r.Context().Done()
				return
			}
		}
		// A body counts, and a page is announced, once served in full.
		if status, n := mirrortest.Serve(w, r, rp, host, r.URL.Path); status != http.StatusOK || n < 0 {
			return
		}
		m.bodies.Add(1)
		if r.URL.Path == "/en-us/100100" {
			return
		}
		select {
		case m.served <- r.URL.Path:
		default:
		}
	}))
	t.Cleanup(m.srv.Close)
	return m
}

// copySnapshot copies the project's snapshot into a temporary directory.
func copySnapshot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(snapshot)))
	return dir
}

// edit replaces old by new in a snapshot file.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), old)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
}

const kevPath = "/sites/default/files/feeds/known_exploited_vulnerabilities.json"

func TestBadHourWithKEVDown(t *testing.T) {
	dir := copySnapshot(t)
	apple := newMirror(t, dir, "support.apple.com")
	kev := newMirror(t, dir, "www.cisa.gov")
	state := filepath.Join(t.TempDir(), "state.json")
	args := withTestDB(t, []string{"-base", apple.srv.URL, "-gdmf", "", "-kev", kev.srv.URL + kevPath, "-state", state})

	code, _, errOut := runWatch(t, args...)
	require.Equal(t, 0, code, errOut)

	// Apple publishes a new page and adds an entry to an old one; CISA is down.
	pages := filepath.Join(dir, "support.apple.com", "en-us")
	newPage, err := os.ReadFile(filepath.Join(pages, "126800.html"))
	require.NoError(t, err)
	np := strings.ReplaceAll(string(newPage), "Safari 26.4", "Safari 26.4.1")
	np = strings.ReplaceAll(np, "CVE-2026-20665", "CVE-2026-30001")
	np = strings.ReplaceAll(np, "126800", "126901") // the page's own address, in its canonical link
	require.NoError(t, os.WriteFile(filepath.Join(pages, "126901.html"), []byte(np), 0o644))
	edit(t, filepath.Join(pages, "100100.html"), `<a href="/en-us/126792" class="gb-anchor">`,
		`<a href="/en-us/126901" class="gb-anchor">Safari 26.4.1</a></p></td><td class="gb-table-cell"><p class="gb-paragraph">macOS Sequoia</p></td><td class="gb-table-cell"><p class="gb-paragraph">01 Apr 2026</p></td></tr>`+
			`<tr><td class="gb-table-cell"><p class="gb-paragraph"><a href="/en-us/126792" class="gb-anchor">`)
	edit(t, filepath.Join(pages, "126800.html"), `<h3 class="gb-header">WebKit Sandboxing</h3>`,
		`<h3 class="gb-header">WebKit</h3>
        <p class="gb-paragraph">Available for: macOS Sonoma and macOS Sequoia</p>
        <p class="gb-paragraph">Impact: Processing web content may lead to a crash</p>
        <p class="gb-paragraph">Description: A memory issue was fixed.</p>
        <p class="gb-paragraph">CVE-2026-30002</p>
        <h3 class="gb-header">WebKit Sandboxing</h3>`)
	kev.down.Store(true)

	code, out, errOut := runWatch(t, append(args, "-recheck", "0")...)
	assert.Equal(t, 3, code, errOut)
	assert.Contains(t, errOut, "source kev failed")
	assert.Contains(t, out, "NEW About the security content of Safari 26.4.1")
	assert.Contains(t, out, "- WebKit: CVE-2026-30001")
	assert.Contains(t, out, "UPDATED About the security content of Safari 26.4\n")
	assert.Contains(t, out, "- added WebKit: CVE-2026-30002")

	// CISA is back: nothing new, no body downloaded.
	kev.down.Store(false)
	apple.bodies.Store(0)
	kev.bodies.Store(0)
	code, out, errOut = runWatch(t, args...)
	assert.Equal(t, 0, code, errOut)
	assert.Empty(t, out)
	assert.Zero(t, apple.bodies.Load()+kev.bodies.Load(), "every document answered 304")
}

func TestAllSourcesDownExitsOne(t *testing.T) {
	dir := copySnapshot(t)
	apple := newMirror(t, dir, "support.apple.com")
	apple.down.Store(true)
	state := filepath.Join(t.TempDir(), "state.json")
	code, out, errOut := runWatch(t, "-base", apple.srv.URL, "-gdmf", "", "-kev", "", "-state", state, "-timeout", "30s")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "source apple failed")
	assert.NoFileExists(t, state)
}

func TestPasswordInBaseIsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	base := strings.Replace(srv.URL, "http://", "http://watcher:s3cret@", 1)
	code, _, errOut := runWatch(t, "-base", base, "-gdmf", "", "-kev", "", "-state", filepath.Join(t.TempDir(), "s.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "404")
	assert.NotContains(t, errOut, "s3cret")
}

func TestMoreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-component", ""},
		{"-recheck", "-1h"},
		{"-timeout", "0s"},
	} {
		code, out, errOut := runWatch(t, args...)
		assert.Equal(t, 2, code, args)
		assert.Empty(t, out)
		assert.NotEmpty(t, errOut)
	}
}

func TestCapturedOutsideTheSnapshotIsRefused(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("hunter2-token"), 0o600))
	for name, target := range map[string]string{"secret file": secret, "device": "/dev/zero"} {
		t.Run(name, func(t *testing.T) {
			dir := copySnapshot(t)
			require.NoError(t, os.Remove(filepath.Join(dir, "CAPTURED")))
			require.NoError(t, os.Symlink(target, filepath.Join(dir, "CAPTURED")))
			state := filepath.Join(t.TempDir(), "s.json")
			code, _, errOut := runWatch(t, "-offline", dir, "-state", state)
			assert.Equal(t, 1, code)
			assert.Contains(t, errOut, "CAPTURED")
			assert.NotContains(t, errOut, "hunter2")
			assert.NoFileExists(t, state)
		})
	}
}

// childEnv makes the test binary run the command itself, for the signal test.
const childEnv = "WEBKIT_WATCH_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(run(a, os.Stdout, os.Stderr))
	}
	cleanup := testenv.Isolate()
	code := m.Run()
	cleanup()
	os.Exit(code)
}

func TestSIGINTSavesProgressAndTheNextRunResumes(t *testing.T) {
	dir := copySnapshot(t)
	apple := newMirror(t, dir, "support.apple.com")
	// The first four pages are answered; the others wait until the signal
	// has stopped the run.
	apple.holdAfter.Store(4)
	state := filepath.Join(t.TempDir(), "state.json")
	args := withTestDB(t, []string{"-base", apple.srv.URL, "-gdmf", "", "-kev", "", "-state", state})

	a, err := json.Marshal(args)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+string(a))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	// Interrupt once a page was served in full and another request is held:
	// the first page has been parsed, and the run cannot have finished.
	select {
	case <-apple.served:
	case <-time.After(30 * time.Second):
		t.Fatal("no page served")
	}
	require.Eventually(t, func() bool { return apple.pageReqs.Load() > 4 }, 30*time.Second, 5*time.Millisecond, "no request held")
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 3, ee.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "interrupted")
	require.FileExists(t, state, "progress is saved")

	var saved feed.State
	b, err := os.ReadFile(state)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &saved))
	kept := 0
	for u := range saved.Validators {
		if strings.Contains(u, "/en-us/") && !strings.HasSuffix(u, "/100100") {
			kept++
		}
	}
	require.Positive(t, kept, "pages read before the signal are kept")
	printed := strings.Count(stdout.String(), "NEW About")

	// The resumed run downloads only the pages missing.
	apple.holdAfter.Store(0)
	apple.bodies.Store(0)
	code, out, errOut := runWatch(t, args...)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, int64(6-kept), apple.bodies.Load())
	assert.Equal(t, 6, printed+strings.Count(out, "NEW About"), "every advisory reported once")
}

func TestBSIShownForItsAdvisorysComponentsOnly(t *testing.T) {
	code, out, errOut := runWatch(t, "-offline", snapshot, "-state", filepath.Join(t.TempDir(), "s.json"), "-component", "Kernel")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "BSI", "the snapshot's BSIs fix WebKit only")

	code, out, errOut = runWatch(t, "-offline", snapshot, "-state", filepath.Join(t.TempDir(), "s.json"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "NEW BSI")
}
