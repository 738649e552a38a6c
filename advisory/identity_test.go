package advisory

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/applesec/applesec/internal/realworld"
)

func TestSupportURLOf(t *testing.T) {
	tests := []struct{ href, want string }{
		// A relative canonical link is Apple's.
		{"/en-us/120905", "https://support.apple.com/en-us/120905"},
		{"en-us/120905", "https://support.apple.com/en-us/120905"},
		// Protocol-relative and plain http links to Apple's host get https.
		{"//support.apple.com/en-us/HT212146", "https://support.apple.com/en-us/HT212146"},
		{"http://support.apple.com/kb/HT5642", "https://support.apple.com/kb/HT5642"},
		{"HTTPS://Support.Apple.com/en-us/126604#x", "https://support.apple.com/en-us/126604"},
		// Other hosts, ports, schemes and credentials are no identity.
		{"https://evil.example/en-us/120905", ""},
		{"https://support.apple.com.evil.example/x", ""},
		{"https://support.apple.com:8443/x", ""},
		{"https://user@support.apple.com/x", ""},
		{"javascript:alert(1)", ""},
		{"", ""},
		{"#top", ""},
	}
	for _, tc := range tests {
		t.Run(tc.href, func(t *testing.T) {
			assert.Equal(t, tc.want, supportURLOf(tc.href))
		})
	}
}

func TestParsePageIdentity(t *testing.T) {
	const body = `<div id="sections"><h2>iOS 26.2</h2><h3>Kernel</h3><p>Impact: x</p><p>CVE-2025-43537: y</p></div>`
	tests := []struct {
		name, doc, docURL, want string
	}{
		{"relative canonical", `<html><head><title>About the security content of iOS 26.2</title><link rel="canonical" href="/en-us/125884"></head><body>` + body + `</body></html>`, "/tmp/saved.html", "https://support.apple.com/en-us/125884"},
		{"canonical wins over the fetch URL", `<html><head><title>About the security content of iOS 26.2</title><link href="https://support.apple.com/en-us/125884" rel="Canonical"></head><body>` + body + `</body></html>`, "https://support.apple.com/en-gb/125884?x=1", "https://support.apple.com/en-us/125884"},
		{"off-host canonical ignored", `<html><head><title>About the security content of iOS 26.2</title><link rel="canonical" href="https://evil.example/x"></head><body>` + body + `</body></html>`, "https://support.apple.com/en-us/125884", "https://support.apple.com/en-us/125884"},
		{"kb article ID", `<html><head><title>About the security content of iOS 26.2</title></head><body>` + body + `<div id="meta"><ul><li><strong>Article:</strong> HT5642</li></ul></div></body></html>`, "file.html", "https://support.apple.com/kb/HT5642"},
		{"fallback to docURL", `<html><head><title>About the security content of iOS 26.2</title></head><body>` + body + `</body></html>`, "file.html", "file.html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			adv, err := ParsePage(strings.NewReader(tc.doc), tc.docURL)
			require.NoError(t, err)
			assert.Equal(t, tc.want, adv.URL)
		})
	}
	t.Run("saved and online copies agree", func(t *testing.T) {
		doc := readFixture(t, "advisory/legacy-ios-14.4.html")
		online, err := ParsePage(bytes.NewReader(doc), "https://support.apple.com/en-us/HT212146")
		require.NoError(t, err)
		saved, err := ParsePage(bytes.NewReader(doc), "/home/me/Downloads/HT212146.html")
		require.NoError(t, err)
		assert.Equal(t, online, saved)
	})
}

func TestParsePageTruncated(t *testing.T) {
	t.Run("fixtures are whole", func(t *testing.T) {
		for _, tc := range pageCases {
			adv, err := ParsePage(bytes.NewReader(readFixture(t, "advisory/"+tc.name+".html")), tc.url)
			require.NoError(t, err, tc.name)
			assert.False(t, adv.Truncated, tc.name)
		}
	})
	t.Run("real pages are whole", func(t *testing.T) {
		dir, ok := realworld.Find()
		if !ok {
			t.Skip("real-world captures not found")
		}
		// ios-17.5.html is a div#sections fragment that closes its region.
		for _, f := range []string{"apple-advisory/ios-17.5.html", "apple-advisory/ios-6.1-HT5642.html"} {
			doc, err := os.ReadFile(dir + "/" + f)
			require.NoError(t, err)
			adv, err := ParsePage(bytes.NewReader(doc), f)
			require.NoError(t, err, f)
			assert.False(t, adv.Truncated, f)
		}
	})
	t.Run("cut pages", func(t *testing.T) {
		doc := string(readFixture(t, "advisory/current-ios-26.2.html"))
		at := strings.Index(doc, "CVE-2025-43529")
		require.Positive(t, at)
		adv, err := ParsePage(strings.NewReader(doc[:at]), "cut")
		require.NoError(t, err)
		assert.True(t, adv.Truncated, "whole page cut in its content")

		adv, err = ParsePage(strings.NewReader(doc[:strings.LastIndex(doc, "</body>")]), "cut")
		require.NoError(t, err)
		assert.True(t, adv.Truncated, "whole page cut before </body>")

		frag := `<div id="sections"><h2>iOS 26.2</h2><h3>Kernel</h3><p>Impact: x</p><p>CVE-2025-43537: y</p>`
		adv, err = ParsePage(strings.NewReader(frag), "cut")
		require.NoError(t, err)
		assert.True(t, adv.Truncated, "fragment whose region never closed")

		adv, err = ParsePage(strings.NewReader(frag+"</div>"), "whole")
		require.NoError(t, err)
		assert.False(t, adv.Truncated, "fragment that closes its region")
	})
}
