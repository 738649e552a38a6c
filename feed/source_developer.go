package feed

import (
	"bytes"
	"cmp"
	"context"

	"github.com/applesec/applesec/advisory"
)

// DefaultDeveloperURL is Apple's developer releases feed.
const DefaultDeveloperURL = "https://developer.apple.com/news/releases/rss/releases.rss"

// DeveloperSource reads Apple's developer releases feed. Each final release
// not seen before ("iOS 26.4 (23E246)") is reported as KindNewsItem, linked
// by release to the advisories that cover it; betas, release candidates and
// items naming no version are left out, as they carry no security content.
type DeveloperSource struct {
	// URL is the feed's address. Empty means DefaultDeveloperURL.
	URL string
}

// Name returns "developer".
func (s DeveloperSource) Name() string { return "developer" }

// Poll fetches the feed conditionally and records its final releases not
// seen before. A feed that cannot be parsed fails the source.
func (s DeveloperSource) Poll(ctx context.Context, env *PollEnv) error {
	u := cmp.Or(s.URL, DefaultDeveloperURL)
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return err
	}
	rels, err := ParseDeveloperReleases(bytes.NewReader(body), u)
	if err != nil {
		return err
	}
	prefix := "developer " + u + " "
	seen := map[string]bool{}
	for _, r := range rels {
		if r.Kind != ReleaseKindRelease || r.Version == "" {
			continue
		}
		id := r.Link
		if id == "" {
			id = r.Title
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, ok := env.Remembered(prefix + id); !ok {
			item := developerNews(u, id, r)
			if err := env.record(ctx, Record{URL: u, News: &item}); err != nil {
				return err
			}
			env.AddNews(item)
		}
		env.Remember(prefix+id, fingerprint(r.Title))
	}
	forgetAbsent(env, prefix, seen)
	env.Progress(1, 1)
	return nil
}

// developerNews turns a developer release into a news item whose advisory
// names exactly its release.
func developerNews(feedURL, id string, r DeveloperRelease) NewsItem {
	a := advisory.FromNews(advisory.News{Title: r.Title, Link: r.Link, Published: r.Published})
	a.Releases = []advisory.ProductVersion{{Platform: r.Platform, Version: r.Version}}
	return NewsItem{
		Source:    feedURL,
		Title:     r.Title,
		Link:      r.Link,
		GUID:      id,
		Published: r.Published,
		Advisory:  a,
	}
}
