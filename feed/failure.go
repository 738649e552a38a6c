package feed

import (
	"strconv"
	"strings"
	"time"
)

// failure is what State keeps of a document that keeps failing, under a
// key of its source's choosing: how many times in a row, and when to try
// again ("3 2026-04-01T04:00:00Z").
type failure struct {
	count int
	next  time.Time
}

// readFailure returns the failure record kept under key, if any.
func readFailure(env *PollEnv, key string) (failure, bool) {
	v, ok := env.Remembered(key)
	if !ok {
		return failure{}, false
	}
	n, t, _ := strings.Cut(v, " ")
	var f failure
	f.count, _ = strconv.Atoi(n)
	f.next, _ = time.Parse(time.RFC3339, t)
	return f, true
}

// waiting reports whether the document whose failure record is under key
// must not be fetched yet.
func waiting(env *PollEnv, key string) bool {
	f, ok := readFailure(env, key)
	return ok && env.Now.Before(f.next)
}

// recordFailure counts one more failure under key and sets the next try:
// FailureBackoff after the first failure in a row, doubled after each
// further one, at most limit.
func recordFailure(env *PollEnv, key string, limit time.Duration) {
	f, _ := readFailure(env, key)
	f.count++
	wait := doubled(f.count-1, FailureBackoff, limit)
	env.Remember(key, strconv.Itoa(f.count)+" "+env.Now.Add(wait).UTC().Format(time.RFC3339))
}
