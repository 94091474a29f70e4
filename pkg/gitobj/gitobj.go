// Package gitobj reads git objects from a repository's pack files and loose
// object files, for history walks that read thousands of trees.
//
// A walk reads the versions of a tree one after the other, each a delta
// against another in a chain of up to 50, and wants one entry of each. So
// an object is not rebuilt whole: a delta's result is kept as pieces, each
// a range of its chain's one whole object or literal bytes of a delta, and
// a whole object is inflated only as far as a reader asked (trees are
// sorted: TreeEntry stops at the entry's place). Objects are kept in a
// cache keyed by their place in the pack, as git's own delta base cache
// does, so the versions read next share the work. Objects are not
// re-hashed: the pack index names them. Every size and offset read from a
// file is checked, so a damaged pack gives an error, never a crash or an
// allocation the file does not justify.
//
// The format is git's (gitformat-pack(5)): an index, version 2, with a
// fan-out table, the sorted object names and their offsets; a pack of
// zlib-compressed entries, each a whole object or a delta against a base
// named by offset (OFS_DELTA) or by hash (REF_DELTA).
package gitobj

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/internal/fanout"
)

// ErrNotFound is returned by Read for an object the store does not hold.
var ErrNotFound = errors.New("object not found")

// Store reads the objects of one objects folder. It is safe for concurrent
// use; reads take turns.
type Store struct {
	mu    sync.Mutex
	dir   string
	packs []*pack
	alts  []*Store // alternate object stores, see alternates
	cache cache
	infl  inflaters
	one   inflater // for deltas, read whole at once
	delta []byte   // the delta being composed
	// pieces and lits are the buffers compose makes a result in.
	pieces []piece
	lits   []byte
	view   []byte // the start of a delta result, rebuilt for TreeEntry
}

const (
	hashSize = 20
	// maxObject bounds the size of one object: larger ones are refused
	// rather than allocated.
	maxObject = 1 << 30
	// cacheBytes bounds the object cache.
	cacheBytes = 16 << 20
)

// Open reads the pack indexes of objectsDir (.git/objects) and of the
// alternate object stores extra and objectsDir name (see alternates).
func Open(objectsDir string, extra ...string) (*Store, error) {
	s, err := open(objectsDir, cacheBytes)
	if err != nil {
		return nil, err
	}
	dirs, err := alternates(objectsDir, extra)
	if err != nil {
		s.Close()
		return nil, err
	}
	for _, d := range dirs {
		a, err := open(d, cacheBytes/4)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("alternate object store %s: %w", d, err)
		}
		s.alts = append(s.alts, a)
	}
	return s, nil
}

func open(objectsDir string, cacheMax int) (*Store, error) {
	s := &Store{dir: objectsDir}
	s.cache.init(cacheMax, s.dropped)
	idx, err := filepath.Glob(filepath.Join(objectsDir, "pack", "pack-*.idx"))
	if err != nil {
		return nil, err
	}
	slices.Sort(idx)
	for _, p := range idx {
		pk, err := openPack(p)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.packs = append(s.packs, pk)
	}
	return s, nil
}

// Close releases the pack files.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, a := range s.alts {
		errs = append(errs, a.Close())
	}
	s.alts = nil
	for _, p := range s.packs {
		errs = append(errs, p.close())
	}
	s.packs = nil
	s.cache.init(s.cache.max, s.dropped)
	return errors.Join(errs...)
}

// Read returns the type and content of object h, the content in buf
// (reused when large enough). An object the store does not hold, nor its
// alternates, gives an error matching ErrNotFound.
func (s *Store) Read(h plumbing.Hash, buf []byte) (plumbing.ObjectType, []byte, error) {
	t, b, err := s.read(h, buf)
	for _, a := range s.alts {
		if !errors.Is(err, ErrNotFound) {
			break
		}
		t, b, err = a.read(h, buf)
	}
	return t, b, err
}

