package advisory_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/jsontest"
	"github.com/applesec/applesec/version"
)

// advisorySamples are valid values of the types that Fill cannot invent.
func advisorySamples() jsontest.Samples {
	bsi := version.MustParse("iOS 26.3.1 (a) (23D771330a)")
	return jsontest.Samples{
		reflect.TypeFor[version.Version]():  bsi,
		reflect.TypeFor[version.Build]():    version.MustParseBuild("23D8133"),
		reflect.TypeFor[version.Platform](): version.IOS,
		reflect.TypeFor[version.FixSet](): version.NewFixSet(
			version.FixPoint{Version: bsi},
			version.FixPoint{Version: version.MustParse("iOS 26.4")},
		),
		reflect.TypeFor[advisory.Date]():    advisory.NewDate(2026, time.March, 17),
		reflect.TypeFor[advisory.Verdict](): advisory.ExposedNoFix,
		reflect.TypeFor[advisory.Format]():  advisory.FormatMail,
		reflect.TypeFor[advisory.Origin]():  advisory.OriginMail,
	}
}

// TestJSONRoundTrip: a value of every data type of the package, with every
// field set, marshals with snake_case keys, unmarshals, and equals the
// original.
func TestJSONRoundTrip(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[advisory.Advisory](),
		reflect.TypeFor[advisory.Acknowledgement](),
		reflect.TypeFor[advisory.CVE](),
		reflect.TypeFor[advisory.CVEInfo](),
		reflect.TypeFor[advisory.Date](),
		reflect.TypeFor[advisory.Device](),
		reflect.TypeFor[advisory.Entry](),
		reflect.TypeFor[advisory.Format](),
		reflect.TypeFor[advisory.Index](),
		reflect.TypeFor[advisory.News](),
		reflect.TypeFor[advisory.NewsLink](),
		reflect.TypeFor[advisory.ProductVersion](),
		reflect.TypeFor[advisory.Release](),
		reflect.TypeFor[advisory.Result](),
		reflect.TypeFor[advisory.Origin](),
		reflect.TypeFor[advisory.Verdict](),
	}
	jsontest.CheckTypes(t, types, advisorySamples())
	jsontest.Covered(t, ".", types,
		"Document",            // interface: see TestUnmarshalDocument
		"Coverage", "Checker", // behaviour over advisories
		"CoverageOptions", // configuration
		"SkippedFile",     // a note of LoadFiles about a file it passed over
		"ParseError",      // error
	)
}

func TestUnmarshalDocument(t *testing.T) {
	samples := advisorySamples()
	a := jsontest.Fill(reflect.TypeFor[advisory.Advisory](), samples).Interface().(advisory.Advisory)
	a.Kind = advisory.KindAdvisory
	ix := jsontest.Fill(reflect.TypeFor[advisory.Index](), samples).Interface().(advisory.Index)
	ix.Kind = advisory.KindIndex
	docs := []advisory.Document{&a, &ix}
	b, err := json.Marshal(docs)
	require.NoError(t, err)
	back, err := advisory.UnmarshalDocuments(b)
	require.NoError(t, err)
	assert.Equal(t, docs, back)

	one, err := advisory.UnmarshalDocument([]byte(`{"kind":"index","title":"Apple security releases","url":"u","rows":[]}`))
	require.NoError(t, err)
	assert.IsType(t, &advisory.Index{}, one)

	tests := []struct {
		name string
		in   string
		want error
	}{
		{"no kind", `{"title":"x"}`, advisory.ErrUnknownFormat},
		{"unknown kind", `{"kind":"news"}`, advisory.ErrUnknownFormat},
		{"not JSON", `{`, advisory.ErrMalformed},
		{"not an object", `[1]`, advisory.ErrMalformed},
		{"bad date", `{"kind":"advisory","released":"yesterday"}`, advisory.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := advisory.UnmarshalDocument([]byte(tc.in))
			require.ErrorIs(t, err, tc.want)
		})
	}
	_, err = advisory.UnmarshalDocuments([]byte(`[{"kind":"advisory"},null]`))
	require.ErrorIs(t, err, advisory.ErrMalformed)
	_, err = advisory.UnmarshalDocuments([]byte(`{"kind":"advisory"}`))
	require.ErrorIs(t, err, advisory.ErrMalformed)
	none, err := advisory.UnmarshalDocuments([]byte(`null`))
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestTextTypes(t *testing.T) {
	for _, f := range []advisory.Format{advisory.FormatUnknown, advisory.FormatIndex, advisory.FormatPage, advisory.FormatMail} {
		b, err := json.Marshal(f)
		require.NoError(t, err)
		assert.Equal(t, `"`+f.String()+`"`, string(b))
	}
	var f advisory.Format
	require.Error(t, json.Unmarshal([]byte(`"pdf"`), &f))
	require.Error(t, json.Unmarshal([]byte(`2`), &f), "a number is no longer a format")

	var v advisory.Verdict
	require.NoError(t, json.Unmarshal([]byte(`"not-applicable"`), &v))
	assert.Equal(t, advisory.NotApplicable, v)
	require.Error(t, json.Unmarshal([]byte(`"pached"`), &v))
	assert.True(t, advisory.Patched.Valid())
	assert.False(t, advisory.Verdict("x").Valid())

	// Device uses Result's keys.
	d := advisory.Device{Model: "iPhone18,1", OS: version.MustParse("iOS 26.3.1 (a)")}
	b, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, `{"model":"iPhone18,1","os":"iOS 26.3.1 (a)"}`, string(b))
}

func TestDateSQL(t *testing.T) {
	d := advisory.NewDate(2026, time.March, 17)
	val, err := d.Value()
	require.NoError(t, err)
	assert.Equal(t, "2026-03-17", val)
	tests := []struct {
		name string
		src  any
		want advisory.Date
	}{
		{"string", "2026-03-17", d},
		{"bytes", []byte("2026-03-17"), d},
		{"time in another zone keeps its calendar day", time.Date(2026, 3, 17, 23, 30, 0, 0, time.FixedZone("PDT", -7*3600)), d},
		{"null", nil, advisory.Date{}},
		{"empty", "", advisory.Date{}},
		{"zero time", time.Time{}, advisory.Date{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := advisory.NewDate(1999, 1, 1)
			require.NoError(t, got.Scan(tc.src))
			assert.Equal(t, tc.want, got)
		})
	}
	zero, err := advisory.Date{}.Value()
	require.NoError(t, err)
	assert.Nil(t, zero)
	var bad advisory.Date
	require.Error(t, bad.Scan(17))
	require.Error(t, bad.Scan("yesterday"))
}
