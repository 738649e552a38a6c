package cli

import (
	"io"
	"log/slog"
)

// Logger returns the one logger a command hands to the library: text
// records on w (standard error) at level Debug when verbose (-v), Warn
// otherwise, so that a quiet run still shows warnings.
func Logger(verbose bool, w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
