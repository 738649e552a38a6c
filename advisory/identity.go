package advisory

import (
	"net/url"
	"regexp"
	"strings"
)

// supportHost is the host of Apple's advisory pages.
const supportHost = "support.apple.com"

// pageArticleID is the document ID line of an old kb page's meta block:
// "Article: HT5642".
var pageArticleID = regexp.MustCompile(`(?i)^article:?\s*(HT\d{1,7}|\d{1,7})$`)

// pageURL returns a page's identity: its canonical link, else the document ID
// it prints, else docURL (see ParsePage).
func pageURL(info docInfo, lines []htmlLine, docURL string) string {
	if u := supportURLOf(info.canonical); u != "" {
		return u
	}
	for i := range lines {
		l := &lines[i]
		if l.has(lineRegion) || len(l.text) > 20 || !strings.HasPrefix(strings.ToLower(l.text), "article") {
			continue
		}
		if m := pageArticleID.FindStringSubmatch(l.text); m != nil {
			id := strings.ToUpper(m[1])
			if strings.HasPrefix(id, "HT") {
				return "https://" + supportHost + "/kb/" + id
			}
			return "https://" + supportHost + "/en-us/" + id
		}
	}
	return docURL
}

// supportURLOf makes a page's canonical link absolute in Apple's form: a
// relative link is resolved against https://support.apple.com/, an absolute
// one to support.apple.com gets https. A link to any other host, or one that
// is no URL, gives "": a page cannot claim another site's identity.
func supportURLOf(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || len(href) > 2048 {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil || u.Opaque != "" || u.User != nil {
		return ""
	}
	switch {
	case u.Scheme == "" && u.Host == "":
		if u.Path == "" {
			return ""
		}
		base := &url.URL{Scheme: "https", Host: supportHost, Path: "/"}
		u = base.ResolveReference(u)
	case u.Scheme == "" || strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https"):
		if !strings.EqualFold(u.Hostname(), supportHost) || u.Port() != "" {
			return ""
		}
	default:
		return ""
	}
	u.Scheme, u.Host, u.Fragment, u.RawFragment = "https", supportHost, "", ""
	return u.String()
}
