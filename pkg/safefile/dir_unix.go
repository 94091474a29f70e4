//go:build unix

package safefile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// dirSys holds the open folder; files are opened relative to its
// descriptor with O_NOFOLLOW, which cannot leave the folder for a single
// path element that is not "..".
type dirSys struct {
	f    *os.File
	conn syscall.RawConn
}

func openDirSys(root *os.Root, dir string) (dirSys, error) {
	f, err := root.Open(dir)
	if err != nil {
		return dirSys{}, err
	}
	conn, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return dirSys{}, err
	}
	return dirSys{f: f, conn: conn}, nil
}

func (s dirSys) names() ([]string, error) { return s.f.Readdirnames(-1) }

func (s dirSys) close() error { return s.f.Close() }

func (s dirSys) readFile(name, rel string, max int64, skip func(Stat) bool) (data []byte, st *Stat, skipped bool, err error) {
	cerr := s.conn.Control(func(dirfd uintptr) {
		data, st, skipped, err = readAt(int(dirfd), name, rel, max, skip)
	})
	if cerr != nil {
		return nil, nil, false, &fs.PathError{Op: "open", Path: rel, Err: cerr}
	}
	return data, st, skipped, err
}

// readAt opens name in the folder dirfd without following a symbolic link
// (O_NONBLOCK so that a FIFO cannot block the open), checks the opened file
// with fstat, and reads it to the end unless skip (when not nil) accepts its
// Stat.
func readAt(dirfd int, name, rel string, max int64, skip func(Stat) bool) ([]byte, *Stat, bool, error) {
	if skip != nil {
		// One fstatat instead of open, fstat and close when skip accepts
		// the file (the common case of an indexed load). It names the same
		// entry the open below would, without following a link; anything
		// but a regular file goes the long way and gets its error there.
		var st unix.Stat_t
		if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			stat := &Stat{Size: int64(st.Size), MtimeNs: st.Mtim.Nano(), CtimeNs: st.Ctim.Nano(), Ino: uint64(st.Ino), Dev: uint64(st.Dev)}
			if skip(*stat) {
				return nil, stat, true, nil
			}
		}
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		// The errno for a symbolic link differs between systems (ELOOP,
		// EMLINK, EFTYPE): ask the folder what the entry is.
		var st unix.Stat_t
		if unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return nil, nil, false, fmt.Errorf("%s: %w", rel, ErrSymlink)
		}
		return nil, nil, false, &fs.PathError{Op: "open", Path: rel, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := retry(func() error { return unix.Fstat(fd, &st) }); err != nil {
		return nil, nil, false, &fs.PathError{Op: "stat", Path: rel, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, nil, false, fmt.Errorf("%s: not a regular file", rel)
	}
	stat := &Stat{Size: int64(st.Size), MtimeNs: st.Mtim.Nano(), CtimeNs: st.Ctim.Nano(), Ino: uint64(st.Ino), Dev: uint64(st.Dev)}
	if skip != nil && skip(*stat) {
		return nil, stat, true, nil
	}
	size := int64(st.Size)
	if max > 0 && size > max {
		return nil, nil, false, &SizeError{Path: rel, Size: size, Max: max}
	}
	// One byte more than the size, so that the read that meets the end
	// needs no new buffer; the file may still grow while it is read.
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = unix.Read(fd, buf[len(buf):cap(buf)])
			return err
		})
		if err != nil {
			return nil, nil, false, &fs.PathError{Op: "read", Path: rel, Err: err}
		}
		if n == 0 {
			return buf, stat, false, nil
		}
		buf = buf[:len(buf)+n]
		if max > 0 && int64(len(buf)) > max {
			return nil, nil, false, &SizeError{Path: rel, Size: int64(len(buf)), Max: max}
		}
	}
}

func retry(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
