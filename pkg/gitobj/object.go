package gitobj

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
)

// object is a packed object as the cache keeps it: either whole (stored
// without a delta, or a delta result rebuilt in full) or the pieces of a
// delta result.
//
// A whole object from the pack holds the bytes inflated so far: a reader
// that needs only the start of a big tree inflates only that, and the
// inflation can go on later where it stopped. A delta result is not
// rebuilt: its pieces are ranges of its chain's whole object (the root:
// every delta chain ends in one) or of its own literal bytes, so reading
// down a chain of fifty versions of a tree copies none of them.
type object struct {
	key  cacheKey
	t    plumbing.ObjectType
	size uint64

	// Whole objects.
	zdata uint64    // where the entry's zlib data starts in the pack
	data  []byte    // the bytes inflated so far (all of them when flat)
	inf   *inflater // the inflation of data, stopped where data ends; or nil
	// flat marks a delta result rebuilt in full (its pieces were too
	// many): its data cannot be inflated again, so it is never dropped.
	flat bool

	// Delta results.
	root   *object
	pieces []piece
	lits   []byte // the literal bytes the pieces name

	cost       int
	cached     bool
	prev, next *object // the cache's recency list
}

// piece is n bytes of a delta result, starting at offset at: from the root
// at src, or from the literal bytes at src.
type piece struct {
	at, n, src uint32
	lit        bool
}

func (o *object) whole() bool { return o.root == nil }

// object returns the object at off in pack i, a delta's base first.
func (s *Store) object(i int, off uint64, depth int) (*object, error) {
	k := cacheKey{i, off}
	if o, ok := s.cache.get(k); ok {
		return o, nil
	}
	if depth > maxChain {
		return nil, errors.New("delta chain too long")
	}
	p := s.packs[i]
	typ, size, body, err := p.header(off)
	if err != nil {
		return nil, err
	}
	switch typ {
	case objCommit, objTree, objBlob, objTag:
		if size > maxObject {
			return nil, fmt.Errorf("object of %d bytes is too large", size)
		}
		o := &object{key: k, t: plumbing.ObjectType(typ), size: size, zdata: body}
		s.cache.put(o)
		return o, nil
	case objOfsDelta, objRefDelta:
		bi, boff, rest, err := s.deltaBase(i, off, typ, body)
		if err != nil {
			return nil, err
		}
		base, err := s.object(bi, boff, depth+1)
		if err != nil {
			return nil, err
		}
		if s.delta, err = s.one.inflate(p.data, rest, size, s.delta); err != nil {
			return nil, err
		}
		o, err := s.compose(k, base, s.delta)
		if err != nil {
			return nil, err
		}
		s.cache.put(o)
		return o, nil
	default:
		return nil, fmt.Errorf("unknown entry type %d at offset %d", typ, off)
	}
}

var errTooManyPieces = errors.New("too many pieces")

// maxPieces bounds the pieces of a delta result of size bytes: past it
// (deltas of many small copies, one on another) the result is rebuilt in
// full instead.
var maxPieces = func(size uint64) int { return 64 + int(size/32) }

// compose makes the result of delta on base: pieces of base's root.
func (s *Store) compose(k cacheKey, base *object, delta []byte) (*object, error) {
	o := &object{key: k, t: base.t, root: base}
	var bp []piece
	var blits []byte
	if !base.whole() {
		o.root, bp, blits = base.root, base.pieces, base.lits
	}
	_, dst, _, err := deltaSizes(delta)
	if err != nil {
		return nil, err
	}
	limit := maxPieces(dst)
	var at uint32
	// Pieces and literal bytes go to the store's buffers first, then to
	// slices of their exact size: one allocation each.
	pieces, lits := s.pieces[:0], s.lits[:0]
	add := func(lit bool, src, n uint32) error {
		if k := len(pieces) - 1; k >= 0 && pieces[k].lit == lit && pieces[k].src+pieces[k].n == src {
			pieces[k].n += n
		} else {
			if len(pieces) >= limit {
				return errTooManyPieces
			}
			pieces = append(pieces, piece{at: at, n: n, src: src, lit: lit})
		}
		at += n
		return nil
	}
	insert := func(lit []byte) error {
		src := uint32(len(lits))
		lits = append(lits, lit...)
		return add(true, src, uint32(len(lit)))
	}
	copyFn := func(off, n uint64) error {
		if base.whole() {
			return add(false, uint32(off), uint32(n))
		}
		j := sort.Search(len(bp), func(j int) bool { return uint64(bp[j].at)+uint64(bp[j].n) > off })
		for ; n > 0; j++ {
			if j >= len(bp) {
				return errDelta
			}
			p := bp[j]
			skip := uint32(off) - p.at
			take := min(p.n-skip, uint32(n))
			var err error
			if p.lit {
				err = insert(blits[p.src+skip : p.src+skip+take])
			} else {
				err = add(false, p.src+skip, take)
			}
			if err != nil {
				return err
			}
			off += uint64(take)
			n -= uint64(take)
		}
		return nil
	}
	size, err := walkDelta(delta, base.size, copyFn, insert)
	s.pieces, s.lits = pieces, lits
	if errors.Is(err, errTooManyPieces) {
		return s.flatten(k, base, delta)
	}
	if err != nil {
		return nil, err
	}
	o.size = size
	o.pieces = slices.Clone(pieces)
	if len(lits) > 0 {
		o.lits = slices.Clone(lits)
	}
	return o, nil
}

