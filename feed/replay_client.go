package feed

import (
	"log/slog"
	"net/http"
)

// NewReplayClient returns a Client that serves every request from a
// directory of captures (see Replay) instead of the network, with no rate
// limit (no server needs sparing) and no retries (a file does not fail
// transiently): the client of an offline run.
func NewReplayClient(dir string, logger *slog.Logger) (*Client, error) {
	return NewClient(Config{
		HTTPClient:  &http.Client{Transport: NewReplay(dir)},
		Logger:      logger,
		DefaultRate: RateLimit{Unlimited: true},
		Retries:     -1,
	})
}
