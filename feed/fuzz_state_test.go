package feed

import (
	"errors"
	"strings"
	"testing"
)

func FuzzDecodeState(f *testing.F) {
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"validators":{}}`))
	f.Add([]byte(`{"version":1,"reported":{"page https://support.apple.com/en-us/1":"2026-03-24 ab https://support.apple.com/en-us/100100 1"}}`))
	f.Add([]byte(`{"version":2,"x":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := decodeState("fuzz.json", data)
		if err != nil {
			var sfe *StateFileError
			if !errors.As(err, &sfe) || sfe.Path != "fuzz.json" {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// What was read is written back in a form read again.
		enc, err := encodeState(st)
		if err != nil {
			t.Fatalf("encoding a decoded State: %v", err)
		}
		if _, err := decodeState("fuzz.json", enc); err != nil {
			t.Fatalf("a saved State does not load: %v\n%s", err, enc)
		}
	})
}

func FuzzDecodePageRow(f *testing.F) {
	f.Add("2026-03-24 abc https://support.apple.com/en-us/100100 1")
	f.Add("2026-03-24 abc")
	f.Add(" abc")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, s string) {
		r := decodePageRow(s)
		if strings.Contains(r.fp, " ") || strings.Contains(r.from, " ") {
			t.Skip("fields with spaces are never encoded")
		}
		if again := decodePageRow(r.encode()); again != r {
			t.Fatalf("round trip: %+v != %+v", again, r)
		}
	})
}

func FuzzRedactURL(f *testing.F) {
	f.Add("https://user:s3cret@support.apple.com/en-us/100100")
	f.Add("http://u:p@[::1]:8080/")
	f.Add("no url at all")
	f.Fuzz(func(t *testing.T, s string) {
		out := redactURL(s)
		if !strings.Contains(s, "@") && out != s {
			t.Fatalf("changed a URL without credentials: %q -> %q", s, out)
		}
	})
}
