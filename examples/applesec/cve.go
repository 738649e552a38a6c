package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/cli"
	"github.com/applesec/applesec/store"
)

func init() {
	commands["cve"] = command{summary: "what the local database knows about CVEs", run: runCVE}
}

// runCVE implements "applesec cve [-db PATH] [-json] CVE-ID...": where each
// CVE is fixed and mentioned, its KEV date and the news naming it. Exit 2 for
// a malformed ID, 1 when the database is missing, empty or unreadable; an ID
// found nowhere is answered (no fix) with a note on stderr.
func runCVE(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("applesec cve", "applesec cve [-db PATH] [-json] CVE-ID...",
		`Prints what the local database knows about each CVE: the advisories that fix
it, those that only mention it, when CISA's KEV catalog added it, and the news
that names it. Exit status: 0; 1 when the database is missing, empty or
unreadable; 2 for a malformed CVE ID.`, stdout, stderr)
	dbPath := fs.String("db", "", "database directory (default: applesec/db in the user cache directory)")
	asJSON := fs.Bool("json", false, "print JSON: one object per CVE, an array when several")
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return fs.UsageError("no CVE ID given")
	}
	for _, id := range fs.Args() {
		if _, err := store.NormalizeCVE(id); err != nil {
			cli.NewPrinter("applesec cve", stderr).Errorf("%q is not a CVE ID (want CVE-YYYY-NNNN)", id)
			return cli.ExitUsage
		}
	}
	db, code := cli.OpenDB(*dbPath, cli.NewPrinter("applesec cve", stderr))
	if db == nil {
		return code
	}
	defer db.Close()

	answers := make([]store.CVEAnswer, 0, fs.NArg())
	for _, id := range fs.Args() {
		ans, err := db.CVE(id)
		if err != nil {
			fmt.Fprintf(stderr, "applesec cve: %v\n", err)
			if errors.Is(err, store.ErrInvalidCVE) {
				return 2
			}
			return 1
		}
		if len(ans.FixedIn) == 0 && len(ans.MentionedIn) == 0 {
			fmt.Fprintf(stderr, "applesec cve: %s is in no advisory of %s\n", ans.CVE, db.Path())
		}
		answers = append(answers, ans)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var v any = answers
		if len(answers) == 1 {
			v = answers[0]
		}
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(stderr, "applesec cve: writing: %v\n", err)
			return 1
		}
		return 0
	}
	for i, ans := range answers {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeCVEText(stdout, ans)
	}
	return 0
}

// writeCVEText prints an answer for a person.
func writeCVEText(w io.Writer, ans store.CVEAnswer) {
	fmt.Fprintln(w, ans.CVE)
	hits := func(label string, hs []store.CVEHit) {
		if len(hs) == 0 {
			fmt.Fprintf(w, "  %s: none\n", label)
			return
		}
		fmt.Fprintf(w, "  %s:\n", label)
		for _, h := range hs {
			line := fmt.Sprintf("    %s  %s  [%s]", h.Released, h.Title, h.Component)
			if rs := releaseNames(h.Releases); rs != "" {
				line += "  " + rs
			}
			if h.Exploited {
				line += "  EXPLOITED"
			}
			fmt.Fprintln(w, line)
			fmt.Fprintf(w, "      %s\n", h.URL)
		}
	}
	hits("fixed in", ans.FixedIn)
	if len(ans.MentionedIn) > 0 {
		hits("mentioned in", ans.MentionedIn)
	}
	if ans.KEVAdded.IsZero() {
		fmt.Fprintln(w, "  CISA KEV: not listed")
	} else {
		fmt.Fprintf(w, "  CISA KEV: added %s\n", ans.KEVAdded)
	}
	if len(ans.News) > 0 {
		fmt.Fprintln(w, "  news:")
		for _, n := range ans.News {
			date := "undated"
			if !n.Published.IsZero() {
				date = n.Published.UTC().Format("2006-01-02")
			}
			fmt.Fprintf(w, "    %s  %s (%s)\n      %s\n", date, n.Title, n.Source, n.Link)
		}
	}
}

// releaseNames joins releases as Apple writes them: "iOS 26.3.1 (a), macOS 26.4".
func releaseNames(rs []advisory.ProductVersion) string {
	names := make([]string, 0, len(rs))
	for _, r := range rs {
		names = append(names, r.Name())
	}
	return strings.Join(names, ", ")
}