// flatten rebuilds the result of delta on base in full.
func (s *Store) flatten(k cacheKey, base *object, delta []byte) (*object, error) {
	b := make([]byte, base.size)
	if err := s.readAt(base, 0, b); err != nil {
		return nil, err
	}
	data, err := applyDelta(b, delta, func(n uint64) []byte { return make([]byte, n) })
	if err != nil {
		return nil, err
	}
	return &object{key: k, t: base.t, size: uint64(len(data)), data: data, flat: true}, nil
}

// readAt fills dst with o's content from offset off.
func (s *Store) readAt(o *object, off uint64, dst []byte) error {
	if off+uint64(len(dst)) > o.size {
		return errors.New("read past the end of an object")
	}
	if o.whole() {
		if err := s.ensure(o, off+uint64(len(dst))); err != nil {
			return err
		}
		copy(dst, o.data[off:])
		return nil
	}
	r := s.liveRoot(o)
	ps := o.pieces
	j := sort.Search(len(ps), func(j int) bool { return uint64(ps[j].at)+uint64(ps[j].n) > off })
	for ; len(dst) > 0; j++ {
		if j >= len(ps) {
			return errors.New("delta result shorter than its size")
		}
		p := ps[j]
		skip := uint32(off) - p.at
		take := min(p.n-skip, uint32(min(len(dst), 1<<31)))
		from := p.src + skip
		if p.lit {
			copy(dst, o.lits[from:from+take])
		} else {
			if err := s.ensure(r, uint64(from)+uint64(take)); err != nil {
				return err
			}
			copy(dst, r.data[from:from+take])
		}
		dst = dst[take:]
		off += uint64(take)
	}
	return nil
}

// liveRoot returns o's root, back in the cache when the cache had dropped
// it (and its data with it): the pieces stay valid, the bytes are
// inflated again as they are read.
func (s *Store) liveRoot(o *object) *object {
	r := o.root
	if r.cached || r.flat {
		s.cache.touch(r)
		return r
	}
	if c, ok := s.cache.get(r.key); ok && c.whole() && !c.flat {
		o.root = c
		return c
	}
	s.cache.put(r)
	return r
}

// ensure inflates whole object o at least to its first n bytes: further
// than asked, so that a reader moving on asks again rarely.
func (s *Store) ensure(o *object, n uint64) error {
	have := uint64(len(o.data))
	if have >= n {
		return nil
	}
	if o.flat {
		return errors.New("read past the end of an object")
	}
	target := min(o.size, max(n, 2*have, 4096))
	p := s.packs[o.key.pack]
	if o.inf == nil {
		inf := s.infl.get(o)
		if err := inf.start(p.data, o.zdata); err != nil {
			s.infl.release(o)
			return err
		}
		have = 0
		o.data = o.data[:0]
	}
	if uint64(cap(o.data)) < target {
		c := target
		if target < o.size {
			c = min(o.size, 2*target)
		}
		b := s.cache.buffer(c)[:have]
		copy(b, o.data)
		s.cache.recycle(o.data)
		o.data = b
	}
	o.data = o.data[:target]
	if err := o.inf.fill(o.data); err != nil {
		o.data = o.data[:have]
		s.infl.release(o)
		return err
	}
	if target == o.size {
		err := o.inf.finish(o.data)
		s.infl.release(o)
		if err != nil {
			o.data = o.data[:have]
			return err
		}
	}
	s.cache.resize(o)
	return nil
}

