package export

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"time"
)

// WriteCSAF writes the documents of CSAF(in) under dir, each in the folder of
// its initial release year with the file name CSAF prescribes for its
// tracking ID ("2026/apple-126604.json"), as a CSAF provider lays them out.
// It returns the paths written, in document order. Files are replaced
// atomically; a failure leaves earlier files in place and names the file.
// When CSAF leaves advisories out, the others are written and its error is
// returned with the paths.
func WriteCSAF(ctx context.Context, dir string, in Input) (files []string, err error) {
	docs, partial := CSAF(in)
	if docs == nil && partial != nil {
		return nil, partial
	}
	for _, d := range docs {
		year := "unknown"
		if t, err := time.Parse(time.RFC3339, d.Document.Tracking.InitialReleaseDate); err == nil {
			year = strconv.Itoa(t.Year())
		}
		path := filepath.Join(dir, year, csafFileName(d.Document.Tracking.ID))
		if err := writeJSONFile(ctx, path, d); err != nil {
			return files, errors.Join(err, partial)
		}
		files = append(files, path)
	}
	return files, partial
}
