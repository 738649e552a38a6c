package feed

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// LibraryVersion is the version of this library, sent in DefaultUserAgent.
const LibraryVersion = "0.1.0"

// DefaultUserAgent names the library and where to reach its maintainers, so
// that a server operator who sees its traffic knows who is polling.
const DefaultUserAgent = "applesec/" + LibraryVersion + " (+https://github.com/applesec/applesec)"

// Sizes that are not worth a Config field.
const (
	// errorSnippetBytes is how much of an error body HTTPError keeps.
	errorSnippetBytes = 512
	// drainBytes is how much of an unread body is drained so that the
	// connection can be reused; beyond it the connection is closed instead.
	drainBytes = 64 << 10
	// maxRedirects is the redirect limit when the injected client has no
	// CheckRedirect of its own (the net/http default).
	maxRedirects = 10
	// dialTimeout and tlsHandshakeTimeout bound the steps of a connection in
	// the client built when Config.HTTPClient is nil.
	dialTimeout         = 10 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
)

// Client is the polite HTTP client: conditional GETs, a User-Agent naming
// the library, a per-host rate limit, retries with backoff that honour
// Retry-After, per-attempt timeouts, a body cap, redirects only to allowed
// hosts and extra root CAs. It implements Fetcher and is safe for concurrent
// use. Build one with NewClient: the zero Client refuses to fetch.
type Client struct {
	cfg     Config // resolved; never mutated
	hc      *http.Client
	log     *slog.Logger
	clk     clock
	limiter *limiter

	requests    atomic.Int64
	notModified atomic.Int64
	bodyBytes   atomic.Int64
	retries     atomic.Int64
}

var _ Fetcher = (*Client)(nil)

// ClientStats are a Client's counters since it was built.
type ClientStats struct {
	// Requests counts HTTP requests sent: attempts, retries and redirect
	// hops included.
	Requests int64 `json:"requests"`
	// NotModified counts fetches that ended in ErrNotModified (304, or a
	// body whose hash had not changed).
	NotModified int64 `json:"not_modified"`
	// BodyBytes counts body bytes received on the wire (before gzip
	// decoding), error bodies included.
	BodyBytes int64 `json:"body_bytes"`
	// Retries counts retries (attempts after the first of a Fetch).
	Retries int64 `json:"retries"`
}

// NewClient returns a Client for cfg, which it copies. It fails with an error
// wrapping ErrInvalidConfig when a field cannot be used.
func NewClient(cfg Config) (*Client, error) {
	return newClient(cfg, realClock{})
}

// newClient is NewClient with an injectable clock.
func newClient(cfg Config, clk clock) (*Client, error) {
	r, err := cfg.resolved()
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: r, log: r.Logger, clk: clk}
	c.limiter = newLimiter(clk, r.DefaultRate, r.LoopbackRate, r.HostRates)
	hc, err := c.buildHTTPClient(cfg.HTTPClient)
	if err != nil {
		return nil, err
	}
	c.hc = hc
	return c, nil
}

// buildHTTPClient returns the *http.Client the Client uses: a fresh one with
// timeouts when given is nil, else a shallow copy of given whose
// CheckRedirect (and, for extra roots, Transport) are wrapped.
func (c *Client) buildHTTPClient(given *http.Client) (*http.Client, error) {
	certs, err := parseRootCAs(c.cfg.ExtraRootCAs)
	if err != nil {
		return nil, err
	}
	var hc http.Client
	if given == nil {
		t := &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          16,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   tlsHandshakeTimeout,
			ResponseHeaderTimeout: c.cfg.Timeout,
			ExpectContinueTimeout: time.Second,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		}
		hc = http.Client{Transport: t, Timeout: c.cfg.Timeout}
	} else {
		hc = *given
	}
	if len(certs) > 0 {
		t, err := transportWithRoots(hc.Transport, certs)
		if err != nil {
			return nil, err
		}
		hc.Transport = t
	}
	if !c.cfg.DisableAppleRoot {
		root, err := appleRootCert()
		if err != nil {
			return nil, err
		}
		hc.Transport = withHostRoots(hc.Transport, AppleRootHost, []*x509.Certificate{root})
	}
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := c.checkRedirect(req, via); err != nil {
			return err
		}
		if next != nil {
			if err := next(req, via); err != nil {
				if err == http.ErrUseLastResponse { //nolint:errorlint // net/http compares it so
					return err
				}
				return callerRedirectError{err}
			}
		} else if len(via) >= maxRedirects {
			return fmt.Errorf("feed: GET %s: %w", via[0].URL, ErrTooManyRedirects)
		}
		if err := c.limiter.wait(req.Context(), req.URL.Hostname()); err != nil {
			return err
		}
		c.requests.Add(1)
		return nil
	}
	return &hc, nil
}

