package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/store"
)

func init() {
	commands["list"] = command{summary: "list entries of the local database by component, platform, date", run: runList}
}

// runList implements "applesec list [-db PATH] [-component C] [-platform P]
// [-since YYYY-MM-DD] [-exploited] [-json]": the matching entries with their
// advisory, one line each (or a JSON array). Exit 2 for a usage error, 1 when
// the database is missing, empty or unreadable.
func runList(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("applesec list", "applesec list [-db PATH] [-component C] [-platform P] [-since YYYY-MM-DD] [-exploited] [-json]",
		`Lists the entries of the local database that match, with their advisory, one
line each (or a JSON array). Exit status: 0; 1 when the database is missing,
empty or unreadable; 2 for a usage error.`, stdout, stderr)
	dbPath := fs.String("db", "", "database directory (default: applesec/db in the user cache directory)")
	component := fs.String("component", "", `component, with its sub-areas ("WebKit" includes "WebKit Canvas")`)
	platform := fs.String("platform", "", `platform of the advisory's releases ("iOS", "macOS")`)
	since := fs.String("since", "", "advisories released on or after this date (YYYY-MM-DD)")
	exploited := fs.Bool("exploited", false, "only entries exploited per Apple or CISA's KEV catalog")
	asJSON := fs.Bool("json", false, "print a JSON array of {advisory, entry}")
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	usageErr := func(format string, a ...any) int { return fs.UsageError(format, a...) }
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q", fs.Args())
	}
	var q store.Query
	var bad string
	fs.Visit(func(f *flag.Flag) {
		if (f.Name == "component" || f.Name == "platform") && strings.TrimSpace(f.Value.String()) == "" {
			bad = f.Name
		}
	})
	if bad != "" {
		return usageErr("-%s given empty: leave it out to list every %s", bad, bad)
	}
	q.Component, q.Platform, q.Exploited = strings.TrimSpace(*component), strings.TrimSpace(*platform), *exploited
	if *since != "" {
		d, err := advisory.ParseDate(*since)
		if err != nil {
			return usageErr("-since %q: want YYYY-MM-DD", *since)
		}
		q.Since = d
	}
	db, code := cli.OpenDB(*dbPath, cli.NewPrinter("applesec list", stderr))
	if db == nil {
		return code
	}
	defer db.Close()

	matches := db.List(q)
	if len(matches) == 0 {
		fmt.Fprintf(stderr, "applesec list: no entry of %s matches\n", db.Path())
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(matches); err != nil {
			fmt.Fprintf(stderr, "applesec list: writing: %v\n", err)
			return 1
		}
		return 0
	}
	for _, m := range matches {
		ids := make([]string, 0, len(m.Entry.CVEs))
		for _, c := range m.Entry.CVEs {
			ids = append(ids, c.ID)
		}
		cves := strings.Join(ids, ",")
		if cves == "" {
			cves = "-"
		}
		line := fmt.Sprintf("%s  %-20s  %s  %s", m.Advisory.Released, m.Entry.Component, cves, releaseNames(m.Advisory.Releases))
		if m.Entry.Exploited {
			line += "  EXPLOITED"
		}
		fmt.Fprintln(stdout, line)
	}
	return 0
}
