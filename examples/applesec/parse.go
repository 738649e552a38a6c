package main

import (
	"encoding/json"
	"io"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/internal/cli"
)

func init() {
	commands["parse"] = command{
		summary:  "parse advisory pages, index pages and APPLE-SA mails to JSON",
		runStdin: runParse,
	}
}

// runParse detects the format of each input, parses it, and prints one JSON
// array with a document per input that parsed. An input that fails is
// reported on stderr by name and makes the exit status 1; the others are
// still printed. "-" reads standard input. With no input it prints its usage
// and returns 2.
func runParse(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	const prog = "applesec parse"
	fs := cli.NewFlagSet(prog, "applesec parse [-v] [-url URL] FILE...",
		`Detects whether each FILE is an index page, an advisory page or an APPLE-SA
mail, and prints one JSON array with a document per file. "-" reads standard
input. A file's path is its document URL unless -url names the page it was
saved from (one FILE only).`, stdout, stderr)
	docURL := fs.String("url", "", "document URL of the single FILE (for a page saved to disk or read from stdin)")
	verbose := fs.Bool("v", false, "debug logs on standard error")
	if code, ok := fs.Parse(args); !ok {
		return code
	}
	files := fs.Args()
	switch {
	case len(files) == 0:
		return fs.UsageError("no FILE given")
	case *docURL != "" && len(files) > 1:
		return fs.UsageError("-url names the URL of one FILE, %d given", len(files))
	}
	errs := cli.NewPrinter(prog, stderr)
	log := cli.Logger(*verbose, stderr)
	status := cli.ExitOK
	docs := []advisory.Document{}
	for _, path := range files {
		url := *docURL
		if url == "" && path != cli.Stdin {
			url = path
		}
		doc, err := parseDocumentFile(path, url, stdin)
		if err != nil {
			errs.Errorf("%s: %v", cli.DisplayName(path), err)
			status = cli.ExitFailure
			continue
		}
		log.Debug("parsed", "input", cli.DisplayName(path), "url", url, "kind", documentKind(doc))
		docs = append(docs, doc)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(docs); err != nil {
		errs.Errorf("writing JSON: %v", err)
		return cli.ExitFailure
	}
	return status
}

// documentKind names what doc is, for logs.
func documentKind(doc advisory.Document) string {
	switch d := doc.(type) {
	case *advisory.Advisory:
		return d.Kind + "/" + string(d.Origin)
	case *advisory.Index:
		return d.Kind
	}
	return "unknown"
}

// parseDocumentFile parses the file path ("-" for stdin) as the document at url.
func parseDocumentFile(path, url string, stdin io.Reader) (advisory.Document, error) {
	f, err := cli.Open(path, stdin)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return advisory.Parse(f, url)
}
