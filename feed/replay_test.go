package feed

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayDir writes a small capture tree and returns its root.
func replayDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"support.apple.com/en-us/100100":                     "<!DOCTYPE html><html><body>Apple security releases</body></html>",
		"support.apple.com/en-us/126346.html":                "<html><body>About the security content of iOS 26.3.1 (a)</body></html>",
		"gdmf.apple.com/v2/pmv.json":                         `{"PublicAssetSets":{"iOS":[]}}`,
		"developer.apple.com/news/releases/rss/releases.rss": `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`,
		"seclists.org/index.html":                            "<html>index</html>",
		"seclists.org/fulldisclosure/index.html":             "<html>list</html>",
		"example.com/notes.txt":                              "plain notes",
		"example.com/blob":                                   "\x00\x01\x02binary",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

// replayGet sends one request through rp.
func replayGet(t *testing.T, rp http.RoundTripper, method, url string, h http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	require.NoError(t, err)
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := rp.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestReplayMapsURLsToFiles(t *testing.T) {
	rp := NewReplay(replayDir(t))
	tests := []struct {
		name   string
		url    string
		status int
		body   string
		ctype  string
	}{
		// The bare path, sniffed as HTML.
		{name: "bare path", url: "https://support.apple.com/en-us/100100", status: 200, body: "<!DOCTYPE html><html><body>Apple security releases</body></html>", ctype: "text/html; charset=utf-8"},
		// The path with .html appended.
		{name: "html extension", url: "https://support.apple.com/en-us/126346", status: 200, body: "<html><body>About the security content of iOS 26.3.1 (a)</body></html>", ctype: "text/html; charset=utf-8"},
		// .json appended, and the query ignored.
		{name: "json with query", url: "https://gdmf.apple.com/v2/pmv?x=1", status: 200, body: `{"PublicAssetSets":{"iOS":[]}}`, ctype: "application/json"},
		// A full file name with its extension.
		{name: "rss", url: "https://developer.apple.com/news/releases/rss/releases.rss", status: 200, ctype: "application/rss+xml",
			body: `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`},
		// An empty path is the host's index.html.
		{name: "empty path", url: "https://seclists.org", status: 200, body: "<html>index</html>", ctype: "text/html; charset=utf-8"},
		// A trailing slash is the directory's index.html.
		{name: "trailing slash", url: "https://seclists.org/fulldisclosure/", status: 200, body: "<html>list</html>", ctype: "text/html; charset=utf-8"},
		// A directory without the slash too.
		{name: "directory", url: "https://seclists.org/fulldisclosure", status: 200, body: "<html>list</html>", ctype: "text/html; charset=utf-8"},
		// The host is case-insensitive and the port ignored.
		{name: "host case and port", url: "http://EXAMPLE.com:8080/notes", status: 200, body: "plain notes", ctype: "text/plain; charset=utf-8"},
		// No extension and binary content: sniffed.
		{name: "sniffed binary", url: "https://example.com/blob", status: 200, body: "\x00\x01\x02binary", ctype: "application/octet-stream"},
		// Missing: a 404 response, not a Go error.
		{name: "missing", url: "https://support.apple.com/en-us/999999", status: 404},
		// A path through a regular file: 404.
		{name: "through a file", url: "https://example.com/notes.txt/more", status: 404},
		// Unknown host: 404.
		{name: "unknown host", url: "https://www.cisa.gov/feed.json", status: 404},
		// Traversal out of the directory: refused.
		{name: "dot-dot", url: "https://support.apple.com/../../etc/passwd", status: 403},
		// Traversal hidden in the middle.
		{name: "dot-dot middle", url: "https://support.apple.com/en-us/../../../x", status: 403},
		// Percent-encoded dots decode to "..": refused too.
		{name: "encoded dot-dot", url: "https://support.apple.com/%2e%2e/%2e%2e/x", status: 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := replayGet(t, rp, http.MethodGet, tc.url, nil)
			assert.Equal(t, tc.status, resp.StatusCode)
			if tc.status != http.StatusOK {
				assert.Empty(t, body)
				return
			}
			assert.Equal(t, tc.body, body)
			assert.Equal(t, tc.ctype, resp.Header.Get("Content-Type"))
			assert.Equal(t, int64(len(tc.body)), resp.ContentLength)
			assert.NotEmpty(t, resp.Header.Get("ETag"))
			assert.NotEmpty(t, resp.Header.Get("Last-Modified"))
		})
	}
}

