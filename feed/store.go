package feed

import (
	"context"
	"fmt"
	"sync"
)

// Store persists the aggregator's State between runs.
type Store interface {
	// Load returns the last State saved; the zero State, and no error, when
	// nothing was saved yet.
	Load(ctx context.Context) (State, error)
	// Save records s. A State whose Version is 0 is saved with StateVersion;
	// one newer than StateVersion is refused with ErrStateVersion.
	Save(ctx context.Context, s State) error
}

// MemoryStore is a Store in memory, for tests and one-shot runs. The zero
// value is ready and empty. It keeps and returns deep copies, so neither side
// can change the other's State. It is safe for concurrent use.
type MemoryStore struct {
	mu sync.Mutex
	s  State
}

var _ Store = (*MemoryStore)(nil)

// Load returns a copy of the last State saved, or the zero State.
func (m *MemoryStore) Load(ctx context.Context) (State, error) {
	if err := ctx.Err(); err != nil {
		return State{}, fmt.Errorf("feed: loading state: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.s.Clone(), nil
}

// Save keeps a copy of s.
func (m *MemoryStore) Save(ctx context.Context, s State) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("feed: saving state: %w", err)
	}
	s, err := versioned(s)
	if err != nil {
		return err
	}
	c := s.Clone()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.s = c
	return nil
}

// versioned returns s with Version set to StateVersion when it is 0, or an
// error wrapping ErrStateVersion when it is one this package cannot write.
func versioned(s State) (State, error) {
	switch {
	case s.Version == 0:
		s.Version = StateVersion
	case s.Version < 0 || s.Version > StateVersion:
		return State{}, fmt.Errorf("feed: saving state: %w %d (this library writes %d)", ErrStateVersion, s.Version, StateVersion)
	}
	return s, nil
}
