// Package fanout finds an object id in the sorted id tables git writes
// with a 256-entry fan-out in front (pack indexes, commit-graphs).
package fanout

import (
	"bytes"
	"encoding/binary"
)

const hashSize = 20

// Search returns the index of id h in ids, the sorted 20-byte ids of a
// table whose fan-out (256 big-endian counts: entry b is how many ids
// begin with a byte at most b) is fanout; false when h is not there.
// Ids are compared by their first 8 bytes, then in full when those are
// equal.
func Search(fanout, ids []byte, h [hashSize]byte) (int, bool) {
	lo := uint32(0)
	if h[0] > 0 {
		lo = binary.BigEndian.Uint32(fanout[(int(h[0])-1)*4:])
	}
	hi := binary.BigEndian.Uint32(fanout[int(h[0])*4:])
	key := binary.BigEndian.Uint64(h[:])
	for lo < hi {
		mid := lo + (hi-lo)/2
		id := ids[int(mid)*hashSize : int(mid+1)*hashSize]
		c := 0
		if k := binary.BigEndian.Uint64(id); k != key {
			c = 1
			if k < key {
				c = -1
			}
		} else {
			c = bytes.Compare(id, h[:])
		}
		switch {
		case c == 0:
			return int(mid), true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}
