package commitgraph

import (
	"encoding/binary"
	"math/bits"
	"strings"
)

// Changed-path Bloom filters, as git writes them (bloom.c):
//
//   - a commit's filter holds every path that differs from its first parent
//     (for a root commit: every path), and every folder above such a path,
//     each without a trailing slash;
//   - a path's key is settings.hashes positions h0 + i*h1, where h0 and h1
//     are 32-bit murmur3 hashes of the path with seeds 0x293ae76f and
//     0x7e646e2c; a position is bit (k mod 8) of byte (k mod 8*len)/8;
//   - a commit with no change has a one-byte filter of zeros, one with more
//     than 512 changes a one-byte filter of ones, one whose filter was not
//     computed a filter of length zero.
//
// Version 1 hashed each byte through C's char, which is signed on most
// machines: a byte above 0x7f was sign-extended. Version 2 hashes bytes as
// unsigned. A version 1 filter may have come from a machine of either kind,
// so a path with such a byte is looked up both ways and counts as present
// when either finds it.

const (
	seed0 = 0x293ae76f
	seed1 = 0x7e646e2c
)

// BloomVersion is the version of the graph's changed-path filters (1 or
// 2); 0 when it has none.
func (g *Graph) BloomVersion() int {
	if g.bloom == nil {
		return 0
	}
	return int(g.bloom.version)
}

// Query holds the Bloom keys of some paths, computed once for a walk.
type Query struct {
	all   bool      // a path that every change touches (""): always maybe
	paths [][][]key // per path, the alternative key sets; each: the path and its folders
	valid bool      // false when the graph has no filters
}

type key []uint32

// Query prepares the keys of paths (slash-separated, relative to the root
// of the work tree) for MaybeChanged.
func (g *Graph) Query(paths ...string) *Query {
	q := &Query{}
	if g.bloom == nil {
		return q
	}
	s := *g.bloom
	q.valid = true
	for _, p := range paths {
		p = strings.Trim(p, "/")
		if p == "" {
			q.all = true
			continue
		}
		alts := [][]key{keys(p, s, false)}
		if s.version == 1 && hasHighByte(p) {
			alts = append(alts, keys(p, s, true))
		}
		q.paths = append(q.paths, alts)
	}
	return q
}

func hasHighByte(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// keys returns the keys of p and of each folder above it.
func keys(p string, s settings, signed bool) []key {
	out := []key{newKey(p, s, signed)}
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '/' {
			out = append(out, newKey(p[:i], s, signed))
		}
	}
	return out
}

func newKey(p string, s settings, signed bool) key {
	h0 := murmur3(seed0, p, signed)
	h1 := murmur3(seed1, p, signed)
	k := make(key, s.hashes)
	for i := range k {
		k[i] = h0 + uint32(i)*h1
	}
	return k
}

// MaybeChanged reports whether the commit at p may have changed one of the
// query's paths against its first parent (a root commit: whether one
// exists). False is certain; true is "maybe", also when the commit has no
// usable filter.
func (g *Graph) MaybeChanged(p Pos, q *Query) bool {
	if !q.valid || q.all {
		return true
	}
	filter, ok := g.filter(p)
	if !ok {
		return true
	}
	for _, alts := range q.paths {
		for _, ks := range alts {
			if containsAll(filter, ks) {
				return true
			}
		}
	}
	return false
}

// filter returns the Bloom filter of the commit at p; false when it has
// none, or a malformed one.
func (g *Graph) filter(p Pos) ([]byte, bool) {
	l, i, ok := g.layerOf(p)
	if !ok || l.bloom == nil {
		return nil, false
	}
	end := binary.BigEndian.Uint32(l.bidx[int(i)*4:])
	start := uint32(0)
	if i > 0 {
		start = binary.BigEndian.Uint32(l.bidx[int(i-1)*4:])
	}
	if start >= end || uint64(end) > uint64(len(l.bdat)) {
		return nil, false // not computed, or out of range
	}
	return l.bdat[start:end], true
}

func containsAll(filter []byte, ks []key) bool {
	mod := uint64(len(filter)) * 8
	for _, k := range ks {
		for _, h := range k {
			bit := uint64(h) % mod
			if filter[bit/8]&(1<<(bit%8)) == 0 {
				return false
			}
		}
	}
	return true
}

// murmur3 is the 32-bit murmur3 hash of s. signed hashes each byte
// sign-extended, as version 1 filters were written on most machines.
func murmur3(seed uint32, s string, signed bool) uint32 {
	const (
		c1 = 0xcc9e2d51
		c2 = 0x1b873593
	)
	b := func(i int) uint32 {
		if signed {
			return uint32(int32(int8(s[i])))
		}
		return uint32(s[i])
	}
	h := seed
	n := len(s) / 4 * 4
	for i := 0; i < n; i += 4 {
		k := b(i) | b(i+1)<<8 | b(i+2)<<16 | b(i+3)<<24
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
		h = bits.RotateLeft32(h, 13)*5 + 0xe6546b64
	}
	var k uint32
	switch len(s) - n {
	case 3:
		k ^= b(n+2) << 16
		fallthrough
	case 2:
		k ^= b(n+1) << 8
		fallthrough
	case 1:
		k ^= b(n)
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
	}
	h ^= uint32(len(s))
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}
