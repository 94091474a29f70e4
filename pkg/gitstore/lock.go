package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/collab-tools/collab/pkg/safefile"
)

// createLock makes the lock file p with O_CREATE|O_EXCL, as git does, and
// records it so that a signal removes it (see safefile.Interrupt).
func createLock(p string) (*os.File, error) {
	var f *os.File
	err := safefile.Create(p, func() (err error) {
		f, err = os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		return err
	})
	return f, err
}

// removeLock removes the lock file p this process made.
func removeLock(p string) {
	_ = safefile.Settle(p, func() error {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

// commitLock renames the lock file p over target, which makes it the new
// content of target and releases the lock.
func commitLock(p, target string) error {
	return safefile.Settle(p, func() error { return os.Rename(p, target) })
}

// lockState describes a lock file someone else holds: how old it is and
// whether a running process has it open.
type lockState struct {
	path   string
	age    time.Duration // -1 when the file is gone
	holder int           // pid of a process that has it open, 0 when none
	known  bool          // whether holder could be told (false: no /proc, or not allowed)
}

func inspectLock(p string) lockState {
	s := lockState{path: p, age: -1}
	if fi, err := os.Lstat(p); err == nil {
		s.age = max(time.Since(fi.ModTime()), 0)
	}
	s.holder, s.known = lockHolder(p)
	return s
}

// stale reports whether the lock looks left behind by a process that
// stopped: older than d, and no running process has it open.
func (s lockState) stale(d time.Duration) bool {
	return s.age > d && s.known && s.holder == 0
}

func (s lockState) String() string {
	if s.age < 0 {
		return s.path + " was just released"
	}
	what := fmt.Sprintf("%s exists, made %s ago", s.path, s.age.Round(time.Second))
	switch {
	case s.holder != 0:
		return fmt.Sprintf("%s and held open by process %d; wait for it to finish", what, s.holder)
	case s.known:
		what += " and no running process has it open"
	default:
		what += "; whether a process holds it cannot be told here"
	}
	msg := what + fmt.Sprintf(". If no git or collab command is running in this repository, a process that stopped left it behind: remove it with\n  rm '%s'\nthen run `git status` and try again", s.path)
	if filepath.Base(s.path) == "index.lock" {
		// A write stopped after moving the branch, before putting its
		// index in place, leaves the index one commit behind HEAD.
		msg += "; if `git status` then shows the last commit's changes staged to be undone, run `git reset -q` (it unstages, the work tree keeps every change)"
	}
	return msg
}

// busyError carries the state of the lock; it matches ErrBusy with errors.Is.
type busyError struct{ lock lockState }

func (e *busyError) Error() string { return "repository busy: " + e.lock.String() }

func (e *busyError) Is(target error) bool { return target == ErrBusy }
