package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
)

// failingRecorder records documents and fails on its failAt-th call (0:
// never); onCall, when set, runs on every call.
type failingRecorder struct {
	mu     sync.Mutex
	calls  int
	failAt int
	urls   []string
	onCall func(n int)
}

var errDiskFull = errors.New("disk full")

func (r *failingRecorder) Record(_ context.Context, rec Record) error {
	r.mu.Lock()
	r.calls++
	n := r.calls
	r.mu.Unlock()
	if r.onCall != nil {
		r.onCall(n)
	}
	if n == r.failAt {
		return errDiskFull
	}
	r.mu.Lock()
	r.urls = append(r.urls, rec.URL)
	r.mu.Unlock()
	return nil
}

// recordingAggregator is the world's aggregator with a recorder and one
// page at a time, so the order of documents is known.
func recordingAggregator(t *testing.T, w *testWorld, rec Recorder) *Aggregator {
	t.Helper()
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher:  mirrorClient(t, w.m),
		Sources:  []Source{AppleSource{BaseURL: w.m.url(""), Concurrency: 1}},
		Now:      w.clock.now,
		Recorder: rec,
	})
	require.NoError(t, err)
	return agg
}

func TestRunRecorderFailureStopsTheRun(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	rec := &failingRecorder{failAt: 3}
	agg := recordingAggregator(t, w, rec)

	events, next, err := agg.Run(context.Background(), State{})
	require.ErrorIs(t, err, errDiskFull)
	var se *SourceError
	assert.False(t, errors.As(err, &se), "a Recorder error is not a source's failure")
	// Calls: the index, then pages in URL order; the third call fails.
	require.Equal(t, []string{w.m.url("/en-us/100100"), w.m.url("/en-us/125000")}, rec.urls)
	assert.Equal(t, []string{"new_advisory apple:125000"}, kinds(events), "what was recorded is reported")
	assert.Contains(t, next.Validators, w.m.url("/en-us/125000"))
	assert.NotContains(t, next.Validators, w.m.url("/en-us/125001"), "the page whose record failed is not kept")
	assert.Contains(t, next.Advisories, "apple:125000")
	assert.Len(t, next.Advisories, 1)

	// The next run records and reports the rest, and nothing twice.
	rec2 := &failingRecorder{}
	w.m.counters()
	events, _, err = recordingAggregator(t, w, rec2).Run(context.Background(), next)
	require.NoError(t, err)
	assert.Equal(t, []string{"new_advisory apple:125001", "new_advisory apple:126792", "new_advisory apple:126794"}, kinds(events))
	assert.Equal(t, []string{w.m.url("/en-us/125001"), w.m.url("/en-us/126792"), w.m.url("/en-us/126794")}, rec2.urls,
		"the unchanged index and page are not recorded again")
	full, _, _ := w.m.counters()
	assert.Equal(t, 3, full, "only the pages missing are downloaded")
}

func TestRunInterruptedKeepsWhatIsDone(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The context ends while the second page is being recorded.
	rec := &failingRecorder{onCall: func(n int) {
		if n == 3 {
			cancel()
		}
	}}
	events, next, err := recordingAggregator(t, w, rec).Run(ctx, State{})
	require.ErrorIs(t, err, context.Canceled)
	var se *SourceError
	assert.False(t, errors.As(err, &se), "an interrupted source has not failed")
	got := kinds(events)
	require.NotEmpty(t, got)
	assert.Less(t, len(got), 4)
	for _, k := range got {
		assert.Contains(t, next.Advisories, strings.TrimPrefix(k, "new_advisory "))
	}

	// The resumed run fetches only what is missing and reports the rest once.
	w.m.counters()
	events2, next2, err := recordingAggregator(t, w, &failingRecorder{}).Run(context.Background(), next)
	require.NoError(t, err)
	full, _, _ := w.m.counters()
	assert.Equal(t, 4-len(got), full, "the pages done are not downloaded again")
	assert.Len(t, append(got, kinds(events2)...), 4)
	assert.Len(t, next2.Advisories, 4)
}

func TestRunRecheckNowFindsEntryAddedToOldPage(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	w.clock.add(time.Hour)
	old := oldSafari()
	old.entries = append(old.entries, webkitEntry("CVE-2025-24999", 280099))
	w.m.set(old.path(), old.html())

	r := w.run(t)
	assert.Empty(t, r.events, "an older page waits for its weekly re-check")

	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url(""), RecheckNow: true})
	w.m.counters()
	r = w.run(t)
	require.Equal(t, []string{"advisory_updated apple:125001"}, kinds(r.events))
	assert.Equal(t, []string{"CVE-2025-24999"}, cveIDs(r.events[0].Added))
	full, _, hits := w.m.counters()
	assert.Equal(t, 1, full, "every other page answered 304")
	assert.Equal(t, 1, hits["/en-us/125000"], "every known page is re-checked")
}

