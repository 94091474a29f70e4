// Package safefile reads and writes files inside a root directory. Writes
// are atomic: a temp file in the same folder, fsync, rename, fsync of the
// folder. All access goes through os.Root so a symlink cannot lead a read or
// write outside the root, and a symlinked target file is refused.
package safefile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrSymlink is returned when the target is a symbolic link.
var ErrSymlink = errors.New("is a symbolic link, which collab does not follow; replace it with a regular file")

// tempMark is in the name of every temp file WriteFile makes:
// .<name>.collab-tmp-<pid of the writer>-<12 hex digits>.
const tempMark = ".collab-tmp-"

// WriteFile atomically replaces rel (slash-separated, relative to root) with data.
// Missing parent folders are created. An existing file keeps its mode.
func WriteFile(root *os.Root, rel string, data []byte) error {
	perm := fs.FileMode(0o644)
	if fi, err := root.Lstat(rel); err == nil {
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: %w", rel, ErrSymlink)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", rel)
		}
		perm = fi.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir := path.Dir(rel)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(dir, fmt.Sprintf(".%s%s%d-%s", path.Base(rel), tempMark, os.Getpid(), hex.EncodeToString(rnd[:])))
	abs := filepath.Join(root.Name(), filepath.FromSlash(tmp))
	var f *os.File
	err := Create(abs, func() (err error) {
		f, err = root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		return err
	})
	if err != nil {
		return err
	}
	drop := func() { _ = Settle(abs, func() error { root.Remove(tmp); return nil }) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		drop()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		drop()
		return err
	}
	if err := f.Close(); err != nil {
		drop()
		return err
	}
	if err := Settle(abs, func() error { return root.Rename(tmp, rel) }); err != nil {
		drop()
		return err
	}
	if d, err := root.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every file system syncs folders
		d.Close()
	}
	return nil
}

// ReadFile reads rel inside root, refusing symbolic links, anything but a
// regular file, and files over max bytes (when max > 0; a *SizeError).
func ReadFile(root *os.Root, rel string, max int64) ([]byte, error) {
	return readFile(root, rel, rel, max)
}

// readFile reads name inside root; rel names it in errors.
func readFile(root *os.Root, name, rel string, max int64) ([]byte, error) {
	fi, err := root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: %w", rel, ErrSymlink)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", rel)
	}
	if max > 0 && fi.Size() > max {
		return nil, &SizeError{Path: rel, Size: fi.Size(), Max: max}
	}
	return root.ReadFile(name)
}

// RemoveStaleTemps removes the temp files WriteFile left in the folder dir
// (relative to root) when a process was killed during a write: those whose
// writer is no longer running (where that cannot be told, those not changed
// for a minute) and those of older versions, which named temp files
// .<name>.tmp-<12 hex digits>. It returns their paths. Such a file holds
// only a copy of content that was never put in place, so removing it loses
// nothing.
func RemoveStaleTemps(root *os.Root, dir string) []string {
	d, err := root.Open(dir)
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	slices.Sort(names) // report removals in a stable order
	var out []string
	for _, n := range names {
		pid, ok := tempWriter(n)
		if !ok {
			continue
		}
		p := path.Join(dir, n)
		fi, err := root.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if pid == os.Getpid() {
			continue
		}
		if pid != 0 {
			if alive, known := running(pid); alive || !known && time.Since(fi.ModTime()) < time.Minute {
				continue
			}
		} else if time.Since(fi.ModTime()) < time.Minute {
			continue
		}
		if root.Remove(p) == nil {
			out = append(out, p)
		}
	}
	return out
}

// tempWriter tells whether name is one of WriteFile's temp files and
// returns the pid of its writer (0 for the older names without one).
func tempWriter(name string) (pid int, ok bool) {
	if !strings.HasPrefix(name, ".") {
		return 0, false
	}
	hexPart := func(h string) bool {
		_, err := hex.DecodeString(h)
		return len(h) == 12 && err == nil
	}
	if i := strings.LastIndex(name, tempMark); i > 0 {
		p, h, found := strings.Cut(name[i+len(tempMark):], "-")
		n, err := strconv.Atoi(p)
		return n, found && err == nil && n > 0 && hexPart(h)
	}
	if i := strings.LastIndex(name, ".tmp-"); i > 0 && strings.HasSuffix(name[:i], ".yaml") {
		return 0, hexPart(name[i+len(".tmp-"):])
	}
	return 0, false
}
