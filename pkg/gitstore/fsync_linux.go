package gitstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeOut has the kernel write f's dirty pages and waits for them, with
// no flush of the disk's cache: git's writeout-only on Linux.
func writeOut(f *os.File) error {
	return unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
}
