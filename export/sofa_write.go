package export

import (
	"context"
	"errors"
	"path/filepath"
)

// WriteSOFA writes the feeds of SOFA(in) under dir as the macadmins feed
// lays them out: v1/macos_data_feed.json, v1/ios_data_feed.json and
// v2/<os>_data_feed.json for macos, ios, tvos, watchos and visionos. Every
// file is written, with an empty OSVersions list for a platform the
// advisories do not cover, so clients always find their feed. It returns the
// paths written; files are replaced atomically. When SOFA leaves advisories
// out, the feeds of the others are written and its error is returned with
// the paths.
func WriteSOFA(ctx context.Context, dir string, in Input) (files []string, err error) {
	feeds, partial := SOFA(in)
	if feeds.V2 == nil {
		return nil, partial
	}
	type file struct {
		path string
		feed any
	}
	out := []file{
		{filepath.Join(dir, "v1", "macos_data_feed.json"), feeds.MacOSV1},
		{filepath.Join(dir, "v1", "ios_data_feed.json"), feeds.IOSV1},
	}
	for _, g := range sofaGroups {
		out = append(out, file{filepath.Join(dir, "v2", g.key+"_data_feed.json"), feeds.V2[g.key]})
	}
	for _, f := range out {
		if err := writeJSONFile(ctx, f.path, f.feed); err != nil {
			return files, errors.Join(err, partial)
		}
		files = append(files, f.path)
	}
	return files, partial
}
