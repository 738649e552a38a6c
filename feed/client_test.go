package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testLastModified = "Tue, 17 Mar 2026 10:00:00 GMT"

// newTestClient builds a Client over a fake clock, so that rate-limit and
// backoff waits are recorded instead of slept.
func newTestClient(t *testing.T, cfg Config) (*Client, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	c, err := newClient(cfg, clk)
	require.NoError(t, err)
	return c, clk
}

// gzipped compresses b.
func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// sha256Hex is the hex SHA-256 of b.
func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// rawResponse hijacks the connection, writes raw bytes and closes it: the
// way to serve a broken response.
func rawResponse(t *testing.T, w http.ResponseWriter, raw []byte) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if !assert.NoError(t, err) {
		return
	}
	_, _ = conn.Write(raw)
	_ = conn.Close()
}

func TestClientConditionalGetNotModified(t *testing.T) {
	body := []byte("<html>Apple security releases</html>")
	var mu sync.Mutex
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", testLastModified)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	ctx := context.Background()

	first, err := c.Fetch(ctx, srv.URL+"/en-us/100100", Validators{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, first.StatusCode)
	assert.Equal(t, body, first.Body)
	assert.Equal(t, Validators{ETag: `"v1"`, LastModified: testLastModified, BodyHash: sha256Hex(body)}, first.Validators)
	assert.Equal(t, srv.URL+"/en-us/100100", first.URL)

	second, err := c.Fetch(ctx, srv.URL+"/en-us/100100", first.Validators)
	require.ErrorIs(t, err, ErrNotModified)
	assert.Equal(t, http.StatusNotModified, second.StatusCode)
	assert.Nil(t, second.Body)
	assert.Equal(t, first.Validators, second.Validators)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, 2)
	// The first request is unconditional; the second carries both validators.
	assert.Empty(t, seen[0].Get("If-None-Match"))
	assert.Empty(t, seen[0].Get("If-Modified-Since"))
	assert.Equal(t, `"v1"`, seen[1].Get("If-None-Match"))
	assert.Equal(t, testLastModified, seen[1].Get("If-Modified-Since"))
	assert.Equal(t, ClientStats{Requests: 2, NotModified: 1, BodyBytes: int64(len(body))}, c.Stats())
}

func TestClientNotModifiedRefreshesValidators(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A 304 that rotates the ETag but sends no Last-Modified.
		w.Header().Set("ETag", `"v2"`)
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	prev := Validators{ETag: `"v1"`, LastModified: testLastModified, BodyHash: "abc"}
	res, err := c.Fetch(context.Background(), srv.URL, prev)
	require.ErrorIs(t, err, ErrNotModified)
	assert.Equal(t, Validators{ETag: `"v2"`, LastModified: testLastModified, BodyHash: "abc"}, res.Validators)
}

func TestClientUnconditional304IsAnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	// Without validators a 304 leaves the caller with nothing: not "unchanged".
	_, err := c.Fetch(context.Background(), srv.URL, Validators{})
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotModified, he.StatusCode)
}

