package applesec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/mirrortest"
)

// snapshotAt is the capture time of testdata/snapshot.
var snapshotAt = time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC)

// mirror serves testdata/snapshot over loopback as Apple's site, gdmf and
// CISA would (paths as on the real hosts, the host chosen by the first path
// segment for the non-Apple ones), counting requests and body bytes.
type mirror struct {
	*httptest.Server
	requests  atomic.Int64
	bodies    atomic.Int64
	kevDown   atomic.Bool
	onRequest atomic.Pointer[func(r *http.Request)]
}

func newMirror(t *testing.T) *mirror {
	t.Helper()
	m := &mirror{}
	replay := feed.NewReplay("testdata/snapshot")
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		if f := m.onRequest.Load(); f != nil {
			(*f)(r)
		}
		host := "support.apple.com"
		path := r.URL.Path
		for _, h := range []string{"gdmf.apple.com", "www.cisa.gov"} {
			if p, ok := strings.CutPrefix(path, "/"+h); ok {
				host, path = h, p
			}
		}
		if host == "www.cisa.gov" && m.kevDown.Load() {
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
			return
		}
		if _, n := mirrortest.Serve(w, r, replay, host, path); n > 0 {
			m.bodies.Add(n)
		}
	}))
	t.Cleanup(m.Close)
	return m
}

// options reads everything from the mirror.
func (m *mirror) options() applesec.SyncOptions {
	client, err := feed.NewClient(feed.Config{Retries: -1})
	if err != nil {
		panic(err)
	}
	return applesec.SyncOptions{
		Fetcher: client,
		BaseURL: m.URL,
		GDMFURL: m.URL + "/gdmf.apple.com/v2/pmv",
		KEVURL:  m.URL + "/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
		Now:     func() time.Time { return snapshotAt },
	}
}

func TestSyncFillsTheDatabaseThenTransfersNothing(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db, err := applesec.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer db.Close()

	rep, err := db.Sync(ctx, m.options())
	require.NoError(t, err)
	assert.Equal(t, 6, rep.NewAdvisories, "the six pages the index links")
	assert.Empty(t, rep.Failures)
	assert.Positive(t, rep.EntriesAdded)

	ans, err := db.CVE("CVE-2026-20643")
	require.NoError(t, err)
	var fixes []string
	for _, h := range ans.FixedIn {
		fixes = append(fixes, h.URL)
	}
	assert.Contains(t, strings.Join(fixes, " "), "/126604", "the BSI page fixes it")
	assert.Contains(t, strings.Join(fixes, " "), "/126792", "iOS 26.4 fixes it")
	assert.NotEmpty(t, db.BSIs(), "pmv offers stored")
	assert.NotEmpty(t, db.KEV(), "KEV flags stored")

	before := m.bodies.Load()
	rep, err = db.Sync(ctx, m.options())
	require.NoError(t, err)
	assert.Equal(t, before, m.bodies.Load(), "an unchanged re-sync transfers no body")
	assert.Zero(t, rep.Stats.Parsed, "and parses nothing")
	assert.Zero(t, rep.NewAdvisories+rep.UpdatedAdvisories)
}

func TestSyncKeepsWhatItReadWhenKEVIsDown(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	m.kevDown.Store(true)
	db, err := applesec.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer db.Close()

	opts := m.options()
	rep, err := db.Sync(ctx, opts)
	require.Error(t, err)
	failed := feed.SourceErrors(err)
	require.Len(t, failed, 1)
	assert.Equal(t, "kev", failed[0].Source)
	assert.Equal(t, 6, rep.NewAdvisories, "Apple's pages are stored all the same")
	assert.Empty(t, db.KEV())

	m.kevDown.Store(false)
	rep, err = db.Sync(ctx, opts)
	require.NoError(t, err)
	assert.Zero(t, rep.NewAdvisories)
	assert.NotEmpty(t, db.KEV(), "the next good run reads what was missed")
}