func TestRunTruncatedMailIsAFailedFetch(t *testing.T) {
	w, src := mailWorld(t, map[string]specPage{"APPLE-SA-04-01-2026-1": recentIOS()})
	path := "/fulldisclosure/APPLE-SA-04-01-2026-1"
	full := recentIOS().mail("APPLE-SA-04-01-2026-1")
	cut := full[:strings.Index(full, "All information is also posted")]
	w.m.set(path, seclistsPage("APPLE-SA-04-01-2026-1 iOS", cut))
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, src)

	r := w.run(t)
	require.Equal(t, []string{"problem " + w.m.url(path)}, kinds(r.events))
	assert.Contains(t, r.events[0].Reason, "truncated")
	assert.NotContains(t, w.state.Validators, w.m.url(path), "validators of a cut mail are not kept")
	assert.NotContains(t, w.state.Validators, src.URL, "the list is read again next run")

	w.m.set(path, seclistsPage("APPLE-SA-04-01-2026-1 iOS", full))
	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Equal(t, []string{"new_advisory apple:126792"}, kinds(r.events))
	w.clock.add(time.Hour)
	r = w.run(t)
	assert.Empty(t, r.events)
}

func TestRunFailingMailBacksOff(t *testing.T) {
	// A mail page that keeps failing is not asked for every run: after an
	// hour, then two, then four, and read as soon as it comes back.
	w, src := mailWorld(t, map[string]specPage{"APPLE-SA-04-01-2026-1": recentIOS()})
	path := "/fulldisclosure/APPLE-SA-04-01-2026-1"
	mail := w.m.docs[path]
	w.m.fail(path, http.StatusInternalServerError)
	asked := func(after time.Duration) int {
		t.Helper()
		w.clock.add(after)
		w.m.counters()
		w.run(t)
		_, _, hits := w.m.counters()
		return hits[path]
	}
	require.Positive(t, asked(0), "first run")
	assert.Zero(t, asked(30*time.Minute), "30 minutes after the first failure")
	require.Positive(t, asked(30*time.Minute), "an hour after it")
	assert.Zero(t, asked(90*time.Minute), "90 minutes after the second failure")
	require.Positive(t, asked(30*time.Minute), "two hours after it")
	assert.Zero(t, asked(3*time.Hour), "3 hours after the third failure")
	assert.Equal(t, "3 2026-04-01T07:00:00Z", w.state.Reported[mailFailKey(src.URL, w.m.url(path))])

	w.m.fail(path, 0)
	w.m.set(path, mail)
	require.Positive(t, asked(time.Hour), "four hours after the third failure")
	assert.Contains(t, w.state.Reported, "mail "+src.URL+" "+w.m.url(path), "the mail is read")
	assert.NotContains(t, w.state.Reported, mailFailKey(src.URL, w.m.url(path)), "the failure record goes")
	assert.Contains(t, w.state.Validators, src.URL, "the list's validators are kept again")
}

func TestRunMailNotAskedForIsNotBackedOff(t *testing.T) {
	// The list's host asks to wait while the first of two mails is read:
	// the second is never asked for, so it is no failure of that mail, and
	// both are read as soon as the wait is over.
	w, src := mailWorld(t, map[string]specPage{"APPLE-SA-04-01-2026-1": recentIOS(), "APPLE-SA-04-01-2026-2": recentMac()})
	src.Concurrency = 1
	w.agg = newMirrorAggregator(t, w.m, w.clock, w.stats, AppleSource{BaseURL: w.m.url("")}, src)
	pa, pb := "/fulldisclosure/APPLE-SA-04-01-2026-1", "/fulldisclosure/APPLE-SA-04-01-2026-2"
	mirror := w.m.srv.Config.Handler
	var busy atomic.Bool
	busy.Store(true)
	w.m.srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pa && busy.Load() {
			rw.Header().Set("Retry-After", "60")
			http.Error(rw, "busy", http.StatusServiceUnavailable)
			return
		}
		mirror.ServeHTTP(rw, r)
	})
	w.m.counters()
	r, err := runOnce(t, w.agg, w.stats, w.state)
	require.ErrorIs(t, err, ErrRetryLater, "the mail source stops, naming the wait")
	w.state = r.next
	_, _, hits := w.m.counters()
	require.Zero(t, hits[pb], "the host asked to wait")
	for _, p := range []string{pa, pb} {
		assert.NotContains(t, w.state.Reported, mailFailKey(src.URL, w.m.url(p)), "%s is not backed off", p)
	}

	busy.Store(false)
	w.clock.add(2 * time.Minute)
	w.run(t)
	_, _, hits = w.m.counters()
	assert.Equal(t, 1, hits[pa])
	assert.Equal(t, 1, hits[pb])
}