// transportWithRoots clones rt (nil meaning http.DefaultTransport) with certs
// added to its trusted roots (the system pool when it has none of its own).
func transportWithRoots(rt http.RoundTripper, certs []*x509.Certificate) (*http.Transport, error) {
	if rt == nil {
		rt = http.DefaultTransport
	}
	base, ok := rt.(*http.Transport)
	if !ok {
		return nil, fmt.Errorf("%w: Config.ExtraRootCAs needs HTTPClient.Transport to be nil or an *http.Transport, not %T", ErrInvalidConfig, rt)
	}
	t := base.Clone()
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	var pool *x509.CertPool
	if t.TLSClientConfig.RootCAs != nil {
		pool = t.TLSClientConfig.RootCAs.Clone()
	} else if sys, err := x509.SystemCertPool(); err == nil && sys != nil {
		pool = sys
	} else {
		pool = x509.NewCertPool()
	}
	for _, cert := range certs {
		pool.AddCert(cert)
	}
	t.TLSClientConfig.RootCAs = pool
	return t, nil
}

// checkRedirect allows a redirect to the first request's scheme, host and
// port, or to an allowed host on its scheme's default port, over https, or
// over http when the chain started with http.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	to := req.URL
	refuse := func(why string) error {
		return fmt.Errorf("feed: GET %s: redirect to %s %s: %w", first.Redacted(), to.Redacted(), why, ErrRedirectNotAllowed)
	}
	switch {
	case to.Scheme != "https" && to.Scheme != "http":
		return refuse("uses scheme " + to.Scheme)
	case to.Scheme == "http" && via[len(via)-1].URL.Scheme == "https":
		return refuse("downgrades https to http")
	}
	host := strings.ToLower(to.Hostname())
	if host == strings.ToLower(first.Hostname()) {
		if effectivePort(to) != effectivePort(first) {
			return refuse("changes the port")
		}
		return nil
	}
	if to.Port() != "" && effectivePort(to) != defaultPort(to.Scheme) {
		return refuse("leaves the default port")
	}
	for _, a := range c.cfg.AllowedHosts {
		if host == a {
			return nil
		}
		if sub, ok := strings.CutPrefix(a, "*"); ok && strings.HasSuffix(host, sub) {
			return nil
		}
	}
	return refuse("leaves the allowed hosts")
}

// effectivePort is u's port, or its scheme's default when it names none.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return defaultPort(u.Scheme)
}

// defaultPort is the port of an http or https URL that names none.
func defaultPort(scheme string) string {
	if strings.EqualFold(scheme, "http") {
		return "80"
	}
	return "443"
}

// Stats returns the client's counters.
func (c *Client) Stats() ClientStats {
	return ClientStats{
		Requests:    c.requests.Load(),
		NotModified: c.notModified.Load(),
		BodyBytes:   c.bodyBytes.Load(),
		Retries:     c.retries.Load(),
	}
}

