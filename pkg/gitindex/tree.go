package gitindex

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// CacheTree is a node of the TREE extension: the tree object that the
// index entries below one folder make, so that git need not rebuild or
// compare unchanged folders. A node is valid when Count >= 0.
type CacheTree struct {
	Name  string // path component; "" for the root
	Count int    // index entries below this folder; -1 when invalid
	Hash  plumbing.Hash
	Sub   []*CacheTree // in the order read (git keeps them sorted by length, then bytes)
}

// Valid reports whether the node's hash is the tree of its entries.
func (t *CacheTree) Valid() bool { return t != nil && t.Count >= 0 }

// Child returns the subtree named name, or nil.
func (t *CacheTree) Child(name string) *CacheTree {
	for _, s := range t.Sub {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Lookup returns the node of folder dir ("" for the root), or nil.
func (t *CacheTree) Lookup(dir string) *CacheTree {
	for t != nil && dir != "" {
		first, rest, _ := strings.Cut(dir, "/")
		t = t.Child(first)
		dir = rest
	}
	return t
}

// Invalidate marks the nodes on the way to path invalid, as git's
// cache_tree_invalidate_path does when an entry changes, and drops the
// subtree that path itself names.
func (t *CacheTree) Invalidate(path string) {
	for t != nil {
		t.Count = -1
		first, rest, nested := strings.Cut(path, "/")
		if !nested {
			for i, s := range t.Sub {
				if s.Name == first {
					t.Sub = append(t.Sub[:i:i], t.Sub[i+1:]...)
					break
				}
			}
			return
		}
		t, path = t.Child(first), rest
	}
}

// maxTreeDepth bounds the nesting of a cache tree read: deeper than any
// path git can check out, and no stack for a crafted file to exhaust.
const maxTreeDepth = 2048

func decodeTree(b []byte, depth int) (*CacheTree, []byte, error) {
	bad := func(what string) error { return fmt.Errorf("%w: %w: %s", ErrCorrupt, errBadCacheTree, what) }
	if depth > maxTreeDepth {
		return nil, nil, bad("too deep")
	}
	z := bytes.IndexByte(b, 0)
	if z < 0 {
		return nil, nil, bad("unterminated name")
	}
	t := &CacheTree{Name: string(b[:z])}
	b = b[z+1:]
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return nil, nil, bad("unterminated counts")
	}
	count, subs, ok := strings.Cut(string(b[:nl]), " ")
	if !ok {
		return nil, nil, bad("counts")
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < -1 {
		return nil, nil, bad("entry count")
	}
	m, err := strconv.Atoi(subs)
	if err != nil || m < 0 || m > len(b) {
		return nil, nil, bad("subtree count")
	}
	t.Count = n
	b = b[nl+1:]
	if n >= 0 {
		if len(b) < len(t.Hash) {
			return nil, nil, bad("truncated hash")
		}
		copy(t.Hash[:], b)
		b = b[len(t.Hash):]
	}
	t.Sub = make([]*CacheTree, 0, m)
	for range m {
		var s *CacheTree
		s, b, err = decodeTree(b, depth+1)
		if err != nil {
			return nil, nil, err
		}
		if s.Name == "" || strings.Contains(s.Name, "/") {
			return nil, nil, bad("subtree name")
		}
		t.Sub = append(t.Sub, s)
	}
	return t, b, nil
}

func (t *CacheTree) encode(b []byte) []byte {
	b = append(b, t.Name...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(t.Count), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(t.Sub)), 10)
	b = append(b, '\n')
	if t.Count >= 0 {
		b = append(b, t.Hash[:]...)
	}
	for _, s := range t.Sub {
		b = s.encode(b)
	}
	return b
}

// Clone returns a deep copy of t (nil for nil).
func (t *CacheTree) Clone() *CacheTree {
	if t == nil {
		return nil
	}
	c := *t
	c.Sub = make([]*CacheTree, len(t.Sub))
	for i, s := range t.Sub {
		c.Sub[i] = s.Clone()
	}
	return &c
}