func TestRunPageCutInAnEntryIsAFailedFetch(t *testing.T) {
	p := recentIOS()
	body := string(p.html())
	cut := body[:strings.Index(body, "CVE-2026-20665")]
	if a, err := advisory.ParsePage(strings.NewReader(cut), "https://support.apple.com/en-us/126792"); err == nil && !a.Truncated {
		t.Skip("advisory.ParsePage does not mark a page cut short as Truncated yet")
	}
	w := newTestWorld(t, AppleSource{}, p)
	w.m.set(p.path(), []byte(cut))
	r := w.run(t)
	require.Equal(t, []string{"problem " + w.m.url(p.path())}, kinds(r.events))
	assert.NotContains(t, w.state.Validators, w.m.url(p.path()))

	w.m.set(p.path(), p.html())
	w.clock.add(FailureBackoff)
	r = w.run(t)
	require.Equal(t, []string{"new_advisory apple:126792"}, kinds(r.events))
	assert.Len(t, r.events[0].Advisory.Entries, 3, "no entry missed")
}

// guardFetcher passes requests to next and fails the test on a URL outside
// the allowed prefix, before anything is sent.
type guardFetcher struct {
	t       *testing.T
	allowed string
	next    Fetcher
}

func (g guardFetcher) Fetch(ctx context.Context, u string, prev Validators) (Response, error) {
	if !strings.HasPrefix(u, g.allowed) {
		g.t.Errorf("fetched %s, outside %s", u, g.allowed)
		return Response{}, errors.New("refused by the test")
	}
	return g.next.Fetch(ctx, u, prev)
}

func TestRunMailLinkOffOriginIsNotFetched(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	m := w.m
	// One item links to another port of the host, one to another address.
	m.set("/list.rss", rssFeed("list",
		rssItem{title: "APPLE-SA-04-01-2026-1 iOS", link: "http://127.0.0.2:1/internal", published: testNow},
		rssItem{title: "APPLE-SA-04-01-2026-2 iOS", link: strings.Replace(m.url("/x"), "127.0.0.1:", "127.0.0.1:1", 1), published: testNow},
		rssItem{title: "APPLE-SA-04-01-2026-3 iOS", link: "http://169.254.169.254/latest/meta-data/", published: testNow},
	))
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher: guardFetcher{t: t, allowed: m.url("/"), next: mirrorClient(t, m)},
		Sources: []Source{MailListSource{URL: m.url("/list.rss")}},
		Now:     w.clock.now,
	})
	require.NoError(t, err)
	events, _, err := agg.Run(context.Background(), State{})
	require.NoError(t, err)
	require.Len(t, events, 3)
	for _, ev := range events {
		assert.Equal(t, KindProblem, ev.Kind)
		assert.Contains(t, ev.Reason, "not allowed")
	}
}

func TestRunRetryAfterIsRememberedPerHost(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	var hits atomic.Int64
	kev := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		rw.Header().Set("Retry-After", "7200")
		http.Error(rw, "busy", http.StatusServiceUnavailable)
	}))
	t.Cleanup(kev.Close)
	client, err := NewClient(Config{Retries: 2, LoopbackRate: RateLimit{Unlimited: true}})
	require.NoError(t, err)
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher: client,
		Sources: []Source{AppleSource{BaseURL: w.m.url("")}, KEVSource{URL: kev.URL + "/kev.json"}},
		Now:     w.clock.now,
	})
	require.NoError(t, err)

	events, next, err := agg.Run(context.Background(), State{})
	require.ErrorIs(t, err, ErrRetryLater)
	assert.Contains(t, err.Error(), "2h0m0s", "the message names the wait")
	assert.Equal(t, int64(1), hits.Load(), "no retry sooner than asked")
	assert.Len(t, events, 4, "the other source is reported")
	assert.Equal(t, "2026-04-01T02:00:00Z", next.Reported["wait "+kev.URL])

	// An hour later the host is not asked at all.
	w.clock.add(time.Hour)
	_, next, err = agg.Run(context.Background(), next)
	require.ErrorIs(t, err, ErrRetryLater)
	assert.Contains(t, err.Error(), "until 2026-04-01T02:00:00Z")
	assert.Equal(t, int64(1), hits.Load())

	// Once the wait is over, it is asked again.
	w.clock.add(2 * time.Hour)
	_, _, err = agg.Run(context.Background(), next)
	require.Error(t, err)
	assert.Equal(t, int64(2), hits.Load())
}