// Fetch GETs rawURL conditionally (If-None-Match and If-Modified-Since from
// prev), waiting for the host's rate limit before each attempt and retrying
// transient failures. It returns ErrNotModified, with a Response carrying the
// refreshed validators and no body, on a 304 or when the body's SHA-256 equals
// prev.BodyHash; a *HTTPError for another unsuccessful status; and errors
// wrapping ErrBodyTooLarge, ErrTruncatedBody, ErrRedirectNotAllowed, or the
// context's error.
//
// The zero Client is not usable (build one with NewClient): its Fetch fails
// with an error wrapping ErrInvalidConfig.
func (c *Client) Fetch(ctx context.Context, rawURL string, prev Validators) (Response, error) {
	if c == nil || c.hc == nil || c.limiter == nil {
		return Response{}, fmt.Errorf("%w: feed.Client was not built with NewClient", ErrInvalidConfig)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return Response{}, fmt.Errorf("%w: %q: %w", ErrInvalidURL, redactURL(rawURL), err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return Response{}, fmt.Errorf("%w: %q is not an absolute http(s) URL", ErrInvalidURL, redactURL(rawURL))
	}
	u.Fragment, u.RawFragment = "", ""
	host := u.Hostname()
	for n := 0; ; n++ {
		if err := c.limiter.wait(ctx, host); err != nil {
			return Response{}, fmt.Errorf("feed: GET %s: %w", u.Redacted(), err)
		}
		res, out := c.attempt(ctx, u, prev, n)
		if out.err == nil || errors.Is(out.err, ErrNotModified) {
			return res, out.err
		}
		if !out.retry || n >= c.cfg.Retries {
			return Response{}, out.err
		}
		wait := backoff(n, c.cfg.BackoffBase, c.cfg.MaxRetryWait)
		if out.hasRetryAfter {
			if out.retryAfter > c.cfg.MaxRetryWait {
				return Response{}, out.err
			}
			wait = out.retryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return Response{}, out.err
		}
		c.retries.Add(1)
		c.log.DebugContext(ctx, "feed: retry", "url", u.Redacted(), "attempt", n+1, "wait", wait, "err", out.err)
		if err := c.clk.sleep(ctx, wait); err != nil {
			return Response{}, fmt.Errorf("feed: GET %s: waiting to retry after %v: %w", u.Redacted(), out.err, err)
		}
	}
}

// outcome is how one attempt failed, and whether another is worth it.
type outcome struct {
	err           error
	retry         bool
	retryAfter    time.Duration
	hasRetryAfter bool
}

// attempt sends one request and reads its response.
func (c *Client) attempt(ctx context.Context, u *url.URL, prev Validators, n int) (res Response, out outcome) {
	start := time.Now()
	status, wire := 0, int64(0)
	defer func() {
		c.bodyBytes.Add(wire)
		c.log.DebugContext(ctx, "feed: fetch", "url", u.Redacted(), "status", status, "bytes", wire,
			"duration", time.Since(start), "attempt", n, "err", out.err)
	}()

	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Response{}, outcome{err: fmt.Errorf("%w: %q: %w", ErrInvalidURL, u.Redacted(), err)}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	// Asking for gzip ourselves turns off the transport's transparent
	// decoding, so that the decoded size can be capped too.
	req.Header.Set("Accept-Encoding", "gzip")
	conditional := prev.ETag != "" || prev.LastModified != ""
	if prev.ETag != "" {
		req.Header.Set("If-None-Match", prev.ETag)
	}
	if prev.LastModified != "" {
		req.Header.Set("If-Modified-Since", prev.LastModified)
	}

	c.requests.Add(1)
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, c.transportFailure(ctx, actx, u, err)
	}
	status = resp.StatusCode
	body := &countingReader{r: resp.Body}
	defer func() {
		wire = body.n
		resp.Body.Close()
	}()
	final := u.String()
	if resp.Request != nil { // a custom RoundTripper may leave it unset
		final = resp.Request.URL.String()
	}

	switch {
	case resp.StatusCode == http.StatusNotModified && conditional:
		drain(body)
		c.notModified.Add(1)
		v := Validators{
			ETag:         firstNonEmpty(resp.Header.Get("ETag"), prev.ETag),
			LastModified: firstNonEmpty(resp.Header.Get("Last-Modified"), prev.LastModified),
			BodyHash:     prev.BodyHash,
		}
		return Response{URL: final, StatusCode: resp.StatusCode, Validators: v}, outcome{err: ErrNotModified}

	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		data, err := c.readBody(resp, body)
		if err != nil {
			return Response{}, c.bodyFailure(ctx, actx, u, err)
		}
		drain(body) // past the end of a gzip stream, so the connection is reused
		sum := sha256.Sum256(data)
		v := Validators{
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
			BodyHash:     hex.EncodeToString(sum[:]),
		}
		if prev.BodyHash != "" && v.BodyHash == prev.BodyHash {
			c.notModified.Add(1)
			return Response{URL: final, StatusCode: resp.StatusCode, Validators: v}, outcome{err: ErrNotModified}
		}
		return Response{URL: final, StatusCode: resp.StatusCode, Body: data, Validators: v}, outcome{}

	default:
		he := &HTTPError{URL: u.String(), StatusCode: resp.StatusCode, Status: resp.Status, Body: c.snippet(resp, body)}
		ra, hasRA := parseRetryAfter(resp.Header.Get("Retry-After"), c.clk.now())
		if hasRA {
			he.RetryAfter = ra
		}
		drain(body)
		return Response{}, outcome{err: he, retry: retryableStatus(resp.StatusCode), retryAfter: ra, hasRetryAfter: hasRA}
	}
}

