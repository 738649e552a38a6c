package feed

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// DefaultGDMFURL is Apple's software lookup service. Its TLS chain ends at
// Apple's own root CA, which a Client trusts for that host by default
// (Config.DisableAppleRoot).
const DefaultGDMFURL = "https://gdmf.apple.com/v2/pmv"

// GDMFSource reads Apple's software lookup feed ("pmv") for Background
// Security Improvements (and Rapid Security Responses): an offer that appears
// is reported as KindNewBSI, one that disappears or passes its expiration
// date as KindBSIWithdrawn.
type GDMFSource struct {
	// URL is the feed's address (a mirror works). Empty means DefaultGDMFURL.
	URL string
}

// Name returns "gdmf".
func (s GDMFSource) Name() string { return "gdmf" }

// Poll fetches the feed conditionally and, when it changed, records every
// BSI it offers. A response that cannot be parsed fails the source.
func (s GDMFSource) Poll(ctx context.Context, env *PollEnv) error {
	u := cmp.Or(s.URL, DefaultGDMFURL)
	body, changed, err := env.FetchChanged(ctx, u)
	if err != nil || !changed {
		return err
	}
	p, err := version.ParsePMV(bytes.NewReader(body))
	if err != nil {
		return err
	}
	bsis := bsisOf(p)
	if bsis == nil {
		bsis = []BSI{}
	}
	if err := env.record(ctx, Record{URL: u, BSIs: bsis}); err != nil {
		return err
	}
	env.SetBSIs(bsis)
	env.Progress(1, 1)
	return nil
}

// bsisOf converts the patch offers of a pmv response, one BSI per platform
// and build (an offer listed in both the public and the managed set once).
func bsisOf(p *version.PMV) []BSI {
	var out []BSI
	seen := map[string]bool{}
	for _, o := range p.BSIs {
		b := BSI{
			Platform:          string(o.Version.Platform()),
			Version:           o.Version.Core(),
			Extra:             o.Version.Extra(),
			Build:             o.Version.Build().String(),
			PrerequisiteBuild: o.PrerequisiteBuild.String(),
			Posted:            dateOf(o.Posted),
			Expires:           dateOf(o.Expires),
			SupportedDevices:  slices.Clone(o.Devices),
		}
		if seen[b.Key()] {
			continue
		}
		seen[b.Key()] = true
		out = append(out, b)
	}
	return out
}

// dateOf returns the calendar day of t in UTC; the zero Date for the zero time.
func dateOf(t time.Time) advisory.Date {
	if t.IsZero() {
		return advisory.Date{}
	}
	y, m, d := t.UTC().Date()
	return advisory.NewDate(y, m, d)
}
