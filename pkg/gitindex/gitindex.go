// Package gitindex reads and writes git's index file (.git/index), versions
// 2, 3 and 4, as git documents it in gitformat-index(5).
//
// It exists for speed: go-git's codec decodes every field with reflection
// and allocates each entry, which costs tens of milliseconds per write at
// 20,000 files where git needs a few. Decode makes one string of the file
// and one slice of entries whose names are substrings of it (version 4
// builds the names into one buffer); Encode writes into one buffer.
//
// Extensions are kept or dropped as git itself may: the cache tree (TREE)
// is decoded so that callers can invalidate or update it, resolve-undo
// (REUC) is kept as it is, and the other optional extensions (untracked
// cache, fsmonitor, end of index entry, index entry offset table, and
// any other whose signature starts with a capital letter) are dropped,
// which only makes git rebuild them. A split index (link) or a sparse
// index (sdir) cannot be written back without knowing their base, and an
// unknown required extension (lowercase signature) must not be ignored:
// Decode refuses those.
package gitindex

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unsafe"

	"github.com/go-git/go-git/v5/plumbing"
)

// Entry flags as the index file holds them (the 16-bit flags word).
const (
	FlagAssumeValid = 0x8000 // git update-index --assume-unchanged
	flagExtended    = 0x4000 // a second flags word follows
	flagStageMask   = 0x3000
	flagStageShift  = 12
	flagNameMask    = 0x0fff
)

// Extended flags (the second flags word, versions 3 and 4).
const (
	ExtSkipWorktree = 0x4000 // git update-index --skip-worktree, sparse checkout
	ExtIntentToAdd  = 0x2000 // git add -N
	extKnown        = ExtSkipWorktree | ExtIntentToAdd
)

// Errors Decode wraps; each says what the user can do.
var (
	ErrSplitIndex       = errors.New("the index is split (core.splitIndex); run `git update-index --no-split-index`")
	ErrSparseIndex      = errors.New("the index is sparse (index.sparse); run `git sparse-checkout disable` or `git config index.sparse false && git sparse-checkout reapply`")
	ErrVersion          = errors.New("unsupported index version; run `git update-index --index-version 2`")
	ErrRequiredExt      = errors.New("the index has an extension collab does not know and must not drop")
	ErrChecksum         = errors.New("index checksum mismatch")
	ErrCorrupt          = errors.New("corrupt index")
	errTooManyEntries   = errors.New("entry count larger than the file")
	errUnsortedEntries  = errors.New("entries out of order")
	errBadCacheTree     = errors.New("bad cache tree extension")
	errTruncatedEntries = errors.New("truncated entry")
)

// Entry is one index entry. Times and sizes are git's 32-bit on-disk
// values.
type Entry struct {
	CtimeSec, CtimeNsec uint32
	MtimeSec, MtimeNsec uint32
	Dev, Ino            uint32
	Mode                uint32 // 0100644, 0100755, 0120000, 0160000
	UID, GID            uint32
	Size                uint32
	Hash                plumbing.Hash
	Flags               uint16 // assume-valid and stage; the name length and extended bits are computed on write
	ExtFlags            uint16 // ExtSkipWorktree, ExtIntentToAdd
	Name                string
}

// Stage is 0 for a merged entry, 1 to 3 for a conflict's base, ours, theirs.
func (e *Entry) Stage() int { return int(e.Flags&flagStageMask) >> flagStageShift }

// AssumeValid reports the --assume-unchanged bit.
func (e *Entry) AssumeValid() bool { return e.Flags&FlagAssumeValid != 0 }

// SkipWorktree reports the --skip-worktree bit.
func (e *Entry) SkipWorktree() bool { return e.ExtFlags&ExtSkipWorktree != 0 }

// IntentToAdd reports an entry added with git add -N.
func (e *Entry) IntentToAdd() bool { return e.ExtFlags&ExtIntentToAdd != 0 }

// Mtime is the entry's modification time.
func (e *Entry) Mtime() time.Time { return time.Unix(int64(e.MtimeSec), int64(e.MtimeNsec)) }

