package feed

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a clock whose time moves only when someone sleeps on it, and
// which records every sleep: rate-limit spacing and backoff are asserted on
// the recorded waits, never on wall-clock time.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 17, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return ctx.Err()
}

// recorded returns the sleeps so far.
func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// stoppedClock is a clock that never advances and records the waits asked
// for, without sleeping: what concurrent callers were told at one instant.
type stoppedClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (c *stoppedClock) now() time.Time { return c.t }

func (c *stoppedClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	return ctx.Err()
}

func TestRateLimitSpacing(t *testing.T) {
	const every = 2 * time.Second
	tests := []struct {
		name  string
		rate  RateLimit
		calls int
		idle  time.Duration // time passing before the last call
		want  []time.Duration
	}{
		// Burst 1: the first request goes at once, each next one a period later.
		{name: "burst 1", rate: RateLimit{Every: every, Burst: 1}, calls: 4, want: []time.Duration{every, every, every}},
		// Burst 0 means 1.
		{name: "burst 0 is 1", rate: RateLimit{Every: every}, calls: 3, want: []time.Duration{every, every}},
		// Burst 3: three at once, then one per period.
		{name: "burst 3", rate: RateLimit{Every: every, Burst: 3}, calls: 5, want: []time.Duration{every, every}},
		// An idle host earns its tokens back: after 10 s the next call goes at once.
		{name: "idle refills", rate: RateLimit{Every: every, Burst: 1}, calls: 3, idle: 10 * time.Second, want: []time.Duration{every}},
		// Unlimited never waits.
		{name: "unlimited", rate: RateLimit{Unlimited: true}, calls: 10, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			l := newLimiter(clk, tc.rate, RateLimit{Unlimited: true}, nil)
			for i := range tc.calls {
				if i == tc.calls-1 && tc.idle > 0 {
					clk.mu.Lock()
					clk.t = clk.t.Add(tc.idle)
					clk.mu.Unlock()
				}
				require.NoError(t, l.wait(context.Background(), "support.apple.com"))
			}
			assert.Equal(t, tc.want, clk.recorded())
		})
	}
}

func TestRateLimitConcurrentWaitersGetDistinctSlots(t *testing.T) {
	const every = time.Second
	clk := &stoppedClock{t: time.Date(2026, 3, 17, 12, 0, 0, 0, time.UTC)}
	l := newLimiter(clk, RateLimit{Every: every, Burst: 1}, RateLimit{Unlimited: true}, nil)
	const n = 16
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { assert.NoError(t, l.wait(context.Background(), "gdmf.apple.com")) })
	}
	wg.Wait()
	got := slices.Clone(clk.waits)
	slices.Sort(got)
	var want []time.Duration
	for i := 1; i < n; i++ {
		want = append(want, time.Duration(i)*every)
	}
	// All at the same instant: one goes at once, the others each get their own slot.
	assert.Equal(t, want, got)
}

func TestRateLimitHostsAreIndependent(t *testing.T) {
	clk := newFakeClock()
	hosts := map[string]RateLimit{"gdmf.apple.com": {Every: 5 * time.Second, Burst: 1}}
	l := newLimiter(clk, RateLimit{Every: 2 * time.Second, Burst: 1}, RateLimit{Unlimited: true}, hosts)
	ctx := context.Background()
	for _, h := range []string{"support.apple.com", "gdmf.apple.com", "www.cisa.gov", "127.0.0.1", "localhost", "[::1]"} {
		require.NoError(t, l.wait(ctx, h))
	}
	// First request to each host: no wait at all.
	assert.Empty(t, clk.recorded())
	require.NoError(t, l.wait(ctx, "GDMF.apple.com"))
	require.NoError(t, l.wait(ctx, "127.0.0.1"))
	// The per-host override applies, case-insensitively; loopback stays unlimited.
	assert.Equal(t, []time.Duration{5 * time.Second}, clk.recorded())
}

func TestRateLimitCancelledWaitReturnsSlot(t *testing.T) {
	l := newLimiter(realClock{}, RateLimit{Every: time.Hour, Burst: 1}, RateLimit{Unlimited: true}, nil)
	require.NoError(t, l.wait(context.Background(), "example.com"))

	// A caller cancelled while waiting gets the context's error...
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.wait(ctx, "example.com") }()
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)

	// ...and a deadline shorter than the wait fails at once, without sleeping.
	dctx, dcancel := context.WithTimeout(context.Background(), time.Minute)
	defer dcancel()
	err := l.wait(dctx, "example.com")
	require.ErrorIs(t, err, ErrRateLimitWait)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// Neither booked a slot: the next waiter is one period after the first
	// request, not three.
	b := l.bucketFor("example.com")
	d, _ := b.reserve(time.Now())
	assert.LessOrEqual(t, d, time.Hour)
	assert.Greater(t, d, 59*time.Minute)
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":         true,
		"LOCALHOST.":        true,
		"mirror.localhost":  true,
		"127.0.0.1":         true,
		"127.1.2.3":         true,
		"::1":               true,
		"[::1]":             true,
		"support.apple.com": false,
		"10.0.0.1":          false,
		"localhost.evil":    false,
	} {
		assert.Equal(t, want, isLoopback(host), host)
	}
}
