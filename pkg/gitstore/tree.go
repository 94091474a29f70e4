package gitstore

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

type treeChange struct {
	hash plumbing.Hash
	mode filemode.FileMode
	del  bool
}

// buildTree writes the tree that is old (zero: empty) with changes applied;
// keys of changes are relative to this tree and dir is its path, for errors.
// Only the trees along changed paths are read and written. A folder left
// empty is dropped, as git has no empty trees below the root.
func (tx *Tx) buildTree(old plumbing.Hash, dir string, changes map[string]treeChange) (plumbing.Hash, error) {
	st := tx.r.repo.Storer
	entries := map[string]object.TreeEntry{}
	if !old.IsZero() {
		t, err := object.GetTree(st, old)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", dir, err)
		}
		for _, e := range t.Entries {
			entries[e.Name] = e
		}
	}
	sub := map[string]map[string]treeChange{}
	for p, ch := range changes {
		first, rest, nested := strings.Cut(p, "/")
		full := path.Join(dir, first)
		if nested {
			if sub[first] == nil {
				sub[first] = map[string]treeChange{}
			}
			sub[first][rest] = ch
			continue
		}
		if e, ok := entries[first]; ok && e.Mode == filemode.Dir {
			return plumbing.ZeroHash, fmt.Errorf("%s is a folder in HEAD, not a file", full)
		}
		if ch.del {
			delete(entries, first)
		} else {
			entries[first] = object.TreeEntry{Name: first, Mode: ch.mode, Hash: ch.hash}
		}
	}
	for name, chs := range sub {
		full := path.Join(dir, name)
		var subOld plumbing.Hash
		if e, ok := entries[name]; ok {
			if e.Mode != filemode.Dir {
				return plumbing.ZeroHash, fmt.Errorf("%s is a file in HEAD, not a folder", full)
			}
			subOld = e.Hash
		}
		h, err := tx.buildTree(subOld, full, chs)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if h == EmptyTree {
			delete(entries, name)
		} else {
			entries[name] = object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
		}
	}
	t := &object.Tree{Entries: make([]object.TreeEntry, 0, len(entries))}
	for _, e := range entries {
		t.Entries = append(t.Entries, e)
	}
	sort.Slice(t.Entries, func(i, j int) bool {
		return treeSortKey(t.Entries[i]) < treeSortKey(t.Entries[j])
	})
	if len(t.Entries) == 0 && dir != "" {
		return EmptyTree, nil
	}
	obj := st.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write tree %s: %w", dir, err)
	}
	return h, nil
}

// EmptyTree is the hash of the tree with no entries.
var EmptyTree = plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")

// treeSortKey orders entries as git does: folders compare as if their name
// ended in "/".
func treeSortKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}