// Unchanged reports whether a regular file with this size, modification
// time and inode (0 when unknown) is, by git's rules, the version e holds
// in an index file last written at written: the stat data matches and the
// entry is not racily clean (the file changed no earlier than the index
// was written, so a change in that same tick would go unseen). An entry
// git does not compare with its file (skip-worktree, assume-unchanged)
// never is.
func (e *Entry) Unchanged(size int64, mtime time.Time, ino uint64, written time.Time) bool {
	return !e.SkipWorktree() && !e.AssumeValid() && uint32(size) == e.Size && mtime.Equal(e.Mtime()) &&
		(e.Ino == 0 || uint32(ino) == e.Ino) && mtime.Before(written)
}

// Index is a decoded index file.
type Index struct {
	Version uint32
	Entries []Entry    // sorted by name, then stage
	Tree    *CacheTree // the TREE extension; nil when absent
	REUC    []byte     // the resolve-undo extension's data, kept as it is; nil when absent
	Dropped []string   // signatures of the optional extensions Decode dropped
}

// Find returns the position of the entry (name, stage) and whether it is
// there; when it is not, the position is where it would be inserted.
func (x *Index) Find(name string, stage int) (int, bool) {
	i := sort.Search(len(x.Entries), func(i int) bool {
		return compare(&x.Entries[i], name, stage) >= 0
	})
	return i, i < len(x.Entries) && x.Entries[i].Name == name && x.Entries[i].Stage() == stage
}

// Range returns the positions [i, j) of the entries whose names start with
// prefix (which should end in "/" to select a folder).
func (x *Index) Range(prefix string) (int, int) {
	i := sort.Search(len(x.Entries), func(i int) bool { return x.Entries[i].Name >= prefix })
	j := i
	for j < len(x.Entries) && strings.HasPrefix(x.Entries[j].Name, prefix) {
		j++
	}
	return i, j
}

func compare(e *Entry, name string, stage int) int {
	if c := strings.Compare(e.Name, name); c != 0 {
		return c
	}
	return e.Stage() - stage
}

