package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"
)

// SchemaVersion is the layout version this package writes and reads.
// Older databases are migrated (in place by a writer, in memory by a
// reader); newer ones are refused with ErrSchemaVersion.
const SchemaVersion = 1

// File and directory names of the layout.
const (
	metaName       = "meta.json"
	lockName       = "LOCK"
	advisoriesName = "advisories"
	indexName      = "index.json"
	bsiName        = "bsi.json"
	kevName        = "kev.json"
	newsName       = "news.json"
	pollName       = "poll.json"
)

// meta is meta.json: the layout version and who wrote the database.
type meta struct {
	// Schema is the layout version; a pointer so that a missing field is
	// told from version 0.
	Schema *int `json:"schema"`
	// Created is when the database was created.
	Created time.Time `json:"created"`
	// Updated is when a writer last closed it after writing (a writer that
	// was killed leaves it older than the data).
	Updated time.Time `json:"updated"`
	// Writer names the program that last wrote it.
	Writer string `json:"writer"`
}

// writerName names this program in meta.json.
func writerName() string {
	name, ver := "applesec", "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			name = bi.Main.Path
		}
		if bi.Main.Version != "" {
			ver = bi.Main.Version
		}
	}
	return fmt.Sprintf("%s %s (store schema %d)", name, ver, SchemaVersion)
}

// decodeMeta reads meta.json's content; path is for errors.
func decodeMeta(path, dir string, data []byte) (meta, error) {
	var m meta
	if err := json.Unmarshal(data, &m); err != nil {
		return meta{}, corrupt(path, dir, err)
	}
	if m.Schema == nil || *m.Schema < 0 {
		return meta{}, corrupt(path, dir, fmt.Errorf("no valid \"schema\""))
	}
	if *m.Schema > SchemaVersion {
		return meta{}, fmt.Errorf("%w: %s has schema %d, this applesec reads up to %d: upgrade applesec", ErrSchemaVersion, path, *m.Schema, SchemaVersion)
	}
	return m, nil
}

// corrupt reports a file of the database at dir that cannot be read. The
// advice names the file alone where that is enough: an advisory document or
// a table is read again by the next sync once removed, and nothing else
// stored is lost; meta.json describes the whole directory.
func corrupt(path, dir string, err error) error {
	if filepath.Base(path) == metaName {
		return fmt.Errorf("%w: %s: %v (restore it from a backup, or remove %s and run applesec sync again)", ErrCorrupt, path, err, dir)
	}
	return fmt.Errorf("%w: %s: %v (restore it from a backup, or remove that file and run applesec sync again: the rest of %s is kept)", ErrCorrupt, path, err, dir)
}
