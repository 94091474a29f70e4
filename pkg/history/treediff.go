package history

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// fileChange is a file that differs between two commits, by repository
// path.
type fileChange struct {
	path     string
	old, new plumbing.Hash // zero when absent
}

// changedFiles lists the files under dirs (repository paths) that differ
// between commits old (zero: the empty tree) and new, sorted by path. Only
// subtrees whose hash differs are read, and trees are compared in their raw
// form, entry by entry in git's tree order, as git diff-tree does: nothing
// is decoded into maps.
func (w *walker) changedFiles(old, new plumbing.Hash) ([]fileChange, error) {
	oe, err := w.at(old)
	if err != nil {
		return nil, err
	}
	ne, err := w.at(new)
	if err != nil {
		return nil, err
	}
	return w.diff(oe, ne)
}

// diff lists the files that differ between two commits' entries of the
// walker's paths, sorted by path.
func (w *walker) diff(old, new []pathEntry) ([]fileChange, error) {
	var out []fileChange
	for i, parts := range w.paths {
		if err := w.diffEntries(strings.Join(parts, "/"), old[i], new[i], &out); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// diffEntries appends the files that differ between entries a and b at p.
// A file replaced by a folder (or the reverse) is the file removed (added)
// and the folder's files added (removed).
func (w *walker) diffEntries(p string, a, b pathEntry, out *[]fileChange) error {
	if a == b {
		return nil
	}
	aDir, bDir := a.exists() && a.mode == filemode.Dir, b.exists() && b.mode == filemode.Dir
	if !aDir && !bDir {
		*out = append(*out, fileChange{path: p, old: a.hash, new: b.hash})
		return nil
	}
	if a.exists() && !aDir {
		*out = append(*out, fileChange{path: p, old: a.hash})
		a = pathEntry{}
	}
	if b.exists() && !bDir {
		*out = append(*out, fileChange{path: p, new: b.hash})
		b = pathEntry{}
	}
	ta, err := w.rawTree(a)
	if err != nil {
		return err
	}
	tb, err := w.rawTree(b)
	if err != nil {
		return err
	}
	// Two versions of a folder mostly hold the same entries: skip the
	// equal ones at the start by their raw bytes, and stop once what is
	// left of both is the same bytes.
	skip := sameEntries(ta, tb)
	suffix := commonSuffix(ta[skip:], tb[skip:])
	ia, ib := treeIter{raw: ta[skip:]}, treeIter{raw: tb[skip:]}
	na, ea, okA, err := ia.next()
	if err != nil {
		return err
	}
	nb, eb, okB, err := ib.next()
	if err != nil {
		return err
	}
	for okA || okB {
		if okA && okB && ia.left() == ib.left() && ia.left() <= suffix {
			break
		}
		c := 0
		switch {
		case !okA:
			c = 1
		case !okB:
			c = -1
		default:
			c = compareEntries(na, ea.mode == filemode.Dir, nb, eb.mode == filemode.Dir)
		}
		var x, y pathEntry
		var name []byte
		if c <= 0 {
			x, name = ea, na
		}
		if c >= 0 {
			y, name = eb, nb
		}
		if x != y {
			if err := w.diffEntries(joinPath(p, name), x, y, out); err != nil {
				return err
			}
		}
		if c <= 0 {
			if na, ea, okA, err = ia.next(); err != nil {
				return err
			}
		}
		if c >= 0 {
			if nb, eb, okB, err = ib.next(); err != nil {
				return err
			}
		}
	}
	return nil
}

func joinPath(dir string, name []byte) string {
	if dir == "" {
		return string(name)
	}
	return dir + "/" + string(name)
}

// rawTree reads the raw content of a tree entry (nil for an absent entry).
// The walker keeps the trees it read last: a log diffs each listed commit
// against its parent, and the parent's folders are the next listed
// commit's. A kept tree is never overwritten, so callers may hold it.
func (w *walker) rawTree(e pathEntry) ([]byte, error) {
	if !e.exists() {
		return nil, nil
	}
	if b, ok := w.trees[e.hash]; ok {
		return b, nil
	}
	raw, err := w.read(plumbing.TreeObject, e.hash)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", e.hash, err)
	}
	b := bytes.Clone(raw)
	if w.trees == nil {
		w.trees = map[plumbing.Hash][]byte{}
	}
	if len(w.treeOrder) >= keptTrees {
		delete(w.trees, w.treeOrder[0])
		w.treeOrder = w.treeOrder[1:]
	}
	w.trees[e.hash] = b
	w.treeOrder = append(w.treeOrder, e.hash)
	return b, nil
}

// keptTrees is how many raw trees rawTree keeps.
const keptTrees = 64

// sameEntries is the length of the entries at the start of trees a and b
// that are byte for byte the same.
func sameEntries(a, b []byte) int {
	n := commonPrefix(a, b)
	end := 0
	for end < n {
		_, _, _, rest, err := splitEntry(a[end:])
		if err != nil {
			return end // the merge reports it
		}
		next := len(a) - len(rest)
		if next > n {
			break
		}
		end = next
	}
	return end
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[i:]) == binary.LittleEndian.Uint64(b[i:]) {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix is the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(a[len(a)-i-8:]) == binary.LittleEndian.Uint64(b[len(b)-i-8:]) {
		i += 8
	}
	for i < n && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}

// treeIter walks the entries of a raw tree object that collab reads: folders
// and files (regular, executable, symlink); submodules are skipped.
type treeIter struct {
	raw  []byte // the entries after the current one
	last int    // the size of the current entry
}

// left is the size of the current entry and those after it: two trees
// whose left parts have the same size within their common suffix hold the
// same entries from there on.
func (it *treeIter) left() int { return len(it.raw) + it.last }

func (it *treeIter) next() (name []byte, e pathEntry, ok bool, err error) {
	for len(it.raw) > 0 {
		mode, ent, hash, rest, err := splitEntry(it.raw)
		if err != nil {
			return nil, pathEntry{}, false, err
		}
		m, good := gitobj.ParseMode(mode)
		if !good {
			return nil, pathEntry{}, false, errBadTree
		}
		it.last = len(it.raw) - len(rest)
		it.raw = rest
		if m != filemode.Dir && !m.IsFile() {
			continue
		}
		e.mode = m
		copy(e.hash[:], hash)
		return ent, e, true, nil
	}
	return nil, pathEntry{}, false, nil
}

// compareEntries orders tree entries as git sorts them: by name, a folder's
// name compared as if it ended in "/".
func compareEntries(a []byte, aDir bool, b []byte, bDir bool) int {
	n := min(len(a), len(b))
	if c := bytes.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	end := func(name []byte, dir bool) byte {
		switch {
		case len(name) > n:
			return name[n]
		case dir:
			return '/'
		}
		return 0
	}
	ca, cb := end(a, aDir), end(b, bDir)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return len(a) - len(b)
}