// Decode reads an index file. The trailing SHA-1 is checked, except when
// it is all zeros, as index.skipHash writes it.
func Decode(b []byte) (*Index, error) {
	if len(b) < 12+sha1.Size {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorrupt, len(b))
	}
	if string(b[:4]) != "DIRC" {
		return nil, fmt.Errorf("%w: bad signature", ErrCorrupt)
	}
	end := len(b) - sha1.Size
	var trailer [20]byte
	copy(trailer[:], b[end:])
	if trailer != [20]byte{} && sha1.Sum(b[:end]) != trailer {
		return nil, ErrChecksum
	}
	x := &Index{Version: binary.BigEndian.Uint32(b[4:8])}
	if x.Version < 2 || x.Version > 4 {
		return nil, fmt.Errorf("%w (version %d)", ErrVersion, x.Version)
	}
	n := binary.BigEndian.Uint32(b[8:12])
	// The smallest entry takes 62 bytes plus its name (v4: one byte of
	// prefix length and a NUL).
	if uint64(n)*64 > uint64(end) {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTooManyEntries)
	}
	x.Entries = make([]Entry, n)
	// One string holds every name of versions 2 and 3.
	s := string(b[:end])
	var names []byte // version 4: the names, built one after the other
	if x.Version == 4 {
		names = make([]byte, 0, int(n)*24)
	}
	prev := ""
	off := 12
	var deferred error
	for i := range x.Entries {
		e := &x.Entries[i]
		if off+62 > end {
			return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
		}
		d := b[off:]
		e.CtimeSec = binary.BigEndian.Uint32(d[0:])
		e.CtimeNsec = binary.BigEndian.Uint32(d[4:])
		e.MtimeSec = binary.BigEndian.Uint32(d[8:])
		e.MtimeNsec = binary.BigEndian.Uint32(d[12:])
		e.Dev = binary.BigEndian.Uint32(d[16:])
		e.Ino = binary.BigEndian.Uint32(d[20:])
		e.Mode = binary.BigEndian.Uint32(d[24:])
		e.UID = binary.BigEndian.Uint32(d[28:])
		e.GID = binary.BigEndian.Uint32(d[32:])
		e.Size = binary.BigEndian.Uint32(d[36:])
		copy(e.Hash[:], d[40:60])
		flags := binary.BigEndian.Uint16(d[60:])
		nameAt := off + 62
		if flags&flagExtended != 0 {
			if x.Version < 3 || nameAt+2 > end {
				return nil, fmt.Errorf("%w: extended flags in a version %d index", ErrCorrupt, x.Version)
			}
			e.ExtFlags = binary.BigEndian.Uint16(d[62:])
			if e.ExtFlags&^extKnown != 0 {
				return nil, fmt.Errorf("%w: unknown entry flags %#04x", ErrCorrupt, e.ExtFlags)
			}
			nameAt += 2
		}
		e.Flags = flags &^ (flagExtended | flagNameMask)
		if x.Version == 4 {
			strip, k := uvarint(b[nameAt:end])
			if k <= 0 || strip > uint64(len(prev)) {
				return nil, fmt.Errorf("%w: bad path prefix length", ErrCorrupt)
			}
			nameAt += k
			z := bytes.IndexByte(b[nameAt:end], 0)
			if z < 0 {
				return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
			}
			start := len(names)
			names = append(names, prev[:len(prev)-int(strip)]...)
			names = append(names, b[nameAt:nameAt+z]...)
			// names only grows: bytes once written never change, even
			// when append moves the buffer, so the name may share them.
			if len(names) > start {
				e.Name = unsafe.String(&names[start], len(names)-start)
			}
			off = nameAt + z + 1
		} else {
			nameLen := int(flags & flagNameMask)
			if nameAt+nameLen >= end {
				return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
			}
			if nameLen == flagNameMask {
				z := bytes.IndexByte(b[nameAt+nameLen:end], 0)
				if z < 0 {
					return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
				}
				nameLen += z
			}
			if nameAt+nameLen >= end {
				return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
			}
			e.Name = s[nameAt : nameAt+nameLen]
			// 1 to 8 NULs pad the entry to a multiple of 8 bytes.
			next := off + (nameAt-off+nameLen+8)&^7
			if next > end {
				return nil, fmt.Errorf("%w: %w", ErrCorrupt, errTruncatedEntries)
			}
			off = next
		}
		switch {
		case deferred != nil:
		case e.Name == "":
			// A split index's entries that replace shared ones have no
			// name: report the link extension rather than this.
			deferred = fmt.Errorf("%w: empty path", ErrCorrupt)
		case strings.IndexByte(e.Name, 0) >= 0:
			deferred = fmt.Errorf("%w: NUL in a path", ErrCorrupt)
		case i > 0 && compare(&x.Entries[i-1], e.Name, e.Stage()) >= 0:
			deferred = fmt.Errorf("%w: %w at %q", ErrCorrupt, errUnsortedEntries, e.Name)
		}
		prev = e.Name
	}
	for off < end {
		if off+8 > end {
			return nil, fmt.Errorf("%w: truncated extension", ErrCorrupt)
		}
		sig := string(b[off : off+4])
		size := binary.BigEndian.Uint32(b[off+4:])
		if uint64(size) > uint64(end-off-8) {
			return nil, fmt.Errorf("%w: extension %q larger than the file", ErrCorrupt, sig)
		}
		data := b[off+8 : off+8+int(size)]
		off += 8 + int(size)
		switch {
		case sig == "TREE":
			t, rest, err := decodeTree(data, 0)
			if err != nil {
				return nil, err
			}
			if len(rest) != 0 {
				return nil, fmt.Errorf("%w: %w", ErrCorrupt, errBadCacheTree)
			}
			x.Tree = t
		case sig == "REUC":
			x.REUC = bytes.Clone(data)
		case sig == "link":
			return nil, ErrSplitIndex
		case sig == "sdir":
			return nil, ErrSparseIndex
		case sig[0] >= 'A' && sig[0] <= 'Z':
			x.Dropped = append(x.Dropped, sig)
		default:
			return nil, fmt.Errorf("%w (%q)", ErrRequiredExt, sig)
		}
	}
	if deferred != nil {
		return nil, deferred
	}
	return x, nil
}

