package store

import "github.com/applesec/applesec/advisory"

// indexFile is index.json: the rows of each index or archive page read.
type indexFile struct {
	// Pages are the index pages by URL.
	Pages map[string]indexPage `json:"pages"`
}

// indexPage is one index or archive page as last read.
type indexPage struct {
	// Fetch is how the page was fetched.
	Fetch Fetch `json:"fetch"`
	// Title is the page's title.
	Title string `json:"title"`
	// Rows are its rows in page order.
	Rows []advisory.Release `json:"rows"`
	// Archives are the links to older years' pages it holds.
	Archives []string `json:"archives,omitempty"`
}

// bsiFile is bsi.json: every BSI offer seen, with the last list's fetch.
type bsiFile struct {
	// Fetch is how the last complete list was fetched.
	Fetch Fetch `json:"fetch"`
	// Offers are the offers, in the order first seen.
	Offers []BSIOffer `json:"offers"`
}

// kevFile is kev.json: the known-exploited flags of the catalog.
type kevFile struct {
	// Fetch is how the catalog was fetched.
	Fetch Fetch `json:"fetch"`
	// Added maps a CVE ID to the date the catalog added it.
	Added map[string]advisory.Date `json:"added"`
}

// newsFile is news.json: the news items stored.
type newsFile struct {
	// Items are the items, in the order first stored.
	Items []NewsItem `json:"items"`
}
