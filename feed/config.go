package feed

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Defaults of Config, applied to zero fields.
const (
	// DefaultRetries is the number of retries after a failed attempt.
	DefaultRetries = 3
	// DefaultBackoffBase is the first retry's backoff before jitter; each
	// further retry doubles it.
	DefaultBackoffBase = time.Second
	// DefaultMaxRetryWait caps a backoff, and is the longest Retry-After the
	// client waits out before giving up.
	DefaultMaxRetryWait = time.Minute
	// DefaultMaxBodyBytes caps a body, encoded and decoded (32 MiB).
	DefaultMaxBodyBytes = 32 << 20
	// DefaultTimeout bounds one attempt: connecting, the headers and the
	// whole body.
	DefaultTimeout = 30 * time.Second
	// DefaultRateEvery is the default spacing between requests to one host.
	DefaultRateEvery = 2 * time.Second
)

// Config configures a Client. NewClient copies it; later changes to the value
// passed (its slices and maps included) do not affect the Client. Every zero
// field takes the default documented on it.
type Config struct {
	// HTTPClient sends the requests. Nil builds a client with a 10 s connect
	// timeout, a 10 s TLS handshake timeout, a response header timeout and an
	// overall timeout of Timeout; it is never http.DefaultClient. A given
	// client is not modified: the Client uses a shallow copy whose
	// CheckRedirect wraps the given one (which still runs after the host
	// check), and, when ExtraRootCAs is set, whose *http.Transport is a clone
	// with the extra roots.
	HTTPClient *http.Client
	// Logger receives Debug records per attempt (url, status, bytes,
	// duration, attempt) and per retry. Nil discards.
	Logger *slog.Logger
	// UserAgent is sent with every request. Empty means DefaultUserAgent,
	// which names this library and where to find it.
	UserAgent string
	// DefaultRate limits requests to each host that has no entry in
	// HostRates and is not a loopback host. The zero value means one
	// request every 2 s per host, burst 1: polite to Apple's servers.
	DefaultRate RateLimit
	// HostRates overrides the rate per host name (no port, case-insensitive),
	// e.g. "gdmf.apple.com". A zero RateLimit in the map means DefaultRate.
	HostRates map[string]RateLimit
	// LoopbackRate limits requests to localhost, 127.0.0.0/8 and ::1 (tests,
	// local mirrors). The zero value means unlimited.
	LoopbackRate RateLimit
	// Retries is how many times a failed attempt is retried: network errors,
	// truncated bodies, attempt timeouts and statuses 429, 500, 502, 503 and
	// 504. Zero means DefaultRetries (3); negative means no retries.
	Retries int
	// BackoffBase is the backoff before the first retry when the server gave
	// no Retry-After; it doubles per retry, with jitter (the wait is drawn
	// between half and all of it). Zero means DefaultBackoffBase (1 s).
	BackoffBase time.Duration
	// MaxRetryWait caps each backoff. A Retry-After (seconds or HTTP date, on
	// any retried status) is honoured exactly; when it is longer than
	// MaxRetryWait, or than what remains before the context deadline, the
	// client gives up at once with the *HTTPError, whose RetryAfter tells the
	// caller when to come back: retrying sooner than the server asked is what
	// a polite client must never do. Zero means DefaultMaxRetryWait (1 min).
	MaxRetryWait time.Duration
	// MaxBodyBytes caps a body: on the wire and after gzip decoding (a small
	// gzip bomb cannot expand past it). Over it, Fetch fails with
	// ErrBodyTooLarge. Zero means DefaultMaxBodyBytes (32 MiB).
	MaxBodyBytes int64
	// Timeout bounds each attempt: connecting, waiting for the headers and
	// reading the whole body (a body trickling in slower fails). Rate-limit
	// and backoff waits are outside it; the caller's context bounds the
	// whole Fetch. Zero means DefaultTimeout (30 s).
	Timeout time.Duration
	// AllowedHosts are the host names (no port, case-insensitive) that
	// redirects may lead to, besides the request's own host. An entry
	// "*.apple.com" allows every subdomain of apple.com. A redirect
	// elsewhere, from https to http, or to another scheme fails with
	// ErrRedirectNotAllowed. Empty means redirects stay on the request's host.
	AllowedHosts []string
	// ExtraRootCAs are certificates trusted in addition to the system roots
	// (or to the RootCAs of the given transport's TLS config). Each element
	// is either PEM text (one or more CERTIFICATE blocks) or one DER
	// certificate. gdmf.apple.com's chain ends at "Apple Root CA", which
	// system trust stores lack; the Client trusts it for that host by
	// default (see DisableAppleRoot and AppleRootCA), so ExtraRootCAs is for
	// other private roots, or to override it. With an injected HTTPClient,
	// its Transport must be nil or an
	// *http.Transport (it is cloned, not modified).
	ExtraRootCAs [][]byte
	// DisableAppleRoot stops the Client from trusting AppleRootCA for
	// AppleRootHost (gdmf.apple.com). By default it does, for that host only,
	// so that Apple's BSI feed works out of the box; every other host is
	// verified against the system roots (and ExtraRootCAs) alone. An injected
	// HTTPClient whose Transport is not an *http.Transport is left as is.
	DisableAppleRoot bool
}