func TestReplayConditionalRequests(t *testing.T) {
	dir := replayDir(t)
	mtime := time.Date(2026, 3, 17, 18, 0, 0, 0, time.UTC)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "support.apple.com/en-us/100100"), mtime, mtime))
	rp := NewReplay(dir)
	const url = "https://support.apple.com/en-us/100100"
	first, _ := replayGet(t, rp, http.MethodGet, url, nil)
	etag := first.Header.Get("ETag")
	assert.Equal(t, mtime.Format(http.TimeFormat), first.Header.Get("Last-Modified"))

	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		// The current ETag: unchanged.
		{name: "etag match", header: http.Header{"If-None-Match": {etag}}, want: 304},
		// One of several, weak form: unchanged.
		{name: "etag in list", header: http.Header{"If-None-Match": {`"zzz", W/` + etag}}, want: 304},
		// Another ETag: changed, even with a recent If-Modified-Since (If-None-Match wins).
		{name: "etag mismatch", header: http.Header{"If-None-Match": {`"old"`}, "If-Modified-Since": {mtime.Add(time.Hour).Format(http.TimeFormat)}}, want: 200},
		// Modified since a time after the file's: unchanged.
		{name: "ims same", header: http.Header{"If-Modified-Since": {mtime.Format(http.TimeFormat)}}, want: 304},
		// Modified since a time before: changed.
		{name: "ims older", header: http.Header{"If-Modified-Since": {mtime.Add(-time.Second).Format(http.TimeFormat)}}, want: 200},
		// An unreadable date is ignored.
		{name: "ims garbage", header: http.Header{"If-Modified-Since": {"yesterday"}}, want: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := replayGet(t, rp, http.MethodGet, url, tc.header)
			assert.Equal(t, tc.want, resp.StatusCode)
			if tc.want == http.StatusNotModified {
				assert.Empty(t, body)
				assert.Equal(t, etag, resp.Header.Get("ETag"))
			}
		})
	}

	// Changing the file changes the ETag.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "support.apple.com/en-us/100100"), []byte("<html>new row</html>"), 0o644))
	resp, _ := replayGet(t, rp, http.MethodGet, url, http.Header{"If-None-Match": {etag}})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEqual(t, etag, resp.Header.Get("ETag"))
}

func TestReplayMethodsAndErrors(t *testing.T) {
	dir := replayDir(t)
	rp := NewReplay(dir)
	// HEAD: headers, no body.
	resp, body := replayGet(t, rp, http.MethodHead, "https://gdmf.apple.com/v2/pmv", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, body)
	// Other methods: 405.
	resp, _ = replayGet(t, rp, http.MethodPost, "https://gdmf.apple.com/v2/pmv", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	// A cancelled request is a Go error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://gdmf.apple.com/v2/pmv", nil)
	require.NoError(t, err)
	_, err = rp.RoundTrip(req)
	require.ErrorIs(t, err, context.Canceled)

	// A missing directory is a Go error naming it, not a 404 for every URL.
	req, err = http.NewRequest(http.MethodGet, "https://gdmf.apple.com/v2/pmv", nil)
	require.NoError(t, err)
	_, err = NewReplay(filepath.Join(dir, "nope")).RoundTrip(req)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestReplaySymlinkEscapeRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600))
	dir := replayDir(t)
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "example.com", "leak")))
	resp, body := replayGet(t, NewReplay(dir), http.MethodGet, "https://example.com/leak", nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Empty(t, body)
}

func TestReplayWithClient(t *testing.T) {
	c, err := NewClient(Config{
		HTTPClient:  &http.Client{Transport: NewReplay(replayDir(t))},
		DefaultRate: RateLimit{Unlimited: true},
	})
	require.NoError(t, err)
	ctx := context.Background()
	const url = "https://support.apple.com/en-us/126346"

	first, err := c.Fetch(ctx, url, Validators{})
	require.NoError(t, err)
	assert.Contains(t, string(first.Body), "iOS 26.3.1 (a)")
	assert.NotEmpty(t, first.Validators.ETag)
	assert.NotEmpty(t, first.Validators.LastModified)

	// The replay answers the conditional request with 304.
	second, err := c.Fetch(ctx, url, first.Validators)
	require.ErrorIs(t, err, ErrNotModified)
	assert.Equal(t, http.StatusNotModified, second.StatusCode)

	// A capture that is not there is a 404 HTTPError.
	_, err = c.Fetch(ctx, "https://support.apple.com/en-us/000000", Validators{})
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, ClientStats{Requests: 3, NotModified: 1, BodyBytes: int64(len(first.Body))}, c.Stats())
}

func TestReplayBodyCapAppliesBeforeReading(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "support.apple.com", "big")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, bytes.Repeat([]byte("a"), 1<<20), 0o644))
	c, err := NewClient(Config{HTTPClient: &http.Client{Transport: NewReplay(dir)}, DefaultRate: RateLimit{Unlimited: true}, Retries: -1, MaxBodyBytes: 1024})
	require.NoError(t, err)
	_, err = c.Fetch(context.Background(), "https://support.apple.com/big", Validators{})
	require.ErrorIs(t, err, ErrBodyTooLarge)
	assert.Less(t, c.Stats().BodyBytes, int64(64<<10), "the file was not read whole")
}
