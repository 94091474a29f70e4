package change

import (
	"os"
	"runtime/debug"

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
	oldLimit := debug.SetMemoryLimit(gcBase + gcPerIndexByte*size)
	oldPercent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
