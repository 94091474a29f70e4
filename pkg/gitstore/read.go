package gitstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/commitgraph"
	"github.com/collab-tools/collab/pkg/gitobj"
	"github.com/collab-tools/collab/pkg/safefile"
)

// Low-level reading for pkg/history, which answers the questions about
// history: objects by hash, revisions, git's commit-graph.

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
		if _, err := r.ReadObject(plumbing.CommitObject, h, nil); err == nil {
			return h, nil
		}
	}
	h, err := r.resolveRevision(rev)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("unknown revision %q: %w", rev, err)
	}
	return h, nil
}

// CommitObject reads and decodes commit h.
func (r *Repo) CommitObject(h plumbing.Hash) (*gitobj.Commit, error) {
	raw, err := r.ReadObject(plumbing.CommitObject, h, nil)
	if err != nil {
		return nil, err
	}
	return gitobj.DecodeCommit(h, raw)
}

// ReadObject reads the whole raw content of object h, of type t, into buf
// (grown when too small) and returns it, from the pack files, loose
// objects and alternate object stores (see gitobj).
func (r *Repo) ReadObject(t plumbing.ObjectType, h plumbing.Hash, buf []byte) ([]byte, error) {
	s, err := r.objects()
	if err != nil {
		return nil, err
	}
	typ, b, err := s.Read(h, buf)
	if err == nil && typ != t {
		err = fmt.Errorf("object %s is a %s, not a %s", h, typ, t)
	}
	return b, err
}

// TreeEntry finds the entry called name in tree t: its mode and id; false
// when t has none. gitobj reads a packed tree only up to the entry's place
// (entries are sorted).
func (r *Repo) TreeEntry(t plumbing.Hash, name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	s, err := r.objects()
	if err != nil {
		return 0, plumbing.ZeroHash, false, err
	}
	return s.TreeEntry(t, name)
}

// objects opens gitobj's reader on first use.
func (r *Repo) objects() (*gitobj.Store, error) {
	r.objsOnce.Do(func() {
		r.objs, r.objsErr = r.openObjects()
	})
	return r.objs, r.objsErr
}

// ReadBlob returns the content of blob h. A blob over max bytes (when max >
// 0) is not read: its size comes from the object's header in the pack or
// loose file, and the error is a *safefile.SizeError naming the blob.
func (r *Repo) ReadBlob(h plumbing.Hash, max int64) ([]byte, error) {
	if max > 0 {
		size, err := r.objectSize(h)
		if err != nil {
			return nil, err
		}
		if size > max {
			return nil, &safefile.SizeError{Path: "blob " + h.String(), Size: size, Max: max}
		}
	}
	return r.ReadObject(plumbing.BlobObject, h, nil)
}

// objectSize is the size of object h without reading its content.
func (r *Repo) objectSize(h plumbing.Hash) (int64, error) {
	s, err := r.objects()
	if err != nil {
		return 0, err
	}
	return s.Size(h)
}

// CommitGraph reads git's commit-graph (the single file, else the chain),
// which `git gc` and `git commit-graph write` keep; nil when there is none,
// when it cannot be read, or when the repository is shallow or has grafts,
// whose parents the graph does not know (git ignores it then too).
func (r *Repo) CommitGraph() *commitgraph.Graph {
	for _, f := range []string{"shallow", filepath.Join("info", "grafts")} {
		if _, err := os.Lstat(filepath.Join(r.commonDir, f)); err == nil {
			return nil
		}
	}
	g, err := commitgraph.Open(r.objectsDir())
	if err != nil {
		return nil
	}
	return g
}

// BlobHash is the git object hash of data as a blob, to compare a work tree
// file with a committed one without writing an object.
func BlobHash(data []byte) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, data)
}
