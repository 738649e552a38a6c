package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/applesec/applesec/advisory"
)

// migration turns one advisory document of layout from into layout from+1.
// It works on bytes, so that a writer can rewrite the files in place and a
// reader (which must not write) can apply it in memory while loading. It
// must accept a document already in the new form (a migration cut short by a
// crash is run again) and returns it unchanged.
type migration struct {
	from int
	doc  func(data []byte) ([]byte, error)
}

// migrations are the steps from each old layout, in order; the last one's
// from+1 is SchemaVersion.
var migrations = []migration{
	{from: 0, doc: migrateV0Document},
}

// migrateDocument applies to data every migration from schema on.
func migrateDocument(schema int, data []byte) ([]byte, error) {
	for _, m := range migrations {
		if m.from < schema {
			continue
		}
		var err error
		if data, err = m.doc(data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// migrateV0Document converts a layout-0 document, the bare parsed advisory
// of the development releases, into a Record holding it as its page or mail.
func migrateV0Document(data []byte) ([]byte, error) {
	var probe struct {
		Key  *string `json:"key"`
		Kind string  `json:"kind"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, err
	}
	if probe.Key != nil {
		return data, nil // already migrated
	}
	if probe.Kind != "advisory" {
		return nil, errors.New("layout 0 document is not an advisory")
	}
	var a advisory.Advisory
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, err
	}
	key := Key(a.URL)
	if key == "" {
		return nil, errors.New("layout 0 advisory without URL")
	}
	doc := SourceDoc{Source: sourceName(&a), Fetch: Fetch{URL: a.URL}, Advisory: &a}
	r := Record{Key: key, Merged: &a, Disagreements: []Disagreement{}}
	if a.Origin == advisory.OriginMail {
		r.Mails = []SourceDoc{doc}
	} else {
		r.Page = &doc
	}
	return encodeRecord(&r)
}

// migrate brings the database at dir from schema m.Schema to SchemaVersion
// in place: each advisory document is rewritten whole, then meta.json last,
// so that a crash in between leaves a database the next open migrates again.
func (db *DB) migrate(ctx context.Context, m meta) error {
	from := *m.Schema
	advDir := filepath.Join(db.dir, advisoriesName)
	entries, err := os.ReadDir(advDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: migrating %s: %w", db.dir, err)
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: migrating %s: %w", db.dir, err)
		}
		if !isDocumentName(e.Name()) {
			continue
		}
		path := filepath.Join(advDir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("store: migrating %s: %w", path, err)
		}
		out, err := migrateDocument(from, data)
		if err != nil {
			return corrupt(path, db.dir, fmt.Errorf("migrating from schema %d: %w", from, err))
		}
		var probe struct {
			Key string `json:"key"`
		}
		if err := json.Unmarshal(out, &probe); err != nil {
			return corrupt(path, db.dir, err)
		}
		target := filepath.Join(advDir, fileName(probe.Key))
		if bytes.Equal(out, data) && target == path {
			continue
		}
		if err := db.replaceFile(target, out); err != nil {
			return err
		}
		if target != path {
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("store: migrating %s: %w", path, err)
			}
		}
	}
	if err := os.MkdirAll(advDir, 0o700); err != nil {
		return fmt.Errorf("store: migrating %s: %w", db.dir, err)
	}
	v := SchemaVersion
	m.Schema = &v
	m.Writer = writerName()
	m.Updated = db.now().UTC()
	db.logger.Info("store: migrated database", "dir", db.dir, "from", from, "to", SchemaVersion)
	return db.writeJSON(metaName, m)
}

// isDocumentName reports whether name is an advisory document's file name
// (not a temporary file).
func isDocumentName(name string) bool {
	return strings.HasSuffix(name, ".json") && !strings.Contains(name, tempMarker)
}
