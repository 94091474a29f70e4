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
)

// ErrSymlink is returned when the target is a symbolic link.
var ErrSymlink = errors.New("is a symbolic link, which collab does not follow; replace it with a regular file")

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
	tmp := path.Join(dir, "."+path.Base(rel)+".tmp-"+hex.EncodeToString(rnd[:]))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		root.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		root.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		root.Remove(tmp)
		return err
	}
	if err := root.Rename(tmp, rel); err != nil {
		root.Remove(tmp)
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
