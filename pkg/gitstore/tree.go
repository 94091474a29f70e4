package gitstore

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/gitindex"
)

type treeChange struct {
	hash plumbing.Hash
	mode filemode.FileMode
	del  bool
}

// builtDir is what buildTree did to one folder, for updateCacheTree.
type builtDir struct {
	old, new plumbing.Hash // the folder's tree in HEAD and in the commit; zero or EmptyTree when absent
	files    int           // files added minus files removed below it
	reshaped bool          // a subfolder appeared or disappeared right below it
}

// buildTree writes the tree that is old (zero: empty) with changes applied;
// keys of changes are relative to this tree and dir is its path, for errors.
// Only the trees along changed paths are read and written, and built
// records each of them by path. A folder left empty is dropped, as git has
// no empty trees below the root.
func (tx *Tx) buildTree(old plumbing.Hash, dir string, changes map[string]treeChange, built map[string]*builtDir) (plumbing.Hash, error) {
	var entries rawTree
	if !old.IsZero() {
		var err error
		if entries = tx.treeFromIndex(dir, old); entries == nil {
			var raw []byte
			raw, err = tx.r.ReadObject(plumbing.TreeObject, old, nil)
			if err == nil {
				entries, err = parseTree(raw)
			}
		}
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", dir, err)
		}
	}
	info := &builtDir{old: old}
	built[dir] = info
	var added rawTree
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
		i, ok := entries.find(first)
		if ok && entries[i].isDir() {
			return plumbing.ZeroHash, fmt.Errorf("%s is a folder in HEAD, not a file", full)
		}
		switch {
		case ch.del && ok:
			entries = slices.Delete(entries, i, i+1)
			info.files--
		case ch.del:
		case ok:
			entries[i].Mode, entries[i].Hash = ch.mode, ch.hash
		default:
			added = append(added, rawEntry{Name: first, Mode: ch.mode, Hash: ch.hash})
			info.files++
		}
	}
	for name, chs := range sub {
		full := path.Join(dir, name)
		var subOld plumbing.Hash
		i, ok := entries.find(name)
		if ok {
			if !entries[i].isDir() {
				return plumbing.ZeroHash, fmt.Errorf("%s is a file in HEAD, not a folder", full)
			}
			subOld = entries[i].Hash
		} else if _, file := changes[name]; file {
			return plumbing.ZeroHash, fmt.Errorf("%s is both a file and a folder", full)
		}
		h, err := tx.buildTree(subOld, full, chs, built)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		info.files += built[full].files
		switch {
		case h == EmptyTree && ok:
			entries = slices.Delete(entries, i, i+1)
			info.reshaped = true
		case h == EmptyTree:
		case ok:
			entries[i].Hash = h
		default:
			added = append(added, rawEntry{Name: name, Mode: filemode.Dir, Hash: h})
			info.reshaped = true
		}
	}
	if len(added) > 0 {
		entries = append(entries, added...)
		slices.SortFunc(entries, sortKeyCmp)
	}
	if len(entries) == 0 && dir != "" {
		info.new = EmptyTree
		return EmptyTree, nil
	}
	h, err := tx.r.writeObject(plumbing.TreeObject, entries.encode())
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write tree %s: %w", dir, err)
	}
	info.new = h
	return h, nil
}

// treeFromIndex returns the entries of HEAD's tree h of folder dir from
// the index, when the cache tree proves the index holds exactly that tree
// there and names each subfolder's tree; nil otherwise. Index order is
// tree order: a folder's entries sort as its name plus "/" and more.
func (tx *Tx) treeFromIndex(dir string, h plumbing.Hash) rawTree {
	node := tx.idx.Tree.Lookup(dir)
	if !node.Valid() || node.Hash != h {
		return nil
	}
	if clean, err := tx.cleanDir(dir); err != nil || !clean {
		return nil
	}
	prefix := dirPrefix(dir)
	i, j := tx.idx.Range(prefix)
	es := tx.idx.Entries[i:j]
	t := make(rawTree, 0, len(es))
	for k := 0; k < len(es); k++ {
		name := es[k].Name[len(prefix):]
		sub, _, nested := strings.Cut(name, "/")
		if !nested {
			t = append(t, rawEntry{Name: name, Mode: filemode.FileMode(es[k].Mode), Hash: es[k].Hash})
			continue
		}
		c := node.Child(sub)
		if !c.Valid() {
			return nil
		}
		t = append(t, rawEntry{Name: sub, Mode: filemode.Dir, Hash: c.Hash})
		for k+1 < len(es) && strings.HasPrefix(es[k+1].Name[len(prefix):], sub+"/") {
			k++
		}
	}
	return t
}

// updateCacheTree brings the index's cache tree t (nil: none) up to date
// with a commit whose folders buildTree recorded in built. A valid node
// that named HEAD's tree of its folder proves the index held HEAD's files
// there; the commit replaced the same files in both, so the node now names
// the commit's tree, with its entry count moved by the files added and
// removed. Every other node on a changed path is invalidated with its
// parents, as git's cache_tree_invalidate_path does, and git rebuilds it
// when it next needs it.
func updateCacheTree(t *gitindex.CacheTree, built map[string]*builtDir) *gitindex.CacheTree {
	if t == nil {
		return nil
	}
	dirs := make([]string, 0, len(built))
	for d := range built {
		dirs = append(dirs, d)
	}
	// Deepest first: a folder invalidated invalidates its parents before
	// they are looked at.
	depth := func(d string) int {
		if d == "" {
			return 0
		}
		return strings.Count(d, "/") + 1
	}
	sort.Slice(dirs, func(i, j int) bool { return depth(dirs[i]) > depth(dirs[j]) })
	for _, d := range dirs {
		b := built[d]
		n := t.Lookup(d)
		if n.Valid() && n.Hash == b.old && !b.reshaped && b.new != EmptyTree && !b.new.IsZero() {
			n.Hash = b.new
			n.Count += b.files
			continue
		}
		if n != nil {
			n.Count = -1
		}
		for p := d; p != ""; {
			p = path.Dir(p)
			if p == "." {
				p = ""
			}
			if a := t.Lookup(p); a != nil {
				a.Count = -1
			}
		}
		t.Count = -1
	}
	return t
}

// EmptyTree is the hash of the tree with no entries.
var EmptyTree = plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")
