// Command webkit-watch reports Apple's security fixes for one component
// (WebKit by default) as Apple publishes them. Run it every hour: the first
// run prints the component's entries of every advisory it finds; later runs
// print only what is new or changed since (new advisories, entries added to
// old pages, exploited flags newly set, Background Security Improvements
// offered or withdrawn), and nothing at all when nothing changed.
//
// Usage:
//
//	webkit-watch [flags]                  poll Apple (and CISA's KEV catalog)
//	webkit-watch -offline [DIR] [flags]   replay a snapshot (default testdata/snapshot)
//
// Every request is conditional and pages are re-checked on a schedule (see
// feed.AppleSource), so an hourly run of an unchanged site costs a few 304s.
// State is kept in the user cache directory (-state to choose); an offline
// run keeps its own state file, apart from the live one, and replays the
// snapshot as of the time in its CAPTURED file, when it has one.
//
// Sources fail independently: a source that cannot be read (Apple's site,
// CISA's catalog, the mailing list, a news feed) is named on stderr with its
// error while every other source is reported and saved, and its next
// success reports what it missed. SIGINT, SIGTERM and -timeout stop the run
// cleanly: what was read so far is reported and saved, and the next run
// resumes. -recheck 0 re-checks every known page now (still with
// conditional requests), for when Apple is known to have edited old pages.
//
// Exit status: 0 every source was read; 3 some failed (or the run was
// stopped) and the rest was reported; 1 nothing could be read; 2 usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/applesec/applesec"
	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/feed"
	"github.com/applesec/applesec/internal/cli"
)

// defaultSnapshot is the snapshot -offline replays when given no directory,
// relative to the working directory (the repository root).
const defaultSnapshot = applesec.DefaultSnapshot

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	base      string
	state     string
	offline   bool
	dir       string
	component string
	json      bool
	archives  bool
	kev       string
	gdmf      string
	rootCA    string
	mail      string
	news      []string
	timeout   time.Duration
	recheck   time.Duration
	db        string
	noDB      bool
	verbose   bool
}

// reported is an error already written to stderr.
type reported struct{ error }

// Unwrap returns the flag set's error.
func (r reported) Unwrap() error { return r.error }

