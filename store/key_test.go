package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKey(t *testing.T) {
	tests := []struct {
		name, in, want string
		file           string // a pattern of the file name
	}{
		// The page as the index links it.
		{"locale", "https://support.apple.com/en-us/126604", "apple:126604", `^apple-126604\.json$`},
		// A mail names the page without locale.
		{"no locale", "https://support.apple.com/126604", "apple:126604", `^apple-126604\.json$`},
		// A mirror serves the same paths.
		{"mirror", "http://127.0.0.1:8080/en-us/126604", "apple:126604", `^apple-126604\.json$`},
		// Legacy kb address.
		{"kb", "http://support.apple.com/kb/HT5642", "apple:HT5642", `^apple-HT5642\.json$`},
		// Legacy address with locale, lower case.
		{"ht locale", "https://support.apple.com/en-gb/ht213635", "apple:HT213635", `^apple-HT213635\.json$`},
		// Trailing slash and fragment.
		{"slash fragment", "https://support.apple.com/en-us/126604/#top", "apple:126604", `^apple-126604\.json$`},
		// Not a support document: the URL itself, without fragment, and a
		// hashed file name.
		{"other", "https://seclists.org/fulldisclosure/2026/Mar/10#x", "https://seclists.org/fulldisclosure/2026/Mar/10", `^url-[0-9a-f]{32}\.json$`},
		// A query makes it another document.
		{"query", "https://example.org/126604?x=1", "https://example.org/126604?x=1", `^url-[0-9a-f]{32}\.json$`},
		// Nothing.
		{"empty", "  ", "", `^url-`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := Key(tc.in)
			assert.Equal(t, tc.want, k)
			assert.Regexp(t, tc.file, fileName(k))
		})
	}
}
