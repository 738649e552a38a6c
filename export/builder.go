package export

import (
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// builder builds documents and feeds, remembering phrase resolutions
// and the catalog's models for the length of one export.
type builder struct {
	in       Input
	cat      *version.Catalog
	resolved map[string]version.Resolution
	all      []version.Model
	sofa     []*advisory.Advisory // see sofaAdvisories; nil until asked
}

// models returns the catalog's models, copied once per export.
func (b *builder) models() []version.Model {
	if b.all == nil {
		b.all = b.cat.Models()
	}
	return b.all
}

// newBuilder starts an export of in.
func newBuilder(in Input) *builder {
	return &builder{in: in, cat: in.catalog(), resolved: map[string]version.Resolution{}}
}

// resolve resolves an "Available for" phrase once per export.
func (b *builder) resolve(phrase string) version.Resolution {
	r, ok := b.resolved[phrase]
	if !ok {
		r = b.cat.Resolve(phrase)
		b.resolved[phrase] = r
	}
	return r
}
