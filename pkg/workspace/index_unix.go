//go:build unix

package workspace

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// fileIdentity is the size, modification and change times, device and
// inode of the file at path, for buildKey; "" when it cannot be stat'ed.
// x/sys/unix names the times alike on every unix (syscall does not).
func fileIdentity(path string) string {
	var st unix.Stat_t
	if unix.Stat(path, &st) != nil {
		return ""
	}
	return fmt.Sprintf("%d %d %d:%d:%d", st.Size, st.Mtim.Nano(), st.Dev, st.Ino, st.Ctim.Nano())
}