func TestClientSameBodyHashIsNotModified(t *testing.T) {
	body := []byte(`{"PublicAssetSets":{}}`)
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A server that ignores conditional requests and rotates its ETag.
		w.Header().Set("ETag", fmt.Sprintf(`"e%d"`, n.Add(1)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	ctx := context.Background()
	first, err := c.Fetch(ctx, srv.URL, Validators{})
	require.NoError(t, err)

	second, err := c.Fetch(ctx, srv.URL, first.Validators)
	require.ErrorIs(t, err, ErrNotModified)
	assert.Equal(t, http.StatusOK, second.StatusCode)
	assert.Nil(t, second.Body)
	assert.Equal(t, Validators{ETag: `"e2"`, BodyHash: sha256Hex(body)}, second.Validators)
	assert.Equal(t, int64(1), c.Stats().NotModified)
}

func TestClientChangedBody(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "version %d", n.Add(1))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	first, err := c.Fetch(context.Background(), srv.URL, Validators{})
	require.NoError(t, err)
	second, err := c.Fetch(context.Background(), srv.URL, first.Validators)
	require.NoError(t, err)
	assert.Equal(t, "version 2", string(second.Body))
	assert.NotEqual(t, first.Validators.BodyHash, second.Validators.BodyHash)
}

func TestClientRetryAfter(t *testing.T) {
	start := newFakeClock().now()
	tests := []struct {
		name   string
		status int
		header string
		want   time.Duration
	}{
		// 429 with delay-seconds.
		{name: "429 seconds", status: http.StatusTooManyRequests, header: "2", want: 2 * time.Second},
		// 503 with delay-seconds.
		{name: "503 seconds", status: http.StatusServiceUnavailable, header: "3", want: 3 * time.Second},
		// 429 with an HTTP date 4 s ahead of the client's clock.
		{name: "429 date", status: http.StatusTooManyRequests, header: start.Add(4 * time.Second).Format(http.TimeFormat), want: 4 * time.Second},
		// 503 with an HTTP date 5 s ahead.
		{name: "503 date", status: http.StatusServiceUnavailable, header: start.Add(5 * time.Second).Format(http.TimeFormat), want: 5 * time.Second},
		// A date already past means retry now.
		{name: "503 past date", status: http.StatusServiceUnavailable, header: start.Add(-time.Hour).Format(http.TimeFormat), want: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					w.Header().Set("Retry-After", tc.header)
					w.WriteHeader(tc.status)
					return
				}
				_, _ = io.WriteString(w, "ok")
			}))
			defer srv.Close()
			c, clk := newTestClient(t, Config{HTTPClient: srv.Client()})
			res, err := c.Fetch(context.Background(), srv.URL, Validators{})
			require.NoError(t, err)
			assert.Equal(t, "ok", string(res.Body))
			assert.Equal(t, []time.Duration{tc.want}, clk.recorded())
			assert.Equal(t, int32(2), hits.Load())
			assert.Equal(t, int64(1), c.Stats().Retries)
		})
	}
}

func TestClientRetryAfterTooLongGivesUp(t *testing.T) {
	tests := []struct {
		name     string
		header   string
		maxWait  time.Duration
		deadline time.Duration // 0: no deadline
	}{
		// Longer than MaxRetryWait: give up rather than retry too early.
		{name: "over MaxRetryWait", header: "120", maxWait: time.Minute},
		// Longer than what remains of the context: give up at once.
		{name: "past deadline", header: "30", maxWait: time.Hour, deadline: 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Retry-After", tc.header)
				w.WriteHeader(http.StatusTooManyRequests)
			}))
			defer srv.Close()
			c, clk := newTestClient(t, Config{HTTPClient: srv.Client(), MaxRetryWait: tc.maxWait})
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			_, err := c.Fetch(ctx, srv.URL, Validators{})
			var he *HTTPError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, http.StatusTooManyRequests, he.StatusCode)
			secs, _ := strconv.Atoi(tc.header)
			assert.Equal(t, time.Duration(secs)*time.Second, he.RetryAfter)
			assert.Equal(t, int32(1), hits.Load())
			assert.Empty(t, clk.recorded())
		})
	}
}

func TestClientServerErrorThenSuccess(t *testing.T) {
	const base = 100 * time.Millisecond
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		// Each transient status is retried after a jittered backoff.
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					w.WriteHeader(status)
					return
				}
				_, _ = io.WriteString(w, "ok")
			}))
			defer srv.Close()
			c, clk := newTestClient(t, Config{HTTPClient: srv.Client(), BackoffBase: base})
			res, err := c.Fetch(context.Background(), srv.URL, Validators{})
			require.NoError(t, err)
			assert.Equal(t, "ok", string(res.Body))
			sleeps := clk.recorded()
			require.Len(t, sleeps, 1)
			assert.GreaterOrEqual(t, sleeps[0], base/2)
			assert.LessOrEqual(t, sleeps[0], base)
		})
	}
}