// transportFailure classifies an error from http.Client.Do.
func (c *Client) transportFailure(ctx, actx context.Context, u *url.URL, err error) outcome {
	switch {
	case errors.Is(err, ErrRedirectNotAllowed), errors.Is(err, ErrTooManyRedirects):
		return outcome{err: unwrapURLError(err)}
	case errors.As(err, new(callerRedirectError)):
		// The injected client's own redirect policy said no: final.
		return outcome{err: fmt.Errorf("feed: GET %s: %w", u.Redacted(), errors.Unwrap(unwrapURLError(err)))}
	case ctx.Err() != nil:
		return outcome{err: fmt.Errorf("feed: GET %s: %w", u.Redacted(), ctx.Err())}
	case errors.Is(err, ErrRateLimitWait):
		// A redirect hop's rate-limit wait would outlast the attempt.
		return outcome{err: fmt.Errorf("feed: GET %s: redirect: %w", u.Redacted(), unwrapURLError(err))}
	case isTimeout(actx, err):
		return outcome{err: fmt.Errorf("feed: GET %s: no response within %v: %w", u.Redacted(), c.cfg.Timeout, context.DeadlineExceeded), retry: true}
	case isCertificateError(err):
		// A bad certificate does not heal by retrying.
		return outcome{err: fmt.Errorf("feed: GET %s: %w", u.Redacted(), err)}
	}
	return outcome{err: fmt.Errorf("feed: GET %s: %w", u.Redacted(), err), retry: true}
}

// bodyFailure classifies an error while reading a 2xx body.
func (c *Client) bodyFailure(ctx, actx context.Context, u *url.URL, err error) outcome {
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return outcome{err: fmt.Errorf("feed: GET %s: %w (limit %d bytes)", u.Redacted(), ErrBodyTooLarge, c.cfg.MaxBodyBytes)}
	case ctx.Err() != nil:
		return outcome{err: fmt.Errorf("feed: GET %s: reading body: %w", u.Redacted(), ctx.Err())}
	case isTimeout(actx, err):
		return outcome{err: fmt.Errorf("feed: GET %s: body not complete within %v: %w", u.Redacted(), c.cfg.Timeout, context.DeadlineExceeded), retry: true}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return outcome{err: fmt.Errorf("feed: GET %s: %w: %w", u.Redacted(), ErrTruncatedBody, err), retry: true}
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.Is(err, ErrUnsupportedEncoding):
		return outcome{err: fmt.Errorf("feed: GET %s: decoding body: %w", u.Redacted(), err)}
	}
	return outcome{err: fmt.Errorf("feed: GET %s: reading body: %w", u.Redacted(), err), retry: true}
}

