// Package gitobj reads git objects from a repository's pack files and loose
// object files, for history walks that read thousands of trees.
//
// Deltas are resolved with a cache of delta bases keyed by their place in
// the pack, as git's own delta base cache does, so the versions of a tree
// that history reads one after the other share the work of their delta
// chain. Objects are not re-hashed: the pack index names them. Every size
// and offset read from a file is checked, so a damaged pack gives an error,
// never a crash or an allocation the file does not justify.
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
)

// ErrNotFound is returned by Read for an object the store does not hold.
var ErrNotFound = errors.New("object not found")

// Store reads the objects of one objects folder. It is safe for concurrent
// use; reads take turns.
type Store struct {
	mu    sync.Mutex
	dir   string
	packs []*pack
	cache baseCache
	zr    io.ReadCloser // reused zlib reader
	br    bytes.Reader
	delta []byte // the delta being applied
}

const (
	hashSize = 20
	// maxObject bounds the size of one object: larger ones are refused
	// rather than allocated.
	maxObject = 1 << 30
	// cacheBytes bounds the delta base cache.
	cacheBytes = 16 << 20
)

// Open reads the pack indexes of objectsDir (.git/objects).
func Open(objectsDir string) (*Store, error) {
	s := &Store{dir: objectsDir}
	s.cache.init(cacheBytes)
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
	for _, p := range s.packs {
		errs = append(errs, p.close())
	}
	s.packs = nil
	return errors.Join(errs...)
}

// Read returns the type and content of object h, the content in buf
// (reused when large enough). An object the store does not hold gives an
// error matching ErrNotFound.
func (s *Store) Read(h plumbing.Hash, buf []byte) (plumbing.ObjectType, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.packs {
		if off, ok := p.find(h); ok {
			t, data, err := s.readPacked(i, off, 0)
			if err != nil {
				return 0, nil, fmt.Errorf("object %s in %s: %w", h, filepath.Base(p.name), err)
			}
			return t, append(buf[:0], data...), nil
		}
	}
	t, _, data, err := s.loose(h, true)
	return t, append(buf[:0], data...), err
}

