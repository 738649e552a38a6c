package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/applesec/applesec/advisory"
	"github.com/applesec/applesec/version"
)

// LoadAdvisories parses the advisory pages and mails named by paths (files
// or directories, as advisory.LoadFiles reads them) and notes on errs each
// file skipped, such as an index page.
func LoadAdvisories(paths []string, errs *Printer) ([]*advisory.Advisory, error) {
	advs, skipped, err := advisory.LoadFiles(context.Background(), paths...)
	for _, s := range skipped {
		errs.Errorf("%s skipped: %s", s.Path, s.Reason)
	}
	return advs, err
}

// LoadPMV reads an Apple software lookup response (gdmf pmv JSON) from a
// file; an error names the file.
func LoadPMV(path string) (*version.PMV, error) {
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
