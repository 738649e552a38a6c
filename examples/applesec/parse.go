package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/applesec/applesec/advisory"
)

func init() {
	commands["parse"] = command{
		summary: "parse advisory pages, index pages and APPLE-SA mails to JSON",
		run:     runParse,
	}
}

// runParse detects the format of each file, parses it, and prints one JSON
// array with a document per file that parsed. A file that fails is reported
// on stderr by name and makes the exit status 1; the others are still
// printed. With no file it prints its usage and returns 2.
func runParse(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: applesec parse FILE...")
		fmt.Fprintln(stderr, "  Detects whether each FILE is an index page, an advisory page or an APPLE-SA")
		fmt.Fprintln(stderr, "  mail, and prints one JSON array with a document per file.")
		return 2
	}
	status := 0
	docs := []advisory.Document{}
	for _, path := range args {
		doc, err := parseDocumentFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "applesec parse: %s: %v\n", path, err)
			status = 1
			continue
		}
		docs = append(docs, doc)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(docs); err != nil {
		fmt.Fprintf(stderr, "applesec parse: writing JSON: %v\n", err)
		return 1
	}
	return status
}

// parseDocumentFile parses one file; its path is the document URL.
func parseDocumentFile(path string) (advisory.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return advisory.Parse(f, path)
}
