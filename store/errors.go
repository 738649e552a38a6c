package store

import (
	"errors"
	"fmt"
)

// Errors a caller can test for with errors.Is. The errors returned wrap them
// with the path concerned and, where there is one, what to do.
var (
	// ErrLocked means another writer holds the database's LOCK file.
	ErrLocked = errors.New("store: database locked by another writer")
	// ErrReadOnly means a write was asked of a database opened with
	// OpenReadOnly.
	ErrReadOnly = errors.New("store: database opened read-only")
	// ErrSchemaVersion means meta.json names a schema newer than this
	// binary reads: upgrade applesec.
	ErrSchemaVersion = errors.New("store: database schema newer than this applesec")
	// ErrCorrupt means a file of the database cannot be read as what it
	// should be: meta.json missing in a non-empty directory, JSON that does
	// not decode, a document whose key does not match its file name.
	ErrCorrupt = errors.New("store: corrupt database")
	// ErrNoDatabase means OpenReadOnly found no database at the path.
	ErrNoDatabase = errors.New("store: no database")
	// ErrEmpty means a question was asked of a database that holds no
	// advisory yet: run applesec sync.
	ErrEmpty = errors.New("store: database is empty")
	// ErrInvalidCVE means a CVE ID is not of the form CVE-YYYY-NNNN.
	ErrInvalidCVE = errors.New("store: invalid CVE ID")
	// ErrClosed means the database was closed.
	ErrClosed = errors.New("store: database closed")
	// ErrInvalid means a value given to a write is unusable (a nil
	// advisory, one without URL, a news item without GUID).
	ErrInvalid = errors.New("store: invalid input")
)

// errNotOpened is what a write to the zero DB (or a nil one) returns.
var errNotOpened = fmt.Errorf("%w: the database was never opened (use Open)", ErrClosed)
