package gitstore

import (
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/gitindex"
)

// Index is git's index file as it was read once, for telling which work
// tree files are the versions it holds. It is only read, never written.
type Index struct {
	idx   *gitindex.Index
	mtime time.Time
}

// ReadIndex reads git's index file without taking its lock: git and collab
// replace it by rename, so what is read is one whole version of it. An
// absent index holds no entries.
func (r *Repo) ReadIndex() (*Index, error) {
	idx, mtime, err := readIndex(r.indexFile())
	if err != nil {
		return nil, err
	}
	return &Index{idx: idx, mtime: mtime}, nil
}

// Unchanged is the blob the index holds for the regular file at p
// (slash-separated, relative to Root) when a file with stat data st is
// that version by git's rules (gitindex.Entry.Unchanged, the rule a commit
// uses too); false when it may not be: no entry, a conflict, an entry
// added with intent to add, not a regular file, or stat data that does
// not prove it.
func (x *Index) Unchanged(p string, st KnownStat) (plumbing.Hash, bool) {
	i, ok := x.idx.Find(p, 0)
	if !ok {
		return plumbing.ZeroHash, false
	}
	e := &x.idx.Entries[i]
	m := filemode.FileMode(e.Mode)
	if e.IntentToAdd() || m != filemode.Regular && m != filemode.Executable || !e.Unchanged(st.Size, st.Mtime, st.Ino, x.mtime) {
		return plumbing.ZeroHash, false
	}
	return e.Hash, true
}
