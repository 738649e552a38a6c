// Package fsutil holds the file-system primitives that the feed's state
// store and the database share: an exclusive lock file held by one writer
// (flock(2) where the system has it) and a directory sync that makes a
// rename durable.
package fsutil
