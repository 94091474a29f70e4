//go:build !linux && !darwin && !freebsd && !netbsd

package gitstore

import (
	"io/fs"
	"time"
)

// statData is what git keeps in an index entry to tell a file unchanged.
// Only times are known here; git then compares the content when in doubt.
type statData struct {
	mtime, ctime       time.Time
	dev, ino, uid, gid uint32
}

func statOf(fi fs.FileInfo) statData {
	return statData{mtime: fi.ModTime(), ctime: fi.ModTime()}
}
