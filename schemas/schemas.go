// Package schemas holds the JSON Schemas (draft 2020-12) of what the
// applesec commands print, so that tools reading that output can validate
// it and the project's tests can hold the commands to it:
//
//	parse.schema.json   applesec parse: an array of advisories and index pages
//	check.schema.json   applesec check: one verdict (advisory.Result)
//	cve.schema.json     applesec cve: the advisories, KEV date and news of a CVE
//	events.schema.json  one watcher event (feed.Event)
//
// Each schema's $id is https://github.com/applesec/applesec/schemas/NAME;
// the others refer to parse.schema.json's $defs by that relative name.
package schemas

import "embed"

// BaseURL is the prefix of every schema's $id; a schema's $id is BaseURL
// followed by its file name.
const BaseURL = "https://github.com/applesec/applesec/schemas/"

// FS holds the schema files, by file name ("parse.schema.json").
//
//go:embed *.schema.json
var FS embed.FS