// dropped is called by the cache for an object it drops: a whole object
// from the pack drops its bytes, which can be inflated again.
func (s *Store) dropped(o *object) {
	if !o.whole() || o.flat {
		return
	}
	s.infl.release(o)
	s.cache.recycle(o.data)
	o.data = nil
}

// maxHeld bounds the inflations kept stopped part way (each holds its
// Huffman tables, 4 KiB).
const maxHeld = 16

// inflaters hands out inflaters to whole objects, taking one back from the
// object that got it first when maxHeld are out.
type inflaters struct {
	free []*inflater
	held []*object // owners, oldest first
}

func (s *inflaters) get(o *object) *inflater {
	var f *inflater
	switch {
	case len(s.free) > 0:
		f = s.free[len(s.free)-1]
		s.free = s.free[:len(s.free)-1]
	case len(s.held) < maxHeld:
		f = &inflater{}
	default:
		old := s.held[0]
		s.held = s.held[1:]
		f, old.inf = old.inf, nil
	}
	f.owner = o
	o.inf = f
	s.held = append(s.held, o)
	return f
}

func (s *inflaters) release(o *object) {
	if o.inf == nil {
		return
	}
	if i := slices.Index(s.held, o); i >= 0 {
		s.held = append(s.held[:i], s.held[i+1:]...)
	}
	o.inf.owner = nil
	s.free = append(s.free, o.inf)
	o.inf = nil
}

// cache keeps recently read objects by their place in a pack, up to a
// number of bytes, dropping the least recently used.
type cache struct {
	max, used int
	entries   map[cacheKey]*object
	head      object        // sentinel of the recency list, most recent first
	free      [][]byte      // the data of dropped objects, for reuse
	dropped   func(*object) // called for each object dropped
}

type cacheKey struct {
	pack int
	off  uint64
}

// overhead is what an object costs beside its bytes.
const overhead = 128

func (c *cache) init(max int, dropped func(*object)) {
	c.max, c.used = max, 0
	c.entries = map[cacheKey]*object{}
	c.head.prev, c.head.next = &c.head, &c.head
	c.free = nil
	c.dropped = dropped
}

func (c *cache) get(k cacheKey) (*object, bool) {
	o, ok := c.entries[k]
	if ok {
		c.touch(o)
	}
	return o, ok
}

// touch makes a cached o the most recently used.
func (c *cache) touch(o *object) {
	if o.cached {
		c.unlink(o)
		c.front(o)
	}
}

// cost is what keeping o costs: its bytes, and a flat root's, which its
// pieces keep alive.
func cost(o *object) int {
	n := overhead + cap(o.data) + cap(o.lits) + cap(o.pieces)*16
	if o.root != nil && o.root.flat {
		n += cap(o.root.data)
	}
	return n
}

// cacheable reports whether o may be kept: a big object (or one whose
// root is big) is read again rather than crowding out the others.
func (c *cache) cacheable(o *object) bool {
	if o.size > uint64(c.max/4) || o.root != nil && o.root.size > uint64(c.max/4) {
		return false
	}
	return cost(o) <= c.max/4
}

func (c *cache) put(o *object) {
	if o.cached || !c.cacheable(o) {
		return
	}
	if _, ok := c.entries[o.key]; ok {
		return
	}
	c.entries[o.key] = o
	o.cached = true
	o.cost = cost(o)
	c.used += o.cost
	c.front(o)
	c.evict(o)
}

// resize accounts for o's new size.
func (c *cache) resize(o *object) {
	if !o.cached {
		return
	}
	n := cost(o)
	c.used += n - o.cost
	o.cost = n
	c.evict(o)
}

// evict drops the least recently used objects other than keep until the
// cache is within its bound.
func (c *cache) evict(keep *object) {
	for c.used > c.max {
		last := c.head.prev
		if last == keep {
			last = last.prev
		}
		if last == &c.head {
			return
		}
		c.unlink(last)
		delete(c.entries, last.key)
		last.cached = false
		c.used -= last.cost
		c.dropped(last)
	}
}

// recycle keeps the data of a dropped whole object for buffer.
func (c *cache) recycle(b []byte) {
	if cap(b) > 0 && len(c.free) < 64 {
		c.free = append(c.free, b[:0])
	}
}

// buffer returns a buffer of n bytes: the smallest recycled one that is
// large enough, else a new one.
func (c *cache) buffer(n uint64) []byte {
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

func (c *cache) unlink(o *object) {
	o.prev.next, o.next.prev = o.next, o.prev
}

func (c *cache) front(o *object) {
	o.prev, o.next = &c.head, c.head.next
	c.head.next.prev = o
	c.head.next = o
}
