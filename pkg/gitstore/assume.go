package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
)

// go-git's index decoder drops the assume-valid bit that `git update-index
// --assume-unchanged` sets, and its encoder cannot write it. These read the
// bit from the index file and set it again in the file collab writes, so
// that a commit by collab keeps every flag the user set. Only index
// versions 2 and 3 are handled (version 4 compresses the paths); on
// anything unexpected they give up and change nothing.

const assumeValid = 0x8000

// walkIndex calls fn with the offset of each entry's flags and its path, in
// an index file of version 2 or 3; false when b is not such a file.
func walkIndex(b []byte, fn func(flagsAt int, name string)) bool {
	if len(b) < 12+sha1.Size || !bytes.Equal(b[:4], []byte("DIRC")) {
		return false
	}
	version := binary.BigEndian.Uint32(b[4:8])
	if version != 2 && version != 3 {
		return false
	}
	n := int(binary.BigEndian.Uint32(b[8:12]))
	off := 12
	end := len(b) - sha1.Size
	for range n {
		if off+62 > end {
			return false
		}
		flags := binary.BigEndian.Uint16(b[off+60:])
		nameAt := off + 62
		if flags&0x4000 != 0 {
			if version < 3 {
				return false
			}
			nameAt += 2
		}
		nameLen := int(flags & 0xfff)
		if nameLen == 0xfff {
			i := bytes.IndexByte(b[nameAt:end], 0)
			if i < 0 {
				return false
			}
			nameLen = i
		}
		if nameAt+nameLen > end {
			return false
		}
		fn(off+60, string(b[nameAt:nameAt+nameLen]))
		off += (nameAt - off + nameLen + 8) &^ 7 // 1 to 8 NULs pad to a multiple of 8
	}
	return true
}

// assumedUnchanged lists the paths marked --assume-unchanged in an index file.
func assumedUnchanged(b []byte) map[string]bool {
	var m map[string]bool
	walkIndex(b, func(at int, name string) {
		if binary.BigEndian.Uint16(b[at:])&assumeValid != 0 {
			if m == nil {
				m = map[string]bool{}
			}
			m[name] = true
		}
	})
	return m
}

// markAssumed sets the assume-valid bit of the entries of names in the
// index file b and recomputes its checksum; b is unchanged when it cannot.
func markAssumed(b []byte, names map[string]bool) {
	if len(names) == 0 {
		return
	}
	var at []int
	if !walkIndex(b, func(i int, name string) {
		if names[name] {
			at = append(at, i)
		}
	}) || len(at) == 0 {
		return
	}
	for _, i := range at {
		binary.BigEndian.PutUint16(b[i:], binary.BigEndian.Uint16(b[i:])|assumeValid)
	}
	sum := sha1.Sum(b[:len(b)-sha1.Size])
	copy(b[len(b)-sha1.Size:], sum[:])
}
