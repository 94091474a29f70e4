//go:build !linux

package gitstore

// lockHolder cannot tell here which process has a file open.
func lockHolder(string) (pid int, known bool) { return 0, false }
