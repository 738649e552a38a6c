package schemas_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/jsontest"
	"github.com/applesec/applesec/internal/schematest"
	"github.com/applesec/applesec/version"
)

// samples are valid values for the types Fill cannot invent.
var samples = jsontest.Samples{
	reflect.TypeFor[version.Version]():  version.MustParse("iOS 26.3.1 (a) (23D771330a)"),
	reflect.TypeFor[version.Platform](): version.IOS,
	reflect.TypeFor[advisory.Date]():    advisory.NewDate(2026, time.March, 17),
	reflect.TypeFor[advisory.Verdict](): advisory.Exposed,
	reflect.TypeFor[advisory.Origin]():  advisory.OriginMail,
	reflect.TypeFor[advisory.CVE]():     advisory.CVE{ID: "CVE-2026-20643", Credit: "someone"},
	reflect.TypeFor[feed.EventKind]():   feed.KindAdvisoryUpdated,
	reflect.TypeFor[feed.ExploitedCVE](): feed.ExploitedCVE{ID: "CVE-2026-20700", Component: "dyld", By: "advisory",
		DateAdded: advisory.NewDate(2026, time.February, 12)},
	reflect.TypeFor[advisory.ProductVersion](): advisory.ProductVersion{Platform: "iOS", Version: "26.3.1", Extra: "(a)"},
}

// fill returns a value of T with every field set, marshaled.
func fill[T any](t *testing.T, edit func(*T)) []byte {
	t.Helper()
	v := jsontest.Fill(reflect.TypeFor[T](), samples).Interface().(T)
	if edit != nil {
		edit(&v)
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestSchemasMatchTypes: values of the Go types, every field set, are valid
// against the schemas of the outputs that print them, so that a field added
// to a type without the schema fails here.
func TestSchemasMatchTypes(t *testing.T) {
	cveIDs := func(e *advisory.Entry) { e.MentionedCVEs = []string{"CVE-2026-20700"} }
	adv := fill(t, func(a *advisory.Advisory) {
		a.Kind = advisory.KindAdvisory
		for i := range a.Entries {
			cveIDs(&a.Entries[i])
		}
	})
	ix := fill(t, func(x *advisory.Index) { x.Kind = advisory.KindIndex })
	schematest.Validate(t, "parse.schema.json", []byte("["+string(adv)+","+string(ix)+"]"))

	schematest.Validate(t, "check.schema.json", fill[advisory.Result](t, func(r *advisory.Result) {
		r.CVE = "CVE-2026-20643"
		r.Safari = version.MustParse("Safari 26.4")
	}))

	schematest.Validate(t, "events.schema.json", fill[feed.Event](t, func(e *feed.Event) {
		e.InKEV = []string{"CVE-2026-20700"}
		e.Advisory.Kind = advisory.KindAdvisory
		e.News.Advisory.Kind = advisory.KindAdvisory
		for _, es := range [][]advisory.Entry{e.Added, e.Changed, e.Advisory.Entries, e.News.Advisory.Entries} {
			for i := range es {
				cveIDs(&es[i])
			}
		}
	}))
}

// TestSchemasRefuse: the schemas are not vacuous.
func TestSchemasRefuse(t *testing.T) {
	tests := []struct {
		name, schema, doc string
	}{
		{"not an array", "parse.schema.json", `{"kind":"advisory"}`},
		{"unknown kind", "parse.schema.json", `[{"kind":"news","title":"","url":"","rows":[]}]`},
		{"camelCase key", "parse.schema.json", `[{"kind":"index","title":"","url":"","rows":[{"name":"","url":"","released":"","available_for":"","no_cves":false,"details_pending":false,"releases":[],"noCves":true}]}]`},
		{"bad date", "parse.schema.json", `[{"kind":"index","title":"","url":"","rows":[{"name":"","url":"","released":"March 17","available_for":"","no_cves":false,"details_pending":false,"releases":[]}]}]`},
		{"bad verdict", "check.schema.json", `{"cve":"CVE-2026-20643","model":"x","os":"iOS 26.4","verdict":"fine","fixed_by":[],"reason":"r"}`},
		{"version with no platform", "check.schema.json", `{"cve":"CVE-2026-20643","model":"x","os":"26.4","verdict":"patched","fixed_by":[],"reason":"r"}`},
		{"cve without kev_added", "cve.schema.json", `{"cve":"CVE-2026-20643","fixed_in":[],"mentioned_in":[],"news":[]}`},
		{"unknown event", "events.schema.json", `{"kind":"party","source":"apple","key":"k","date":""}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(tc.doc)))
			require.NoError(t, err)
			assert.Error(t, schematest.Compile(t, tc.schema).Validate(doc))
		})
	}
	// And a valid cve answer, as the cve command will print it.
	schematest.Validate(t, "cve.schema.json", []byte(`{"cve":"CVE-2026-20643",
	  "fixed_in":[{"url":"https://support.apple.com/en-us/126604","title":"Background Security Improvements","released":"2026-03-17",
	    "component":"WebKit","exploited":false,"releases":[{"platform":"iOS","version":"26.3.1","extra":"(a)"}]}],
	  "mentioned_in":[],"kev_added":"","news":[{"title":"t","link":"https://example.com/a","published":"2026-03-18T09:00:00Z","source":"news"}]}`))
}
