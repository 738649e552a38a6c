package version_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/version"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // Line.String(); "" means an error
	}{
		{"major", "iOS 26", "iOS 26"},
		{"safari", "Safari 18", "Safari 18"},
		{"macOS 10 minor", "macOS 10.15", "macOS 10.15"},
		{"marketing name", "macOS Sequoia 15", "macOS 15"},
		// A minor names a version, not a line (except on macOS 10).
		{"minor", "iOS 26.3", ""},
		{"macOS 10 without minor", "macOS 10", ""},
		{"letter", "iOS 26 (a)", ""},
		{"no platform", "26", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := version.ParseLine(tc.in)
			if tc.want == "" {
				require.ErrorIs(t, err, version.ErrInvalid)
				var pe *version.ParseError
				require.ErrorAs(t, err, &pe)
				assert.NotEmpty(t, pe.Detail)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, l.String())
		})
	}
}

func TestLineJSON(t *testing.T) {
	// "Macs running macOS Sequoia" keeps its line in JSON.
	r := version.DefaultCatalog().Resolve("Macs running macOS Sequoia")
	require.NotEmpty(t, r.Releases)
	b, err := json.Marshal(r.Releases[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"line":"macOS 15"}`, string(b))
	var back version.OSRelease
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r.Releases[0], back)

	for _, s := range []string{"iOS 26", "macOS 10.15", "watchOS 11"} {
		l, err := version.ParseLine(s)
		require.NoError(t, err)
		b, err := json.Marshal(l)
		require.NoError(t, err)
		assert.Equal(t, `"`+s+`"`, string(b))
		var m version.Line
		require.NoError(t, json.Unmarshal(b, &m))
		assert.Equal(t, l, m)
	}
	var zero version.Line
	require.NoError(t, json.Unmarshal([]byte(`""`), &zero))
	assert.True(t, zero.IsZero())
	require.ErrorIs(t, json.Unmarshal([]byte(`"iOS 26.1.1"`), &zero), version.ErrInvalid)
}

func TestPlatformText(t *testing.T) {
	tests := []struct {
		in   string
		want version.Platform
		err  bool
	}{
		{"iOS", version.IOS, false},
		{"mac os x", version.MacOS, false},
		{"xrOS", version.VisionOS, false},
		{"", "", false},
		{"Windows", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var p version.Platform
			err := p.UnmarshalText([]byte(tc.in))
			if tc.err {
				require.ErrorIs(t, err, version.ErrUnknownPlatform)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, p)
			b, err := p.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, string(tc.want), string(b))
		})
	}
	// As a map key too.
	b, err := json.Marshal(map[version.Platform]int{version.IOS: 1})
	require.NoError(t, err)
	var m map[version.Platform]int
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, 1, m[version.IOS])
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"iOS 26", "macOS 10.15", "macOS Sequoia 15", "Safari 18", "iOS 26.3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := version.ParseLine(s)
		if err != nil {
			return
		}
		// What parses prints back to the same line.
		m, err := version.ParseLine(l.String())
		if err != nil {
			t.Fatalf("ParseLine(%q) = %v, but its String %q does not parse: %v", s, l, l.String(), err)
		}
		if m != l {
			t.Fatalf("ParseLine(%q) = %v, round trip gives %v", s, l, m)
		}
	})
}
