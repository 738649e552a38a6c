package export

import (
	"context"
	"path/filepath"
)

// WriteSOFA writes the feeds of SOFA(in) under dir as the macadmins feed
// lays them out: v1/macos_data_feed.json, v1/ios_data_feed.json and
// v2/<os>_data_feed.json for macos, ios, tvos, watchos and visionos. Every
// file is written, with an empty OSVersions list for a platform the
// advisories do not cover, so clients always find their feed. It returns the
// paths written; files are replaced atomically.
func WriteSOFA(ctx context.Context, dir string, in Input) (files []string, err error) {
	feeds, err := SOFA(in)
	if err != nil {
		return nil, err
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
			return files, err
		}
		files = append(files, f.path)
	}
	return files, nil
}
