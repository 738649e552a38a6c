package feed_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/applesec/applesec/feed"
)

// urlRecorder keeps the URL of each document recorded. A real one writes
// each document to a database (under its lock) as soon as it arrives.
type urlRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (r *urlRecorder) Record(_ context.Context, rec feed.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	what := "advisory"
	switch {
	case rec.Index != nil:
		what = "index"
	case rec.BSIs != nil:
		what = fmt.Sprintf("%d BSIs", len(rec.BSIs))
	case rec.KEV != nil:
		what = "KEV catalog"
	}
	r.urls = append(r.urls, rec.Source+" "+strings.TrimPrefix(rec.URL, "https://")+": "+what)
	return nil
}

// Record every document of a run as soon as it is read and parsed.
func ExampleRecorder() {
	client, err := feed.NewClient(feed.Config{
		HTTPClient:  &http.Client{Transport: feed.NewReplay("../testdata/snapshot")},
		DefaultRate: feed.RateLimit{Unlimited: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := &urlRecorder{}
	agg, err := feed.NewAggregator(feed.AggregatorConfig{
		Fetcher:  client,
		Sources:  []feed.Source{feed.AppleSource{}, feed.GDMFSource{}},
		Now:      func() time.Time { return time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC) },
		Recorder: rec,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, _, err := agg.Run(context.Background(), feed.State{}); err != nil {
		fmt.Println(err)
		return
	}
	slices.Sort(rec.urls)
	for _, u := range rec.urls {
		fmt.Println(u)
	}
	// Output:
	// apple support.apple.com/en-us/100100: index
	// apple support.apple.com/en-us/126346: advisory
	// apple support.apple.com/en-us/126604: advisory
	// apple support.apple.com/en-us/126792: advisory
	// apple support.apple.com/en-us/126793: advisory
	// apple support.apple.com/en-us/126794: advisory
	// apple support.apple.com/en-us/126800: advisory
	// gdmf gdmf.apple.com/v2/pmv: 4 BSIs
}

// Tell which sources failed in a Run that still reported the others.
func ExampleSourceErrors() {
	err := errors.Join(
		&feed.SourceError{Source: "kev", Err: errors.New("connection refused")},
		&feed.SourceError{Source: "news", Err: errors.New("503 Service Unavailable")},
	)
	for _, se := range feed.SourceErrors(err) {
		fmt.Printf("%s: %v\n", se.Source, se.Err)
	}
	// Output:
	// kev: connection refused
	// news: 503 Service Unavailable
}

// Print a URL given on the command line without its password.
func ExampleRedactURL() {
	fmt.Println(feed.RedactURL("https://watcher:s3cret@mirror.example/en-us/100100"))
	// Output:
	// https://watcher:xxxxx@mirror.example/en-us/100100
}
