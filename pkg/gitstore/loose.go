package gitstore

import (
	"compress/zlib"
	"crypto/sha1"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// writeObject stores an object of type t with content data as a loose
// object, as git does: zlib at core.looseCompression (else
// core.compression, else 1, git's default), written to a temporary file in
// the object's folder and linked to its name, read-only. An object already
// there is not written again. go-git's writer compresses at zlib's default
// level and hashes with collision detection, which made writing the
// folder trees of a 20,000-file workspace a visible part of a commit;
// collision detection guards reading objects from others, not hashing
// what collab itself made.
func (r *Repo) writeObject(t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	hdr := t.Bytes()
	hdr = append(hdr, ' ')
	hdr = strconv.AppendInt(hdr, int64(len(data)), 10)
	hdr = append(hdr, 0)
	d := sha1.New()
	d.Write(hdr)
	d.Write(data)
	var h plumbing.Hash
	d.Sum(h[:0])
	hex := h.String()
	dir := filepath.Join(r.commonDir, "objects", hex[:2])
	final := filepath.Join(dir, hex[2:])
	if _, err := os.Lstat(final); err == nil {
		return h, nil
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return plumbing.ZeroHash, err
	}
	f, err := os.CreateTemp(dir, "tmp_obj_")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	// One compressor per repository, reset for each object: a new one
	// allocates and clears about a megabyte of tables.
	r.zlibMu.Lock()
	defer r.zlibMu.Unlock()
	if r.zlib == nil {
		r.zlib, err = zlib.NewWriterLevel(f, r.looseCompression())
	} else {
		r.zlib.Reset(f)
	}
	zw := r.zlib
	if err == nil {
		_, err = zw.Write(hdr)
	}
	if err == nil {
		_, err = zw.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Chmod(0o444)
	}
	if err == nil {
		err = r.harden(f, fsyncLooseObject)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	// A link never replaces an object another process wrote meanwhile;
	// file systems without hard links get a rename.
	if err := os.Link(tmp, final); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.Rename(tmp, final); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return h, nil
}

// looseCompression is the zlib level of loose objects as git picks it,
// from the config read in the process; where that cannot be read for
// certain, git's default (the level changes no object, only its size).
func (r *Repo) looseCompression() int {
	cfg, err := r.loadConfig()
	if err != nil {
		return zlib.BestSpeed
	}
	for _, key := range []string{"core.looseCompression", "core.compression"} {
		e, ok := cfg.Get(key)
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(e.Value); err == nil && n >= -1 && n <= 9 {
			return n
		}
	}
	return zlib.BestSpeed
}
