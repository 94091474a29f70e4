//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// running tells whether the process pid exists.
func running(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM), err == nil || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ESRCH)
}
