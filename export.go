package applesec

import (
	"time"

	"github.com/applesec/applesec/export"
	"github.com/applesec/applesec/version"
)

// ExportInput gathers what the database holds for the CSAF and SOFA exports
// (see package export): every merged advisory, the BSI offers (withdrawn ones
// marked), the KEV flags, as of now.
func (db *DB) ExportInput(now time.Time) export.Input {
	in := export.Input{
		Advisories: db.Advisories(),
		KEV:        db.KEV(),
		Catalog:    version.DefaultCatalog(),
		Now:        now,
	}
	for _, o := range db.BSIs() {
		p, ok := version.ParsePlatform(o.Platform)
		if !ok {
			continue // an offer of a platform this version does not know
		}
		in.BSIs = append(in.BSIs, export.BSIOffer{
			Platform:          p,
			Version:           o.Version,
			Extra:             o.Extra,
			Build:             o.Build,
			PrerequisiteBuild: o.PrerequisiteBuild,
			Posted:            o.Posted,
			Expires:           o.Expires,
			SupportedDevices:  o.Devices,
			Withdrawn:         o.Withdrawn,
		})
	}
	return in
}
