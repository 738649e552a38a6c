package feed

import (
	"bytes"
	"cmp"
	"context"
)

// DefaultKEVURL is CISA's Known Exploited Vulnerabilities catalog.
const DefaultKEVURL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"

// KEVSource reads CISA's Known Exploited Vulnerabilities catalog. A CVE newly
// added to it that a known advisory fixes is reported as
// KindExploitedNewlySet; new advisories list their catalogued CVEs in
// Event.InKEV.
type KEVSource struct {
	// URL is the catalog's address (a mirror works). Empty means DefaultKEVURL.
	URL string
}

// Name returns "kev".
func (s KEVSource) Name() string { return "kev" }

// Poll fetches the catalog conditionally and, when it changed, records it.
// A catalog that cannot be parsed fails the source.
func (s KEVSource) Poll(ctx context.Context, env *PollEnv) error {
	u := cmp.Or(s.URL, DefaultKEVURL)
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return err
	}
	c, err := ParseKEV(bytes.NewReader(body), u)
	if err != nil {
		return err
	}
	if err := env.record(ctx, Record{URL: u, KEV: c}); err != nil {
		return err
	}
	env.SetKEV(c)
	env.Progress(1, 1)
	return nil
}
