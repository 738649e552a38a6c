package feed_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/jsontest"
	"github.com/applesec/applesec/version"
)

// TestJSONRoundTrip: a value of every data type of the package, with every
// field set, marshals with snake_case keys, unmarshals, and equals the
// original. Types that configure or run things are listed as no data.
func TestJSONRoundTrip(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[feed.AdvisoryRecord](),
		reflect.TypeFor[feed.AdvisoryRef](),
		reflect.TypeFor[feed.BSI](),
		reflect.TypeFor[feed.BSIRecord](),
		reflect.TypeFor[feed.ClientStats](),
		reflect.TypeFor[feed.DeveloperRelease](),
		reflect.TypeFor[feed.EntryDiff](),
		reflect.TypeFor[feed.Event](),
		reflect.TypeFor[feed.EventKind](),
		reflect.TypeFor[feed.ExploitedCVE](),
		reflect.TypeFor[feed.KEVCatalog](),
		reflect.TypeFor[feed.KEVEntry](),
		reflect.TypeFor[feed.Link](),
		reflect.TypeFor[feed.MailLink](),
		reflect.TypeFor[feed.NewsItem](),
		reflect.TypeFor[feed.Progress](),
		reflect.TypeFor[feed.ReleaseKind](),
		reflect.TypeFor[feed.State](),
		reflect.TypeFor[feed.Stats](),
		reflect.TypeFor[feed.Validators](),
	}
	samples := jsontest.Samples{
		reflect.TypeFor[version.Version]():  version.MustParse("iOS 26.3.1 (a) (23D771330a)"),
		reflect.TypeFor[version.Platform](): version.IOS,
		reflect.TypeFor[advisory.Date]():    advisory.NewDate(2026, time.March, 17),
		reflect.TypeFor[advisory.Verdict](): advisory.Exposed,
		reflect.TypeFor[advisory.Format]():  advisory.FormatPage,
		reflect.TypeFor[advisory.Origin]():  advisory.OriginPage,
		reflect.TypeFor[feed.EventKind]():   feed.KindNewAdvisory,
		reflect.TypeFor[feed.ReleaseKind](): feed.ReleaseKindRelease,
	}
	jsontest.CheckTypes(t, types, samples)
	jsontest.Covered(t, ".", types,
		// Configuration.
		"AggregatorConfig", "Config", "FileStoreConfig", "RateLimit",
		// Things that run: clients, sources, stores and their interfaces.
		"Aggregator", "Client", "Fetcher", "FileStore", "MemoryStore", "Replay", "Store", "Source",
		"AppleSource", "DeveloperSource", "GDMFSource", "KEVSource", "MailListSource", "NewsSource",
		"PollEnv", "Response", "Recorder",
		// A document handed to a Recorder in memory: pointers to parsed values, never JSON.
		"Record",
		// Errors.
		"HTTPError", "ParseError", "SourceError", "StateFileError",
	)
}
