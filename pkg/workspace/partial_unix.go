//go:build unix

package workspace

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/collab-tools/collab/pkg/safefile"
)

// folderReader reads the files of one folder for a scan with as few system
// calls as it can: open, read to the end, close (no stat; Dir.ReadFile
// checks the few files the scan keeps). On a large folder the calls cost
// more than the scan itself.
type folderReader struct {
	f  *os.File
	fd int
}

func openFolderReader(root *os.Root, dir string) (*folderReader, error) {
	f, err := root.Open(dir)
	if err != nil {
		return nil, err
	}
	return &folderReader{f: f, fd: int(f.Fd())}, nil
}

// peek reads the file name of the folder into buf. whole is false when
// the file could not be read to its end within buf (an error, a symbolic
// link, not a regular file, larger than buf): the caller then reads it
// with the checks of a load.
func (r *folderReader) peek(name string, buf []byte) (n int, whole bool) {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = unix.Openat(r.fd, name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		return 0, false
	}
	defer unix.Close(fd)
	for n < len(buf) {
		var k int
		err := retryEINTR(func() (err error) {
			k, err = unix.Read(fd, buf[n:])
			return err
		})
		if err != nil {
			return n, false
		}
		if k == 0 {
			return n, true
		}
		n += k
	}
	return n, false
}

// stat is the Stat of the regular file name of the folder, as a load takes
// it (one fstatat, not following a symbolic link); ok is false for anything
// else.
func (r *folderReader) stat(name string) (st safefile.Stat, ok bool) {
	var s unix.Stat_t
	if retryEINTR(func() error { return unix.Fstatat(r.fd, name, &s, unix.AT_SYMLINK_NOFOLLOW) }) != nil || s.Mode&unix.S_IFMT != unix.S_IFREG {
		return st, false
	}
	return safefile.Stat{Size: int64(s.Size), MtimeNs: s.Mtim.Nano(), CtimeNs: s.Ctim.Nano(), Ino: uint64(s.Ino), Dev: uint64(s.Dev)}, true
}

func (r *folderReader) Close() error { return r.f.Close() }

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
