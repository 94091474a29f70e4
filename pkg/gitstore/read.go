package gitstore

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Resolve turns a revision into a commit hash: a branch, tag (peeled to its
// commit), full or short hash, HEAD, and suffixes such as HEAD~3 or HEAD^2.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	rev = strings.TrimSpace(rev)
	if rev == "" {
		return plumbing.ZeroHash, errors.New("empty revision")
	}
	if strings.HasPrefix(rev, "-") {
		return plumbing.ZeroHash, fmt.Errorf("bad revision %q", rev)
	}
	if plumbing.IsHash(rev) {
		h := plumbing.NewHash(rev)
		if _, err := object.GetCommit(r.repo.Storer, h); err == nil {
			return h, nil
		}
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("unknown revision %q: %w", rev, err)
	}
	return *h, nil
}

// ReadFile returns the content of path (slash-separated, relative to Root) at
// rev. The error wraps os.ErrNotExist when the file is absent there.
func (r *Repo) ReadFile(rev, p string) ([]byte, error) {
	h, err := r.Resolve(rev)
	if err != nil {
		return nil, err
	}
	e, err := r.Entry(h, p)
	if err != nil {
		return nil, err
	}
	if !e.Exists() || !e.Mode.IsFile() {
		return nil, fmt.Errorf("%s at %s: %w", p, rev, fs.ErrNotExist)
	}
	return r.ReadBlob(e.Hash)
}