func (s *Store) read(h plumbing.Hash, buf []byte) (plumbing.ObjectType, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A whole commit is read once by a walk and is no delta's base: it is
	// inflated straight into buf and not cached.
	for i, p := range s.packs {
		off, ok := p.find(h)
		if !ok {
			continue
		}
		if _, ok := s.cache.get(cacheKey{i, off}); ok {
			break
		}
		typ, size, body, err := p.header(off)
		if err != nil || typ != objCommit {
			break
		}
		b, err := s.one.inflate(p.data, body, size, buf)
		if err != nil {
			return 0, nil, fmt.Errorf("object %s in %s: %w", h, filepath.Base(p.name), err)
		}
		return plumbing.CommitObject, b, nil
	}
	o, err := s.packed(h)
	if errors.Is(err, ErrNotFound) {
		t, _, data, err := s.loose(h, true)
		return t, append(buf[:0], data...), err
	}
	if err != nil {
		return 0, nil, err
	}
	if uint64(cap(buf)) < o.size {
		buf = make([]byte, o.size)
	}
	buf = buf[:o.size]
	if err := s.readAt(o, 0, buf); err != nil {
		return 0, nil, s.errorf(o, err)
	}
	return o.t, buf, nil
}

// packed returns object h from the first pack that holds it.
func (s *Store) packed(h plumbing.Hash) (*object, error) {
	for i, p := range s.packs {
		if off, ok := p.find(h); ok {
			o, err := s.object(i, off, 0)
			if err != nil {
				return nil, fmt.Errorf("object %s in %s: %w", h, filepath.Base(p.name), err)
			}
			return o, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", h, ErrNotFound)
}

// errorf names the pack entry an error reading o's content came from.
func (s *Store) errorf(o *object, err error) error {
	return fmt.Errorf("entry at %d of %s: %w", o.key.off, filepath.Base(s.packs[o.key.pack].name), err)
}

// Size returns the size of object h's content without reading it all: from
// the entry header in a pack, the start of a delta, or a loose object's
// header. An object the store does not hold, nor its alternates, gives an
// error matching ErrNotFound.
func (s *Store) Size(h plumbing.Hash) (int64, error) {
	n, err := s.size(h)
	for _, a := range s.alts {
		if !errors.Is(err, ErrNotFound) {
			break
		}
		n, err = a.size(h)
	}
	return n, err
}

func (s *Store) size(h plumbing.Hash) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.packs {
		off, ok := p.find(h)
		if !ok {
			continue
		}
		if o, ok := s.cache.get(cacheKey{i, off}); ok {
			return int64(o.size), nil
		}
		typ, size, body, err := p.header(off)
		if err != nil {
			return 0, err
		}
		if typ != objOfsDelta && typ != objRefDelta {
			return int64(size), nil
		}
		_, _, rest, err := s.deltaBase(i, off, typ, body)
		if err != nil {
			return 0, err
		}
		// The delta starts with the base's size and the result's.
		head, err := s.one.prefix(p.data, rest, min(size, 20), nil)
		if err != nil {
			return 0, err
		}
		_, size, _, err = deltaSizes(head)
		if err != nil {
			return 0, fmt.Errorf("object %s: %w", h, err)
		}
		return int64(size), nil
	}
	_, size, _, err := s.loose(h, false)
	return size, err
}

// loose reads objects/xx/yyyy…, zlib of "TYPE SIZE\0CONTENT": the type and
// size, and the content when asked.
func (s *Store) loose(h plumbing.Hash, content bool) (plumbing.ObjectType, int64, []byte, error) {
	hex := h.String()
	f, err := os.Open(filepath.Join(s.dir, hex[:2], hex[2:]))
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, nil, fmt.Errorf("%s: %w", hex, ErrNotFound)
	}
	if err != nil {
		return 0, 0, nil, err
	}
	defer f.Close()
	bad := func(err error) (plumbing.ObjectType, int64, []byte, error) {
		return 0, 0, nil, fmt.Errorf("loose object %s: %w", hex, err)
	}
	zr, err := zlib.NewReader(f)
	if err != nil {
		return bad(err)
	}
	defer zr.Close()
	var head []byte
	one := make([]byte, 1)
	for len(head) < 32 {
		if _, err := io.ReadFull(zr, one); err != nil {
			return bad(err)
		}
		if one[0] == 0 {
			break
		}
		head = append(head, one[0])
	}
	name, size, ok := bytes.Cut(head, []byte{' '})
	n, err := strconv.ParseInt(string(size), 10, 64)
	t, terr := plumbing.ParseObjectType(string(name))
	if !ok || err != nil || terr != nil || n < 0 || n > maxObject {
		return bad(errors.New("malformed header"))
	}
	if !content {
		return t, n, nil, nil
	}
	data, err := readN(zr, n)
	if err != nil {
		return bad(err)
	}
	return t, n, data, nil
}

