package advisory

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// addMailSeeds seeds a fuzz target with the fixture mails and a few shapes
// that exercise truncation, armor and headers.
func addMailSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "mail", "*.txt"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"APPLE-SA-2022-10-24-1 iOS 16.1\n\nKernel\nAvailable for: x\nImpact: y\nDescription: z\nCVE-2022-1: a\n",
		"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nAPPLE-SA-01-01-2026-1 T\n\nA\nAvailable f...",
		"Subject: APPLE-SA-01-01-2026-1 Additional information for APPLE-SA-2025-12-31-9 Safari 26\n folded\n\nWebKit\nImpact: x\n",
		"APPLE-SA-02-30-2026-1 bad date\n",
		"- -----\n- - x\n...",
		"APPLE-SA-01-01-2026-1 T\n\n.\nImpact: 000\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseMail: no panic; an error comes alone and typed; a result has an
// ID, a title and no empty entry.
func FuzzParseMail(f *testing.F) {
	addMailSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseMail(bytes.NewReader(data), "fuzz")
		if err != nil {
			if a != nil {
				t.Fatal("result with an error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if a == nil || a.ID == "" || a.Title == "" || a.Released.IsZero() {
			t.Fatalf("incomplete advisory %+v", a)
		}
		if a.Entries == nil || a.Releases == nil || a.Acknowledgements == nil {
			t.Fatal("nil slice in advisory")
		}
		for _, e := range a.Entries {
			if e.Component == "" || (e.AvailableFor == "" && e.Impact == "" && e.Description == "" && len(e.CVEs) == 0) {
				t.Fatalf("empty entry %+v", e)
			}
		}
	})
}

// FuzzDetect: no panic, a known format.
func FuzzDetect(f *testing.F) {
	addMailSeeds(f)
	f.Add([]byte(`<html><head><title>Apple security releases</title>`))
	f.Add([]byte(`<h1 class="gb-header">About the security content of iOS 26.2</h1>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := Detect(data); got < FormatUnknown || got > FormatMail {
			t.Fatalf("format %d out of range", got)
		}
	})
}

// FuzzParse: no panic; exactly one of document and error.
func FuzzParse(f *testing.F) {
	addMailSeeds(f)
	f.Add([]byte(`<html><head><title>Apple security releases</title></head><body><table><tr><td>iOS 26.2</td></tr></table>`))
	f.Add([]byte(`<h1 class="gb-header">About the security content of iOS 26.2</h1><h3 class="gb-header">Kernel</h3>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(bytes.NewReader(data), "fuzz")
		if (doc == nil) == (err == nil) {
			t.Fatalf("document %v with error %v", doc, err)
		}
	})
}

var (
	fuzzVersion = regexp.MustCompile(`^(\d+(\.\d+)*)?$`)
	fuzzExtra   = regexp.MustCompile(`^(\([a-z]\))?$`)
)

// FuzzSplitReleaseName: no panic; every release has a platform, a numeric
// version or none, a letter or none, and none is listed twice.
func FuzzSplitReleaseName(f *testing.F) {
	for _, s := range []string{
		"iOS 18.1 and iPadOS 18.1",
		"macOS Sequoia 15.1",
		"Background Security Improvements for iOS 26.3.1, iPadOS 26.3.1, macOS 26.3.1, and macOS 26.3.2",
		"Rapid Security Responses for iOS 16.5.1 (a) and iPadOS 16.5.1 (a)",
		"AirPods Firmware Update 6A326, AirPods Firmware Update 6F8, and Beats Firmware Update 6F8",
		"iCloud for Windows 15.3",
		"for for for",
		", and , and",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		rs := SplitReleaseName(name)
		seen := map[ProductVersion]bool{}
		for _, r := range rs {
			if strings.TrimSpace(r.Platform) == "" || !fuzzVersion.MatchString(r.Version) || !fuzzExtra.MatchString(r.Extra) {
				t.Fatalf("bad release %+v from %q", r, name)
			}
			if seen[r] {
				t.Fatalf("release %+v twice from %q", r, name)
			}
			seen[r] = true
		}
	})
}

// FuzzNormalizeComponent: no panic; no surrounding space or trailing colon;
// normalizing again changes nothing (unless the input held mojibake of
// mojibake, which each pass undoes one layer of).
func FuzzNormalizeComponent(f *testing.F) {
	for _, s := range []string{"WebKit", "Web Kit:", "webkit web inspector", "kernel", " : ", "DYLD", "ClÃ©ment", "\u0085", "Kernel\u3000:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := NormalizeComponent(name)
		if got != strings.TrimSpace(got) || strings.HasSuffix(got, ":") {
			t.Fatalf("NormalizeComponent(%q) = %q", name, got)
		}
		if repairMojibake(got) == got {
			if again := NormalizeComponent(got); again != got {
				t.Fatalf("not idempotent: %q -> %q -> %q", name, got, again)
			}
		}
		_ = IsWebKit(name)
		_ = MatchComponent(name, got)
	})
}
