package feed_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/applesec/applesec/feed"
)

// Poll an offline snapshot of Apple's sources twice: the first run reports
// every advisory and BSI, the second nothing, at the cost of a few 304s.
func ExampleAggregator() {
	client, err := feed.NewClient(feed.Config{
		HTTPClient:  &http.Client{Transport: feed.NewReplay("../testdata/snapshot")},
		DefaultRate: feed.RateLimit{Unlimited: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var last feed.Stats
	agg, err := feed.NewAggregator(feed.AggregatorConfig{
		Fetcher: client,
		Sources: []feed.Source{feed.AppleSource{}, feed.GDMFSource{}, feed.KEVSource{}},
		// The snapshot is of March 2026.
		Now: func() time.Time { return time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC) },
		Progress: func(p feed.Progress) {
			if p.Final {
				last = p.Stats
			}
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	events, state, err := agg.Run(ctx, feed.State{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ev := range feed.FilterComponent(events, "WebKit") {
		switch ev.Kind {
		case feed.KindNewAdvisory:
			var cves []string
			for _, e := range ev.Advisory.Entries {
				cves = append(cves, e.CVEs[0].ID)
			}
			fmt.Printf("%s %s: %s\n", ev.Date, strings.TrimPrefix(ev.Ref.Title, "About the security content of "), strings.Join(cves, " "))
		case feed.KindNewBSI:
			fmt.Printf("%s BSI %s on build %s\n", ev.Date, ev.BSI.Name(), ev.BSI.PrerequisiteBuild)
		}
	}
	fmt.Printf("first run: %d requests, %d parsed\n", last.Requests, last.Parsed)

	events, _, err = agg.Run(ctx, state)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("second run: %d events, %d requests, %d not modified, %d parsed\n", len(events), last.Requests, last.NotModified, last.Parsed)
	// Output:
	// 2026-02-11 iOS 26.3 and iPadOS 26.3: CVE-2026-20652 CVE-2026-20608
	// 2026-03-17 Background Security Improvements for iOS, iPadOS, and macOS: CVE-2026-20643
	// 2026-03-17 BSI iOS 26.3.1 (a) on build 23D8133
	// 2026-03-17 BSI iPadOS 26.3.1 (a) on build 23D8133
	// 2026-03-17 BSI macOS 26.3.1 (a) on build 25D2128
	// 2026-03-17 BSI macOS 26.3.2 (a) on build 25D2140
	// 2026-03-24 iOS 26.4 and iPadOS 26.4: CVE-2026-20665 CVE-2026-20643 CVE-2026-28871 CVE-2026-28861 CVE-2026-20691
	// 2026-03-24 iOS 18.7.7 and iPadOS 18.7.7: CVE-2026-20643
	// 2026-03-24 macOS Tahoe 26.4: CVE-2026-20665 CVE-2026-20643 CVE-2026-28871 CVE-2026-28861 CVE-2026-20691
	// 2026-03-24 Safari 26.4: CVE-2026-20665 CVE-2026-20643 CVE-2026-28871 CVE-2026-28861 CVE-2026-20691
	// first run: 9 requests, 9 parsed
	// second run: 0 events, 9 requests, 9 not modified, 0 parsed
}
