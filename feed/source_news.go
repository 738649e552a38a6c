package feed

import (
	"bytes"
	"context"
	"fmt"
)

// NewsSource reads any RSS, Atom or JSON Feed (security news, Apple news
// sites). Each item not seen before is reported as KindNewsItem, linked to
// the advisories it names by CVE ID or release.
type NewsSource struct {
	// URL is the feed's address. Required.
	URL string
}

// Name returns "news".
func (s NewsSource) Name() string { return "news" }

// Poll fetches the feed conditionally and records its items not seen before.
// A feed that cannot be parsed fails the source.
func (s NewsSource) Poll(ctx context.Context, env *PollEnv) error {
	if s.URL == "" {
		return fmt.Errorf("%w: NewsSource.URL is empty", ErrInvalidConfig)
	}
	body, changed, err := env.FetchChanged(ctx, s.URL)
	if err != nil || !changed {
		return err
	}
	items, err := ParseNewsFeed(bytes.NewReader(body), s.URL)
	if err != nil {
		return err
	}
	prefix := "news " + s.URL + " "
	seen := map[string]bool{}
	for _, it := range items {
		id := it.GUID
		if id == "" {
			id = it.Link
		}
		if id == "" {
			id = fingerprint(it.Title + "\n" + it.Text)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, ok := env.Remembered(prefix + id); !ok {
			it.GUID = id
			if err := env.record(ctx, Record{URL: s.URL, News: &it}); err != nil {
				return err
			}
			env.AddNews(it)
		}
		env.Remember(prefix+id, fingerprint(it.Title))
	}
	forgetAbsent(env, prefix, seen)
	env.Progress(1, 1)
	return nil
}

// forgetAbsent forgets the remembered items under prefix that the feed no
// longer lists, so State does not grow with every item ever seen. Feeds list
// their latest items; one that dropped out does not come back.
func forgetAbsent(env *PollEnv, prefix string, present map[string]bool) {
	for _, k := range env.RememberedKeys(prefix) {
		if !present[k[len(prefix):]] {
			env.Forget(k)
		}
	}
}
