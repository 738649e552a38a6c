package feed_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/applesec/applesec/feed"
)

// A first fetch returns the page and its validators; passing them back makes
// the next fetch conditional, and an unchanged page costs a 304 and no parse.
func ExampleClient_Fetch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"2026-03-17"`)
		if r.Header.Get("If-None-Match") == `"2026-03-17"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = io.WriteString(w, "<html>Apple security releases</html>")
	}))
	defer srv.Close()

	c, err := feed.NewClient(feed.Config{HTTPClient: srv.Client()})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.Fetch(ctx, srv.URL+"/en-us/100100", feed.Validators{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, len(res.Body), "bytes, ETag", res.Validators.ETag)

	res, err = c.Fetch(ctx, srv.URL+"/en-us/100100", res.Validators)
	fmt.Println(res.StatusCode, "not modified:", errors.Is(err, feed.ErrNotModified))
	fmt.Printf("%+v\n", c.Stats())
	// Output:
	// 200 36 bytes, ETag "2026-03-17"
	// 304 not modified: true
	// {Requests:2 NotModified:1 BodyBytes:36 Retries:0}
}

// Offline mode: a directory of captures served through the same client.
func ExampleNewReplay() {
	dir, err := os.MkdirTemp("", "captures")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "support.apple.com", "en-us", "100100.html")
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(page, []byte("<html>captured index</html>"), 0o644); err != nil {
		log.Fatal(err)
	}

	c, err := feed.NewClient(feed.Config{
		HTTPClient:  &http.Client{Transport: feed.NewReplay(dir)},
		DefaultRate: feed.RateLimit{Unlimited: true}, // no server to spare
	})
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Fetch(context.Background(), "https://support.apple.com/en-us/100100", feed.Validators{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, string(res.Body))

	_, err = c.Fetch(context.Background(), "https://support.apple.com/en-us/999999", feed.Validators{})
	var he *feed.HTTPError
	fmt.Println(errors.As(err, &he), he.StatusCode)
	// Output:
	// 200 <html>captured index</html>
	// true 404
}

// A watcher keeps its state in a FileStore, locked for the whole run.
func ExampleOpenFileStore() {
	dir, err := os.MkdirTemp("", "applesec")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	path := filepath.Join(dir, "state.json") // feed.DefaultStatePath() in a real watcher

	s, err := feed.OpenFileStore(ctx, path, feed.FileStoreConfig{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	st, err := s.Load(ctx) // the zero State on the first run
	if err != nil {
		log.Fatal(err)
	}
	st.Reported = map[string]string{"https://support.apple.com/en-us/126346": "fingerprint"}
	if err := s.Save(ctx, st); err != nil {
		log.Fatal(err)
	}

	// A second watcher on the same file is refused while the first runs.
	_, err = feed.OpenFileStore(ctx, path, feed.FileStoreConfig{})
	fmt.Println("second open locked out:", errors.Is(err, feed.ErrLocked))

	st, err = s.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("version", st.Version, "reported", len(st.Reported))
	// Output:
	// second open locked out: true
	// version 1 reported 1
}
