package store

import "github.com/applesec/applesec/advisory"

// IndexRow is one row of an "Apple security releases" index or archive
// page, with the page it was read from.
type IndexRow struct {
	// Index is the URL of the index or archive page.
	Index string `json:"index"`
	// Key is the key of the advisory the row links (Key of Release.URL);
	// empty when the row has no link.
	Key string `json:"key,omitempty"`
	// Release is the row as parsed.
	Release advisory.Release `json:"release"`
}
