package cli

import (
	"context"

	"github.com/applesec/applesec"
)

// OpenDB opens the database at path (the default one when path is empty)
// to answer questions, as applesec.OpenAnswering does. A database that
// cannot be opened is reported on errs and gives ExitFailure; one that
// lacks pages its index lists is opened, with a warning naming them.
func OpenDB(path string, errs *Printer) (*applesec.DB, int) {
	db, err := applesec.OpenAnswering(context.Background(), path)
	if err != nil {
		errs.Error(err)
		return nil, ExitFailure
	}
	if err := db.Complete(); err != nil {
		errs.Errorf("warning: %v", err)
	}
	return db, ExitOK
}
