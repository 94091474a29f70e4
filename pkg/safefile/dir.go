package safefile

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// SizeError is returned when a file is over the size limit of a read.
type SizeError struct {
	Path      string
	Size, Max int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s: file is %d bytes, over the %d byte limit", e.Path, e.Size, e.Max)
}

// Dir is a folder inside a root, opened once so that the files in it are
// read by name with one open each: no walk of the path from the root and no
// separate Lstat per file. Reads refuse symbolic links and anything that is
// not a regular file on the opened file itself, so the file checked is the
// file read. A Dir may be read from concurrently.
type Dir struct {
	dir string // slash path relative to the root; "." for the root itself
	sys dirSys
}

// OpenDir opens the folder dir (slash-separated, relative to root) through
// root, which refuses a path that leads outside it.
func OpenDir(root *os.Root, dir string) (*Dir, error) {
	dir = path.Clean(dir)
	s, err := openDirSys(root, dir)
	if err != nil {
		return nil, err
	}
	return &Dir{dir: dir, sys: s}, nil
}

// Path is the path of name in d, relative to the root.
func (d *Dir) Path(name string) string {
	if d.dir == "." {
		return name
	}
	return d.dir + "/" + name
}

// Names lists the names of the entries of d, sorted, without reading the
// entries themselves.
func (d *Dir) Names() ([]string, error) {
	names, err := d.sys.names()
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// ReadFile reads the file name (a single path element) in d, refusing
// symbolic links, anything but a regular file, and files over max bytes
// (when max > 0).
func (d *Dir) ReadFile(name string, max int64) ([]byte, error) {
	data, _, _, err := d.ReadFileUnless(name, max, nil)
	return data, err
}

// Stat identifies one version of a file as git's index does: size,
// modification and change times in nanoseconds, inode and device. A file
// whose Stat is unchanged is taken as unchanged; users must not trust a
// Stat whose modification time is close to the moment they recorded it
// (a "racily clean" file: see workspace's cache).
type Stat struct {
	Size, MtimeNs, CtimeNs int64
	Ino, Dev               uint64
}

// ReadFileUnless reads name as ReadFile does, but first asks skip about the
// file's Stat (where it can, from a stat of the entry without opening it,
// then from the fstat of the opened file: skip may be called twice): when
// skip returns true the file is not read and data is nil. st is nil, and
// skip is not called, where the system gives no complete Stat.
func (d *Dir) ReadFileUnless(name string, max int64, skip func(Stat) bool) (data []byte, st *Stat, skipped bool, err error) {
	rel := d.Path(name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
		return nil, nil, false, &fs.PathError{Op: "open", Path: rel, Err: fs.ErrInvalid}
	}
	return d.sys.readFile(name, rel, max, skip)
}

// Close closes the folder.
func (d *Dir) Close() error { return d.sys.close() }
