package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Replay is an http.RoundTripper that serves a directory of captures instead
// of the network, so the same code runs offline (examples, tests, a frozen
// mirror). Use it as Config.HTTPClient = &http.Client{Transport: NewReplay(dir)},
// with Config.DefaultRate = RateLimit{Unlimited: true} since no server needs
// sparing.
//
// The file for https://support.apple.com/en-us/100100 is
// DIR/support.apple.com/en-us/100100, or the same path with .html, .json,
// .xml, .rss or .txt appended; a path that is empty or ends in "/" (or names
// a directory) maps to its index.html. The scheme, port and query are
// ignored; the host is lower-cased.
//
// It answers like a real server: ETag is a quoted hash of the file's name,
// size and modification time (so that no file is read before the client's
// body cap applies: the body is streamed from the file), Last-Modified its
// modification time, If-None-Match and If-Modified-Since
// give 304, a missing file gives 404 and a path with ".." (or one that
// escapes DIR through a symbolic link) gives 403, as responses rather than
// Go errors. Only GET and HEAD are served (others get 405). It is safe for
// concurrent use.
type Replay struct {
	dir string
}

// NewReplay returns a Replay serving dir.
func NewReplay(dir string) *Replay { return &Replay{dir: dir} }

// RoundTrip serves req from the directory. It returns a Go error only when
// the request's context is done or the directory cannot be read.
func (rp *Replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return replayStatus(req, http.StatusMethodNotAllowed, nil), nil
	}
	rel, ok := replayPath(req)
	if !ok {
		return replayStatus(req, http.StatusForbidden, nil), nil
	}
	root, err := os.OpenRoot(rp.dir)
	if err != nil {
		return nil, fmt.Errorf("feed: replay directory: %w", err)
	}
	defer root.Close()

	name, f, fi, err := replayFind(root, rel)
	switch {
	case isNotFound(err):
		return replayStatus(req, http.StatusNotFound, nil), nil
	case err != nil:
		// Unreadable, or a symbolic link out of the directory (which
		// os.Root refuses): refused, as a server would.
		return replayStatus(req, http.StatusForbidden, nil), nil
	}

	mod := fi.ModTime()
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", name, fi.Size(), mod.UnixNano())))
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := http.Header{}
	h.Set("ETag", etag)
	h.Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
	if replayNotModified(req, etag, mod) {
		f.Close()
		return replayStatus(req, http.StatusNotModified, h), nil
	}
	ctype := replayType(path.Ext(name))
	if ctype == "" {
		var head [512]byte
		n, _ := io.ReadFull(f, head[:])
		ctype = http.DetectContentType(head[:n])
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return replayStatus(req, http.StatusForbidden, nil), nil
		}
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	resp := replayStatus(req, http.StatusOK, h)
	resp.ContentLength = fi.Size()
	if req.Method == http.MethodGet {
		// At most the size announced, even if the file grows meanwhile.
		resp.Body = replayBody{Reader: io.LimitReader(f, fi.Size()), f: f}
	} else {
		f.Close()
	}
	return resp, nil
}

// replayBody streams a capture and closes its file.
type replayBody struct {
	io.Reader
	f *os.File
}

// Close closes the file.
func (b replayBody) Close() error { return b.f.Close() }

// replayPath maps a request to a slash-separated path relative to the
// directory, refusing "..", empty or odd hosts, and backslashes.
func replayPath(req *http.Request) (string, bool) {
	host := strings.ToLower(req.URL.Hostname())
	if host == "" || host == "." || host == ".." || strings.ContainsAny(host, `/\`) {
		return "", false
	}
	p := req.URL.Path
	if strings.Contains(p, `\`) || strings.ContainsRune(p, 0) {
		return "", false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return path.Clean(host + "/" + strings.TrimPrefix(p, "/")), true
}

// replayFind opens the first candidate file for rel: rel itself (or its
// index.html when a directory), then rel with each replay extension. Only
// regular files inside the root are served.
func replayFind(root *os.Root, rel string) (name string, f *os.File, fi fs.FileInfo, err error) {
	candidates := []string{rel, rel + ".html", rel + ".json", rel + ".xml", rel + ".rss", rel + ".txt"}
	for _, c := range candidates {
		fi, err := root.Stat(c)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return "", nil, nil, err
		}
		if fi.IsDir() {
			c = path.Join(c, "index.html")
			if fi, err = root.Stat(c); err != nil {
				if isNotFound(err) {
					continue
				}
				return "", nil, nil, err
			}
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		f, err := root.Open(c)
		if err != nil {
			return "", nil, nil, err
		}
		// What was opened, not what was looked at: a file swapped for a
		// device between the two is refused.
		if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
			f.Close()
			return "", nil, nil, fs.ErrPermission
		}
		return c, f, fi, nil
	}
	return "", nil, nil, fs.ErrNotExist
}

// isNotFound reports whether err means no such file: absent, or a path
// through a regular file.
func isNotFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// replayType is the Content-Type of the extensions captures use, "" for
// others (which are sniffed). A fixed table keeps the answer independent of
// the machine's MIME database.
func replayType(ext string) string {
	switch strings.ToLower(ext) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".rss":
		return "application/rss+xml"
	case ".atom":
		return "application/atom+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return ""
}

// replayNotModified evaluates If-None-Match (which wins when present, as RFC
// 9110 §13.2.2 says) and If-Modified-Since against the file.
func replayNotModified(req *http.Request, etag string, mod time.Time) bool {
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
		return false
	}
	if ims := req.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !mod.Truncate(time.Second).After(t)
	}
	return false
}

// replayStatus builds a response with an empty body.
func replayStatus(req *http.Request, code int, h http.Header) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{
		Status:     strconv.Itoa(code) + " " + http.StatusText(code),
		StatusCode: code,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Body:       http.NoBody,
		Request:    req,
	}
}
