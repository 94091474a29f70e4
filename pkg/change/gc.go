package change

import (
	"os"
	"runtime/debug"
	"sync"

	"github.com/collab-tools/collab/pkg/workspace"
)

// A write from the workspace index allocates a few times what it keeps
// (at 20,000 files about 150 MiB in all, 70 MiB live) and then exits: the
// garbage collector's default pacing spends about a fifth of its CPU
// freeing memory the exit would free anyway. So while a write whose
// index was written by this build runs, the collector waits for a soft
// memory limit instead of the usual doubling of the live heap. The limit
// grows with the workspace, measured by its index file; a load that parses
// every file (no index, or one of another build) keeps the usual pacing.

// gcBase and gcPerIndexByte make the soft memory limit of a write:
// gcBase plus gcPerIndexByte per byte of the workspace index (a warm write
// at 20,000 files: a 3 MiB index, a 750 MiB limit, a peak of 160 MiB).
const (
	gcBase         = 256 << 20
	gcPerIndexByte = 160
)

// gcState counts the writes running in this process (tests run several
// at once): the first sets the collector, the last puts it back.
var gcState struct {
	sync.Mutex
	writes         int
	limit, percent int64
}

// gcForWrite sets the collector for a write in the workspace at root and
// returns what puts it back. Without an index of this build, or with
// GOGC or GOMEMLIMIT set, it changes nothing.
func gcForWrite(root string) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	size := workspace.IndexSize(root)
	if size == 0 {
		return func() {}
	}
	gcState.Lock()
	defer gcState.Unlock()
	if gcState.writes == 0 {
		gcState.limit = debug.SetMemoryLimit(gcBase + gcPerIndexByte*size)
		gcState.percent = int64(debug.SetGCPercent(-1))
	}
	gcState.writes++
	return func() {
		gcState.Lock()
		defer gcState.Unlock()
		if gcState.writes--; gcState.writes == 0 {
			debug.SetGCPercent(int(gcState.percent))
			debug.SetMemoryLimit(gcState.limit)
		}
	}
}
