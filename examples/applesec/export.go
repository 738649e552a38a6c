package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/export"
	"github.com/applesec/applesec/feed"
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
	fset := flag.NewFlagSet("export", flag.ContinueOnError)
	fset.SetOutput(stderr)
	format := fset.String("format", "", "output format: csaf or sofa")
	out := fset.String("out", "", "directory to write into (created if missing)")
	kevFile := fset.String("kev", "", "CISA KEV catalog (JSON) marking exploited CVEs")
	nowText := fset.String("now", "", "export time, RFC 3339 (default: the current time); fixes the output for reproducible builds")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: applesec export -format csaf|sofa -out DIR [-kev FILE] [-now TIME] DOC|DIR...")
		fmt.Fprintln(stderr, "DOC are advisory pages or APPLE-SA mails; a DIR is searched for them (other files are skipped).")
		fmt.Fprintln(stderr, "csaf writes DIR/<year>/<id>.json; sofa writes DIR/v1/{macos,ios}_data_feed.json and DIR/v2/<os>_data_feed.json.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "applesec export: "+format+"\n", a...)
		return code
	}
	switch {
	case *format != "csaf" && *format != "sofa":
		return fail(2, "-format must be csaf or sofa, not %q", *format)
	case *out == "":
		return fail(2, "-out is required")
	case fset.NArg() == 0:
		return fail(2, "no advisory documents given")
	}
	now := time.Now().UTC()
	if *nowText != "" {
		t, err := time.Parse(time.RFC3339, *nowText)
		if err != nil {
			return fail(2, "-now %q is not an RFC 3339 time (2026-03-17T00:00:00Z)", *nowText)
		}
		now = t
	}
	advs, failed, err := loadExportDocuments(fset.Args(), stderr)
	if err != nil {
		return fail(1, "%v", err)
	}
	in := export.Input{Advisories: advs, Now: now}
	if *kevFile != "" {
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
