// Package jsontest checks that the project's data types survive JSON: every
// value marshals, unmarshals and equals the original, and every key is
// snake_case. Tests of version, advisory and feed use it over samples that
// Fill makes, so that a field added later is covered without touching the
// test.
package jsontest

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snakeCase is the form of every JSON key of the project's types.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// Samples maps a type to a valid value of it, for types whose values Fill
// cannot invent: types with unexported fields (version.Version) and string
// types that accept only some words (advisory.Verdict).
type Samples map[reflect.Type]any

// Fill returns a value of type typ with every exported field set: strings
// to a word, numbers to 1, booleans to true, slices and maps to one
// element, pointers to a filled value, and any type found in samples to its
// sample. Fields tagged json:"-" are left zero.
func Fill(typ reflect.Type, samples Samples) reflect.Value {
	return fill(typ, samples, 0)
}

// fill is Fill with a depth bound, for recursive types.
func fill(typ reflect.Type, samples Samples, depth int) reflect.Value {
	v := reflect.New(typ).Elem()
	if s, ok := samples[typ]; ok {
		v.Set(reflect.ValueOf(s))
		return v
	}
	if depth > 6 {
		return v
	}
	switch typ.Kind() {
	case reflect.String:
		v.SetString("sample " + strings.ToLower(typ.Name()))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		v.Set(fill(typ.Elem(), samples, depth+1).Addr())
	case reflect.Slice:
		s := reflect.MakeSlice(typ, 0, 1)
		v.Set(reflect.Append(s, fill(typ.Elem(), samples, depth+1)))
	case reflect.Map:
		m := reflect.MakeMapWithSize(typ, 1)
		m.SetMapIndex(fill(typ.Key(), samples, depth+1), fill(typ.Elem(), samples, depth+1))
		v.Set(m)
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 3, 17, 18, 4, 5, 0, time.UTC)))
			return v
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			v.Field(i).Set(fill(f.Type, samples, depth+1))
		}
	}
	return v
}

// RoundTrip marshals v, unmarshals the JSON into a new value of v's type,
// and requires it to equal v; then it requires the JSON of the copy to be
// the same bytes. It returns the JSON.
func RoundTrip(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err, "marshal %T", v)
	back := reflect.New(reflect.TypeOf(v))
	require.NoError(t, json.Unmarshal(b, back.Interface()), "unmarshal %T from %s", v, b)
	assert.Equal(t, v, back.Elem().Interface(), "%T after a JSON round trip (%s)", v, b)
	b2, err := json.Marshal(back.Elem().Interface())
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2), "%T marshals differently after a round trip", v)
	return b
}

// SnakeCaseKeys requires every key that typ's struct fields give in JSON,
// through nested structs, pointers, slices and maps, to be snake_case and
// to be named by a json tag (a field without one marshals under its Go name:
// "Model" beside "model"). Types that marshal themselves
// (json.Marshaler, encoding.TextMarshaler) are not looked into.
func SnakeCaseKeys(t *testing.T, typ reflect.Type) {
	t.Helper()
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, path string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		if marshalsItself(typ) {
			return
		}
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(typ.Elem(), path)
		case reflect.Map:
			walk(typ.Elem(), path)
		case reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				f := typ.Field(i)
				if !f.IsExported() {
					continue
				}
				tag := f.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				where := path + "." + f.Name
				if assert.NotEmpty(t, name, "%s has no json name", where) {
					assert.Regexp(t, snakeCase, name, "%s is not snake_case", where)
				}
				walk(f.Type, where)
			}
		}
	}
	walk(typ, typ.String())
}

// marshalsItself reports whether typ (or *typ) implements json.Marshaler
// or encoding.TextMarshaler.
func marshalsItself(typ reflect.Type) bool {
	for _, x := range []reflect.Type{typ, reflect.PointerTo(typ)} {
		if x.Implements(reflect.TypeFor[json.Marshaler]()) || x.Implements(reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()) {
			return true
		}
	}
	return false
}

// ExportedTypes returns the names of the exported types that the non-test
// Go files of the package in dir declare, sorted.
func ExportedTypes(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	require.NoError(t, err)
	var names []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
						names = append(names, ts.Name.Name)
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// Covered requires every exported type of the package in dir to be either
// among the types sampled or among those listed as no data (configuration,
// errors, interfaces, types with behaviour only), so that a new type is not
// forgotten.
func Covered(t *testing.T, dir string, sampled []reflect.Type, noData ...string) {
	t.Helper()
	known := map[string]bool{}
	for _, typ := range sampled {
		known[typ.Name()] = true
	}
	for _, n := range noData {
		known[n] = true
	}
	for _, name := range ExportedTypes(t, dir) {
		assert.True(t, known[name], "exported type %s has no JSON round-trip sample and is not listed as no data", name)
	}
}

// CheckTypes runs, for each type, a subtest that checks its keys are
// snake_case and that a filled value (from samples) and the zero value
// survive a JSON round trip: "no version" stays no version.
func CheckTypes(t *testing.T, types []reflect.Type, samples Samples) {
	t.Helper()
	for _, typ := range types {
		t.Run(typ.Name(), func(t *testing.T) {
			SnakeCaseKeys(t, typ)
			RoundTrip(t, Fill(typ, samples).Interface())
			RoundTrip(t, reflect.New(typ).Elem().Interface())
		})
	}
}
