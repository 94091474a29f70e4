//go:build linux

package gitstore

import (
	"os"
	"path/filepath"
	"strconv"
)

// lockHolder finds a process that has the file p open by reading the open
// files of every process in /proc. known is false when /proc cannot be
// read, or some process's files could not be (another user's, without
// the right to look).
func lockHolder(p string) (pid int, known bool) {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	known = true
	for _, d := range procs {
		n, err := strconv.Atoi(d.Name())
		if err != nil || n == os.Getpid() {
			continue
		}
		fdDir := filepath.Join("/proc", d.Name(), "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			if !os.IsNotExist(err) {
				known = false
			}
			continue
		}
		for _, fd := range fds {
			if t, err := os.Readlink(filepath.Join(fdDir, fd.Name())); err == nil && t == p {
				return n, true
			}
		}
	}
	return 0, known
}
