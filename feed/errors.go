package feed

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Errors of the HTTP client. Test for them with errors.Is; the errors returned
// wrap them with the URL and the detail.
var (
	// ErrBodyTooLarge means a response body, or its decoded (un-gzipped) form,
	// exceeded Config.MaxBodyBytes. No partial Response is returned.
	ErrBodyTooLarge = errors.New("feed: response body too large")
	// ErrTruncatedBody means the connection ended before the whole body
	// arrived (fewer bytes than Content-Length, a cut chunked or gzip stream).
	ErrTruncatedBody = errors.New("feed: response body truncated")
	// ErrRedirectNotAllowed means a redirect pointed to a host that is neither
	// the request's own host nor in Config.AllowedHosts, or downgraded https
	// to http, or used another scheme.
	ErrRedirectNotAllowed = errors.New("feed: redirect not allowed")
	// ErrTooManyRedirects means a request was redirected more than ten times.
	ErrTooManyRedirects = errors.New("feed: too many redirects")
	// ErrUnsupportedEncoding means the server sent a Content-Encoding other
	// than gzip, which is all the client asks for.
	ErrUnsupportedEncoding = errors.New("feed: unsupported Content-Encoding")
	// ErrInvalidURL means the URL given to Fetch is not an absolute http or
	// https URL.
	ErrInvalidURL = errors.New("feed: invalid URL")
	// ErrInvalidConfig means a Config or FileStoreConfig value cannot be used;
	// the wrapping error names the field.
	ErrInvalidConfig = errors.New("feed: invalid configuration")
	// ErrRateLimitWait means waiting for the host's rate limit would outlast
	// the context deadline; the returned error also wraps
	// context.DeadlineExceeded.
	ErrRateLimitWait = errors.New("feed: rate limit wait exceeds deadline")
	// ErrRetryLater means a server asked, with Retry-After on a 429 or 503,
	// to be left alone for longer than the Run could wait. The wait is kept
	// in State (per scheme, host and port) and later Runs skip the host with
	// this error until it has passed.
	ErrRetryLater = errors.New("feed: server asked to retry later")
	// ErrURLNotAllowed means a source was about to request a URL outside
	// the origins it may read (another scheme, host or port than its own),
	// such as a mailing-list item linking to an internal address. Nothing is
	// sent.
	ErrURLNotAllowed = errors.New("feed: URL not allowed")
)

// Errors of the state stores.
var (
	// ErrLocked means another FileStore (in this or another process) holds the
	// state file's lock.
	ErrLocked = errors.New("feed: state store locked by another process")
	// ErrCorruptState means the state file exists but is not a valid State
	// (not JSON, empty, or without a version). It is never silently reset.
	ErrCorruptState = errors.New("feed: corrupt state file")
	// ErrStateVersion means a State has a schema version newer than
	// StateVersion: it was written by a newer release of this library.
	ErrStateVersion = errors.New("feed: unsupported state version")
	// ErrStoreClosed means a FileStore was used after Close.
	ErrStoreClosed = errors.New("feed: state store closed")
)

// HTTPError is an unsuccessful HTTP status (anything but 2xx and a 304 that
// answers a conditional request), after any retries.
type HTTPError struct {
	// URL is the URL requested.
	URL string
	// StatusCode is the HTTP status code, such as 404.
	StatusCode int
	// Status is the status line, such as "404 Not Found".
	Status string
	// RetryAfter is the delay the server asked for in a Retry-After header
	// (seconds or HTTP date), zero when absent. A caller that schedules polls
	// should not come back sooner.
	RetryAfter time.Duration
	// Body is the start of the response body (at most 512 bytes, decoded),
	// for diagnostics.
	Body string
}

// Error returns "feed: GET url: 404 Not Found", with the wait the server
// asked for when it sent Retry-After. A password in the URL is redacted.
func (e *HTTPError) Error() string {
	status := e.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("feed: GET %s: %s (Retry-After %v)", redactURL(e.URL), status, e.RetryAfter)
	}
	return fmt.Sprintf("feed: GET %s: %s", redactURL(e.URL), status)
}

// StateFileError is a problem with the contents of a state file: it names
// the file and wraps ErrCorruptState or ErrStateVersion (and the cause).
type StateFileError struct {
	// Path is the state file.
	Path string
	// Err is ErrCorruptState or ErrStateVersion, possibly joined with the
	// underlying decoding error.
	Err error
}

// Error names the file and the problem.
func (e *StateFileError) Error() string {
	return fmt.Sprintf("feed: state file %s: %s", e.Path, strings.TrimPrefix(e.Err.Error(), "feed: "))
}

// Unwrap returns the wrapped error.
func (e *StateFileError) Unwrap() error { return e.Err }