// readN reads exactly n bytes, growing the buffer as data arrives rather
// than trusting n for one allocation.
func readN(r io.Reader, n int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(n, 1<<20)))
	got, err := io.CopyN(&b, r, n)
	if err != nil || got != n {
		return nil, fmt.Errorf("truncated object: %d of %d bytes: %v", got, n, err)
	}
	return b.Bytes(), nil
}

// Pack entry types.
const (
	objCommit   = 1
	objTree     = 2
	objBlob     = 3
	objTag      = 4
	objOfsDelta = 6
	objRefDelta = 7
)

// maxChain bounds delta chains (git's default depth is 50; --depth 4095 at
// most).
const maxChain = 10000

// deltaBase finds the base of the delta entry at off: its pack and offset,
// and where the delta's compressed data starts.
func (s *Store) deltaBase(i int, off uint64, typ byte, body uint64) (int, uint64, uint64, error) {
	p := s.packs[i]
	if typ == objRefDelta {
		if body+hashSize > uint64(len(p.data)) {
			return 0, 0, 0, errors.New("truncated delta")
		}
		var h plumbing.Hash
		copy(h[:], p.data[body:])
		for j, q := range s.packs {
			if boff, ok := q.find(h); ok {
				return j, boff, body + hashSize, nil
			}
		}
		return 0, 0, 0, fmt.Errorf("delta base %s: %w", h, ErrNotFound)
	}
	// OFS_DELTA: a big-endian base-128 distance back, each continued
	// byte adding one (gitformat-pack(5)).
	pos := body
	if pos >= uint64(len(p.data)) {
		return 0, 0, 0, errors.New("truncated delta")
	}
	c := p.data[pos]
	pos++
	dist := uint64(c & 0x7f)
	for c&0x80 != 0 {
		if pos >= uint64(len(p.data)) || dist >= 1<<56 {
			return 0, 0, 0, errors.New("malformed delta offset")
		}
		c = p.data[pos]
		pos++
		dist = (dist+1)<<7 | uint64(c&0x7f)
	}
	if dist == 0 || dist > off {
		return 0, 0, 0, errors.New("delta base offset out of range")
	}
	return i, off - dist, pos, nil
}

var errDelta = errors.New("malformed delta")

