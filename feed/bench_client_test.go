package feed

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// newBenchServer serves one index-sized page with an ETag, answering
// If-None-Match with 304 unless ignoreConditional is set.
func newBenchServer(b *testing.B, ignoreConditional bool) (*httptest.Server, []byte) {
	b.Helper()
	body := bytes.Repeat([]byte(`<tr><td><a href="https://support.apple.com/en-us/126346">iOS 26.3.1 (a)</a></td><td>iPhone 11 and later</td><td>17 Mar 2026</td></tr>`+"\n"), 2500)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if !ignoreConditional && r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv, body
}

// benchFetch fetches srv.URL b.N times with prev, expecting want.
func benchFetch(b *testing.B, srv *httptest.Server, prev Validators, want error) {
	b.Helper()
	c, err := NewClient(Config{HTTPClient: srv.Client()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Fetch(ctx, srv.URL, prev); !errors.Is(err, want) {
			b.Fatalf("Fetch: %v, want %v", err, want)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(c.Stats().BodyBytes)/float64(b.N), "wire-B/op")
}

// BenchmarkFetchNotModified is a poll of an unchanged page: a 304, no body.
func BenchmarkFetchNotModified(b *testing.B) {
	srv, _ := newBenchServer(b, false)
	benchFetch(b, srv, Validators{ETag: `"v1"`}, ErrNotModified)
}

// BenchmarkFetchFull is the same page fetched without validators: the whole
// body every time. The baseline for BenchmarkFetchNotModified.
func BenchmarkFetchFull(b *testing.B) {
	srv, body := newBenchServer(b, false)
	b.SetBytes(int64(len(body)))
	benchFetch(b, srv, Validators{}, nil)
}

// BenchmarkFetchSameHash is a server that ignores conditional requests: the
// body comes every time and its hash says it is unchanged.
func BenchmarkFetchSameHash(b *testing.B) {
	srv, body := newBenchServer(b, true)
	b.SetBytes(int64(len(body)))
	benchFetch(b, srv, Validators{ETag: `"v1"`, BodyHash: sha256Hex(body)}, ErrNotModified)
}
