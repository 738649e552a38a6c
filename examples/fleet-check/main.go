// Command fleet-check reports which devices of a fleet are exposed to the
// CVEs of a set of Apple security advisories, and what each should install.
//
// Usage:
//
//	fleet-check -fleet FILE [-pmv FILE] [-withdrawn VERSION]... [-cve CVE-ID]... [-all] [-json] DOC|DIR...
//
// The fleet file is CSV with a header (model, os, and optionally safari and
// name) or a JSON array of {"model", "os", "safari", "name"} objects. DOC
// are advisory pages and APPLE-SA mails; a directory stands for the .txt,
// .html and .htm files in it. For example:
//
//	go run ./examples/fleet-check -fleet testdata/fleet/fleet.csv testdata/coverage
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// run is the program: exit 0 after a report, 2 on bad input.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fleet-check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fleetFile := fs.String("fleet", "", "fleet file: CSV (header model,os[,safari][,name]) or JSON array")
	pmvFile := fs.String("pmv", "", "Apple software lookup response (gdmf pmv JSON) refining what each model can run")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	all := fs.Bool("all", false, "list every CVE, not only those with exposed devices")
	var cves, withdrawn stringList
	fs.Var(&cves, "cve", "check only this CVE (repeatable)")
	fs.Var(&withdrawn, "withdrawn", `a BSI or RSR Apple withdrew, beyond those the library knows (repeatable)`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fleet-check -fleet FILE [-pmv FILE] [-withdrawn VERSION]... [-cve CVE-ID]... [-all] [-json] DOC|DIR...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "fleet-check: "+format+"\n", a...)
		return 2
	}
	if *fleetFile == "" {
		return fail("-fleet is required")
	}
	if fs.NArg() == 0 {
		return fail("no advisory documents given")
	}
	opts := advisory.CoverageOptions{}
	for _, w := range withdrawn {
		v, err := version.Parse(w)
		if err != nil {
			return fail("-withdrawn: %v", err)
		}
		opts.Withdrawn = append(opts.Withdrawn, v)
	}
	if *pmvFile != "" {
		p, err := readPMV(*pmvFile)
		if err != nil {
			return fail("%v", err)
		}
		opts.PMV = p
	}
	f, err := os.Open(*fleetFile)
	if err != nil {
		return fail("%v", err)
	}
	fleet, err := readFleet(f, *fleetFile)
	f.Close()
	if err != nil {
		return fail("%v", err)
	}
	bad := 0
	for _, m := range fleet {
		if m.err != nil {
			bad++
			fmt.Fprintf(stderr, "fleet-check: %s: row %d: %v\n", *fleetFile, m.line, m.err)
		}
	}
	if bad == len(fleet) {
		return fail("%s: no row names a known model and a valid OS version", *fleetFile)
	}
	advs, err := readDocuments(fs.Args(), stderr)
	if err != nil {
		return fail("%v", err)
	}
	cov, err := advisory.NewCoverage(advs, opts)
	if err != nil {
		return fail("%v", err)
	}
	rep := buildReport(cov, fleet, cves, *all)
	rep.Fleet = *fleetFile
	rep.Advisories = len(advs)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = writeText(stdout, rep)
	}
	if err != nil {
		return fail("writing: %v", err)
	}
	return 0
}

// documentExts are the file name endings read from a directory.
var documentExts = []string{".txt", ".html", ".htm"}

// readDocuments parses the advisories named by paths. A file named
// explicitly must parse; in a directory, files that are no advisory are
// skipped with a note on stderr.
func readDocuments(paths []string, stderr io.Writer) ([]*advisory.Advisory, error) {
	var out []*advisory.Advisory
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			a, err := readDocument(p)
			if err != nil {
				return nil, err
			}
			if a == nil {
				fmt.Fprintf(stderr, "fleet-check: %s is an index page, not an advisory; skipped\n", p)
				continue
			}
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := filepath.Join(p, e.Name())
			if e.IsDir() || !slices.Contains(documentExts, strings.ToLower(filepath.Ext(name))) {
				continue
			}
			a, err := readDocument(name)
			if err != nil || a == nil {
				fmt.Fprintf(stderr, "fleet-check: %s skipped: not an advisory (%v)\n", name, err)
				continue
			}
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no advisory among %s", strings.Join(paths, ", "))
	}
	return out, nil
}

// readDocument parses one file; nil without error for an index page.
func readDocument(path string) (*advisory.Advisory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := advisory.Parse(f, path)
	if err != nil {
		return nil, err
	}
	a, _ := doc.(*advisory.Advisory)
	return a, nil
}

// readPMV reads an Apple software lookup response.
func readPMV(path string) (*version.PMV, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := version.ParsePMV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}