func TestClientRetriesExhausted(t *testing.T) {
	const base = 100 * time.Millisecond
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, clk := newTestClient(t, Config{HTTPClient: srv.Client(), Retries: 2, BackoffBase: base, MaxRetryWait: 150 * time.Millisecond})
	_, err := c.Fetch(context.Background(), srv.URL, Validators{})
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusServiceUnavailable, he.StatusCode)
	assert.Equal(t, "503 Service Unavailable", he.Status)
	assert.Equal(t, srv.URL, he.URL)
	assert.Equal(t, int32(3), hits.Load())
	sleeps := clk.recorded()
	require.Len(t, sleeps, 2)
	// Exponential: base, then 2*base capped by MaxRetryWait; jittered into the upper half.
	assert.GreaterOrEqual(t, sleeps[0], base/2)
	assert.LessOrEqual(t, sleeps[0], base)
	assert.GreaterOrEqual(t, sleeps[1], 75*time.Millisecond)
	assert.LessOrEqual(t, sleeps[1], 150*time.Millisecond)
	assert.Equal(t, ClientStats{Requests: 3, Retries: 2, BodyBytes: 3 * int64(len("maintenance\n"))}, c.Stats())
}

func TestClientNoRetryOnClientError(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "no such page", http.StatusNotFound)
	}))
	defer srv.Close()
	c, clk := newTestClient(t, Config{HTTPClient: srv.Client()})
	_, err := c.Fetch(context.Background(), srv.URL+"/en-us/999999", Validators{})
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Contains(t, he.Body, "no such page")
	assert.Zero(t, he.RetryAfter)
	assert.Equal(t, int32(1), hits.Load())
	assert.Empty(t, clk.recorded())
}

func TestClientNetworkErrorRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			rawResponse(t, w, nil) // connection closed before any response
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	res, err := c.Fetch(context.Background(), srv.URL, Validators{})
	require.NoError(t, err)
	assert.Equal(t, "ok", string(res.Body))
	assert.Equal(t, int64(1), c.Stats().Retries)
}

func TestClientTimeouts(t *testing.T) {
	tests := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request, release <-chan struct{})
	}{
		// Headers arrive, then the body stalls past the timeout.
		{name: "slow body", handler: func(w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte("0123456789"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}},
		// No headers at all within the timeout.
		{name: "slow headers", handler: func(w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			release := make(chan struct{})
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				tc.handler(w, r, release)
			}))
			defer srv.Close()
			defer close(release)
			c, _ := newTestClient(t, Config{HTTPClient: srv.Client(), Timeout: 100 * time.Millisecond, Retries: 1})
			res, err := c.Fetch(context.Background(), srv.URL, Validators{})
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Zero(t, res)
			// A timed-out attempt is retried once, then the error stands.
			assert.Equal(t, int32(2), hits.Load())
		})
	}
}

