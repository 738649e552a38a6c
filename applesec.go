// Package applesec is the one entry point to applesec's local database of
// Apple's security history: open it, keep it current with Sync, and ask it
// questions (which advisories fix a CVE, which entries concern a component,
// whether a device is covered).
//
//	db, err := applesec.Open(ctx, "")          // applesec/db in the user cache directory
//	report, err := db.Sync(ctx, applesec.SyncOptions{})
//	answer, err := db.CVE("CVE-2026-20643")    // where it is fixed, mentioned, exploited
//	cov, err := db.Coverage(advisory.CoverageOptions{})
//	result := cov.Check("CVE-2026-20643", device)
//
// The parts live in their own packages: store (the database, a directory of
// JSON documents), feed (the polite client, the sources, the aggregator),
// advisory (the parsers and coverage verdicts) and version (Apple versions,
// Background Security Improvements, devices). This package joins them into
// the flow sources → database → verdicts.
package applesec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/store"
	"github.com/applesec/applesec/version"
)

// ParserVersion names the parsers that read the stored documents. It is kept
// with each document's validators: a database written by other parsers has
// its validators ignored, so the next sync reads every page again with the
// current parsers (the advisories stored keep answering until then).
const ParserVersion = "applesec/" + feed.LibraryVersion

// DB is the local database, opened for writing (Open) or reading
// (OpenReadOnly). It embeds *store.DB, whose methods answer questions: CVE,
// List, Advisories, BSIs, KEV, Disagreements. It is safe for concurrent use.
type DB struct {
	*store.DB
}

// DefaultDBPath is where the database lives unless told otherwise:
// applesec/db in the user cache directory, or applesec/db-offline for the
// database that an offline replay fills (kept apart, so a snapshot never
// mixes with what was read from Apple).
func DefaultDBPath(offline bool) (string, error) {
	p, err := store.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("applesec: no default database location (%w): name one with -db", err)
	}
	if offline {
		p = filepath.Join(filepath.Dir(p), "db-offline")
	}
	return p, nil
}

// DBPath returns path, or when it is empty the default database for an
// online or an offline run (DefaultDBPath).
func DBPath(path string, offline bool) (string, error) {
	if path != "" {
		return path, nil
	}
	return DefaultDBPath(offline)
}

// Open opens the database at path for writing (creating it when absent);
// "" means DefaultDBPath(false). One process writes at a time: while another
// holds the database, Open fails with an error wrapping store.ErrLocked.
func Open(ctx context.Context, path string) (*DB, error) {
	path, err := DBPath(path, false)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	return &DB{db}, nil
}

// OpenReadOnly opens the database at path for reading; "" means
// DefaultDBPath(false). It never waits for a writer. A path with no database
// gives an error wrapping store.ErrNoDatabase, whose message says to run
// applesec sync.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	path, err := DBPath(path, false)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("applesec: no database at %s: run applesec sync first (%w)", path, store.ErrNoDatabase)
	}
	db, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	return &DB{db}, nil
}

// Coverage builds coverage verdicts over every advisory stored. The releases
// Apple withdrew, as the stored BSI offers tell, are added to
// opts.Withdrawn. Where a page and a mail of one advisory disagree, coverage
// uses the page (see store.Disagreement). An empty database is an error
// wrapping store.ErrEmpty: no verdict is ever given from no data.
func (db *DB) Coverage(opts advisory.CoverageOptions) (*advisory.Coverage, error) {
	if db == nil || db.DB == nil {
		return nil, errors.New("applesec: Coverage on a nil database: use Open or OpenReadOnly")
	}
	if db.Empty() {
		return nil, fmt.Errorf("applesec: %s holds no advisory: run applesec sync first (%w)", db.Path(), store.ErrEmpty)
	}
	opts.Withdrawn = append(append([]version.Version(nil), opts.Withdrawn...), db.Withdrawn()...)
	return advisory.NewCoverage(db.Advisories(), opts)
}

// MissingPages returns the index rows whose advisory page the database does
// not hold: a page that failed to be read, or one not fetched yet. While
// there are any, answers from the database may lack those pages' fixes: the
// commands warn, and sync reports them until a later run reads them.
func (db *DB) MissingPages() []store.IndexRow {
	var missing []store.IndexRow
	seen := map[string]bool{}
	for _, row := range db.IndexRows() {
		if row.Key == "" || seen[row.Key] {
			continue
		}
		seen[row.Key] = true
		if held, _ := db.Has(row.Key); !held {
			missing = append(missing, row)
		}
	}
	return missing
}

// IncompleteError says that the database lacks advisory pages its index
// lists (see MissingPages): answers may lack those pages' fixes.
type IncompleteError struct {
	// Path is the database directory.
	Path string
	// Missing are the index rows whose page is not stored.
	Missing []store.IndexRow
}

// Error names how many pages are missing and the first one.
func (e *IncompleteError) Error() string {
	first := e.Missing[0].Release
	more := ""
	if n := len(e.Missing) - 1; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("the database at %s lacks %d advisory page(s) its index lists (%s, %s%s): answers may miss their fixes; run applesec sync",
		e.Path, len(e.Missing), first.Name, feed.RedactURL(first.URL), more)
}

// Complete returns nil when the database holds every advisory page its index
// lists, and an *IncompleteError naming what it lacks otherwise. Commands
// that answer from the database print it as a warning.
func (db *DB) Complete() error {
	if missing := db.MissingPages(); len(missing) > 0 {
		return &IncompleteError{Path: db.Path(), Missing: missing}
	}
	return nil
}

// OpenAnswering opens the database at path ("" for DefaultDBPath(false))
// for reading, to answer questions from it: a missing database, or one that
// holds no advisory yet, is an error that says to run applesec sync (an
// answer from no data would read as "nothing is exposed").
func OpenAnswering(ctx context.Context, path string) (*DB, error) {
	db, err := OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	if db.Empty() {
		_ = db.Close()
		return nil, fmt.Errorf("applesec: the database at %s holds no advisory: run applesec sync first (%w)", db.Path(), store.ErrEmpty)
	}
	return db, nil
}
