package export

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/applesec/applesec/advisory"
)

// fuzzSeeds adds the project's pages and mails to a fuzz corpus.
func fuzzSeeds(f *testing.F) {
	for _, p := range glob(f, "../testdata/advisory/*", "../testdata/coverage/*", "../testdata/mail/*") {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// fuzzAdvisory parses data as a document; nil when it is none.
func fuzzAdvisory(data []byte) *advisory.Advisory {
	doc, err := advisory.Parse(bytesReader(data), "https://support.apple.com/en-us/999999")
	if err != nil {
		return nil
	}
	a, _ := doc.(*advisory.Advisory)
	return a
}

// FuzzCSAF checks that any advisory the parsers accept exports without
// panic to a document that passes the schema and the mandatory tests, or
// fails with an error.
func FuzzCSAF(f *testing.F) {
	fuzzSeeds(f)
	schema := compileSchema(f, "csaf-2.0/csaf_json_schema.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		a := fuzzAdvisory(data)
		if a == nil {
			return
		}
		docs, err := CSAF(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
		if err != nil {
			return
		}
		for _, d := range docs {
			validate(t, schema, d.Document.Tracking.ID, d)
			if p := csafMandatoryTests(d); len(p) > 0 {
				t.Errorf("mandatory tests: %v", p)
			}
		}
	})
}

// FuzzSOFA checks that any advisory the parsers accept exports without
// panic to feeds that encode as JSON.
func FuzzSOFA(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a := fuzzAdvisory(data)
		if a == nil {
			return
		}
		feeds, err := SOFA(Input{Advisories: []*advisory.Advisory{a}, Now: testNow})
		if err != nil {
			return
		}
		if _, err := json.Marshal(feeds); err != nil {
			t.Fatal(err)
		}
	})
}