// decoded returns the body as plain bytes, both the wire bytes and the
// decoded bytes capped at MaxBodyBytes.
func (c *Client) decoded(resp *http.Response, wire io.Reader) (io.Reader, error) {
	limit := c.cfg.MaxBodyBytes
	raw := &cappedReader{r: wire, left: limit}
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return raw, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(raw)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		return &cappedReader{r: zr, left: limit}, nil
	default:
		return nil, fmt.Errorf("%w %q", ErrUnsupportedEncoding, enc)
	}
}

// readBody reads a whole 2xx body, decoded, within MaxBodyBytes.
func (c *Client) readBody(resp *http.Response, wire io.Reader) ([]byte, error) {
	if resp.ContentLength > c.cfg.MaxBodyBytes {
		return nil, ErrBodyTooLarge
	}
	r, err := c.decoded(resp, wire)
	if err != nil {
		return nil, err
	}
	hint := 0
	if resp.ContentLength > 0 && resp.Header.Get("Content-Encoding") == "" {
		hint = int(resp.ContentLength)
	}
	return readAll(r, hint)
}

// readAll is io.ReadAll starting from a capacity of hint+1, so that a body
// of known length is read into one allocation (the extra byte lets the final
// EOF arrive without growing the slice), and doubling otherwise.
func readAll(r io.Reader, hint int) ([]byte, error) {
	b := make([]byte, 0, max(hint+1, 512))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			// Double, as bytes.Buffer does: append's gentler growth for
			// large slices costs more copies on multi-megabyte pages.
			nb := make([]byte, len(b), 2*cap(b))
			copy(nb, b)
			b = nb
		}
	}
}

// snippet returns the start of an error body as valid UTF-8.
func (c *Client) snippet(resp *http.Response, wire io.Reader) string {
	r, err := c.decoded(resp, wire)
	if err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(r, errorSnippetBytes))
	return strings.ToValidUTF8(string(b), string(utf8.RuneError))
}

// drain reads what is left of a body, up to drainBytes, so that the
// connection can carry the next request.
func drain(r io.Reader) { _, _ = io.CopyN(io.Discard, r, drainBytes) }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// cappedReader fails with ErrBodyTooLarge once more than left bytes come
// through. Unlike io.LimitReader it reports the excess instead of a clean
// EOF, which would look like a complete (or, to gzip, a truncated) body.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrBodyTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, ErrBodyTooLarge
	}
	return n, err
}

// isTimeout reports whether err comes from the attempt's own deadline (or the
// built client's Timeout) rather than from the caller's context.
func isTimeout(actx context.Context, err error) bool {
	if errors.Is(actx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isCertificateError reports whether err is a TLS certificate verification
// failure.
func isCertificateError(err error) bool {
	var (
		verr *tls.CertificateVerificationError
		uerr x509.UnknownAuthorityError
		herr x509.HostnameError
		ierr x509.CertificateInvalidError
	)
	return errors.As(err, &verr) || errors.As(err, &uerr) || errors.As(err, &herr) || errors.As(err, &ierr)
}

// callerRedirectError marks an error from the injected client's own
// CheckRedirect, which retrying would not change.
type callerRedirectError struct{ err error }

func (e callerRedirectError) Error() string { return e.err.Error() }
func (e callerRedirectError) Unwrap() error { return e.err }

// unwrapURLError drops the *url.Error that http.Client wraps CheckRedirect
// errors in: ours already name the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// firstNonEmpty returns a if it is not empty, else b.
func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