func TestClientTruncatedBody(t *testing.T) {
	gz := gzipped(t, bytes.Repeat([]byte("Impact: an app may be able to gain root privileges\n"), 200))
	tests := []struct {
		name string
		raw  []byte
	}{
		// Fewer bytes than Content-Length, then the connection closes.
		{name: "content-length", raw: []byte("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + strings.Repeat("x", 100))},
		// A chunked body without its last chunk.
		{name: "chunked", raw: []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n")},
		// A gzip stream cut in half, delimited by the connection close.
		{name: "gzip", raw: append([]byte("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n"), gz[:len(gz)/2]...)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				rawResponse(t, w, tc.raw)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, Config{HTTPClient: srv.Client(), Retries: 1})
			res, err := c.Fetch(context.Background(), srv.URL, Validators{})
			require.ErrorIs(t, err, ErrTruncatedBody)
			require.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Zero(t, res)
			assert.Equal(t, int32(2), hits.Load())
		})
	}
}

func TestClientBodyTooLarge(t *testing.T) {
	const limit = 64 << 10
	random := make([]byte, 64<<10)
	_, _ = rand.Read(random)
	bomb := gzipped(t, make([]byte, 4<<20)) // 4 MiB of zeros in ~4 KiB
	tests := []struct {
		name    string
		limit   int64
		handler http.HandlerFunc
		wantErr error
	}{
		// Content-Length announces more than the cap: refused before reading.
		{name: "content-length", limit: limit, wantErr: ErrBodyTooLarge, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(limit+1))
			_, _ = w.Write(make([]byte, limit+1))
		}},
		// Chunked, no length: the cap trips while reading.
		{name: "chunked", limit: limit, wantErr: ErrBodyTooLarge, handler: func(w http.ResponseWriter, r *http.Request) {
			for range 5 {
				_, _ = w.Write(make([]byte, limit/2))
				w.(http.Flusher).Flush()
			}
		}},
		// A gzip bomb: small on the wire, over the cap once decoded.
		{name: "gzip bomb", limit: limit, wantErr: ErrBodyTooLarge, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		}},
		// Incompressible gzip over the cap on the wire already.
		{name: "gzip wire", limit: 4 << 10, wantErr: ErrBodyTooLarge, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gzipped(t, random))
		}},
		// Exactly at the cap is fine.
		{name: "at limit", limit: limit, handler: func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(make([]byte, limit))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				tc.handler(w, r)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, Config{HTTPClient: srv.Client(), MaxBodyBytes: tc.limit})
			res, err := c.Fetch(context.Background(), srv.URL, Validators{})
			assert.Equal(t, int32(1), hits.Load(), "never retried")
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.Len(t, res.Body, int(tc.limit))
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			assert.Zero(t, res)
		})
	}
}

func TestClientGzip(t *testing.T) {
	body := bytes.Repeat([]byte("<tr><td>iOS 26.3.1 (a)</td></tr>\n"), 500)
	gz := gzipped(t, body)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			_, _ = w.Write(body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(gz)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	res, err := c.Fetch(context.Background(), srv.URL, Validators{})
	require.NoError(t, err)
	assert.Equal(t, body, res.Body)
	assert.Equal(t, sha256Hex(body), res.Validators.BodyHash)
	// Only the compressed bytes crossed the wire.
	assert.Equal(t, int64(len(gz)), c.Stats().BodyBytes)
}

func TestClientUnsupportedEncoding(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		_, _ = w.Write([]byte{1, 2, 3})
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client()})
	_, err := c.Fetch(context.Background(), srv.URL, Validators{})
	require.ErrorIs(t, err, ErrUnsupportedEncoding)
}

// redirectFixture serves hosts by name on one listener: origin.example
// redirects /start to ?to=, other hosts answer with their name.
func redirectFixture(t *testing.T) (*httptest.Server, *http.Client, *atomic.Int32) {
	var elsewhere atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		if host == "" {
			host = r.Host
		}
		switch {
		case host == "origin.example" && r.URL.Path == "/start":
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
		case host == "origin.example" && r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			if host != "origin.example" {
				elsewhere.Add(1)
			}
			_, _ = io.WriteString(w, host)
		}
	}))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	hc := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	return srv, hc, &elsewhere
}

func TestClientRedirects(t *testing.T) {
	tests := []struct {
		name      string
		to        string
		allowed   []string
		wantBody  string
		wantErr   error
		elsewhere int32 // requests that reached another host
	}{
		// Same host, other path: followed.
		{name: "same host", to: "/doc", wantBody: "origin.example"},
		// Another host, nothing allowed: refused before any request to it.
		{name: "other host refused", to: "http://mirror.example/doc", wantErr: ErrRedirectNotAllowed},
		// Another host in AllowedHosts: followed.
		{name: "allowed host", to: "http://mirror.example/doc", allowed: []string{"Mirror.Example"}, wantBody: "mirror.example", elsewhere: 1},
		// A wildcard entry allows subdomains.
		{name: "wildcard", to: "http://cdn.mirror.example/doc", allowed: []string{"*.mirror.example"}, wantBody: "cdn.mirror.example", elsewhere: 1},
		// A wildcard does not allow a look-alike suffix.
		{name: "wildcard look-alike", to: "http://evilmirror.example/doc", allowed: []string{"*.mirror.example"}, wantErr: ErrRedirectNotAllowed},
		// Another scheme: refused.
		{name: "other scheme", to: "ftp://origin.example/doc", wantErr: ErrRedirectNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, hc, elsewhere := redirectFixture(t)
			c, _ := newTestClient(t, Config{HTTPClient: hc, AllowedHosts: tc.allowed, DefaultRate: RateLimit{Unlimited: true}})
			res, err := c.Fetch(context.Background(), "http://origin.example/start?to="+tc.to, Validators{})
			assert.Equal(t, tc.elsewhere, elsewhere.Load())
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantBody, string(res.Body))
			assert.True(t, strings.HasSuffix(res.URL, "/doc"), res.URL)
		})
	}
}

