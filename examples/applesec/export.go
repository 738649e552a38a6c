package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/export"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/cli"
)

func init() {
	commands["export"] = command{summary: "write CSAF 2.0 documents or SOFA-compatible feeds", run: runExport}
}

// runExport implements "applesec export": it reads advisory pages and
// mails from files and directories and writes CSAF documents or SOFA feeds,
// printing the paths written. The exit status is 3 (partial, as in every
// applesec CLI) when a document could not be read or exported and the others
// were, 1 when nothing was written, 2 for bad usage.
func runExport(args []string, stdout, stderr io.Writer) int {
	fset := cli.NewFlagSet("applesec export",
		"applesec export -format csaf|sofa -out DIR [-db PATH] [-kev FILE] [-now TIME] [DOC|DIR...]",
		`Writes one CSAF 2.0 document per Apple advisory (DIR/<year>/<id>.json, as a
CSAF provider lays them out) or SOFA-compatible feeds (DIR/v1/{macos,ios}_data_feed.json
and DIR/v2/<os>_data_feed.json, as the macadmins feed is laid out), from the DOC
files (advisory pages and APPLE-SA mails; a DIR is searched for them) or, with
none, from the local database that applesec sync fills (with its BSI offers and
KEV flags). XProtect and installer sections of SOFA are not produced: applesec
does not collect that data. Exit status: 0; 3 when some documents could not be
read or exported and the others were; 1 when nothing was written; 2 usage.`, stdout, stderr)
	format := fset.String("format", "", "output format: csaf or sofa")
	out := fset.String("out", "", "directory to write into (created if missing)")
	dbPath := fset.String("db", "", "database to export when no DOC is given (default: applesec/db in the user cache directory)")
	kevFile := fset.String("kev", "", "CISA KEV catalog (JSON) marking exploited CVEs (with DOC files; the database has its own)")
	nowText := fset.String("now", "", "export time, RFC 3339 (default: the current time); fixes the output for reproducible builds")
	if code, ok := fset.Parse(args); !ok {
		return code
	}
	errs := cli.NewPrinter("applesec export", stderr)
	fail := func(code int, format string, a ...any) int {
		errs.Errorf(format, a...)
		return code
	}
	switch {
	case *format != "csaf" && *format != "sofa":
		return fset.UsageError("-format must be csaf or sofa, not %q", *format)
	case *out == "":
		return fset.UsageError("-out is required")
	case *dbPath != "" && fset.NArg() > 0:
		return fset.UsageError("-db and DOC arguments exclude each other")
	case *kevFile != "" && fset.NArg() == 0:
		return fset.UsageError("-kev goes with DOC files; the database holds its own KEV flags")
	}
	now := time.Now().UTC()
	if *nowText != "" {
		t, err := time.Parse(time.RFC3339, *nowText)
		if err != nil {
			return fail(2, "-now %q is not an RFC 3339 time (2026-03-17T00:00:00Z)", *nowText)
		}
		now = t
	}
	var in export.Input
	failed := 0
	if fset.NArg() == 0 {
		db, err := applesec.OpenAnswering(context.Background(), *dbPath)
		if err != nil {
			return fail(1, "%v", err)
		}
		defer db.Close()
		in = db.ExportInput(now)
	} else {
		advs, n, err := loadExportDocuments(fset.Args(), stderr)
		if err != nil {
			return fail(1, "%v", err)
		}
		in, failed = export.Input{Advisories: advs, Now: now}, n
	}
	if *kevFile != "" {
		var err error
		if in.KEV, err = loadKEVDates(*kevFile); err != nil {
			return fail(1, "%v", err)
		}
	}
	write := export.WriteCSAF
	if *format == "sofa" {
		write = export.WriteSOFA
	}
	files, err := write(context.Background(), *out, in)
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	switch {
	case err != nil && len(files) == 0:
		return fail(1, "%v", err)
	case err != nil:
		return fail(3, "partial export: %v", err)
	case failed > 0:
		return fail(3, "partial export: %d documents could not be read; the others were exported", failed)
	}
	return 0
}

// loadExportDocuments parses the advisories in paths, files or directories
// walked in name order. A file that fails to parse is reported on stderr by
// name and counted in failed, and the others are kept;
// index pages, and files of a directory in no format applesec reads, are
// skipped with a note. A path that cannot be read is an error.
func loadExportDocuments(paths []string, stderr io.Writer) (advs []*advisory.Advisory, failed int, err error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, 0, err
		}
		files := []string{p}
		if info.IsDir() {
			files = nil
			err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") {
					files = append(files, path)
				}
				return nil
			})
			if err != nil {
				return nil, 0, err
			}
			slices.Sort(files)
		}
		for _, f := range files {
			a, err := parseAdvisoryFile(f, stderr)
			switch {
			case err != nil && info.IsDir() && errors.Is(err, advisory.ErrUnknownFormat):
				fmt.Fprintf(stderr, "applesec export: %s is no advisory page or mail; skipped\n", f)
			case err != nil:
				fmt.Fprintf(stderr, "applesec export: %s: %v\n", f, err)
				failed++
			case a != nil:
				advs = append(advs, a)
			}
		}
	}
	if len(advs) == 0 {
		return nil, failed, fmt.Errorf("none of %s holds an advisory page or mail", strings.Join(paths, ", "))
	}
	return advs, failed, nil
}

// parseAdvisoryFile parses one file; an index page gives nil with a note.
func parseAdvisoryFile(path string, stderr io.Writer) (*advisory.Advisory, error) {
	doc, err := parseDocumentFile(path, path, nil)
	if err != nil {
		return nil, err
	}
	a, ok := doc.(*advisory.Advisory)
	if !ok {
		fmt.Fprintf(stderr, "applesec export: %s is an index page, not an advisory; skipped\n", path)
		return nil, nil
	}
	return a, nil
}

// loadKEVDates reads CISA's KEV catalog into CVE -> date added.
func loadKEVDates(path string) (map[string]advisory.Date, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cat, err := feed.ParseKEV(f, path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]advisory.Date, len(cat.Vulnerabilities))
	for _, v := range cat.Vulnerabilities {
		out[strings.ToUpper(v.CVEID)] = v.DateAdded
	}
	return out, nil
}
