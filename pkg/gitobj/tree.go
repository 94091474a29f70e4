package gitobj

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// ErrBadTree is returned for a tree object that is not a list of
// "<mode> <name>\0<20-byte id>" entries.
var ErrBadTree = errors.New("malformed tree object")

// TreeEntry finds the entry called name in tree t: its mode and id, and
// false when t has none. A tree's entries are sorted, so only the start of
// the tree up to the entry's place is read: inflated, or rebuilt from a
// delta chain's pieces. An object the store does not hold, nor its
// alternates, gives an error matching ErrNotFound.
func (s *Store) TreeEntry(t plumbing.Hash, name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	m, h, ok, err := s.treeEntry(t, name)
	for _, a := range s.alts {
		if !errors.Is(err, ErrNotFound) {
			break
		}
		m, h, ok, err = a.treeEntry(t, name)
	}
	return m, h, ok, err
}

func (s *Store) treeEntry(t plumbing.Hash, name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.packed(t)
	if errors.Is(err, ErrNotFound) {
		typ, _, raw, err := s.loose(t, true)
		if err != nil {
			return 0, plumbing.ZeroHash, false, err
		}
		if typ != plumbing.TreeObject {
			return 0, plumbing.ZeroHash, false, fmt.Errorf("object %s is a %s, not a tree", t, typ)
		}
		return ScanTree(raw, name)
	}
	if err != nil {
		return 0, plumbing.ZeroHash, false, err
	}
	if o.t != plumbing.TreeObject {
		return 0, plumbing.ZeroHash, false, fmt.Errorf("object %s is a %s, not a tree", t, o.t)
	}
	s.view = s.view[:0]
	m, h, ok, err := scanTree(o.size, func(n uint64) ([]byte, error) { return s.prefix(o, n) }, name)
	if err != nil {
		err = fmt.Errorf("tree %s: %w", t, s.errorf(o, err))
	}
	return m, h, ok, err
}

// prefix returns the first n bytes of o: a whole object's own bytes, or a
// delta result's rebuilt in s.view, which holds the bytes asked before.
func (s *Store) prefix(o *object, n uint64) ([]byte, error) {
	if o.whole() {
		if err := s.ensure(o, n); err != nil {
			return nil, err
		}
		return o.data[:n], nil
	}
	have := uint64(len(s.view))
	if n > have {
		s.view = slicesGrow(s.view, n)
		if err := s.readAt(o, have, s.view[have:n]); err != nil {
			return nil, err
		}
	}
	return s.view[:n], nil
}

// slicesGrow extends b to n bytes, keeping its content.
func slicesGrow(b []byte, n uint64) []byte {
	if uint64(cap(b)) >= n {
		return b[:n]
	}
	nb := make([]byte, n, max(n, 2*uint64(cap(b))))
	copy(nb, b)
	return nb
}

// ScanTree finds the entry called name in the raw tree object raw, as
// TreeEntry does.
func ScanTree(raw []byte, name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	return scanTree(uint64(len(raw)), func(n uint64) ([]byte, error) { return raw[:n], nil }, name)
}

// firstView is how much of a tree scanTree asks for first: some dozens of
// entries.
const firstView = 2048

// scanTree reads the entries of a tree of size bytes, whose first n bytes
// prefix returns, until the one called name or until the place where it
// would be: git sorts entries by name, a folder's as if it ended in "/".
func scanTree(size uint64, prefix func(n uint64) ([]byte, error), name string) (filemode.FileMode, plumbing.Hash, bool, error) {
	n := min(size, firstView)
	b, err := prefix(n)
	if err != nil {
		return 0, plumbing.ZeroHash, false, err
	}
	pos := 0
	for uint64(pos) < size {
		mode, ent, id, next, ok := SplitEntry(b[pos:])
		if !ok {
			if n == size {
				return 0, plumbing.ZeroHash, false, ErrBadTree
			}
			n = min(size, 2*n)
			if b, err = prefix(n); err != nil {
				return 0, plumbing.ZeroHash, false, err
			}
			continue
		}
		m, ok := ParseMode(mode)
		if !ok {
			return 0, plumbing.ZeroHash, false, ErrBadTree
		}
		if string(ent) == name {
			var h plumbing.Hash
			copy(h[:], id)
			return m, h, true, nil
		}
		if after(ent, m&0o170000 == 0o040000, name) {
			break
		}
		pos += next
	}
	return 0, plumbing.ZeroHash, false, nil
}

// SplitEntry splits the first entry off raw tree bytes, which are
// "<mode> <name>\0<20-byte id>" repeated: its mode, name and id, and its
// length; false when b ends before the entry does.
func SplitEntry(b []byte) (mode, name, id []byte, n int, ok bool) {
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		return nil, nil, nil, 0, false
	}
	nul := bytes.IndexByte(b[sp+1:], 0)
	if nul < 0 || sp+1+nul+1+hashSize > len(b) {
		return nil, nil, nil, 0, false
	}
	end := sp + 1 + nul + 1 + hashSize
	return b[:sp], b[sp+1 : sp+1+nul], b[end-hashSize : end], end, true
}

// ParseMode reads a tree entry's octal mode; false when it is not one.
func ParseMode(b []byte) (filemode.FileMode, bool) {
	if len(b) == 0 || len(b) > 7 {
		return 0, false
	}
	var m uint32
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		m = m<<3 | uint32(c-'0')
	}
	return filemode.FileMode(m), true
}

// after reports whether an entry called ent (a folder when dir) sorts, in
// git's tree order, after any entry called name, folder or file: whether
// ent+("/" for a folder) > name+"/".
func after(ent []byte, dir bool, name string) bool {
	m := min(len(ent), len(name))
	for i := range m {
		if ent[i] != name[i] {
			return ent[i] > name[i]
		}
	}
	switch {
	case len(ent) > m: // name is a prefix of ent: name+"/" against ent[m:]
		return ent[m] > '/'
	case len(name) > m: // ent is a prefix of name
		return dir && name[m] < '/'
	default: // the same name (not reached: scanTree matched it)
		return false
	}
}
