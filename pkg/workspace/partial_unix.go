//go:build unix

package workspace

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/collab-tools/collab/pkg/safefile"
)

// folderReader stats the files of one folder for a scan against their
// index entries with one fstatat each on the folder's own descriptor:
// safefile.Dir goes through the descriptor's reference counting on every
// call, which the scan's goroutines contend for. On a large folder the
// calls cost more than the scan itself.
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

// names lists the folder, in no order.
func (r *folderReader) names() ([]string, error) { return r.f.Readdirnames(-1) }

func (r *folderReader) Close() error { return r.f.Close() }

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
