//go:build darwin || freebsd || netbsd

package gitstore

import (
	"io/fs"
	"syscall"
	"time"
)

// statData is what git keeps in an index entry to tell a file unchanged.
type statData struct {
	mtime, ctime       time.Time
	dev, ino, uid, gid uint32
}

func statOf(fi fs.FileInfo) statData {
	s := statData{mtime: fi.ModTime(), ctime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.ctime = time.Unix(int64(st.Ctimespec.Sec), int64(st.Ctimespec.Nsec))
		s.dev, s.ino = uint32(st.Dev), uint32(st.Ino)
		s.uid, s.gid = st.Uid, st.Gid
	}
	return s
}