func TestClientRedirectLoop(t *testing.T) {
	_, hc, _ := redirectFixture(t)
	c, _ := newTestClient(t, Config{HTTPClient: hc, DefaultRate: RateLimit{Unlimited: true}})
	_, err := c.Fetch(context.Background(), "http://origin.example/loop", Validators{})
	require.ErrorIs(t, err, ErrTooManyRedirects)
	// The first request and nine hops; the tenth redirect is refused.
	assert.Equal(t, int64(maxRedirects), c.Stats().Requests)
}

func TestClientRedirectKeepsInjectedCheck(t *testing.T) {
	_, hc, elsewhere := redirectFixture(t)
	veto := errors.New("vetoed by the caller's policy")
	var calls atomic.Int32
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		calls.Add(1)
		return veto
	}
	orig := *hc
	c, _ := newTestClient(t, Config{HTTPClient: hc, AllowedHosts: []string{"mirror.example"}, DefaultRate: RateLimit{Unlimited: true}})
	_, err := c.Fetch(context.Background(), "http://origin.example/start?to=http://mirror.example/doc", Validators{})
	// The caller's own CheckRedirect still runs after the host check...
	require.ErrorIs(t, err, veto)
	assert.Equal(t, int32(1), calls.Load())
	assert.Zero(t, elsewhere.Load())
	// ...and the injected client was not modified.
	assert.Equal(t, orig.Transport, hc.Transport)
	assert.Equal(t, fmt.Sprintf("%p", orig.CheckRedirect), fmt.Sprintf("%p", hc.CheckRedirect))
}

func TestClientRedirectDowngradeRefused(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		_, _ = io.WriteString(w, "plain")
	}))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com/plain", http.StatusMovedPermanently)
	}))
	defer secure.Close()
	tr := secure.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		target := plain.Listener.Addr().String()
		if strings.HasSuffix(addr, ":443") {
			target = secure.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, target)
	}
	c, _ := newTestClient(t, Config{HTTPClient: &http.Client{Transport: tr}, DefaultRate: RateLimit{Unlimited: true}})
	_, err := c.Fetch(context.Background(), "https://example.com/start", Validators{})
	require.ErrorIs(t, err, ErrRedirectNotAllowed)
	assert.Zero(t, plainHits.Load())
}

func TestClientUserAgent(t *testing.T) {
	tests := []struct {
		name string
		ua   string
		want string
	}{
		// The default names the library and its home.
		{name: "default", want: DefaultUserAgent},
		// A configured one is sent verbatim.
		{name: "custom", ua: "fleet-watch/2.0 (it@example.com)", want: "fleet-watch/2.0 (it@example.com)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got.Store(r.Header.Get("User-Agent"))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, Config{HTTPClient: srv.Client(), UserAgent: tc.ua})
			_, err := c.Fetch(context.Background(), srv.URL, Validators{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Load())
		})
	}
	assert.Contains(t, DefaultUserAgent, "applesec/"+LibraryVersion)
}

