package export

import (
	"context"
	"path/filepath"
	"strconv"
	"time"
)

// WriteCSAF writes the documents of CSAF(in) under dir, each in the folder of
// its initial release year with the file name CSAF prescribes for its
// tracking ID ("2026/apple-126604.json"), as a CSAF provider lays them out.
// It returns the paths written, in document order. Files are replaced
// atomically; a failure leaves earlier files in place and names the file.
func WriteCSAF(ctx context.Context, dir string, in Input) (files []string, err error) {
	docs, err := CSAF(in)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		year := "unknown"
		if t, err := time.Parse(time.RFC3339, d.Document.Tracking.InitialReleaseDate); err == nil {
			year = strconv.Itoa(t.Year())
		}
		path := filepath.Join(dir, year, csafFileName(d.Document.Tracking.ID))
		if err := writeJSONFile(ctx, path, d); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	return files, nil
}
