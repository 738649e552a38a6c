package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/store"
	"github.com/applesec/applesec/version"
)

func init() {
	commands["check"] = command{summary: "say whether a device is patched against a CVE", run: runCheck}
}

// versionFlag is a repeatable flag of versions.
type versionFlag []version.Version

func (l *versionFlag) String() string {
	parts := make([]string, len(*l))
	for i, v := range *l {
		parts[i] = v.String()
	}
	return strings.Join(parts, ", ")
}

func (l *versionFlag) Set(s string) error {
	v, err := version.Parse(s)
	if err != nil {
		return err
	}
	*l = append(*l, v)
	return nil
}

// runCheck implements "applesec check": it prints one Result as JSON per
// -cve, from the advisory documents given or, with none, from the database.
func runCheck(args []string, stdout, stderr io.Writer) int {
	const prog = "applesec check"
	fs := cli.NewFlagSet(prog,
		"applesec check -model MODEL -os VERSION [-safari VERSION] -cve CVE-ID... [-fail-on exposed|unknown] [-db PATH] [-pmv FILE] [-withdrawn VERSION]... [DOC...]",
		`Says whether a device is patched against each CVE: one JSON object per -cve,
in order, with the verdict (patched, exposed, exposed-no-fix, not-applicable,
unknown), the update that fixes it and the reason. The advisories come from the
DOC files or directories (pages and APPLE-SA mails) or, with none, from the
local database that applesec sync fills.
Exit status: 0; 1 when -fail-on trips or the database cannot be read; 2 on bad
input, including an OS version the model cannot run.`, stdout, stderr)
	model := fs.String("model", "", "device model: product type (iPhone18,3), Mac model identifier or board ID, or marketing name (\"iPhone 17\")")
	osText := fs.String("os", "", `OS version: "iOS 26.3.1 (a)", "26.3.1 (a)" (platform from the model), "macOS Tahoe 26.3"`)
	safari := fs.String("safari", "", `Safari version of a Mac: "26.4" or "Safari 26.4" (empty when not known)`)
	var cves cli.Strings
	fs.Var(&cves, "cve", "CVE ID, e.g. CVE-2026-20643 (repeatable: one verdict per CVE, in order)")
	failOn := fs.String("fail-on", "", "exit 1 when a verdict is exposed or exposed-no-fix (exposed), or one of those or unknown (unknown)")
	dbPath := fs.String("db", "", "database to read when no DOC is given (default: applesec/db in the user cache directory)")
	pmvFile := fs.String("pmv", "", "Apple software lookup response (gdmf pmv JSON) refining what the model can run")
	var withdrawn versionFlag
	fs.Var(&withdrawn, "withdrawn", `a BSI or RSR that Apple withdrew, beyond those the library and the database know (repeatable)`)
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	errs := cli.NewPrinter(prog, stderr)
	switch {
	case *model == "":
		return fs.UsageError("-model is required")
	case *osText == "":
		return fs.UsageError("-os is required")
	case len(cves) == 0:
		return fs.UsageError("-cve is required")
	case *failOn != "" && *failOn != "exposed" && *failOn != "unknown":
		return fs.UsageError("-fail-on %q: want exposed or unknown", *failOn)
	case *dbPath != "" && fs.NArg() > 0:
		return fs.UsageError("-db and DOC arguments exclude each other: the advisories come from one or the other")
	}
	for _, c := range cves {
		if _, err := store.NormalizeCVE(c); err != nil {
			return fs.UsageError("-cve %q is not a CVE ID (want CVE-YYYY-NNNN)", c)
		}
	}
	dev, err := advisory.ParseDevice(nil, *model, *osText, *safari)
	if err != nil {
		if errors.Is(err, advisory.ErrUnknownModel) {
			errs.Errorf("unknown model %q: give a product type (iPhone18,3), a Mac model identifier or board ID, or a marketing name; \"applesec devices PHRASE\" lists models", *model)
			return cli.ExitUsage
		}
		errs.Error(err)
		return cli.ExitUsage
	}
	opts := advisory.CoverageOptions{Withdrawn: withdrawn}
	if *pmvFile != "" {
		p, err := cli.LoadPMV(*pmvFile)
		if err != nil {
			errs.Error(err)
			return cli.ExitUsage
		}
		opts.PMV = p
	}
	var advs []*advisory.Advisory
	if fs.NArg() > 0 {
		if advs, err = cli.LoadAdvisories(fs.Args(), errs); err != nil {
			errs.Error(err)
			return cli.ExitUsage
		}
	} else {
		db, code := cli.OpenDB(*dbPath, errs)
		if db == nil {
			return code
		}
		defer db.Close()
		advs = db.Advisories()
		opts.Withdrawn = append(opts.Withdrawn, db.Withdrawn()...)
	}
	return checkDevice(advs, opts, dev, cves, *failOn, stdout, stderr)
}

// checkDevice prints the verdicts of cves on dev against advisories
// however they were loaded (files here, a database elsewhere), and
// returns the exit status: 2 when the device's OS is no version its model
// can run, 1 when failOn ("exposed" or "unknown") trips, 0 otherwise.
func checkDevice(advs []*advisory.Advisory, opts advisory.CoverageOptions, dev advisory.Device, cves []string, failOn string, stdout, stderr io.Writer) int {
	errs := cli.NewPrinter("applesec check", stderr)
	fail := func(format string, a ...any) int {
		errs.Errorf(format, a...)
		return cli.ExitUsage
	}
	cov, err := advisory.NewCoverage(advs, opts)
	if err != nil {
		return fail("%v", err)
	}
	if err := cov.Validate(dev); err != nil {
		return fail("%v", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	code := 0
	for _, id := range cves {
		res := cov.Check(id, dev)
		if err := enc.Encode(res); err != nil {
			return fail("writing: %v", err)
		}
		switch res.Verdict {
		case advisory.Exposed, advisory.ExposedNoFix:
			if failOn != "" {
				code = 1
			}
		case advisory.Unknown:
			if failOn == "unknown" {
				code = 1
			}
		}
	}
	return code
}
