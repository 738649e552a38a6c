package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/cli"
)

func init() {
	commands["sync"] = command{
		summary:  "bring the local database up to date from Apple's sources",
		runStdin: runSync,
	}
}

// syncFlags are the flags of sync; parseSync reads them.
type syncFlags struct {
	db      string
	json    bool
	timeout time.Duration
	opts    applesec.SyncOptions
}

// parseSync reads sync's command line; ok is false when the command should
// return code (help, or a usage error already printed).
func parseSync(args []string, stdout, stderr io.Writer) (f syncFlags, code int, ok bool) {
	fs := cli.NewFlagSet("applesec sync",
		"applesec sync [-db PATH] [-base URL] [-offline [DIR]] [-archives] [-recheck DURATION] [-kev URL] [-json]",
		`Brings the local database up to date from Apple's security releases index and
advisory pages, Apple's software lookup feed (Background Security Improvements),
CISA's KEV catalog and, when named, a mailing list and news feeds. Every
document is stored as soon as it is read: Ctrl-C, a timeout or a crash keeps
what was done and the next run resumes. Every request is conditional: an
unchanged re-sync transfers no body. On a terminal a progress bar shows the
documents done, the rate and the time left.

Exit status: 0 every source read; 3 partial (a source failed, or the run was
stopped: the rest is stored); 1 nothing could be read or stored; 2 usage.`, stdout, stderr)
	fs.StringVar(&f.db, "db", "", "database directory (default: applesec/db in the user cache directory; applesec/db-offline with -offline)")
	fs.StringVar(&f.opts.BaseURL, "base", feed.DefaultAppleBaseURL, "Apple support site, or a mirror serving its paths")
	offline := fs.Bool("offline", false, "replay the snapshot directory DIR (default "+applesec.DefaultSnapshot+") instead of the network")
	fs.BoolVar(&f.opts.Archives, "archives", false, "also crawl the older years' archive pages: the whole history, hundreds of pages")
	recheck := fs.Duration("recheck", feed.DefaultRecheckInterval, "re-check older pages last checked longer ago than this; 0 re-checks every known page now")
	kev := fs.String("kev", feed.DefaultKEVURL, "CISA KEV catalog URL; empty to skip")
	gdmf := fs.String("gdmf", feed.DefaultGDMFURL, "Apple software lookup (pmv) URL, for Background Security Improvements; empty to skip")
	rootCA := fs.String("apple-root-ca", "", "certificate file (PEM or DER) to trust for the pmv feed besides the embedded Apple Root CA")
	fs.StringVar(&f.opts.MailURL, "mail", "", "mailing-list feed announcing APPLE-SA mails (e.g. "+feed.DefaultMailListURL+"); empty to skip")
	var news cli.Strings
	fs.Var(&news, "news", "news feed URL (RSS, Atom or JSON Feed); repeatable")
	fs.BoolVar(&f.json, "json", false, "print the summary as one JSON object")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Hour, "stop after this long, keeping what was stored")
	verbose := fs.Bool("v", false, "debug logs on standard error")
	// The snapshot directory may sit among the flags ("-offline DIR -db X"):
	// parse again after each positional argument.
	var rest []string
	for {
		if code, ok := fs.Parse(args); !ok {
			return f, code, false
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	f.opts.NewsURLs = news
	f.opts.Logger = cli.Logger(*verbose, stderr)
	f.opts.KEVURL, f.opts.GDMFURL = orSkip(*kev), orSkip(*gdmf)
	if *recheck < 0 {
		return f, fs.UsageError("-recheck must not be negative"), false
	}
	f.opts.Recheck, f.opts.RecheckNow = *recheck, *recheck == 0
	switch {
	case len(rest) > 1 || (len(rest) == 1 && !*offline):
		return f, fs.UsageError("unexpected argument %q (a snapshot directory goes with -offline)", rest[0]), false
	case len(rest) == 1:
		f.opts.Offline = rest[0]
	case *offline:
		f.opts.Offline = applesec.DefaultSnapshot
	}
	if u, err := url.Parse(f.opts.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return f, fs.UsageError("-base %q is not an http or https URL", feed.RedactURL(f.opts.BaseURL)), false
	}
	if f.opts.Offline != "" {
		if fi, err := os.Stat(f.opts.Offline); err != nil || !fi.IsDir() {
			return f, fs.UsageError("offline snapshot directory %q not found: run from the repository root, or name the directory", f.opts.Offline), false
		}
	}
	if *rootCA != "" {
		pem, err := os.ReadFile(*rootCA)
		if err != nil {
			return f, fs.UsageError("-apple-root-ca: %v", err), false
		}
		f.opts.AppleRootCA = pem
	}
	return f, cli.ExitOK, true
}

// maxMissingShown caps the warnings about pages missing from the database.
const maxMissingShown = 10

// orSkip maps an empty URL flag to "-", which SyncOptions reads as "leave
// this source out".
func orSkip(u string) string {
	if u == "" {
		return "-"
	}
	return u
}

// runSync fills or refreshes the database: the first run crawls Apple's
// history politely, later runs fetch only what changed.
func runSync(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	f, code, ok := parseSync(args, stdout, stderr)
	if !ok {
		return code
	}
	errs := cli.NewPrinter("applesec sync", stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()

	path, err := applesec.DBPath(f.db, f.opts.Offline != "")
	if err != nil {
		errs.Error(err)
		return cli.ExitFailure
	}
	db, err := applesec.Open(ctx, path)
	if err != nil {
		errs.Error(err)
		return cli.ExitFailure
	}
	bar := newProgress(stderr)
	f.opts.Progress = bar.update
	rep, runErr := db.Sync(ctx, f.opts)
	bar.finish()
	closeErr := db.Close()
	for _, p := range rep.Problems {
		errs.Errorf("warning: %s: %s", feed.RedactURL(p.URL), p.Reason)
	}
	for _, s := range rep.Failures {
		errs.Errorf("source %s failed: %s", s.Source, s.Error)
	}
	for i, m := range rep.Missing {
		if i == maxMissingShown {
			errs.Errorf("warning: %d more pages listed by the index are not in the database", len(rep.Missing)-i)
			break
		}
		errs.Errorf("warning: %s: %s", feed.RedactURL(m.URL), m.Reason)
	}
	if err := printSyncSummary(stdout, rep, db.Path(), f.json); err != nil {
		errs.Error(err)
		return cli.ExitFailure
	}
	status := cli.RunStatus(errors.Join(runErr, closeErr), len(rep.Sources))
	switch {
	case rep.Interrupted:
		errs.Errorf("stopped (%v): what was read is stored; run applesec sync again to finish", context.Cause(ctx))
	case status == cli.ExitFailure && (len(rep.Sources) == 0 || len(rep.Failures) < len(rep.Sources)):
		// Not (only) failed sources, which are named above: say what.
		errs.Error(errors.Join(runErr, closeErr))
	case status == cli.ExitOK && (len(rep.Problems) > 0 || len(rep.Missing) > 0):
		// Every source was read, but the database lacks pages: partial.
		status = cli.ExitPartial
	}
	return status
}

// printSyncSummary writes the closing summary of a sync.
func printSyncSummary(w io.Writer, rep applesec.SyncReport, path string, asJSON bool) error {
	if asJSON {
		out := struct {
			DB string `json:"db"`
			applesec.SyncReport
		}{path, rep}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	_, err := fmt.Fprintf(w, `Database %s
  advisories: %d new, %d updated; entries added: %d
  disagreements between sources: %d
  documents stored: %d; requests: %d (%d unchanged), %s of bodies
  problems: %d; pages listed but not stored: %d; sources failed: %d
`, path, rep.NewAdvisories, rep.UpdatedAdvisories, rep.EntriesAdded, len(rep.Disagreements),
		rep.Documents, rep.Stats.Requests, rep.Stats.NotModified, byteSize(rep.Stats.Bytes),
		len(rep.Problems), len(rep.Missing), len(rep.Failures))
	if err != nil {
		return err
	}
	for _, d := range rep.Disagreements {
		var vals []string
		for _, v := range d.Values {
			vals = append(vals, fmt.Sprintf("%s says %q", v.Source, v.Value))
		}
		if _, err := fmt.Fprintf(w, "  disagreement on %s of %s: %s\n", d.Field, d.Key, strings.Join(vals, "; ")); err != nil {
			return err
		}
	}
	return nil
}

// byteSize writes a byte count for a person.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