// resolved returns a deep copy of c with defaults applied, or an error
// wrapping ErrInvalidConfig naming the bad field.
func (c Config) resolved() (Config, error) {
	bad := func(field, why string) (Config, error) {
		return Config{}, fmt.Errorf("%w: Config.%s %s", ErrInvalidConfig, field, why)
	}
	r := c
	r.HostRates = make(map[string]RateLimit, len(c.HostRates))
	for h, rl := range c.HostRates {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			return bad("HostRates", "has an empty host name")
		}
		if err := rl.validate(); err != nil {
			return bad("HostRates["+h+"]", err.Error())
		}
		r.HostRates[h] = rl
	}
	if err := c.DefaultRate.validate(); err != nil {
		return bad("DefaultRate", err.Error())
	}
	if err := c.LoopbackRate.validate(); err != nil {
		return bad("LoopbackRate", err.Error())
	}
	if r.DefaultRate.isZero() {
		r.DefaultRate = RateLimit{Every: DefaultRateEvery, Burst: 1}
	}
	if r.LoopbackRate.isZero() {
		r.LoopbackRate = RateLimit{Unlimited: true}
	}
	for h, rl := range r.HostRates {
		if rl.isZero() {
			r.HostRates[h] = r.DefaultRate
		}
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	if r.UserAgent == "" {
		r.UserAgent = DefaultUserAgent
	}
	switch {
	case r.Retries == 0:
		r.Retries = DefaultRetries
	case r.Retries < 0:
		r.Retries = 0
	}
	for _, f := range []struct {
		name     string
		negative bool
	}{
		{"BackoffBase", defaultIfZero(&r.BackoffBase, DefaultBackoffBase)},
		{"MaxRetryWait", defaultIfZero(&r.MaxRetryWait, DefaultMaxRetryWait)},
		{"MaxBodyBytes", defaultIfZero(&r.MaxBodyBytes, DefaultMaxBodyBytes)},
		{"Timeout", defaultIfZero(&r.Timeout, DefaultTimeout)},
	} {
		if f.negative {
			return bad(f.name, "is negative")
		}
	}
	r.AllowedHosts = make([]string, 0, len(c.AllowedHosts))
	for _, h := range c.AllowedHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" || h == "*." || strings.ContainsAny(h, "/:@ ") {
			return bad("AllowedHosts", fmt.Sprintf("has an invalid host name %q", h))
		}
		r.AllowedHosts = append(r.AllowedHosts, h)
	}
	r.ExtraRootCAs = make([][]byte, len(c.ExtraRootCAs))
	for i, b := range c.ExtraRootCAs {
		r.ExtraRootCAs[i] = slices.Clone(b)
	}
	return r, nil
}

// defaultIfZero sets *v to def when it is zero, and reports whether it is
// negative, which no duration or size of Config may be.
func defaultIfZero[T int64 | time.Duration](v *T, def T) (negative bool) {
	if *v == 0 {
		*v = def
	}
	return *v < 0
}

// parseRootCAs parses Config.ExtraRootCAs: each element PEM or DER.
func parseRootCAs(blobs [][]byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for i, b := range blobs {
		if !strings.Contains(string(b[:min(len(b), 1024)]), "-----BEGIN") {
			cert, err := x509.ParseCertificate(b)
			if err != nil {
				return nil, fmt.Errorf("%w: Config.ExtraRootCAs[%d] is neither PEM nor a DER certificate: %w", ErrInvalidConfig, i, err)
			}
			certs = append(certs, cert)
			continue
		}
		n := 0
		for rest := b; ; {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			if block.Type != "CERTIFICATE" {
				continue
			}
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%w: Config.ExtraRootCAs[%d] has a bad certificate: %w", ErrInvalidConfig, i, err)
			}
			certs = append(certs, cert)
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%w: Config.ExtraRootCAs[%d] has no PEM CERTIFICATE block", ErrInvalidConfig, i)
		}
	}
	return certs, nil
}
