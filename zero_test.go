package applesec_test

import (
	"context"
	"testing"
	"time"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/store"
)

// No exported method panics on a zero value (or, for store.DB, a nil one): a
// DB never opened reads as empty and refuses writes.
func TestZeroValuesDoNotPanic(t *testing.T) {
	var db store.DB
	var nilDB *store.DB
	var r applesec.DB
	ctx := context.Background()
	for name, f := range map[string]func(){
		"CVE":           func() { db.CVE("CVE-2026-1111") },
		"List":          func() { db.List(store.Query{}) },
		"Advisories":    func() { db.Advisories() },
		"Empty":         func() { db.Empty() },
		"Close":         func() { db.Close() },
		"PutPoll":       func() { db.PutPollState(ctx, nil) },
		"PutAdvisory":   func() { db.PutAdvisory(ctx, &advisory.Advisory{URL: "x"}, store.Fetch{}) },
		"Records":       func() { db.Records() },
		"Withdrawn":     func() { db.Withdrawn() },
		"Path":          func() { db.Path() },
		"nil CVE":       func() { nilDB.CVE("CVE-2026-1111") },
		"nil Close":     func() { nilDB.Close() },
		"nil PutKEV":    func() { nilDB.PutKEV(ctx, nil, store.Fetch{}) },
		"root Missing":  func() { r.MissingPages() },
		"root Complete": func() { r.Complete() },
		"root CVE":      func() { r.CVE("CVE-2026-1111") },
		"root Coverage": func() { r.Coverage(advisory.CoverageOptions{}) },
		"root Sync":     func() { r.Sync(ctx, applesec.SyncOptions{Offline: "/nonexistent"}) },
		"root Unstored": func() { r.Unstored(feed.State{}, nil) },
		"root Export":   func() { r.ExportInput(time.Now()) },
		"root Recorder": func() { r.Recorder() },
	} {
		func() {
			defer func() {
				if rec := recover(); rec != nil {
					t.Errorf("%s panics on a zero value: %v", name, rec)
				}
			}()
			f()
		}()
	}
}