func TestRunHostileIndexOfMissingPages(t *testing.T) {
	n := 10000
	if raceEnabled {
		n = 2000 // the same path, at a pace the race detector allows
	}
	batch := n / 5
	m := newTestMirror(t)
	rows := make([]specRow, n)
	for i := range rows {
		rows[i] = specRow{name: fmt.Sprintf("Ghost %d", i), doc: 200000 + i, availableFor: "iPhone", released: testNow.Add(-time.Duration(i) * time.Hour)}
	}
	m.set("/en-us/100100", indexHTML(rows))
	clock := &testClock{t: testNow}
	var stats Stats
	agg := newMirrorAggregator(t, m, clock, &stats, AppleSource{BaseURL: m.url(""), MaxNewPages: batch, Concurrency: 8})

	st := State{}
	// The first runs take the new pages in slices of MaxNewPages, keeping
	// what they learnt.
	for i := 0; i < n/batch; i++ {
		var err error
		_, st, err = agg.Run(context.Background(), st)
		require.NoError(t, err)
		assert.Equal(t, batch+1, stats.Requests, "run %d: the index and MaxNewPages pages", i)
		clock.add(time.Minute)
	}
	// Then none is asked again before its backoff.
	_, st, err := agg.Run(context.Background(), st)
	require.NoError(t, err)
	assert.Equal(t, 1, stats.Requests, "failing pages back off")

	// Rows that leave the index leave the schedule and the State.
	m.set("/en-us/100100", indexHTML(rows[:1]))
	clock.add(8 * 24 * time.Hour)
	_, st, err = agg.Run(context.Background(), st)
	require.NoError(t, err)
	assert.Equal(t, 2, stats.Requests, "the index and the one page left")
	for k := range st.Reported {
		assert.False(t, strings.HasPrefix(k, "page ") && !strings.HasSuffix(k, "/en-us/200000"), "row %s left the index but not the State", k)
		assert.False(t, strings.HasPrefix(k, "fail ") && !strings.HasSuffix(k, "/en-us/200000"), "failure record %s kept", k)
	}
	assert.LessOrEqual(t, len(st.Checked), 2)
}

func TestZeroValuesDoNotPanic(t *testing.T) {
	var c Client
	_, err := c.Fetch(context.Background(), "http://127.0.0.2/", Validators{})
	require.ErrorIs(t, err, ErrInvalidConfig)

	var a Aggregator
	_, _, err = a.Run(context.Background(), State{})
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestHTTPErrorRedactsPassword(t *testing.T) {
	err := &HTTPError{URL: "https://user:s3cret@mirror.example/en-us/100100", StatusCode: 503, RetryAfter: time.Hour}
	assert.NotContains(t, err.Error(), "s3cret")
	assert.Contains(t, err.Error(), "Retry-After 1h0m0s")
}

func TestRunSlowServerCannotOutlastTheDeadline(t *testing.T) {
	w := newTestWorld(t, AppleSource{})
	w.run(t)
	// The KEV server sends its headers, then a byte now and then.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Length", "1000000")
		rw.WriteHeader(http.StatusOK)
		for {
			select {
			case <-r.Context().Done():
				return
			case <-release:
				return
			case <-time.After(10 * time.Millisecond):
				_, _ = rw.Write([]byte(" "))
				rw.(http.Flusher).Flush()
			}
		}
	}))
	t.Cleanup(func() { close(release); slow.Close() })
	client, err := NewClient(Config{Retries: -1, LoopbackRate: RateLimit{Unlimited: true}})
	require.NoError(t, err)
	agg, err := NewAggregator(AggregatorConfig{
		Fetcher: client,
		Sources: []Source{AppleSource{BaseURL: w.m.url("")}, KEVSource{URL: slow.URL}},
		Now:     w.clock.now,
	})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, next, err := agg.Run(ctx, w.state)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, next.Validators, slow.URL)
	assert.Len(t, next.Advisories, 4, "the Apple source's work is kept")
}

