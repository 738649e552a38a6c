//go:build race

package feed

// raceEnabled tells tests that the race detector slows everything down.
const raceEnabled = true