// deltaSizes reads the start of a delta: the base's size, the result's,
// and the instructions after them.
func deltaSizes(delta []byte) (src, dst uint64, rest []byte, err error) {
	varint := func() (uint64, bool) {
		var v uint64
		for shift := uint(0); len(delta) > 0 && shift < 64; shift += 7 {
			c := delta[0]
			delta = delta[1:]
			v |= uint64(c&0x7f) << shift
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	src, ok1 := varint()
	dst, ok2 := varint()
	if !ok1 || !ok2 || dst > maxObject {
		return 0, 0, nil, errDelta
	}
	return src, dst, delta, nil
}

// walkDelta reads a delta against a base of baseSize bytes: the size of
// its result, and its instructions, calling copyFn for each range copied
// from the base and insert for each run of literal bytes. Every range is
// checked against the base and the result.
func walkDelta(delta []byte, baseSize uint64, copyFn func(off, n uint64) error, insert func(lit []byte) error) (uint64, error) {
	srcSize, dstSize, delta, err := deltaSizes(delta)
	if err != nil || srcSize != baseSize {
		return 0, errDelta
	}
	var done uint64
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, n uint64
			for b := range 7 {
				if op&(1<<b) == 0 {
					continue
				}
				if len(delta) == 0 {
					return 0, errDelta
				}
				if b < 4 {
					off |= uint64(delta[0]) << (8 * b)
				} else {
					n |= uint64(delta[0]) << (8 * (b - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > baseSize || done+n > dstSize {
				return 0, errDelta
			}
			if err := copyFn(off, n); err != nil {
				return 0, err
			}
			done += n
		case op != 0:
			n := int(op)
			if n > len(delta) || done+uint64(n) > dstSize {
				return 0, errDelta
			}
			if err := insert(delta[:n]); err != nil {
				return 0, err
			}
			delta = delta[n:]
			done += uint64(n)
		default:
			return 0, errDelta
		}
	}
	if done != dstSize {
		return 0, errDelta
	}
	return dstSize, nil
}

// applyDelta rebuilds an object from its base and a delta: the base's size,
// the result's size, then instructions copying from the base or inserting
// literal bytes. alloc gives the buffer for the result.
func applyDelta(base, delta []byte, alloc func(n uint64) []byte) ([]byte, error) {
	_, dstSize, _, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	out := alloc(dstSize)[:0]
	_, err = walkDelta(delta, uint64(len(base)),
		func(off, n uint64) error { out = append(out, base[off:off+n]...); return nil },
		func(lit []byte) error { out = append(out, lit...); return nil })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pack is one pack file with its index, both mapped into memory.
type pack struct {
	name    string
	idx     []byte // the whole .idx
	data    []byte // the whole .pack
	n       uint32
	names   []byte // n sorted hashes
	offsets []byte // n 32-bit offsets
	large   []byte // 64-bit offsets
	unmap   []func() error
}

func openPack(idxPath string) (*pack, error) {
	p := &pack{name: idxPath}
	if err := p.open(idxPath); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

func (p *pack) open(idxPath string) error {
	idx, unmap, err := mapFile(idxPath)
	if err != nil {
		return err
	}
	p.idx, p.unmap = idx, append(p.unmap, unmap)
	bad := func(what string) error { return fmt.Errorf("pack index %s: %s", filepath.Base(idxPath), what) }
	if len(idx) < 8+256*4+2*hashSize || !bytes.Equal(idx[:4], []byte{0xff, 't', 'O', 'c'}) || binary.BigEndian.Uint32(idx[4:]) != 2 {
		return bad("not a version 2 pack index")
	}
	fan := idx[8 : 8+256*4]
	prev := uint32(0)
	for i := range 256 {
		v := binary.BigEndian.Uint32(fan[i*4:])
		if v < prev {
			return bad("fan-out out of order")
		}
		prev = v
	}
	p.n = prev
	n := uint64(p.n)
	start := uint64(8 + 256*4)
	if start+n*(hashSize+4+4)+2*hashSize > uint64(len(idx)) {
		return bad("truncated")
	}
	p.names = idx[start : start+n*hashSize]
	p.offsets = idx[start+n*(hashSize+4) : start+n*(hashSize+8)]
	p.large = idx[start+n*(hashSize+8) : uint64(len(idx))-2*hashSize]
	packPath := idxPath[:len(idxPath)-len(".idx")] + ".pack"
	data, unmap, err := mapFile(packPath)
	if err != nil {
		return err
	}
	p.data, p.unmap = data, append(p.unmap, unmap)
	if len(p.data) < 12+hashSize || string(p.data[:4]) != "PACK" {
		return fmt.Errorf("%s: not a pack file", filepath.Base(packPath))
	}
	return nil
}

func (p *pack) close() error {
	var errs []error
	for _, f := range p.unmap {
		errs = append(errs, f())
	}
	p.unmap, p.idx, p.data = nil, nil, nil
	return errors.Join(errs...)
}

// find returns the offset of h in the pack.
func (p *pack) find(h plumbing.Hash) (uint64, bool) {
	mid, ok := fanout.Search(p.idx[8:], p.names, h)
	if !ok {
		return 0, false
	}
	off := uint64(binary.BigEndian.Uint32(p.offsets[mid*4:]))
	if off&0x80000000 != 0 {
		k := int(off&0x7fffffff) * 8
		if k+8 > len(p.large) {
			return 0, false
		}
		off = binary.BigEndian.Uint64(p.large[k:])
	}
	return off, true
}

// header reads the entry header at off: its type, its inflated size, and
// where its body starts.
func (p *pack) header(off uint64) (byte, uint64, uint64, error) {
	end := uint64(len(p.data)) - hashSize
	if off < 12 || off >= end {
		return 0, 0, 0, fmt.Errorf("entry offset %d out of range", off)
	}
	c := p.data[off]
	typ := c >> 4 & 7
	size := uint64(c & 0x0f)
	pos := off + 1
	for shift := uint(4); c&0x80 != 0; shift += 7 {
		if pos >= end || shift > 60 {
			return 0, 0, 0, fmt.Errorf("malformed entry header at %d", off)
		}
		c = p.data[pos]
		pos++
		size |= uint64(c&0x7f) << shift
	}
	return typ, size, pos, nil
}
