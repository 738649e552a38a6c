package feed

import (
	"context"
	"errors"
)

// ErrNotModified is returned by a Fetcher when the resource has not changed
// since the validators passed in: the server answered 304 Not Modified, or it
// sent a body whose hash equals the previous one. The Response that comes with
// it carries the (possibly refreshed) validators and no body.
var ErrNotModified = errors.New("feed: not modified")

// Validators are what a conditional request needs to learn that a resource is
// unchanged: the server's ETag and Last-Modified, and the SHA-256 of the last
// body seen (hex), which catches servers that ignore conditional requests.
// The zero value means "never fetched".
type Validators struct {
	// ETag is the last ETag response header, verbatim.
	ETag string `json:"etag,omitempty"`
	// LastModified is the last Last-Modified response header, verbatim.
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is the hex SHA-256 of the last body received.
	BodyHash string `json:"body_hash,omitempty"`
}

// Response is a fetched resource.
type Response struct {
	// URL is the final URL after redirects.
	URL string
	// StatusCode is the HTTP status of the final response (200, or 304 with ErrNotModified).
	StatusCode int
	// Body is the decoded (un-gzipped) body; nil when not modified.
	Body []byte
	// Validators are the validators to store for the next request.
	Validators Validators
}

// Fetcher fetches one URL conditionally. *Client implements it; tests can use
// any implementation, such as a Client over an offline Replay transport.
type Fetcher interface {
	// Fetch GETs url with the conditional headers that prev allows. It returns
	// ErrNotModified (with a Response carrying validators) when unchanged, a
	// *HTTPError for an unsuccessful status, and ErrBodyTooLarge when the body
	// exceeds the configured cap.
	Fetch(ctx context.Context, url string, prev Validators) (Response, error)
}