// parseArgs reads the flags; the one positional argument, DIR, is allowed
// only with -offline and may sit among the flags.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	var news cli.Strings
	fs := flag.NewFlagSet("webkit-watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.base, "base", feed.DefaultAppleBaseURL, "Apple support site, or a mirror serving its paths")
	fs.StringVar(&o.state, "state", "", "state file (default: state.json in the user cache directory's applesec folder; state-offline.json with -offline)")
	fs.BoolVar(&o.offline, "offline", false, "replay the snapshot directory DIR (default "+defaultSnapshot+") instead of the network")
	fs.StringVar(&o.component, "component", "WebKit", "component to report; sub-areas match (WebKit finds \"WebKit Canvas\")")
	fs.BoolVar(&o.json, "json", false, "print one JSON event per line")
	fs.BoolVar(&o.archives, "archives", false, "also crawl the older years' archive pages (a first run then reads hundreds of pages)")
	fs.StringVar(&o.kev, "kev", feed.DefaultKEVURL, "CISA KEV catalog URL; empty to skip")
	fs.StringVar(&o.gdmf, "gdmf", feed.DefaultGDMFURL, "Apple software lookup (pmv) URL, for Background Security Improvements; empty to skip")
	fs.StringVar(&o.rootCA, "apple-root-ca", "", "certificate file (PEM or DER) to trust for gdmf.apple.com besides the embedded Apple Root CA")
	fs.StringVar(&o.db, "db", "", "database to record every document read into, as applesec sync does (default: applesec/db in the user cache directory; applesec/db-offline with -offline)")
	fs.BoolVar(&o.noDB, "no-db", false, "do not record into the database")
	fs.BoolVar(&o.verbose, "v", false, "debug logs on standard error (every request, retry and source)")
	fs.StringVar(&o.mail, "mail", "", "mailing-list feed announcing APPLE-SA mails (e.g. "+feed.DefaultMailListURL+"); empty to skip")
	fs.Var(&news, "news", "news feed URL (RSS, Atom or JSON Feed); repeatable")
	fs.DurationVar(&o.timeout, "timeout", time.Hour, "stop after this long, saving what was read (the next run resumes)")
	fs.DurationVar(&o.recheck, "recheck", feed.DefaultRecheckInterval, "re-check an older page when its last check is older than this; 0 re-checks every known page now")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: webkit-watch [-offline [DIR]] [flags]")
		fs.PrintDefaults()
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			// The flag set has printed the error and the usage.
			return o, reported{err}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	o.news = news
	switch {
	case o.component == "":
		return o, errors.New("webkit-watch: -component must name a component (e.g. WebKit)")
	case o.recheck < 0:
		return o, fmt.Errorf("webkit-watch: -recheck %v is negative", o.recheck)
	case o.timeout <= 0:
		return o, fmt.Errorf("webkit-watch: -timeout %v must be positive", o.timeout)
	case len(positional) > 1:
		return o, fmt.Errorf("webkit-watch: one snapshot directory at most, got %q", positional)
	case len(positional) == 1 && !o.offline:
		return o, fmt.Errorf("webkit-watch: unexpected argument %q (a snapshot directory goes with -offline)", positional[0])
	case len(positional) == 1:
		o.dir = positional[0]
	case o.offline:
		o.dir = defaultSnapshot
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return cli.ExitOK
	}
	var r reported
	if errors.As(err, &r) {
		return cli.ExitUsage
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return cli.ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	code, err := watch(ctx, o, stdout, stderr)
	if err != nil {
		cli.NewPrinter("webkit-watch", stderr).Error(err)
	}
	return code
}

// saveTimeout bounds the save of the state after a run that was stopped.
const saveTimeout = 30 * time.Second

// watch runs one poll: load the state, run the aggregator, print the events
// of the component, save the state. Each source that failed is named on
// stderr; the returned error is one that kept the run from starting or
// from saving.
func watch(ctx context.Context, o options, stdout, stderr io.Writer) (int, error) {
	// One logger for the client, the sources and the aggregator.
	logger := cli.Logger(o.verbose, stderr)
	opts, err := syncOptions(o, logger)
	if err != nil {
		return cli.ExitFailure, err
	}
	client, sources, err := applesec.Sources(opts)
	if err != nil {
		return cli.ExitFailure, err
	}
	path := o.state
	if path == "" {
		def, err := feed.DefaultStatePath()
		if err != nil && o.offline {
			// No cache directory (no $HOME): a replay still runs.
			def, err = filepath.Join(os.TempDir(), "applesec", "state.json"), nil
		}
		if err != nil {
			return cli.ExitFailure, err
		}
		path = def
		if o.offline {
			path = filepath.Join(filepath.Dir(def), "state-offline.json")
		}
	}
	store, err := feed.OpenFileStore(ctx, path, feed.FileStoreConfig{})
	if errors.Is(err, feed.ErrLocked) {
		return cli.ExitFailure, fmt.Errorf("another run holds the state file (%w)", err)
	}
	if err != nil {
		return cli.ExitFailure, err
	}
	defer store.Close()
	prev, err := store.Load(ctx)
	if err != nil {
		return cli.ExitFailure, err
	}
	cfg := feed.AggregatorConfig{
		Fetcher:  client,
		Sources:  sources,
		Progress: progressLine(stderr),
		Logger:   logger,
	}
	if o.offline {
		// A snapshot is replayed as of its capture, so dates in it (a BSI's
		// expiration, what counts as a recent page) read as they did then.
		at, ok, err := applesec.CapturedAt(o.dir)
		if err != nil {
			return cli.ExitFailure, err
		}
		if ok {
			cfg.Now = func() time.Time { return at }
		}
	}
	if db := openDB(ctx, o, stderr); db != nil {
		defer db.Close()
		cfg.Recorder = db.Recorder()
		// Pages this state knows and the database lacks are read again in
		// full, so the database gets them (nothing is reported twice).
		prev = db.Unstored(prev, sources)
	}
	agg, err := feed.NewAggregator(cfg)
	if err != nil {
		return cli.ExitFailure, err
	}
	events, next, runErr := agg.Run(ctx, prev)
	code := cli.RunStatus(runErr, len(sources))
	for _, se := range feed.SourceErrors(runErr) {
		fmt.Fprintf(stderr, "webkit-watch: source %s failed: %v\n", se.Source, se.Err)
	}
	if runErr != nil && ctx.Err() != nil {
		why := "interrupted"
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			why = fmt.Sprintf("stopped after -timeout %v", o.timeout)
		}
		fmt.Fprintf(stderr, "webkit-watch: %s: what was read is saved; the next run resumes\n", why)
	}
	if code == cli.ExitFailure && !newWaits(prev, next) {
		// Nothing could be read: nothing to report, and the state file is
		// left alone (unless a server asked for a wait to honour).
		return code, nil
	}
	for _, ev := range events {
		if ev.Kind == feed.KindProblem {
			fmt.Fprintf(stderr, "webkit-watch: warning: %s: %s\n", feed.RedactURL(ev.Key), ev.Reason)
		}
	}
	shown := feed.FilterComponent(events, o.component)
	if o.json {
		enc := json.NewEncoder(stdout)
		for _, ev := range shown {
			if ev.Kind == feed.KindProblem {
				continue
			}
			if err := enc.Encode(ev); err != nil {
				return cli.ExitFailure, err
			}
		}
	} else if err := printEvents(stdout, shown, o.component); err != nil {
		return cli.ExitFailure, err
	}
	// The State of a partial or stopped run is saved too (see
	// feed.Aggregator.Run): it holds what was read, and leaves what failed
	// as it was. A signal or the timeout may have ended ctx: save regardless.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	if err := store.Save(sctx, next); err != nil {
		return cli.ExitFailure, err
	}
	return code, nil
}

