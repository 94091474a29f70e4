//go:build unix

package workspace

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileID is the device and inode of a file, for buildKey.
func fileID(fi fs.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d:%d", st.Dev, st.Ino, st.Ctim.Nano())
	}
	return ""
}