// Size returns the size of object h's content without reading it all: from
// the entry header in a pack, the start of a delta, or a loose object's
// header. An object the store does not hold gives an error matching
// ErrNotFound.
func (s *Store) Size(h plumbing.Hash) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.packs {
		off, ok := p.find(h)
		if !ok {
			continue
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
		head, err := s.inflate(p, rest, min(size, 20), nil)
		if err != nil {
			return 0, err
		}
		for k := 0; k < 2; k++ {
			var v uint64
			var shift uint
			for {
				if len(head) == 0 || shift > 63 {
					return 0, fmt.Errorf("object %s: malformed delta", h)
				}
				c := head[0]
				head = head[1:]
				v |= uint64(c&0x7f) << shift
				shift += 7
				if c&0x80 == 0 {
					break
				}
			}
			size = v
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

// readPacked returns the object at off in pack i, resolving its delta
// chain. The content may be shared with the cache: callers copy it.
func (s *Store) readPacked(i int, off uint64, depth int) (plumbing.ObjectType, []byte, error) {
	if t, data, ok := s.cache.get(i, off); ok {
		return t, data, nil
	}
	if depth > maxChain {
		return 0, nil, errors.New("delta chain too long")
	}
	p := s.packs[i]
	typ, size, body, err := p.header(off)
	if err != nil {
		return 0, nil, err
	}
	var t plumbing.ObjectType
	var data []byte
	switch typ {
	case objCommit, objTree, objBlob, objTag:
		t = plumbing.ObjectType(typ)
		if data, err = s.inflate(p, body, size, s.cache.buffer(size)); err != nil {
			return 0, nil, err
		}
	case objOfsDelta, objRefDelta:
		bi, boff, rest, err := s.deltaBase(i, off, typ, body)
		if err != nil {
			return 0, nil, err
		}
		var base []byte
		if t, base, err = s.readPacked(bi, boff, depth+1); err != nil {
			return 0, nil, err
		}
		if s.delta, err = s.inflate(p, rest, size, s.delta); err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, s.delta, s.cache.buffer); err != nil {
			return 0, nil, err
		}
	default:
		return 0, nil, fmt.Errorf("unknown entry type %d at offset %d", typ, off)
	}
	s.cache.put(i, off, t, data)
	return t, data, nil
}

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

// inflate decompresses size bytes of zlib data starting at off in p into
// buf (reused when large enough).
func (s *Store) inflate(p *pack, off uint64, size uint64, buf []byte) ([]byte, error) {
	if size > maxObject {
		return nil, fmt.Errorf("object of %d bytes is too large", size)
	}
	if off > uint64(len(p.data)) {
		return nil, errors.New("entry out of range")
	}
	s.br.Reset(p.data[off:])
	var err error
	if s.zr == nil {
		s.zr, err = zlib.NewReader(&s.br)
	} else {
		err = s.zr.(zlib.Resetter).Reset(&s.br, nil)
	}
	if err != nil {
		return nil, err
	}
	if uint64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	out := buf[:size]
	if _, err := io.ReadFull(s.zr, out); err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	return out, nil
}

// applyDelta rebuilds an object from its base and a delta: the base's size,
// the result's size, then instructions copying from the base or inserting
// literal bytes. alloc gives the buffer for the result.
func applyDelta(base, delta []byte, alloc func(n uint64) []byte) ([]byte, error) {
	bad := errors.New("malformed delta")
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
	srcSize, ok1 := varint()
	dstSize, ok2 := varint()
	if !ok1 || !ok2 || srcSize != uint64(len(base)) || dstSize > maxObject {
		return nil, bad
	}
	out := alloc(dstSize)[:0]
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
					return nil, bad
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
			if off+n > uint64(len(base)) || uint64(len(out))+n > dstSize {
				return nil, bad
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			n := int(op)
			if n > len(delta) || uint64(len(out)+n) > dstSize {
				return nil, bad
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, bad
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, bad
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
	fan := p.idx[8:]
	lo := uint32(0)
	if h[0] > 0 {
		lo = binary.BigEndian.Uint32(fan[(int(h[0])-1)*4:])
	}
	hi := binary.BigEndian.Uint32(fan[int(h[0])*4:])
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch c := bytes.Compare(p.names[int(mid)*hashSize:int(mid+1)*hashSize], h[:]); {
		case c == 0:
			off := uint64(binary.BigEndian.Uint32(p.offsets[int(mid)*4:]))
			if off&0x80000000 != 0 {
				k := int(off&0x7fffffff) * 8
				if k+8 > len(p.large) {
					return 0, false
				}
				off = binary.BigEndian.Uint64(p.large[k:])
			}
			return off, true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
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

// baseCache keeps recently rebuilt objects by their place in a pack, up to
// a number of bytes, dropping the least recently used.
type baseCache struct {
	max, used int
	entries   map[cacheKey]*cacheEntry
	head      cacheEntry // sentinel of the recency list, most recent first
	free      [][]byte   // the data of dropped entries, for reuse
}

type cacheKey struct {
	pack int
	off  uint64
}

type cacheEntry struct {
	key        cacheKey
	t          plumbing.ObjectType
	data       []byte
	prev, next *cacheEntry
}

func (c *baseCache) init(max int) {
	c.max = max
	c.entries = map[cacheKey]*cacheEntry{}
	c.head.prev, c.head.next = &c.head, &c.head
}

func (c *baseCache) get(pack int, off uint64) (plumbing.ObjectType, []byte, bool) {
	e, ok := c.entries[cacheKey{pack, off}]
	if !ok {
		return 0, nil, false
	}
	c.unlink(e)
	c.front(e)
	return e.t, e.data, true
}

func (c *baseCache) put(pack int, off uint64, t plumbing.ObjectType, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	k := cacheKey{pack, off}
	if _, ok := c.entries[k]; ok {
		return
	}
	e := &cacheEntry{key: k, t: t, data: data}
	c.entries[k] = e
	c.front(e)
	c.used += len(data)
	for c.used > c.max {
		last := c.head.prev
		c.unlink(last)
		delete(c.entries, last.key)
		c.used -= len(last.data)
		if len(c.free) < 64 {
			c.free = append(c.free, last.data)
		}
	}
}

// buffer returns a buffer of n bytes: the smallest dropped entry's data
// that is large enough, else a new one. A dropped entry's data is no longer
// handed out: Read copies what it returns.
func (c *baseCache) buffer(n uint64) []byte {
	best := -1
	for i, b := range c.free {
		if uint64(cap(b)) >= n && (best < 0 || cap(b) < cap(c.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return make([]byte, n)
	}
	b := c.free[best]
	c.free[best] = c.free[len(c.free)-1]
	c.free = c.free[:len(c.free)-1]
	return b[:n]
}

func (c *baseCache) unlink(e *cacheEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
}

func (c *baseCache) front(e *cacheEntry) {
	e.prev, e.next = &c.head, c.head.next
	c.head.next.prev = e
	c.head.next = e
}
