package workspace

import (
	"os"
	"runtime/debug"
	"sync"
)

// A command that loads the workspace from its index keeps most of what it
// allocates (the decoded files) until it exits; a write allocates a few
// times what it keeps (at 20,000 files about 150 MiB in all, 70 MiB live).
// The garbage collector's usual pacing then spends its CPU marking memory
// that stays live or that the exit frees anyway: at 20,000 files a quarter
// of the time of `collab agree list`, a fifth of a write's. So while such
// a command runs, the collector waits for a soft memory limit instead of
// the usual growth of the live heap. The limit grows with the workspace,
// measured by its index file; a load that parses every file (no index, or
// one of another build) keeps the usual pacing, as does validate, which
// checks each file as it reads it and keeps little.

// gcBase and gcPerIndexByte make the soft memory limit: gcBase plus
// gcPerIndexByte per byte of the workspace index (a warm write at 20,000
// files: a 13 MiB index, a 776 MiB limit).
const (
	gcBase         = 256 << 20
	gcPerIndexByte = 40
)

// gcState counts the holds in this process (tests run several commands at
// once): the first sets the collector, the last release puts it back.
var gcState struct {
	sync.Mutex
	holds          int
	limit, percent int64
}

// HoldGC sets the collector for a command on the workspace at root (a
// write, or a load through its index) and returns what puts it back.
// Without an index of this build, or with GOGC or GOMEMLIMIT set, it
// changes nothing.
func HoldGC(root string) (release func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	size := IndexSize(root)
	if size == 0 {
		return func() {}
	}
	gcState.Lock()
	defer gcState.Unlock()
	if gcState.holds == 0 {
		gcState.limit = debug.SetMemoryLimit(gcBase + gcPerIndexByte*size)
		gcState.percent = int64(debug.SetGCPercent(-1))
	}
	gcState.holds++
	return func() {
		gcState.Lock()
		defer gcState.Unlock()
		if gcState.holds--; gcState.holds == 0 {
			debug.SetGCPercent(int(gcState.percent))
			debug.SetMemoryLimit(gcState.limit)
		}
	}
}