func TestRunIndexOfManyRows(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 100,000-row index: too slow in -short and -race runs")
	}
	const n = 100000
	m := newTestMirror(t)
	rows := make([]specRow, n)
	for i := range rows {
		rows[i] = specRow{name: fmt.Sprintf("Ghost %d", i), doc: 300000 + i, availableFor: "iPhone", released: testNow.Add(-time.Duration(i) * time.Minute)}
	}
	m.set("/en-us/100100", indexHTML(rows))
	clock := &testClock{t: testNow}
	var stats Stats
	agg := newMirrorAggregator(t, m, clock, &stats, AppleSource{BaseURL: m.url(""), MaxNewPages: 100})
	start := time.Now()
	_, st, err := agg.Run(context.Background(), State{})
	require.NoError(t, err)
	assert.Equal(t, 101, stats.Requests, "the index and MaxNewPages pages")
	first := time.Since(start)
	clock.add(time.Minute)
	start = time.Now()
	_, _, err = agg.Run(context.Background(), st)
	require.NoError(t, err)
	assert.Equal(t, 101, stats.Requests, "the next slice, the index unchanged")
	t.Logf("100,000 rows: first run %v, second run %v", first, time.Since(start))
}

func TestRunEachWayASourceFails(t *testing.T) {
	tests := []struct {
		name string
		// fail answers the KEV request while the source is down.
		fail func(rw http.ResponseWriter, r *http.Request)
	}{
		// A server error, after retries.
		{"503", func(rw http.ResponseWriter, r *http.Request) { http.Error(rw, "down", http.StatusServiceUnavailable) }},
		// Rate limited, after retries.
		{"429", func(rw http.ResponseWriter, r *http.Request) { http.Error(rw, "slow down", http.StatusTooManyRequests) }},
		// The feed is gone.
		{"404", func(rw http.ResponseWriter, r *http.Request) { http.NotFound(rw, r) }},
		// A body that does not parse.
		{"garbage", func(rw http.ResponseWriter, r *http.Request) { _, _ = rw.Write([]byte("<html>maintenance</html>")) }},
		// The connection drops before an answer.
		{"network", func(rw http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newTestWorld(t, AppleSource{})
			var down atomic.Bool
			good := kevJSON(t, day(2026, 3, 1), "CVE-2026-20700")
			kev := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if down.Load() {
					tc.fail(rw, r)
					return
				}
				_, _ = rw.Write(good)
			}))
			t.Cleanup(kev.Close)
			client, err := NewClient(Config{Retries: 1, BackoffBase: time.Millisecond, LoopbackRate: RateLimit{Unlimited: true}})
			require.NoError(t, err)
			agg, err := NewAggregator(AggregatorConfig{
				Fetcher: client,
				Sources: []Source{AppleSource{BaseURL: w.m.url("")}, KEVSource{URL: kev.URL}},
				Now:     w.clock.now,
			})
			require.NoError(t, err)
			_, st, err := agg.Run(context.Background(), State{})
			require.NoError(t, err)

			// The bad hour: a page changes, KEV fails, and CISA adds a CVE
			// that an advisory fixes.
			w.clock.add(time.Hour)
			ios := recentIOS()
			ios.entries = append(ios.entries, webkitEntry("CVE-2026-28200", 309001))
			w.m.set(ios.path(), ios.html())
			down.Store(true)
			good = kevJSON(t, day(2026, 4, 1), "CVE-2026-20700", "CVE-2026-28001")
			events, next, err := agg.Run(context.Background(), st)
			failed := SourceErrors(err)
			require.Len(t, failed, 1, "%v", err)
			assert.Equal(t, "kev", failed[0].Source)
			assert.Equal(t, []string{"advisory_updated apple:126792"}, kinds(events))
			assert.Equal(t, st.KEV, next.KEV)
			assert.Equal(t, st.Validators[kev.URL], next.Validators[kev.URL])
			assert.Equal(t, st.Checked[kev.URL], next.Checked[kev.URL])

			// KEV is back: it reports exactly what it missed, the page nothing twice.
			w.clock.add(time.Hour)
			down.Store(false)
			events, _, err = agg.Run(context.Background(), next)
			require.NoError(t, err)
			require.Equal(t, []string{"exploited_newly_set apple:126792"}, kinds(events))
			assert.Equal(t, "CVE-2026-28001", events[0].Exploited[0].ID)
		})
	}
}
