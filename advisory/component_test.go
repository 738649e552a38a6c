package advisory

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalizeComponent(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Apple's spelling is kept.
		{"WebKit", "WebKit"},
		// Case variants of WebKit.
		{"Webkit", "WebKit"},
		{"WEBKIT", "WebKit"},
		{"webkit", "WebKit"},
		// Spelled as two words.
		{"Web Kit", "WebKit"},
		// A trailing colon, as when a heading is copied with its punctuation.
		{"WebKit:", "WebKit"},
		// Several trailing colons and spaces.
		{"Kernel ::", "Kernel"},
		// Lower case kernel.
		{"kernel", "Kernel"},
		// Sub-areas are kept, with Apple's spelling.
		{"WebKit Web Inspector", "WebKit Web Inspector"},
		{"webkit web inspector", "WebKit Web Inspector"},
		{"WEBKIT CANVAS", "WebKit Canvas"},
		{"Web Kit Process Model", "WebKit Process Model"},
		// An unknown WebKit sub-area keeps its words after a fixed "WebKit".
		{"webkit Media Source", "WebKit Media Source"},
		// White space folded, including no-break spaces and line breaks.
		{"  Apple\u00a0Neural \n Engine ", "Apple Neural Engine"},
		// Components Apple writes in lower case stay so; case variants fold to it.
		{"dyld", "dyld"},
		{"DYLD", "dyld"},
		{"libxml2", "libxml2"},
		// Hyphen and spacing variants of a known name.
		{"Multi Touch", "Multi-Touch"},
		{"GameCenter", "Game Center"},
		// Safari areas are not WebKit and keep their names.
		{"Safari Web Extensions", "Safari Web Extensions"},
		{"safari downloads", "Safari Downloads"},
		// Unknown components keep their spelling.
		{"Quantum Flux Capacitor", "Quantum Flux Capacitor"},
		// Mojibake is repaired.
		{"Bluetooth LE â€œClassicâ€\u009d", "Bluetooth LE “Classic”"},
		// Empty and punctuation-only input give "".
		{"", ""},
		{" : ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, NormalizeComponent(tc.in))
		})
	}
}

func TestNormalizeComponentIdempotent(t *testing.T) {
	// Normalizing twice changes nothing, for every known component.
	for _, c := range knownComponents {
		assert.Equal(t, c, NormalizeComponent(c))
		assert.Equal(t, c, NormalizeComponent(NormalizeComponent(c)))
	}
}

func TestIsWebKit(t *testing.T) {
	tests := []struct {
		component string
		want      bool
	}{
		// WebKit itself, in any spelling.
		{"WebKit", true},
		{"Webkit", true},
		{"WEB KIT", true},
		// Its sub-areas, as Apple names them.
		{"WebKit Canvas", true},
		{"WebKit Web Inspector", true},
		{"WebKit Process Model", true},
		{"WebKit Sandboxing", true},
		{"WebKit Storage", true},
		{"WebKit PDF", true},
		{"WebKit JavaScript Bindings", true},
		// WebKit's JavaScript engine.
		{"JavaScriptCore", true},
		// Safari and its areas are not WebKit.
		{"Safari", false},
		{"Safari Downloads", false},
		{"Safari Private Browsing", false},
		// Other web-named components are not WebKit.
		{"WebContentFilter", false},
		{"Web Extensions", false},
		{"Web Inspector", false},
		// A word that merely begins with WebKit is not WebKit.
		{"WebKitLegacy", false},
		// Unrelated.
		{"Kernel", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.component, func(t *testing.T) {
			assert.Equal(t, tc.want, IsWebKit(tc.component))
		})
	}
}

func TestMatchComponent(t *testing.T) {
	tests := []struct {
		component, query string
		want             bool
	}{
		// The same component.
		{"Kernel", "Kernel", true},
		// Case and spelling of the query do not matter.
		{"WebKit", "webkit", true},
		{"WebKit Canvas", "Web Kit", true},
		// A sub-area matches its parent.
		{"WebKit Web Inspector", "WebKit", true},
		{"Safari Downloads", "Safari", true},
		{"Kernel Extensions", "Kernel", true},
		// JavaScriptCore is found by the WebKit query.
		{"JavaScriptCore", "WebKit", true},
		// A parent does not match its sub-area's query.
		{"WebKit", "WebKit Canvas", false},
		{"Kernel", "Kernel Extensions", false},
		// A query must end where a word ends.
		{"WebKit", "Web", false},
		{"WebContentFilter", "Web", false},
		{"Web Extensions", "Web", true},
		// Safari is not WebKit, nor the other way round.
		{"Safari", "WebKit", false},
		{"WebKit", "Safari", false},
		// An empty query matches nothing.
		{"Kernel", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.component+"/"+tc.query, func(t *testing.T) {
			assert.Equal(t, tc.want, MatchComponent(tc.component, tc.query))
		})
	}
}

func TestFilterEntries(t *testing.T) {
	a := &Advisory{Entries: []Entry{
		{Component: "Kernel", Impact: "k"},
		{Component: "WebKit", Impact: "w1"},
		{Component: "Safari", Impact: "s"},
		{Component: "WebKit Canvas", Impact: "w2"},
		{Component: "JavaScriptCore", Impact: "j"},
	}}
	impacts := func(es []Entry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.Impact)
		}
		return out
	}
	// WebKit and its sub-areas, in document order.
	assert.Equal(t, []string{"w1", "w2", "j"}, impacts(FilterEntries(a, "WebKit")))
	// A plain component.
	assert.Equal(t, []string{"s"}, impacts(FilterEntries(a, "safari")))
	// No match gives an empty, non-nil slice.
	got := FilterEntries(a, "Bluetooth")
	assert.NotNil(t, got)
	assert.Empty(t, got)
	// A nil advisory gives an empty slice.
	assert.Empty(t, FilterEntries(nil, "WebKit"))
	// The advisory is not changed, and the result does not share its array.
	res := FilterEntries(a, "Kernel")
	res[0].Impact = "changed"
	assert.Equal(t, "k", a.Entries[0].Impact)
	assert.Len(t, a.Entries, 5)
}

func TestLookupKnownMatchesComponentKey(t *testing.T) {
	for _, s := range []string{"Webkit", "WEB KIT", "web-kit", "kernel", "Model I/O", "Wi_Fi", "İstanbul", "K\u212Aernel", "\uFFFD", "", "WebKit Web Inspector"} {
		want, wok := knownByKey[componentKey(s)]
		got, ok := lookupKnown("", s)
		assert.Equal(t, wok, ok, "%q", s)
		assert.Equal(t, want, got, "%q", s)
	}
	want, wok := knownByKey[componentKey("WebKit"+"web inspector")]
	got, ok := lookupKnown("webkit", "web inspector")
	assert.Equal(t, wok, ok)
	assert.Equal(t, want, got)
}
