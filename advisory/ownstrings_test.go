package advisory

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
)

// reflectStrings returns every non-empty string reachable from v.
func reflectStrings(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			*out = append(*out, v.String())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			reflectStrings(v.Elem(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				reflectStrings(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			reflectStrings(v.Index(i), out)
		}
	}
}

func TestVisitStringsCoversAdvisory(t *testing.T) {
	// Every exported string field of an Advisory is visited: a field added
	// later without a line in visitStrings fails here.
	a := &Advisory{Kind: "k", Origin: "s", ID: "i", Title: "t", URL: "u", ReissueOf: "r",
		Releases:         []ProductVersion{{Platform: "p", Version: "v", Extra: "e"}},
		Entries:          []Entry{{Component: "c", AvailableFor: "a", Impact: "i", Description: "d", CVEs: []CVE{{ID: "x", Credit: "y"}}, MentionedCVEs: []string{"m"}}},
		Acknowledgements: []Acknowledgement{{Component: "c", Credit: "c"}}}
	var want []string
	reflectStrings(reflect.ValueOf(a), &want)
	var got []string
	a.visitStrings(func(s *string) {
		if *s != "" {
			got = append(got, *s)
		}
	})
	assert.ElementsMatch(t, want, got)
}

func TestParseMailOwnsItsStrings(t *testing.T) {
	// No string of a parsed mail shares the pooled buffer it was read into.
	files, err := filepath.Glob(filepath.Join("..", "testdata", "mail", "*.txt"))
	require.NoError(t, err)
	if dir, ok := realworld.Find(); ok {
		more, err := filepath.Glob(filepath.Join(dir, "apple-sa", "*.txt"))
		require.NoError(t, err)
		files = append(files, more...)
	}
	checked := 0
	mailBufferHook = func(buf []byte, a *Advisory) {
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf[:cap(buf)])))
		hi := lo + uintptr(cap(buf))
		var all []string
		reflectStrings(reflect.ValueOf(a), &all)
		for _, s := range all {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			assert.False(t, p >= lo && p < hi, "%q shares the pooled buffer", s)
		}
		checked++
	}
	defer func() { mailBufferHook = nil }()
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		first, err := ParseMail(bytes.NewReader(data), f)
		require.NoError(t, err, f)
		// Parsing other text with the same pooled buffer leaves it as it was.
		_, _ = ParseMail(bytes.NewReader(bytes.Repeat([]byte("x"), len(data))), "scribble")
		again, err := ParseMail(bytes.NewReader(data), f)
		require.NoError(t, err)
		assert.Equal(t, again, first, f)
	}
	assert.Equal(t, len(files)*4, checked) // buffer and arena, two parses each
}
