package gitobj

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// HashesWithPrefix lists, sorted, the objects of the store and of its
// alternates whose hash starts with the hex digits prefix (2 to 40 of
// them, any case), as git looks up an abbreviated hash: in each pack
// index from the prefix's place in the sorted names, and in the loose
// object folder of its first two digits.
func (s *Store) HashesWithPrefix(prefix string) ([]plumbing.Hash, error) {
	prefix = strings.ToLower(prefix)
	if len(prefix) < 2 || len(prefix) > 2*hashSize {
		return nil, errors.New("a hash prefix has 2 to 40 hex digits")
	}
	// The prefix as bytes, its odd last digit followed by a 0.
	lo, err := hex.DecodeString(prefix + strings.Repeat("0", len(prefix)&1))
	if err != nil {
		return nil, errors.New("a hash prefix has only hex digits")
	}
	var out []plumbing.Hash
	for _, st := range append([]*Store{s}, s.alts...) {
		found, err := st.withPrefix(prefix, lo)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	slices.SortFunc(out, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(out), nil
}

// withPrefix is HashesWithPrefix in this store alone; lo is the prefix as
// bytes.
func (s *Store) withPrefix(prefix string, lo []byte) ([]plumbing.Hash, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	match := func(id []byte) bool {
		n := len(prefix) / 2
		if !bytes.Equal(id[:n], lo[:n]) {
			return false
		}
		return len(prefix)&1 == 0 || id[n]>>4 == lo[n]>>4
	}
	var out []plumbing.Hash
	for _, p := range s.packs {
		fan := p.idx[8:]
		first := uint32(0)
		if lo[0] > 0 {
			first = binary.BigEndian.Uint32(fan[(int(lo[0])-1)*4:])
		}
		end := binary.BigEndian.Uint32(fan[int(lo[0])*4:])
		i := first + uint32(sort.Search(int(end-first), func(k int) bool {
			at := (int(first) + k) * hashSize
			return bytes.Compare(p.names[at:at+hashSize], lo) >= 0
		}))
		for ; i < end; i++ {
			id := p.names[int(i)*hashSize : int(i+1)*hashSize]
			if !match(id) {
				break
			}
			var h plumbing.Hash
			copy(h[:], id)
			out = append(out, h)
		}
	}
	ents, err := os.ReadDir(filepath.Join(s.dir, prefix[:2]))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range ents {
		name := prefix[:2] + e.Name()
		if len(name) != 2*hashSize || !strings.HasPrefix(name, prefix) {
			continue
		}
		b, err := hex.DecodeString(name)
		if err != nil {
			continue
		}
		var h plumbing.Hash
		copy(h[:], b)
		out = append(out, h)
	}
	return out, nil
}
