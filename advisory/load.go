package advisory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// LoadExtensions are the file name endings LoadFiles reads from a
// directory.
var LoadExtensions = []string{".txt", ".html", ".htm"}

// ErrNoDocuments means LoadFiles found no advisory among the paths given.
var ErrNoDocuments = errors.New("advisory: no advisory among the documents given")

// SkippedFile is a file LoadFiles did not take as an advisory, and why.
type SkippedFile struct {
	// Path is the file's path as found.
	Path string
	// Reason says why: an index page (it lists releases, not fixes), or the
	// parse error of a file in a directory that is no advisory.
	Reason string
}

// LoadFiles parses the advisory pages and APPLE-SA mails named by paths:
// files, and directories, of which it reads the files ending in
// LoadExtensions (not recursively, in name order). A file named explicitly
// must parse: its error is returned, naming it. Index pages, and files of a
// directory that are no advisory, are skipped and listed. The result is
// what NewCoverage takes; a database can supply the same slice. It returns
// an error wrapping ErrNoDocuments when no advisory remains, and ctx's
// error when ctx ends between files.
func LoadFiles(ctx context.Context, paths ...string) ([]*Advisory, []SkippedFile, error) {
	var out []*Advisory
	var skipped []SkippedFile
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("advisory: %w", err)
		}
		if !fi.IsDir() {
			a, err := loadFile(p)
			switch {
			case err != nil:
				return nil, nil, err
			case a == nil:
				skipped = append(skipped, SkippedFile{Path: p, Reason: "an index page, not an advisory"})
			default:
				out = append(out, a)
			}
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, nil, fmt.Errorf("advisory: %w", err)
		}
		for _, e := range entries {
			name := filepath.Join(p, e.Name())
			if e.IsDir() || !slices.Contains(LoadExtensions, strings.ToLower(filepath.Ext(name))) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			a, err := loadFile(name)
			switch {
			case err != nil:
				skipped = append(skipped, SkippedFile{Path: name, Reason: err.Error()})
			case a == nil:
				skipped = append(skipped, SkippedFile{Path: name, Reason: "an index page, not an advisory"})
			default:
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		return nil, skipped, fmt.Errorf("%w (%s)", ErrNoDocuments, strings.Join(paths, ", "))
	}
	return out, skipped, nil
}

// loadFile parses one file; nil without error for an index page.
func loadFile(path string) (*Advisory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("advisory: %w", err)
	}
	defer f.Close()
	doc, err := Parse(f, path)
	if err != nil {
		return nil, fmt.Errorf("advisory: %s: %w", path, err)
	}
	a, _ := doc.(*Advisory)
	return a, nil
}
