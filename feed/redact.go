package feed

import (
	"net/url"
	"strings"
)

// redactURL returns rawURL with the password of its user information
// replaced by "xxxxx", for error messages and logs. A string that does not
// parse as a URL but holds an "@" is cut down to what follows it, so that no
// credentials are printed either way.
func redactURL(rawURL string) string {
	if !strings.Contains(rawURL, "@") {
		return rawURL
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		_, after, _ := strings.Cut(rawURL, "@")
		return "…@" + after
	}
	return u.Redacted()
}

// RedactURL returns rawURL with any password replaced by "xxxxx" (see
// url.URL.Redacted), for commands that print the URLs they were given.
func RedactURL(rawURL string) string { return redactURL(rawURL) }
