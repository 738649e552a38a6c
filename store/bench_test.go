package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Benchmark database size: 1,000 advisories of 20 entries each.
const (
	benchAdvisories = 1000
	benchEntries    = 20
)

// benchDB builds the benchmark database and its one-file twin, the
// baseline. The documents are written directly (as PutAdvisory would write
// them) to keep setup fast.
func benchDB(b *testing.B) (benchDir, benchFlat string) {
	b.Helper()
	{
		root := b.TempDir()
		benchDir = filepath.Join(root, "db")
		benchFlat = filepath.Join(root, "flat.json")
		if err := os.MkdirAll(filepath.Join(benchDir, advisoriesName), 0o700); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(benchDir, metaName), []byte(`{"schema":1}`), 0o600); err != nil {
			b.Fatal(err)
		}
		recs := make([]*Record, benchAdvisories)
		for i := range recs {
			a := generatedAdvisory(i, 1, benchEntries)
			doc := SourceDoc{Source: "page", Fetch: Fetch{URL: a.URL, ETag: `"x"`}, Advisory: a}
			r := &Record{Key: Key(a.URL), Page: &doc, Merged: a, Disagreements: []Disagreement{}}
			recs[i] = r
			data, err := encodeRecord(r)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(benchDir, advisoriesName, fileName(r.Key)), data, 0o600); err != nil {
				b.Fatal(err)
			}
		}
		data, err := json.Marshal(recs)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(benchFlat, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return benchDir, benchFlat
}

// BenchmarkOpen: OpenReadOnly of 1,000 advisories / 20,000 entries (every
// document decoded, lookups built) against decoding the same records from
// one JSON file.
func BenchmarkOpen(b *testing.B) {
	dir, flat := benchDB(b)
	ctx := context.Background()
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			db, err := OpenReadOnly(ctx, dir)
			if err != nil {
				b.Fatal(err)
			}
			if len(db.Advisories()) != benchAdvisories {
				b.Fatal("wrong count")
			}
		}
	})
	b.Run("one-file-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			data, err := os.ReadFile(flat)
			if err != nil {
				b.Fatal(err)
			}
			var recs []*Record
			if err := json.Unmarshal(data, &recs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCVE: one CVE lookup in the loaded database.
func BenchmarkCVE(b *testing.B) {
	dir, _ := benchDB(b)
	db, err := OpenReadOnly(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	id := fmt.Sprintf("CVE-%d-%05d", 2020+500%7, 500*100+3)
	b.ReportAllocs()
	for b.Loop() {
		ans, err := db.CVE(id)
		if err != nil || len(ans.FixedIn) != 1 {
			b.Fatal(err, ans)
		}
	}
}

// BenchmarkPutAdvisory: storing one changed page into the 1,000-advisory
// database: the cost of one checkpoint (encode, write, fsync, rename, fsync
// the directory, update the lookups).
func BenchmarkPutAdvisory(b *testing.B) {
	src, _ := benchDB(b)
	dir := filepath.Join(b.TempDir(), "db")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	db, err := Open(context.Background(), dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	gen := 2
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a := generatedAdvisory(gen%benchAdvisories, gen, benchEntries)
			gen++
			if _, err := db.PutAdvisory(ctx, a, Fetch{URL: a.URL}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The baseline is the same checkpoint in a one-file database: every
	// record encoded and the file replaced.
	b.Run("one-file-baseline", func(b *testing.B) {
		recs := db.Records()
		path := filepath.Join(b.TempDir(), "flat.json")
		b.ReportAllocs()
		for b.Loop() {
			a := generatedAdvisory(gen%benchAdvisories, gen, benchEntries)
			gen++
			recs[gen%len(recs)].Merged = a
			data, err := json.Marshal(recs)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.replaceFile(path, data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