// Encode writes the index file: the entries, the cache tree and
// resolve-undo extensions when present, and the SHA-1 trailer. Version 4
// stays 4; otherwise the version is 3 when an entry has extended flags and
// 2 when none has, as git writes it.
func (x *Index) Encode() []byte {
	version := x.Version
	if version != 4 {
		version = 2
		for i := range x.Entries {
			if x.Entries[i].ExtFlags != 0 {
				version = 3
				break
			}
		}
	}
	size := 12 + sha1.Size
	for i := range x.Entries {
		size += 72 + len(x.Entries[i].Name)
	}
	b := make([]byte, 12, size+len(x.REUC)+64)
	copy(b, "DIRC")
	binary.BigEndian.PutUint32(b[4:], version)
	binary.BigEndian.PutUint32(b[8:], uint32(len(x.Entries)))
	prev := ""
	for i := range x.Entries {
		e := &x.Entries[i]
		start := len(b)
		var d [64]byte
		binary.BigEndian.PutUint32(d[0:], e.CtimeSec)
		binary.BigEndian.PutUint32(d[4:], e.CtimeNsec)
		binary.BigEndian.PutUint32(d[8:], e.MtimeSec)
		binary.BigEndian.PutUint32(d[12:], e.MtimeNsec)
		binary.BigEndian.PutUint32(d[16:], e.Dev)
		binary.BigEndian.PutUint32(d[20:], e.Ino)
		binary.BigEndian.PutUint32(d[24:], e.Mode)
		binary.BigEndian.PutUint32(d[28:], e.UID)
		binary.BigEndian.PutUint32(d[32:], e.GID)
		binary.BigEndian.PutUint32(d[36:], e.Size)
		copy(d[40:60], e.Hash[:])
		flags := e.Flags &^ (flagExtended | flagNameMask)
		flags |= uint16(min(len(e.Name), flagNameMask))
		n := 62
		if e.ExtFlags != 0 {
			flags |= flagExtended
			binary.BigEndian.PutUint16(d[62:], e.ExtFlags)
			n = 64
		}
		binary.BigEndian.PutUint16(d[60:], flags)
		b = append(b, d[:n]...)
		if version == 4 {
			common := 0
			for common < len(prev) && common < len(e.Name) && prev[common] == e.Name[common] {
				common++
			}
			b = appendUvarint(b, uint64(len(prev)-common))
			b = append(b, e.Name[common:]...)
			b = append(b, 0)
			prev = e.Name
			continue
		}
		b = append(b, e.Name...)
		pad := (len(b)-start+8)&^7 - (len(b) - start)
		b = append(b, make([]byte, pad)...)
	}
	if x.Tree != nil {
		b = appendExt(b, "TREE", func(b []byte) []byte { return x.Tree.encode(b) })
	}
	if x.REUC != nil {
		b = appendExt(b, "REUC", func(b []byte) []byte { return append(b, x.REUC...) })
	}
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

func appendExt(b []byte, sig string, data func([]byte) []byte) []byte {
	b = append(b, sig...)
	at := len(b)
	b = append(b, 0, 0, 0, 0)
	b = data(b)
	binary.BigEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	return b
}

// uvarint decodes git's offset varint (also used by version 4 paths): each
// continuation adds one before shifting, so every value has one encoding.
func uvarint(b []byte) (uint64, int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	v := uint64(c & 127)
	i := 1
	for c&128 != 0 {
		v++
		if v == 0 || v>>57 != 0 || i >= len(b) {
			return 0, 0
		}
		c = b[i]
		i++
		v = v<<7 + uint64(c&127)
	}
	return v, i
}

func appendUvarint(b []byte, v uint64) []byte {
	var buf [16]byte
	pos := len(buf) - 1
	buf[pos] = byte(v & 127)
	for v >>= 7; v != 0; v >>= 7 {
		v--
		pos--
		buf[pos] = 128 | byte(v&127)
	}
	return append(b, buf[pos:]...)
}
