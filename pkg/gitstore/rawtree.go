package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// A write reads HEAD's folders along the paths it touches, some with
// thousands of entries. go-git's object.Tree allocates every entry and a
// name map; rawTree keeps the entries in one slice whose names share one
// string, in git's order, and finds a name by binary search.

type rawEntry struct {
	Name string
	Mode filemode.FileMode
	Hash plumbing.Hash
}

func (e *rawEntry) isDir() bool { return e.Mode == filemode.Dir }

// rawTree is a tree object's entries, in git's order (a folder sorts as if
// its name ended in "/").
type rawTree []rawEntry

// parseTree decodes the content of a tree object.
func parseTree(b []byte) (rawTree, error) {
	s := string(b)
	n := bytes.Count(b, []byte{0})
	t := make(rawTree, 0, n)
	for len(s) > 0 {
		sp := strings.IndexByte(s, ' ')
		if sp <= 0 {
			return nil, errors.New("bad tree entry mode")
		}
		var m uint32
		for _, c := range []byte(s[:sp]) {
			if c < '0' || c > '7' {
				return nil, fmt.Errorf("bad tree entry mode %q", s[:sp])
			}
			m = m<<3 | uint32(c-'0')
		}
		s = s[sp+1:]
		z := strings.IndexByte(s, 0)
		if z <= 0 || len(s) < z+1+20 {
			return nil, errors.New("truncated tree entry")
		}
		e := rawEntry{Name: s[:z], Mode: filemode.FileMode(m)}
		copy(e.Hash[:], s[z+1:z+21])
		t = append(t, e)
		s = s[z+21:]
	}
	return t, nil
}

// compareKey compares an entry's sort key (its name, plus "/" for a
// folder) with key, as git orders tree entries, without building the key.
func compareKey(e *rawEntry, key string) int {
	name := e.Name
	n := min(len(name), len(key))
	if c := strings.Compare(name[:n], key[:n]); c != 0 {
		return c
	}
	if len(name) > n {
		return 1 // key is a proper prefix of the name
	}
	rest := key[n:]
	switch {
	case !e.isDir() && rest == "":
		return 0
	case !e.isDir():
		return -1
	case rest == "":
		return 1 // name+"/" is longer than key
	case rest[0] != '/':
		return int('/') - int(rest[0])
	case len(rest) == 1:
		return 0
	}
	return -1
}

// find returns the position of name in t (file or folder) and whether it
// is there.
func (t rawTree) find(name string) (int, bool) {
	if name == "" || strings.Contains(name, "/") {
		return 0, false
	}
	for _, key := range []string{name, name + "/"} {
		i, ok := slices.BinarySearchFunc(t, key, func(e rawEntry, key string) int { return compareKey(&e, key) })
		if ok {
			return i, true
		}
	}
	return 0, false
}

// encode writes the tree object's content.
func (t rawTree) encode() []byte {
	n := 0
	for i := range t {
		n += 8 + len(t[i].Name) + 20
	}
	b := make([]byte, 0, n)
	for i := range t {
		e := &t[i]
		b = strconv.AppendUint(b, uint64(e.Mode), 8)
		b = append(b, ' ')
		b = append(b, e.Name...)
		b = append(b, 0)
		b = append(b, e.Hash[:]...)
	}
	return b
}

// sortKeyCmp orders entries as git does.
func sortKeyCmp(a, b rawEntry) int {
	ka, kb := a.Name, b.Name
	if a.isDir() {
		ka += "/"
	}
	if b.isDir() {
		kb += "/"
	}
	return strings.Compare(ka, kb)
}