// newWaits reports whether next holds a Retry-After wait that prev lacks.
func newWaits(prev, next feed.State) bool {
	for k, v := range next.Reported {
		if strings.HasPrefix(k, "wait ") && prev.Reported[k] != v {
			return true
		}
	}
	return false
}

// syncOptions are the library's options for the sources the flags name.
func syncOptions(o options, logger *slog.Logger) (applesec.SyncOptions, error) {
	opts := applesec.SyncOptions{
		BaseURL:    o.base,
		Archives:   o.archives,
		Recheck:    o.recheck,
		RecheckNow: o.recheck == 0,
		KEVURL:     o.kev,
		MailURL:    o.mail,
		NewsURLs:   o.news,
		Logger:     logger,
	}
	if o.kev == "" {
		opts.KEVURL = "-"
	}
	opts.GDMFURL = o.gdmf
	if o.gdmf == "" {
		opts.GDMFURL = "-"
	}
	if o.offline {
		opts.Offline = o.dir
	}
	if o.rootCA != "" {
		ca, err := os.ReadFile(o.rootCA)
		if err != nil {
			return opts, err
		}
		opts.AppleRootCA = ca
	}
	return opts, nil
}

// openDB opens the database the watcher records into, or returns nil with a
// warning on stderr when it cannot (another process writes it): the watch
// goes on, and a later sync reads what this run did not record.
func openDB(ctx context.Context, o options, stderr io.Writer) *applesec.DB {
	if o.noDB {
		return nil
	}
	path, err := applesec.DBPath(o.db, o.offline)
	if err != nil {
		fmt.Fprintf(stderr, "webkit-watch: warning: %v; not recording into the database\n", err)
		return nil
	}
	db, err := applesec.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "webkit-watch: warning: not recording into the database: %v\n", err)
		return nil
	}
	return db
}

// progressLine returns a progress callback drawing one line on stderr when
// stderr is a terminal, and nil (no progress) otherwise.
func progressLine(stderr io.Writer) func(feed.Progress) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(p feed.Progress) {
		if p.Final {
			fmt.Fprint(f, "\r\033[K")
			return
		}
		fmt.Fprintf(f, "\r\033[K%s: %d/%d documents, %d requests, %.1f MB", p.Source, p.Done, p.Total, p.Stats.Requests, float64(p.Stats.Bytes)/1e6)
	}
}

