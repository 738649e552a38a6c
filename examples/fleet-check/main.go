// Command fleet-check reports which devices of a fleet are exposed to the
// CVEs of a set of Apple security advisories, and what each should install.
//
// Usage:
//
//	fleet-check -fleet FILE [-summary] [-json] [-cve CVE-ID]... [-all] [-fail-on exposed|unknown]
//	            [-db PATH] [-pmv FILE] [-withdrawn VERSION]... [DOC|DIR...]
//
// The fleet file (or - for standard input) is CSV with a header (model, os,
// and optionally safari and name), JSON Lines of {"model", "os", "safari",
// "name"} objects, or a JSON array of them; the format is detected. It is
// read as a stream: memory depends on the number of distinct device states,
// not on the number of devices. DOC are advisory pages and APPLE-SA mails;
// a directory stands for the .txt, .html and .htm files in it. With no DOC,
// the advisories come from the local database that "applesec sync" fills
// (-db to name it).
//
// Without -summary, every device gets a line, as it is read: its verdict
// (the most urgent of its CVEs': exposed, exposed-no-fix, unknown, patched,
// not-applicable, or "not checked" for a row that is no device) and, for
// each CVE it is exposed to or cannot be decided for, the update to install
// and why. A summary follows: devices per verdict (each device counted
// once), per CVE and per model and OS. With -json the device lines are JSON
// Lines and the summary is the last line, {"summary": {...}}; with -summary
// -json the summary alone is printed as one JSON object.
//
// Exit status: 0 after a report (and for -h), 1 when -fail-on is given and
// some device is exposed (-fail-on exposed) or exposed, unknown or not
// checked (-fail-on unknown), or when the database cannot be read; 2 on bad
// input (a -cve that is no CVE ID, a fleet file that cannot be read, no
// advisory).
//
// For example:
//
//	go run ./examples/fleet-check -fleet testdata/fleet/fleet.csv -summary testdata/coverage
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/store"
	"github.com/applesec/applesec/version"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// config is what the flags ask for.
type config struct {
	fleet          string
	summaryOnly    bool
	asJSON, all    bool
	cves           []string
	failOn         advisory.Verdict // "" when not asked
	opts           advisory.CoverageOptions
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is the program: exit 0 after a report, 1 for -fail-on, 2 on bad input.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("fleet-check",
		"fleet-check -fleet FILE [-summary] [-json] [-cve CVE-ID]... [-all] [-fail-on exposed|unknown] [-db PATH] [-pmv FILE] [-withdrawn VERSION]... [DOC|DIR...]",
		`Reports which devices of a fleet are exposed to the CVEs of Apple's advisories
(the DOC files, or with none the local database), and what each should install.
The fleet is CSV (header model,os[,safari][,name]), JSON Lines or a JSON array,
read as a stream; every device is counted once, under its most urgent verdict.`, stdout, stderr)
	dbPath := fs.String("db", "", "database to read when no DOC is given (default: applesec/db in the user cache directory)")
	fleetFile := fs.String("fleet", "", "fleet file (- for standard input): CSV (header model,os[,safari][,name]), JSON Lines or a JSON array")
	pmvFile := fs.String("pmv", "", "Apple software lookup response (gdmf pmv JSON) refining what each model can run")
	asJSON := fs.Bool("json", false, "print JSON: device lines as JSON Lines, then the summary")
	summaryOnly := fs.Bool("summary", false, "print only the summary: counts per verdict, per CVE and per model and OS")
	all := fs.Bool("all", false, "list every CVE checked in the summary, not only those with exposed or unknown devices")
	failOn := fs.String("fail-on", "", "exit 1 when a device is exposed (exposed) or exposed, unknown or not checked (unknown)")
	var cves, withdrawn cli.Strings
	fs.Var(&cves, "cve", "check only this CVE (repeatable); one no advisory lists is unknown on every device")
	fs.Var(&withdrawn, "withdrawn", `a BSI or RSR Apple withdrew, beyond those the library knows (repeatable)`)
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	errs := cli.NewPrinter("fleet-check", stderr)
	fail := func(format string, a ...any) int {
		errs.Errorf(format, a...)
		return cli.ExitUsage
	}
	cfg := config{fleet: *fleetFile, summaryOnly: *summaryOnly, asJSON: *asJSON, all: *all || len(cves) > 0, stdin: stdin, stdout: stdout, stderr: stderr}
	switch *failOn {
	case "":
	case "exposed":
		cfg.failOn = advisory.Exposed
	case "unknown":
		cfg.failOn = advisory.Unknown
	default:
		return fail("-fail-on %q: want exposed or unknown", *failOn)
	}
	for _, c := range cves {
		id, err := store.NormalizeCVE(c)
		if err != nil {
			return fail("-cve %q is not a CVE ID (want CVE-YYYY-NNNN)", c)
		}
		if !slices.Contains(cfg.cves, id) {
			cfg.cves = append(cfg.cves, id)
		}
	}
	if cfg.fleet == "" {
		return fail("-fleet is required")
	}
	if *dbPath != "" && fs.NArg() > 0 {
		return fail("-db and DOC arguments exclude each other: the advisories come from one or the other")
	}
	for _, w := range withdrawn {
		v, err := version.Parse(w)
		if err != nil {
			return fail("-withdrawn: %v", err)
		}
		cfg.opts.Withdrawn = append(cfg.opts.Withdrawn, v)
	}
	if *pmvFile != "" {
		p, err := cli.LoadPMV(*pmvFile)
		if err != nil {
			return fail("%v", err)
		}
		cfg.opts.PMV = p
	}
	if fs.NArg() > 0 {
		advs, err := cli.LoadAdvisories(fs.Args(), errs)
		if err != nil {
			return fail("%v", err)
		}
		return checkFleet(advs, cfg)
	}
	db, code := cli.OpenDB(*dbPath, errs)
	if db == nil {
		return code
	}
	defer db.Close()
	cfg.opts.Withdrawn = append(cfg.opts.Withdrawn, db.Withdrawn()...)
	return checkFleet(db.Advisories(), cfg)
}

