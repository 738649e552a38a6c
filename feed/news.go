package feed

import (
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/applesec/applesec/advisory"
)

// NewsItem is one item of a news feed, with what it says about Apple's
// security releases read from its text.
type NewsItem struct {
	// Source is the feed's URL or file name as given to ParseNewsFeed.
	Source string `json:"source"`
	// Title is the item's title.
	Title string `json:"title"`
	// Link is the item's link, made absolute against Source when relative.
	Link string `json:"link"`
	// GUID is the item's guid (RSS) or id (Atom, JSON Feed); the link when
	// the feed gives none. It identifies the item across polls.
	GUID string `json:"guid"`
	// Published is the item's publication time, or its update time when it
	// has none; zero when the feed gives neither.
	Published time.Time `json:"published"`
	// Text is the item's description and content (RSS content:encoded, Atom
	// content) as plain text: tags dropped, entities decoded, one paragraph
	// per line. When one of the two contains the other, it is given once.
	Text string `json:"text"`
	// Advisory is the lightweight advisory read from the title and text by
	// advisory.FromNews: the releases, CVE IDs and components named, and
	// whether exploitation is reported. Never nil; it has no releases and no
	// entries when the item names nothing of Apple's.
	Advisory *advisory.Advisory `json:"advisory"`
}

// ParseNewsFeed reads a news feed (RSS, Atom or JSON Feed) and returns its
// items in feed order. sourceURL names the feed in errors and resolves
// relative item links. A feed with no items gives an empty slice; a document
// that is no feed gives a *ParseError wrapping ErrUnknownFeedFormat, one that
// is broken a *ParseError wrapping ErrMalformedFeed.
func ParseNewsFeed(r io.Reader, sourceURL string) ([]NewsItem, error) {
	f, err := parseFeed(r, sourceURL, "news")
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(sourceURL) // nil when sourceURL is not a URL: links stay as given
	items := make([]NewsItem, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		n := NewsItem{
			Source:    sourceURL,
			Title:     strings.TrimSpace(it.Title),
			Link:      itemLink(it, base),
			GUID:      strings.TrimSpace(it.GUID),
			Published: itemTime(it),
			Text:      newsItemText(advisory.NewsText(it.Description), advisory.NewsText(it.Content)),
		}
		if n.GUID == "" {
			n.GUID = n.Link
		}
		n.Advisory = advisory.FromNews(advisory.News{Title: n.Title, Text: n.Text, Link: n.Link, Published: n.Published})
		items = append(items, n)
	}
	return items, nil
}

// itemLink returns an item's link, or its first link when the main one is
// empty, resolved against base when relative.
func itemLink(it *gofeed.Item, base *url.URL) string {
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" || base == nil || !base.IsAbs() {
		return link
	}
	u, err := url.Parse(link)
	if err != nil || u.IsAbs() {
		return link
	}
	return base.ResolveReference(u).String()
}

// itemTime returns an item's publication time, or its update time.
func itemTime(it *gofeed.Item) time.Time {
	switch {
	case it.PublishedParsed != nil:
		return *it.PublishedParsed
	case it.UpdatedParsed != nil:
		return *it.UpdatedParsed
	}
	return time.Time{}
}

// newsItemText joins an item's description and content, giving the text
// once when one contains the other (many feeds put an excerpt of the
// content in the description).
func newsItemText(description, content string) string {
	switch {
	case content == "":
		return description
	case description == "" || strings.Contains(content, description):
		return content
	case strings.Contains(description, content):
		return description
	}
	return description + "\n" + content
}
