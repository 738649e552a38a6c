package advisory_test

import (
	"fmt"

	"github.com/applesec/applesec/advisory"
)

// The JSON that "applesec parse" prints decodes back into documents.
func ExampleUnmarshalDocuments() {
	data := []byte(`[
  {"kind": "advisory", "source": "mail", "id": "APPLE-SA-03-17-2026-1",
   "title": "Background Security Improvements", "url": "https://support.apple.com/en-us/126604",
   "released": "2026-03-17", "releases": [{"platform": "iOS", "version": "26.3.1", "extra": "(a)"}],
   "entries": [], "acknowledgements": []},
  {"kind": "index", "title": "Apple security releases", "url": "https://support.apple.com/en-us/100100", "rows": []}
]`)
	docs, err := advisory.UnmarshalDocuments(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range docs {
		switch d := d.(type) {
		case *advisory.Advisory:
			fmt.Println("advisory", d.ID, d.Released, d.Releases[0].Platform, d.Releases[0].Version, d.Releases[0].Extra)
		case *advisory.Index:
			fmt.Println("index", d.Title)
		}
	}
	_, err = advisory.UnmarshalDocument([]byte(`{"kind": "pdf"}`))
	fmt.Println(err)
	// Output:
	// advisory APPLE-SA-03-17-2026-1 2026-03-17 iOS 26.3.1 (a)
	// index Apple security releases
	// advisory: decoding a document: kind "pdf" is neither "advisory" nor "index": advisory: unknown document format
}