func TestClientRateLimitSpacing(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []time.Duration
	}{
		// A loopback limit: every request after the first waits a period.
		{name: "loopback rate", cfg: Config{LoopbackRate: RateLimit{Every: 2 * time.Second, Burst: 1}},
			want: []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second}},
		// A per-host entry wins over the loopback default.
		{name: "host rate", cfg: Config{HostRates: map[string]RateLimit{"127.0.0.1": {Every: 5 * time.Second, Burst: 2}}},
			want: []time.Duration{5 * time.Second, 5 * time.Second}},
		// Loopback is unlimited by default, so tests and mirrors are fast.
		{name: "loopback default", cfg: Config{}, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
			defer srv.Close()
			tc.cfg.HTTPClient = srv.Client()
			c, clk := newTestClient(t, tc.cfg)
			for range 4 {
				_, err := c.Fetch(context.Background(), srv.URL, Validators{})
				require.NoError(t, err)
			}
			assert.Equal(t, int32(4), hits.Load())
			assert.Equal(t, tc.want, clk.recorded())
		})
	}
}

func TestClientDefaultRateIsPolite(t *testing.T) {
	c, err := NewClient(Config{})
	require.NoError(t, err)
	assert.Equal(t, RateLimit{Every: 2 * time.Second, Burst: 1}, c.limiter.rateFor("support.apple.com"))
	assert.True(t, c.limiter.rateFor("127.0.0.1").Unlimited)
}

func TestClientContextCancelled(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, err := NewClient(Config{HTTPClient: srv.Client(), LoopbackRate: RateLimit{Every: time.Hour, Burst: 1}})
	require.NoError(t, err)
	_, err = c.Fetch(context.Background(), srv.URL, Validators{})
	require.NoError(t, err)

	t.Run("during rate-limit wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := c.Fetch(ctx, srv.URL, Validators{})
			errc <- err
		}()
		cancel()
		require.ErrorIs(t, <-errc, context.Canceled)
	})
	t.Run("wait beyond deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := c.Fetch(ctx, srv.URL, Validators{})
		require.ErrorIs(t, err, ErrRateLimitWait)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("before fetch", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Fetch(ctx, srv.URL, Validators{})
		require.ErrorIs(t, err, context.Canceled)
	})
	assert.Equal(t, int32(1), hits.Load())
}

// blockingClock sleeps until the context is done, announcing each sleep.
type blockingClock struct{ sleeping chan time.Duration }

func (blockingClock) now() time.Time { return time.Now() }

func (c blockingClock) sleep(ctx context.Context, d time.Duration) error {
	c.sleeping <- d
	<-ctx.Done()
	return ctx.Err()
}

func TestClientContextCancelledDuringBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	clk := blockingClock{sleeping: make(chan time.Duration, 1)}
	c, err := newClient(Config{HTTPClient: srv.Client()}, clk)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Fetch(ctx, srv.URL, Validators{})
		errc <- err
	}()
	<-clk.sleeping
	cancel()
	err = <-errc
	require.ErrorIs(t, err, context.Canceled)
}

