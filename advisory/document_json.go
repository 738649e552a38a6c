package advisory

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Document kinds as the JSON "kind" field writes them.
const (
	// KindAdvisory is the Kind of an Advisory.
	KindAdvisory = "advisory"
	// KindIndex is the Kind of an Index.
	KindIndex = "index"
)

// UnmarshalDocument decodes one Document from the JSON that marshaling an
// *Advisory or *Index gives: the "kind" field ("advisory" or "index") says
// which. Errors wrap ErrUnknownFormat for a missing or unknown kind and
// ErrMalformed for JSON that is not such an object.
func UnmarshalDocument(data []byte) (Document, error) {
	var head struct {
		Kind *string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("advisory: decoding a document: %w: %w", ErrMalformed, err)
	}
	kind := ""
	if head.Kind != nil {
		kind = *head.Kind
	}
	switch kind {
	case KindAdvisory:
		var a Advisory
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("advisory: decoding an advisory: %w: %w", ErrMalformed, err)
		}
		return &a, nil
	case KindIndex:
		var ix Index
		if err := json.Unmarshal(data, &ix); err != nil {
			return nil, fmt.Errorf("advisory: decoding an index: %w: %w", ErrMalformed, err)
		}
		return &ix, nil
	case "":
		return nil, fmt.Errorf("advisory: decoding a document: no \"kind\" field: %w", ErrUnknownFormat)
	}
	return nil, fmt.Errorf("advisory: decoding a document: kind %q is neither %q nor %q: %w",
		clipText(kind), KindAdvisory, KindIndex, ErrUnknownFormat)
}

// UnmarshalDocuments decodes a JSON array of documents, as "applesec parse"
// prints it, in order. A JSON null gives no documents; an element that fails
// fails the whole, naming its position.
func UnmarshalDocuments(data []byte) ([]Document, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("advisory: decoding documents: %w: %w", ErrMalformed, err)
	}
	docs := make([]Document, 0, len(raws))
	for i, raw := range raws {
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			return nil, fmt.Errorf("advisory: decoding documents: element %d is null: %w", i, ErrMalformed)
		}
		d, err := UnmarshalDocument(raw)
		if err != nil {
			return nil, fmt.Errorf("advisory: decoding documents: element %d: %w", i, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}