// checkFleet checks the fleet against advisories however they were
// loaded (files here, a database elsewhere) and writes the report.
func checkFleet(advs []*advisory.Advisory, cfg config) int {
	errs := cli.NewPrinter("fleet-check", cfg.stderr)
	fail := func(format string, a ...any) int {
		errs.Errorf(format, a...)
		return cli.ExitUsage
	}
	cov, err := advisory.NewCoverage(advs, cfg.opts)
	if err != nil {
		return fail("%v", err)
	}
	for _, id := range cfg.cves {
		if _, ok := cov.Info(id); !ok {
			fmt.Fprintf(cfg.stderr, "fleet-check: %s is in none of the %d advisories given: its verdict is unknown on every device\n", id, len(advs))
		}
	}
	in, err := cli.Open(cfg.fleet, cfg.stdin)
	if err != nil {
		return fail("%v", err)
	}
	defer in.Close()
	fr, err := newFleetReader(in, cfg.fleet)
	if err != nil {
		return fail("%v", err)
	}
	k := newChecker(cov, cfg.cves, !cfg.summaryOnly, cfg.asJSON)
	k.sum.Fleet, k.sum.Advisories = cfg.fleet, len(advs)
	w := bufio.NewWriterSize(cfg.stdout, 256<<10)
	for {
		row, pos, err := fr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			w.Flush()
			return fail("%v", err)
		}
		if err := k.add(w, cfg.stderr, row, pos); err != nil {
			return fail("writing: %v", err)
		}
	}
	if k.badShown > 10 {
		fmt.Fprintf(cfg.stderr, "fleet-check: %s: %d more rows not checked\n", cfg.fleet, k.badShown-10)
	}
	s := k.finish(cfg.all)
	switch {
	case s.Devices == 0:
		w.Flush()
		return fail("%s: no devices", cfg.fleet)
	case s.Verdicts.NotChecked == s.Devices:
		w.Flush()
		return fail("%s: %v", cfg.fleet, errNoDevice)
	}
	if err := writeReportSummary(w, s, cfg); err != nil {
		return fail("writing: %v", err)
	}
	if err := w.Flush(); err != nil {
		return fail("writing: %v", err)
	}
	if failed(s.Verdicts, cfg.failOn) {
		return 1
	}
	return 0
}

// writeReportSummary writes the summary in the form asked for.
func writeReportSummary(w io.Writer, s summary, cfg config) error {
	switch {
	case cfg.asJSON && cfg.summaryOnly:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	case cfg.asJSON:
		return json.NewEncoder(w).Encode(struct {
			Summary summary `json:"summary"`
		}{s})
	case !cfg.summaryOnly:
		fmt.Fprintln(w)
	}
	return writeSummary(w, s)
}

// failed reports whether the counts trip -fail-on.
func failed(c counts, on advisory.Verdict) bool {
	switch on {
	case advisory.Exposed:
		return c.Exposed+c.ExposedNoFix > 0
	case advisory.Unknown:
		return c.Exposed+c.ExposedNoFix+c.Unknown+c.NotChecked > 0
	}
	return false
}

// newTable returns a tabwriter for the summary tables.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}
