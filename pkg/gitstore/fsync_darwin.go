package gitstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeOut is a plain fsync, which on macOS does not flush the disk's
// cache (os.File.Sync does, with F_FULLFSYNC): git's writeout-only there.
func writeOut(f *os.File) error {
	return unix.Fsync(int(f.Fd()))
}
