package fanout

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// Every id of a table is found at its index, and ids not in it are not,
// including ones that share their first 8 bytes with an id of the table.
func TestSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 300, 5000} {
		ids := make([][hashSize]byte, n)
		for i := range ids {
			for j := range ids[i] {
				ids[i][j] = byte(rng.IntN(256))
			}
			if i > 0 && i%7 == 0 { // shares its first 8 bytes with the one before
				copy(ids[i][:8], ids[i-1][:8])
			}
		}
		slices.SortFunc(ids, func(a, b [hashSize]byte) int { return bytes.Compare(a[:], b[:]) })
		ids = slices.Compact(ids)
		var table []byte
		fan := make([]byte, 256*4)
		for _, id := range ids {
			table = append(table, id[:]...)
			for b := int(id[0]); b < 256; b++ {
				binary.BigEndian.PutUint32(fan[b*4:], binary.BigEndian.Uint32(fan[b*4:])+1)
			}
		}
		for i, id := range ids {
			if got, ok := Search(fan, table, id); !ok || got != i {
				t.Fatalf("n %d: id %d found at %d, %v", n, i, got, ok)
			}
			other := id
			other[hashSize-1] ^= 1
			if _, found := slices.BinarySearchFunc(ids, other, func(a, b [hashSize]byte) int { return bytes.Compare(a[:], b[:]) }); !found {
				if _, ok := Search(fan, table, other); ok {
					t.Fatalf("n %d: an id not in the table was found", n)
				}
			}
		}
	}
}
