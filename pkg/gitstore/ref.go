package gitstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// refPath is the loose file of a ref: HEAD lives in this work tree's git dir,
// branches in the common dir.
func (r *Repo) refPath(name plumbing.ReferenceName) string {
	if name == plumbing.HEAD {
		return filepath.Join(r.gitDir, "HEAD")
	}
	return filepath.Join(r.commonDir, filepath.FromSlash(name.String()))
}

// updateRef moves name from old (zero: must not exist) to new the way git
// does: take <ref>.lock with O_EXCL, check the current value, write the new
// one into the lock file and rename it over the ref.
func (r *Repo) updateRef(name plumbing.ReferenceName, old, new plumbing.Hash) error {
	p := r.refPath(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	lock := p + ".lock"
	var f *os.File
	deadline := time.Now().Add(time.Second) // git's core.filesRefLockTimeout is 100ms
	for {
		var err error
		f, err = createLock(lock)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("cannot lock %s: %w", name, err)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cannot lock %s: %w", name, &busyError{lock: inspectLock(lock)})
		}
		time.Sleep(10 * time.Millisecond)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			removeLock(lock)
		}
	}()
	cur, err := r.readRefHash(name, p)
	if err != nil {
		return err
	}
	if cur != old {
		return fmt.Errorf("%w: %s is at %s, expected %s; nothing was committed", ErrRefChanged, name.Short(), shortHash(cur), shortHash(old))
	}
	if _, err := f.WriteString(new.String() + "\n"); err != nil {
		return err
	}
	if err := r.harden(f, fsyncReference); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := commitLock(lock, p); err != nil {
		return err
	}
	ok = true
	return nil
}

// logRef makes the move of name from old to new durable (fsync of the
// ref's folder) when core.fsync hardens references, and appends it to the
// reflogs of the ref and of HEAD (best effort, as they are only a record). Commit calls it once the index is in
// place too, so that nothing slow lies between the two renames.
func (r *Repo) logRef(name plumbing.ReferenceName, old, new plumbing.Hash, who Signature, msg string) {
	if r.hardening().components&fsyncReference != 0 {
		if d, err := os.Open(filepath.Dir(r.refPath(name))); err == nil {
			_ = d.Sync()
			d.Close()
		}
	}
	line := fmt.Sprintf("%s %s %s <%s> %d %s\t%s\n", old, new, who.Name, who.Email,
		who.When.Unix(), who.When.Format("-0700"), strings.ReplaceAll(msg, "\n", " "))
	if name != plumbing.HEAD {
		r.appendLog(filepath.Join(r.commonDir, "logs", filepath.FromSlash(name.String())), line)
	}
	r.appendLog(filepath.Join(r.gitDir, "logs", "HEAD"), line)
}

func shortHash(h plumbing.Hash) string {
	if h.IsZero() {
		return "nothing (unborn)"
	}
	return h.String()[:12]
}

func (r *Repo) appendLog(p, line string) {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o666)
	if err != nil {
		return
	}
	f.WriteString(line)
	f.Close()
}

// readRefHash reads a ref's value from its loose file, else packed-refs;
// zero when it does not exist.
func (r *Repo) readRefHash(name plumbing.ReferenceName, p string) (plumbing.Hash, error) {
	b, err := os.ReadFile(p)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if strings.HasPrefix(s, "ref:") {
			return plumbing.ZeroHash, fmt.Errorf("%s became a symbolic ref (%s)", name, s)
		}
		if !plumbing.IsHash(s) {
			return plumbing.ZeroHash, fmt.Errorf("%s: malformed ref %q", p, s)
		}
		return plumbing.NewHash(s), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return plumbing.ZeroHash, err
	}
	if name == plumbing.HEAD {
		return plumbing.ZeroHash, nil
	}
	b, err = os.ReadFile(filepath.Join(r.commonDir, "packed-refs"))
	if errors.Is(err, fs.ErrNotExist) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		h, n, ok := strings.Cut(sc.Text(), " ")
		if ok && n == name.String() && plumbing.IsHash(h) {
			return plumbing.NewHash(h), nil
		}
	}
	return plumbing.ZeroHash, sc.Err()
}
