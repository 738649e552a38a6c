package advisory

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/applesec/applesec/internal/realworld"
)

// largestMail returns the largest real APPLE-SA mail, or the largest fixture
// mail when the captures are absent.
func largestMail(b *testing.B) []byte {
	b.Helper()
	pattern := filepath.Join("..", "testdata", "mail", "*.txt")
	if dir, ok := realworld.Find(); ok {
		pattern = filepath.Join(dir, "apple-sa", "*.txt")
	}
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		b.Skipf("no mails match %s", pattern)
	}
	var best []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if len(data) > len(best) {
			best = data
		}
	}
	return best
}

// BenchmarkParseMail measures ParseMail on the largest real mail, against a
// baseline that only splits the same bytes into lines with bufio.Scanner:
// the cost of reading the mail at all.
func BenchmarkParseMail(b *testing.B) {
	data := largestMail(b)
	b.Run("ParseMail", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		n := 0
		for b.Loop() {
			if _, err := ParseMail(bytes.NewReader(data), "bench"); err != nil {
				b.Fatal(err)
			}
			n++
		}
		runtime.ReadMemStats(&after)
		// Bytes allocated per byte of mail read (the bytes.Reader included).
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n*len(data)), "B/in-byte")
	})
	b.Run("baseline-scan-lines", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			sc := bufio.NewScanner(bytes.NewReader(data))
			n := 0
			for sc.Scan() {
				n += len(sc.Bytes())
			}
			if n == 0 {
				b.Fatal("no lines")
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(bytes.NewReader(data), "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSplitReleaseName measures splitting a long BSI release name.
func BenchmarkSplitReleaseName(b *testing.B) {
	const name = "Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2"
	b.ReportAllocs()
	for b.Loop() {
		if len(SplitReleaseName(name)) == 0 {
			b.Fatal("no releases")
		}
	}
}
