package version_test

import (
	"reflect"
	"testing"

	"github.com/applesec/applesec/internal/jsontest"
	"github.com/applesec/applesec/version"
)

// versionSamples are valid values of the package's types that Fill cannot invent.
func versionSamples() jsontest.Samples {
	line, err := version.ParseLine("macOS 15")
	if err != nil {
		panic(err)
	}
	bsi := version.MustParse("iOS 26.3.1 (a) (23D771330a)")
	return jsontest.Samples{
		reflect.TypeFor[version.Version]():  bsi,
		reflect.TypeFor[version.Build]():    version.MustParseBuild("23D8133"),
		reflect.TypeFor[version.Line]():     line,
		reflect.TypeFor[version.Platform](): version.IOS,
		reflect.TypeFor[version.FixKind]():  version.BSI,
		reflect.TypeFor[version.FixSet](): version.NewFixSet(
			version.FixPoint{Version: bsi},
			version.FixPoint{Version: version.MustParse("iOS 26.4"), Withdrawn: true},
		),
	}
}

// TestJSONRoundTrip: a value of every data type of the package, with every
// field set, marshals with snake_case keys, unmarshals, and equals the
// original.
func TestJSONRoundTrip(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[version.Version](),
		reflect.TypeFor[version.Build](),
		reflect.TypeFor[version.Line](),
		reflect.TypeFor[version.Platform](),
		reflect.TypeFor[version.Family](),
		reflect.TypeFor[version.FixKind](),
		reflect.TypeFor[version.FixPoint](),
		reflect.TypeFor[version.FixSet](),
		reflect.TypeFor[version.Model](),
		reflect.TypeFor[version.OSRelease](),
		reflect.TypeFor[version.Resolution](),
		reflect.TypeFor[version.Offer](),
		reflect.TypeFor[version.PMV](),
	}
	jsontest.CheckTypes(t, types, versionSamples())
	jsontest.Covered(t, ".", types,
		"Catalog",                                // behaviour: built by ParseCatalog from its own JSON
		"CatalogError", "PMVError", "ParseError", // errors
	)
}