func TestSyncInterruptedResumesWithoutRefetching(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := newMirror(t)
	var pages atomic.Int64
	stop := func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/en-us/12") && pages.Add(1) == 3 {
			cancel() // stop the run in the middle of the crawl
		}
	}
	m.onRequest.Store(&stop)
	dir := t.TempDir()
	db, err := applesec.Open(context.Background(), dir)
	require.NoError(t, err)
	rep, err := db.Sync(ctx, m.options())
	require.ErrorIs(t, err, context.Canceled)
	assert.True(t, rep.Interrupted)
	stored := len(db.Advisories())
	assert.Less(t, stored, 6, "the run stopped before the end")
	require.NoError(t, db.Close())

	m.onRequest.Store(nil)
	before := m.bodies.Load()
	db, err = applesec.Open(context.Background(), dir)
	require.NoError(t, err)
	defer db.Close()
	rep, err = db.Sync(context.Background(), m.options())
	require.NoError(t, err)
	assert.Len(t, db.Advisories(), 6, "the second run finishes")
	assert.Equal(t, 6-stored, rep.NewAdvisories, "only what was missing is new")
	assert.Positive(t, m.bodies.Load()-before)
}

func TestCoverageFromTheDatabase(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db, err := applesec.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Coverage(advisory.CoverageOptions{})
	require.Error(t, err, "an empty database gives no verdict")

	_, err = db.Sync(ctx, m.options())
	require.NoError(t, err)
	cov, err := db.Coverage(advisory.CoverageOptions{})
	require.NoError(t, err)
	assert.Contains(t, cov.CVEs(), "CVE-2026-20643")
}

func TestOpenReadOnlyWithoutDatabaseSaysSync(t *testing.T) {
	_, err := applesec.OpenReadOnly(context.Background(), t.TempDir()+"/none")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "applesec sync")
}

func TestSourcesOfflineMissingSnapshot(t *testing.T) {
	_, _, err := applesec.Sources(applesec.SyncOptions{Offline: t.TempDir() + "/missing"})
	require.Error(t, err)
	var se *feed.SourceError
	assert.False(t, errors.As(err, &se))
}

// A sync killed after storing pages but before saving its poll state (the
// state is written last) must not download those pages again: their
// validators are stored with them.
func TestSyncAfterAKillReusesTheStoredValidators(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db, err := applesec.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Sync(ctx, m.options())
	require.NoError(t, err)
	// What a kill between the last page and the state's save leaves.
	require.NoError(t, db.PutPollState(ctx, []byte(`{"version":1}`)))

	var pageBodies atomic.Int64
	count := func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/en-us/12") && r.Header.Get("If-None-Match") == "" {
			pageBodies.Add(1)
		}
	}
	m.onRequest.Store(&count)
	rep, err := db.Sync(ctx, m.options())
	require.NoError(t, err)
	assert.Zero(t, pageBodies.Load(), "every stored page is asked for conditionally")
	assert.Zero(t, rep.NewAdvisories+rep.UpdatedAdvisories)
}

// A poll state that does not decode is an error naming the database, never
// a silent fresh start.
func TestSyncRefusesACorruptPollState(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	db, err := applesec.Open(ctx, t.TempDir())
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.PutPollState(ctx, []byte(`[1,2`)))
	_, err = db.Sync(ctx, m.options())
	require.Error(t, err)
	assert.Contains(t, err.Error(), db.Path())
}

// A document file removed from the database (after a corrupt-file error) is
// read again by the next sync, although the poll state knows its validators.
func TestSyncRestoresARemovedDocument(t *testing.T) {
	ctx := context.Background()
	m := newMirror(t)
	dir := t.TempDir()
	db, err := applesec.Open(ctx, dir)
	require.NoError(t, err)
	_, err = db.Sync(ctx, m.options())
	require.NoError(t, err)
	require.NoError(t, db.Close())
	for _, f := range []string{"advisories/apple-126604.json", "kev.json", "index.json"} {
		require.NoError(t, os.Remove(filepath.Join(dir, f)))
	}

	db, err = applesec.Open(ctx, dir)
	require.NoError(t, err)
	defer db.Close()
	rep, err := db.Sync(ctx, m.options())
	require.NoError(t, err)
	assert.Equal(t, 1, rep.NewAdvisories, "the removed page is read again")
	assert.Len(t, db.Advisories(), 6)
	assert.NotEmpty(t, db.KEV())
	assert.NotEmpty(t, db.IndexRows())
	assert.Empty(t, rep.Missing)
}