// printEvents writes the events for a person.
func printEvents(w io.Writer, events []feed.Event, component string) error {
	var b strings.Builder
	for _, ev := range events {
		switch ev.Kind {
		case feed.KindNewAdvisory:
			header(&b, "NEW", ev)
			for _, e := range ev.Advisory.Entries {
				entry(&b, "", e, ev.InKEV)
			}
		case feed.KindAdvisoryUpdated:
			header(&b, "UPDATED", ev)
			for _, e := range ev.Added {
				entry(&b, "added ", e, ev.InKEV)
			}
			for _, e := range ev.Changed {
				entry(&b, "changed ", e, ev.InKEV)
			}
			for _, k := range ev.Removed {
				fmt.Fprintf(&b, "  - removed %s\n", k)
			}
		case feed.KindExploitedNewlySet:
			header(&b, "EXPLOITED", ev)
			for _, x := range ev.Exploited {
				by := "Apple reports it may have been exploited"
				if x.By == feed.ExploitedByKEV {
					by = "added to CISA's KEV catalog on " + x.DateAdded.String()
				}
				fmt.Fprintf(&b, "  - %s: %s: %s\n", x.Component, x.ID, by)
			}
		case feed.KindNewBSI, feed.KindBSIWithdrawn:
			bsi(&b, ev)
		case feed.KindNewsItem:
			fmt.Fprintf(&b, "NEWS %s\n  %s %s\n", ev.News.Title, ev.Date, ev.News.Link)
			for _, l := range ev.Links {
				fmt.Fprintf(&b, "  about: %s %s\n", l.Advisory.Title, strings.Join(l.CVEs, ", "))
			}
		default:
			continue
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// header writes the lines naming an advisory.
func header(b *strings.Builder, tag string, ev feed.Event) {
	fmt.Fprintf(b, "%s %s\n", tag, ev.Ref.Title)
	fmt.Fprintf(b, "  released %s; fixed in %s\n", ev.Ref.Released, releases(ev.Ref.Releases))
	fmt.Fprintf(b, "  %s\n", ev.Ref.URL)
}

// entry writes one entry: component, CVE IDs, exploited, impact.
func entry(b *strings.Builder, verb string, e advisory.Entry, inKEV []string) {
	ids := make([]string, len(e.CVEs))
	kev := false
	for i, c := range e.CVEs {
		ids[i] = c.ID
		for _, k := range inKEV {
			kev = kev || k == c.ID
		}
	}
	cves := strings.Join(ids, ", ")
	if cves == "" {
		cves = "no CVE"
	}
	var flags []string
	if e.Exploited {
		flags = append(flags, "EXPLOITED per Apple")
	}
	if kev {
		flags = append(flags, "in CISA KEV")
	}
	if len(flags) == 0 {
		flags = append(flags, "not known to be exploited")
	}
	fmt.Fprintf(b, "  - %s%s: %s (%s)\n", verb, e.Component, cves, strings.Join(flags, "; "))
	if e.Impact != "" {
		fmt.Fprintf(b, "      %s\n", e.Impact)
	}
}

// bsi writes a BSI event.
func bsi(b *strings.Builder, ev feed.Event) {
	x := ev.BSI
	if ev.Kind == feed.KindNewBSI {
		fmt.Fprintf(b, "NEW BSI %s (%s) for build %s, posted %s", x.Name(), x.Build, x.PrerequisiteBuild, x.Posted)
		if !x.Expires.IsZero() {
			fmt.Fprintf(b, ", expires %s", x.Expires)
		}
		b.WriteByte('\n')
		for _, l := range ev.Links {
			fmt.Fprintf(b, "  security content: %s %s\n", l.Advisory.Title, l.Advisory.URL)
		}
		return
	}
	fmt.Fprintf(b, "BSI WITHDRAWN %s (%s): %s\n", x.Name(), x.Build, ev.Reason)
}

// releases joins release names: "iOS 26.4, iPadOS 26.4".
func releases(rs []advisory.ProductVersion) string {
	if len(rs) == 0 {
		return "(no release named)"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Name()
	}
	return strings.Join(parts, ", ")
}