func TestClientExtraRootCAs(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"PublicAssetSets":{}}`)
	}))
	defer srv.Close()
	der := srv.Certificate().Raw
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	tests := []struct {
		name    string
		hc      *http.Client
		roots   [][]byte
		wantErr bool
	}{
		// System roots only: the test CA is unknown, and not retried.
		{name: "system roots only", wantErr: true},
		// The root given as DER (like Apple's AppleIncRootCertificate.cer).
		{name: "DER", roots: [][]byte{der}},
		// The root given as PEM.
		{name: "PEM", roots: [][]byte{pemBytes}},
		// An injected client's transport is cloned with the extra root.
		{name: "injected transport", hc: &http.Client{Transport: &http.Transport{}}, roots: [][]byte{der}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, Config{HTTPClient: tc.hc, ExtraRootCAs: tc.roots})
			res, err := c.Fetch(context.Background(), srv.URL+"/v2/pmv", Validators{})
			if tc.wantErr {
				require.Error(t, err)
				assert.True(t, isCertificateError(err), "certificate error: %v", err)
				assert.Zero(t, c.Stats().Retries)
				return
			}
			require.NoError(t, err)
			assert.JSONEq(t, `{"PublicAssetSets":{}}`, string(res.Body))
			if tc.hc != nil {
				// Clone runs the transport's lazy HTTP/2 set-up on the
				// original, as its first use would; its roots are untouched.
				if cfg := tc.hc.Transport.(*http.Transport).TLSClientConfig; cfg != nil {
					assert.Nil(t, cfg.RootCAs, "injected transport's roots not modified")
				}
			}
		})
	}
}

func TestNewClientInvalidConfig(t *testing.T) {
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	tests := []struct {
		name string
		cfg  Config
	}{
		// Negative sizes and durations.
		{name: "negative MaxBodyBytes", cfg: Config{MaxBodyBytes: -1}},
		{name: "negative Timeout", cfg: Config{Timeout: -time.Second}},
		{name: "negative BackoffBase", cfg: Config{BackoffBase: -time.Second}},
		{name: "negative MaxRetryWait", cfg: Config{MaxRetryWait: -time.Second}},
		// A rate without a period.
		{name: "rate without Every", cfg: Config{DefaultRate: RateLimit{Burst: 2}}},
		{name: "negative burst", cfg: Config{LoopbackRate: RateLimit{Every: time.Second, Burst: -1}}},
		{name: "empty HostRates key", cfg: Config{HostRates: map[string]RateLimit{"": {Every: time.Second}}}},
		// Host names, not URLs.
		{name: "URL in AllowedHosts", cfg: Config{AllowedHosts: []string{"https://apple.com/"}}},
		{name: "empty AllowedHosts entry", cfg: Config{AllowedHosts: []string{" "}}},
		// Certificates that do not parse.
		{name: "garbage CA", cfg: Config{ExtraRootCAs: [][]byte{[]byte("not a certificate")}}},
		{name: "PEM without certificate", cfg: Config{ExtraRootCAs: [][]byte{[]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")}}},
		// Extra roots need a transport that can hold them.
		{name: "CA with foreign transport", cfg: Config{
			HTTPClient:   &http.Client{Transport: NewReplay(t.TempDir())},
			ExtraRootCAs: [][]byte{pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(tc.cfg)
			require.ErrorIs(t, err, ErrInvalidConfig)
		})
	}
}

func TestClientInvalidURL(t *testing.T) {
	c, err := NewClient(Config{})
	require.NoError(t, err)
	for _, u := range []string{"", "/en-us/100100", "ftp://example.com/x", "http://", "http://[::1"} {
		_, err := c.Fetch(context.Background(), u, Validators{})
		require.ErrorIs(t, err, ErrInvalidURL, u)
	}
	assert.Zero(t, c.Stats().Requests)
}

func TestClientConfigIsCopied(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cfg := Config{HTTPClient: srv.Client(), HostRates: map[string]RateLimit{}}
	c, clk := newTestClient(t, cfg)
	// Changing the caller's map afterwards does not reach the client.
	cfg.HostRates["127.0.0.1"] = RateLimit{Every: time.Hour}
	for range 3 {
		_, err := c.Fetch(context.Background(), srv.URL, Validators{})
		require.NoError(t, err)
	}
	assert.Empty(t, clk.recorded())
}

// recordingHandler keeps the attributes of each log record.
type recordingHandler struct {
	mu      sync.Mutex
	records []map[string]any
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordingHandler) WithGroup(string) slog.Handler            { return h }
func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	m := map[string]any{"msg": r.Message, "level": r.Level}
	r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.Any(); return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, m)
	return nil
}

func TestClientLogsAttempts(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = io.WriteString(w, "hello")
	}))
	defer srv.Close()
	h := &recordingHandler{}
	c, _ := newTestClient(t, Config{HTTPClient: srv.Client(), Logger: slog.New(h)})
	_, err := c.Fetch(context.Background(), srv.URL, Validators{})
	require.NoError(t, err)
	h.mu.Lock()
	defer h.mu.Unlock()
	// Attempt 0 (502), the retry, attempt 1 (200): all at Debug with key-value pairs.
	require.Len(t, h.records, 3)
	for _, r := range h.records {
		assert.Equal(t, slog.LevelDebug, r["level"])
		assert.Equal(t, srv.URL, r["url"])
		assert.Contains(t, r, "attempt")
	}
	assert.Equal(t, int64(http.StatusBadGateway), h.records[0]["status"])
	assert.Contains(t, h.records[1], "wait")
	assert.Equal(t, int64(http.StatusOK), h.records[2]["status"])
	assert.Equal(t, int64(5), h.records[2]["bytes"])
	assert.Contains(t, h.records[2], "duration")
}

func TestClientConcurrentFetches(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.Path)
	}))
	defer srv.Close()
	c, err := NewClient(Config{HTTPClient: srv.Client()})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			res, err := c.Fetch(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i), Validators{})
			if assert.NoError(t, err) {
				assert.Equal(t, fmt.Sprintf("/p%d", i), string(res.Body))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(20), c.Stats().Requests)
}

func TestBackoffBounds(t *testing.T) {
	// Retry n waits between half and all of base*2^n, capped.
	for n := range 8 {
		for range 50 {
			full := min(time.Second<<n, 10*time.Second)
			d := backoff(n, time.Second, 10*time.Second)
			assert.GreaterOrEqual(t, d, full/2)
			assert.LessOrEqual(t, d, full)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 17, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header string
		want   time.Duration
		ok     bool
	}{
		// Absent.
		{name: "empty", header: "", ok: false},
		// Seconds, with spaces.
		{name: "seconds", header: " 120 ", want: 2 * time.Minute, ok: true},
		// Zero seconds: retry now.
		{name: "zero", header: "0", want: 0, ok: true},
		// Negative is invalid.
		{name: "negative", header: "-5", ok: false},
		// An RFC 1123 date.
		{name: "date", header: "Tue, 17 Mar 2026 12:00:30 GMT", want: 30 * time.Second, ok: true},
		// The obsolete RFC 850 date form is still an HTTP date.
		{name: "rfc850", header: "Tuesday, 17-Mar-26 12:01:00 GMT", want: time.Minute, ok: true},
		// A past date: retry now.
		{name: "past", header: "Tue, 17 Mar 2026 11:00:00 GMT", want: 0, ok: true},
		// Garbage.
		{name: "garbage", header: "soon", ok: false},
		// Absurdly large values are capped, not overflowed.
		{name: "huge", header: "99999999999999999", want: 365 * 24 * time.Hour, ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := parseRetryAfter(tc.header, now)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, d)
		})
	}
}

func TestClientRedirectToAnotherPortRefusedBeforeDial(t *testing.T) {
	tests := []struct {
		name    string
		to      string
		allowed []string
	}{
		// The same host on another port (an internal service).
		{name: "same host other port", to: "http://origin.example:8080/doc"},
		// An allowed host, but not on its scheme's default port.
		{name: "allowed host other port", to: "http://mirror.example:2375/doc", allowed: []string{"mirror.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, _ := redirectFixture(t)
			addr := srv.Listener.Addr().String()
			hc := &http.Client{Transport: &http.Transport{
				DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
					if a != "origin.example:80" {
						t.Errorf("dialled %s", a)
						return nil, errors.New("refused by the test")
					}
					return (&net.Dialer{}).DialContext(ctx, network, addr)
				},
			}}
			c, _ := newTestClient(t, Config{HTTPClient: hc, AllowedHosts: tc.allowed, DefaultRate: RateLimit{Unlimited: true}})
			_, err := c.Fetch(context.Background(), "http://origin.example/start?to="+tc.to, Validators{})
			require.ErrorIs(t, err, ErrRedirectNotAllowed)
		})
	}
}

func TestClientErrorsRedactPasswords(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := NewClient(Config{HTTPClient: srv.Client(), Retries: -1})
	require.NoError(t, err)
	u := strings.Replace(srv.URL, "http://", "http://watcher:s3cret@", 1) + "/en-us/100100"
	_, err = c.Fetch(context.Background(), u, Validators{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
	// A transport failure too.
	_, err = c.Fetch(context.Background(), "http://watcher:s3cret@127.0.0.1:1/", Validators{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
}
