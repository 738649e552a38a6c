package feed

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// RateLimit is a request budget for one host: Burst requests may go at once,
// then one every Every. The zero value means "the default for this slot" (see
// Config.DefaultRate, Config.HostRates, Config.LoopbackRate).
//
// The limiter is a small token bucket (the GCRA form: one timestamp per host)
// rather than golang.org/x/time/rate: the client needs only a context-aware
// Wait, and keeping it here spares the module a dependency.
type RateLimit struct {
	// Every is the spacing between requests once the burst is spent; it must
	// be positive unless Unlimited is set.
	Every time.Duration
	// Burst is how many requests may go back to back after an idle period;
	// zero means 1.
	Burst int
	// Unlimited disables limiting for the host.
	Unlimited bool
}

// isZero reports whether r is the zero value ("use the default").
func (r RateLimit) isZero() bool { return r == RateLimit{} }

// validate rejects negative or incomplete limits.
func (r RateLimit) validate() error {
	switch {
	case r.isZero() || r.Unlimited:
		return nil
	case r.Every <= 0:
		return errors.New("needs a positive Every (or Unlimited)")
	case r.Burst < 0:
		return errors.New("has a negative Burst")
	}
	return nil
}

// clock is time as the client sees it; tests substitute a fake one so that
// rate-limit spacing and backoff can be asserted without wall-clock timing.
type clock interface {
	now() time.Time
	// sleep waits d or until ctx is done, returning ctx.Err() then.
	sleep(ctx context.Context, d time.Duration) error
}

// realClock is the system clock.
type realClock struct{}

func (realClock) now() time.Time { return time.Now() }

func (realClock) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// bucket is the limiter state of one host. tat is the theoretical arrival
// time of the next request if requests went exactly every "every".
type bucket struct {
	mu    sync.Mutex
	every time.Duration
	burst int
	tat   time.Time
}

// reserve books the next slot at now and returns how long to wait for it and
// the booking's tat, which cancel needs.
func (b *bucket) reserve(now time.Time) (time.Duration, time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	start := b.tat
	if start.Before(now) {
		start = now
	}
	b.tat = start.Add(b.every)
	allowAt := b.tat.Add(-time.Duration(b.burst) * b.every)
	return max(allowAt.Sub(now), 0), b.tat
}

// cancel gives a slot back when its holder will not use it. Only the latest
// booking can be returned: earlier ones are already counted on by later
// waiters, and giving them back would let two requests share a slot.
func (b *bucket) cancel(tat time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tat.Equal(tat) {
		b.tat = b.tat.Add(-b.every)
	}
}

// limiter holds one bucket per host name. It is safe for concurrent use.
type limiter struct {
	clk      clock
	def      RateLimit
	loopback RateLimit
	hosts    map[string]RateLimit // read-only after construction

	mu      sync.Mutex
	buckets map[string]*bucket
}

// newLimiter builds a limiter from resolved (non-zero) rates.
func newLimiter(clk clock, def, loopback RateLimit, hosts map[string]RateLimit) *limiter {
	return &limiter{clk: clk, def: def, loopback: loopback, hosts: hosts, buckets: map[string]*bucket{}}
}

// rateFor returns the limit that applies to host.
func (l *limiter) rateFor(host string) RateLimit {
	if r, ok := l.hosts[host]; ok {
		return r
	}
	if isLoopback(host) {
		return l.loopback
	}
	return l.def
}

// bucketFor returns host's bucket, nil when the host is unlimited.
func (l *limiter) bucketFor(host string) *bucket {
	host = strings.ToLower(host)
	r := l.rateFor(host)
	if r.Unlimited {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[host]
	if !ok {
		b = &bucket{every: r.Every, burst: max(r.Burst, 1)}
		l.buckets[host] = b
	}
	return b
}

// wait blocks until a request to host may go, or ctx is done. When the wait
// would outlast ctx's deadline it fails at once (wrapping ErrRateLimitWait
// and context.DeadlineExceeded) instead of sleeping in vain.
func (l *limiter) wait(ctx context.Context, host string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("waiting for the rate limit of %s: %w", host, err)
	}
	b := l.bucketFor(host)
	if b == nil {
		return nil
	}
	d, tat := b.reserve(l.clk.now())
	if d == 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		b.cancel(tat)
		return fmt.Errorf("%s needs %v: %w: %w", host, d, ErrRateLimitWait, context.DeadlineExceeded)
	}
	if err := l.clk.sleep(ctx, d); err != nil {
		b.cancel(tat)
		return fmt.Errorf("waiting for the rate limit of %s: %w", host, err)
	}
	return nil
}

// isLoopback reports whether host (a host name without port) is localhost or
// a loopback address.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
