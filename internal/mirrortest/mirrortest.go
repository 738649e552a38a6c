// Package mirrortest serves captures of Apple's and others' sites from a
// loopback test server, as a mirror would: tests of sync and the watcher put
// their failure hooks (a source down, a page gone, a request held) in front
// of Serve.
package mirrortest

import (
	"io"
	"net/http"

	"github.com/applesec/applesec/feed"
)

// Serve answers r from rp as host would answer path (conditional requests
// included), and returns the status written and the body bytes copied. A
// request whose client went away copies what it can.
func Serve(w http.ResponseWriter, r *http.Request, rp *feed.Replay, host, path string) (status int, n int64) {
	req := r.Clone(r.Context())
	req.URL.Scheme, req.URL.Host, req.URL.Path = "https", host, path
	resp, err := rp.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return http.StatusInternalServerError, 0
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	n, err = io.Copy(w, resp.Body)
	if err != nil {
		return resp.StatusCode, -1
	}
	return resp.StatusCode, n
}
