package export

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/applesec/applesec/internal/fsutil"
)

// writeJSONFile writes v as indented JSON to path atomically: to a temporary
// file in the same directory, synced, then renamed over path, so a reader
// never sees a half-written file.
func writeJSONFile(ctx context.Context, path string, v any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("export: encoding %s: %w", path, err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := fsutil.WriteFileAtomic(path, data, 0o644, nil); err != nil {
		return fmt.Errorf("export: writing %s: %w", path, err)
	}
	return nil
}
