package advisory_test

import (
	"encoding/json"
	"testing"

	"github.com/applesec/applesec/advisory"
)

// FuzzUnmarshalDocument: no panic; a document that decodes marshals and
// decodes again to the same JSON.
func FuzzUnmarshalDocument(f *testing.F) {
	for _, s := range []string{
		`{"kind":"advisory","source":"mail","title":"t","url":"u","released":"2026-03-17","releases":[{"platform":"iOS","version":"26.3.1","extra":"(a)"}],"entries":[{"component":"WebKit","cves":[{"id":"CVE-2026-20643","credit":""}],"added":"","updated":""}],"acknowledgements":[]}`,
		`{"kind":"index","title":"Apple security releases","url":"u","rows":[{"name":"iOS 26.4","released":"2026-03-24"}]}`,
		`{"kind":"news"}`, `[]`, `null`, `{"kind":"advisory","released":"March 17, 2026"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		doc, err := advisory.UnmarshalDocument(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("decoded %q but cannot marshal it: %v", data, err)
		}
		again, err := advisory.UnmarshalDocument(b)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		b2, _ := json.Marshal(again)
		if string(b) != string(b2) {
			t.Fatalf("round trip differs:\n%s\n%s", b, b2)
		}
	})
}
