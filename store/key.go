package store

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
)

// applePagePath is the path of an Apple support document: "/en-us/126604",
// "/126604", "/kb/HT201222", "/HT213635", "/en-us/HT213635".
var applePagePath = regexp.MustCompile(`(?i)^/(?:[a-z]{2}-[a-z]{2}/)?(?:kb/)?((?:HT)?\d+)/?$`)

// Key returns the identity of an Apple support document across hosts,
// locales and forms: "apple:126604" for https://support.apple.com/126604,
// /en-us/126604 or the same path on a mirror, "apple:HT213635" for a legacy
// kb address (/kb/HT213635, /en-gb/ht213635). Any other URL is its own key,
// without fragment; an empty URL gives "". A page and the mails that name it
// share a key, so they are one record of the database.
func Key(rawURL string) string {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		return ""
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	if m := applePagePath.FindStringSubmatch(u.Path); m != nil && u.RawQuery == "" {
		return "apple:" + strings.ToUpper(m[1])
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// appleKey is the form of the keys of Apple support documents.
var appleKey = regexp.MustCompile(`^apple:((?:HT)?\d+)$`)

// fileName returns the file name of the document with key: "apple-126604.json"
// for an Apple document, "url-<hash>.json" for any other key, so that no key
// can name a path outside advisories/ or an unsafe file name.
func fileName(key string) string {
	if m := appleKey.FindStringSubmatch(key); m != nil && len(m[1]) <= 20 {
		return "apple-" + m[1] + ".json"
	}
	sum := sha256.Sum256([]byte(key))
	return "url-" + hex.EncodeToString(sum[:16]) + ".json"
}
