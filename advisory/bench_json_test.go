package advisory_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/applesec/applesec/advisory"
)

// BenchmarkUnmarshalDocument measures the cost of decoding a document
// through UnmarshalDocument (which reads "kind" first, then the document)
// against decoding straight into an Advisory, the baseline.
func BenchmarkUnmarshalDocument(b *testing.B) {
	f, err := os.Open(filepath.Join("..", "testdata", "advisory", "current-ios-26.2.html"))
	if err != nil {
		b.Fatal(err)
	}
	doc, err := advisory.Parse(f, "https://support.apple.com/en-us/125884")
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline/json.Unmarshal-Advisory", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var a advisory.Advisory
			if err := json.Unmarshal(data, &a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UnmarshalDocument", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := advisory.UnmarshalDocument(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
