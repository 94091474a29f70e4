// Package parsecache keeps, across commands, what parsing a version of a
// workspace file gave, keyed by the version's git blob id: a blob's content
// never changes, so neither does what parsing it gives, as long as the
// parser is the same build. `collab diff` and the whole-workspace
// `collab log` read file versions from history by blob id; with the cache
// they neither read nor parse a version a command parsed before.
//
// The cache is only an accelerator. It lives in the repository's shared git
// folder, <common git dir>/collab/parsed/, as a few immutable segment
// files, each a sorted table of keys and the encoded values. A segment
// written by another build (the workspace value codec's key: the
// executable's identity, the Go version and the model types), or whose
// header or table fails its CRC-32C, is ignored and removed by the next
// write; an entry whose own CRC-32C fails, or that does not decode, is a
// miss. Nothing read from it is trusted.
//
// Writes follow git's rules for its own files: a lock file taken with
// O_EXCL (when it is held the write is skipped, never waited for), a temp
// file renamed into place, both removed by Ctrl-C or SIGTERM (package
// safefile), and errors ignored. The segments are merged
// into one when there are more than maxSegments of them, dropping the
// oldest entries to stay under the size cap.
package parsecache

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Key names one cached value: a blob id and the flavour of value (what it
// was parsed as: the file's kind and the consumer, see Flavour*).
type Key struct {
	ID      [20]byte
	Flavour byte
}

func (k Key) less(o Key) bool {
	if c := bytes.Compare(k.ID[:], o.ID[:]); c != 0 {
		return c < 0
	}
	return k.Flavour < o.Flavour
}

const (
	magic  = "collab-parsed\n"
	format = 1
	// recordSize is one table record: id, flavour, offset, length, CRC.
	recordSize = 20 + 1 + 8 + 4 + 4
	segPrefix  = "seg-"
	lockName   = "lock"
)

// Limits; variables for tests.
var (
	// maxBytes caps the data the segments hold together; a merge drops
	// the oldest entries beyond it (down to three quarters of it).
	maxBytes int64 = 64 << 20
	// maxPending caps the new values one command holds until it writes
	// them: the values of a long history's log would otherwise wait in
	// memory (and the garbage collector lets the heap grow with what is
	// live). Beyond it, values are not kept.
	maxPending int64 = 8 << 20
	// maxSegments is how many segments may be read before they are merged.
	maxSegments = 8
	// staleLock: a lock file older than this was left by a process that
	// died while writing (a write takes well under a second).
	staleLock = 10 * time.Minute
	// valueKey is the key of the running build.
	valueKey = workspace.ValueKey
)

// NoCacheEnv, when set, turns this cache off as it does the workspace index.
const NoCacheEnv = workspace.NoCacheEnv

// Dir is where the cache of the repository whose shared git folder is
// commonDir lives. Deleting it is always safe.
func Dir(commonDir string) string { return filepath.Join(commonDir, "collab", "parsed") }

// Cache is the cache of one repository, opened for a command: lookups read
// the segments present when it was opened; Put collects new values, which
// Flush writes. Safe for concurrent use. A nil *Cache is a cache that is
// off: it finds nothing and keeps nothing.
type Cache struct {
	dir  string
	key  string
	segs []*segment // newest first

	mu      sync.Mutex
	pending map[Key][]byte
	order   []Key // pending keys in the order they were put
	size    int64 // bytes pending
	bad     bool  // a segment was found faulty: the next Flush merges
	full    bool  // values could not be written: no more are kept
}

// Open opens the cache kept in the shared git folder commonDir; nil when
// the cache is off (COLLAB_NO_CACHE, or a build that cannot be told).
func Open(commonDir string) *Cache {
	if os.Getenv(NoCacheEnv) != "" || commonDir == "" {
		return nil
	}
	key, ok := valueKey()
	if !ok {
		return nil
	}
	c := &Cache{dir: Dir(commonDir), key: key, pending: map[Key][]byte{}}
	names, _ := segmentNames(c.dir)
	for i := len(names) - 1; i >= 0; i-- {
		s, err := openSegment(filepath.Join(c.dir, names[i]), key)
		if errors.Is(err, fs.ErrNotExist) {
			continue // merged away since it was listed
		}
		if err != nil {
			c.bad = true
			continue
		}
		c.segs = append(c.segs, s)
	}
	return c
}

// Close closes the segment files (it does not flush).
func (c *Cache) Close() {
	if c == nil {
		return
	}
	for _, s := range c.segs {
		s.f.Close()
	}
	c.segs = nil
}

// Has reports whether the cache holds k (its entry may still turn out
// faulty when read).
func (c *Cache) Has(k Key) bool {
	if c == nil {
		return false
	}
	for _, s := range c.segs {
		if _, ok := s.find(k); ok {
			return true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.pending[k]
	return ok
}

// Get returns the encoded value of k; false when the cache does not hold
// it or its entry is faulty. The bytes are the caller's.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	for _, s := range c.segs {
		r, ok := s.find(k)
		if !ok {
			continue
		}
		if b, err := s.read(r); err == nil {
			return b, true
		}
		c.Faulty()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pending[k]
	return b, ok
}

// Faulty records that an entry did not decode: the next Flush merges the
// segments, checking every entry.
func (c *Cache) Faulty() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.bad = true
	c.mu.Unlock()
}

// Room reports whether Put may still keep a value: a caller can then skip
// encoding one that would be dropped (the lock was held when the values
// put so far were to be written).
func (c *Cache) Room() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.full
}

// Put keeps value v (the cache keeps v, which must not change) for k, to
// be written by Flush. Once maxPending bytes wait, they are written first,
// so that a command holds at most that much; if they cannot be written,
// they are dropped and the cache keeps nothing more.
func (c *Cache) Put(k Key, v []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pending[k]; ok || c.full {
		return
	}
	if c.size+int64(len(v)) > maxPending && len(c.pending) > 0 {
		if !c.flush() {
			c.full = true
			return
		}
	}
	if int64(len(v)) > maxPending {
		return
	}
	c.pending[k] = v
	c.order = append(c.order, k)
	c.size += int64(len(v))
}

// Flush writes the values put and not yet written as a new segment, or
// merges every segment with them when there are too many or one is
// faulty. It never waits: when another process holds the lock, the values
// are dropped. Errors are ignored: the cache is never required.
func (c *Cache) Flush() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flush()
}

// flush is Flush with c.mu held; false when the lock was held by another
// process or the folder cannot be made. The values are dropped either way.
func (c *Cache) flush() bool {
	if len(c.pending) == 0 && !c.bad {
		return true
	}
	defer func() { c.pending, c.order, c.size = map[Key][]byte{}, nil, 0 }()
	if os.MkdirAll(c.dir, 0o700) != nil {
		return false
	}
	unlock, ok := lock(c.dir)
	if !ok {
		return false
	}
	defer unlock()
	c.write()
	c.bad = false
	return true
}

// write does Flush's work under the lock: the segments are listed again,
// since another process may have written since Open.
func (c *Cache) write() {
	names, _ := segmentNames(c.dir)
	var segs []*segment // oldest first
	var drop []string   // faulty or foreign
	var total int64
	for _, n := range names {
		s, err := openSegment(filepath.Join(c.dir, n), c.key)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			drop = append(drop, n)
			continue
		}
		defer s.f.Close()
		segs = append(segs, s)
		total += s.dataSize()
	}
	var fresh []Key
	for _, k := range c.order {
		if !slices.ContainsFunc(segs, func(s *segment) bool { _, ok := s.find(k); return ok }) {
			fresh = append(fresh, k)
		}
	}
	merge := c.bad || len(drop) > 0 || len(segs)+1 > maxSegments || total+c.size > maxBytes
	if !merge {
		if len(fresh) > 0 {
			es := make([]entry, len(fresh))
			for i, k := range fresh {
				es[i] = c.pendingEntry(k)
			}
			writeSegment(c.dir, c.key, es)
		}
		return
	}
	// Merge: every sound entry, oldest first, then the new ones; a key
	// seen twice keeps its newest value; the oldest go beyond the cap.
	// Values are copied from the segments one at a time, never all held.
	var all []entry
	for _, s := range segs {
		all = append(all, s.entries()...)
	}
	for _, k := range c.order { // the faulty entries of segments among them
		all = append(all, c.pendingEntry(k))
	}
	seen := map[Key]bool{}
	var kept []entry
	var size int64
	var buf []byte
	for i := len(all) - 1; i >= 0; i-- {
		e := all[i]
		if seen[e.key] {
			continue
		}
		seen[e.key] = true
		if size+int64(e.n) > maxBytes*3/4 {
			break
		}
		if e.seg != nil {
			var err error
			if buf, err = e.seg.readInto(buf, e.rec); err != nil {
				continue // faulty: left out
			}
		}
		size += int64(e.n)
		kept = append(kept, e)
	}
	slices.Reverse(kept)
	if len(kept) > 0 && !writeSegment(c.dir, c.key, kept) {
		return
	}
	for _, s := range segs {
		os.Remove(s.path)
	}
	for _, n := range drop {
		os.Remove(filepath.Join(c.dir, n))
	}
}

func (c *Cache) pendingEntry(k Key) entry {
	v := c.pending[k]
	return entry{key: k, n: len(v), crc: crc32.Checksum(v, castagnoli()), val: v}
}

// lock takes the cache's lock file, git's way: created with O_EXCL, never
// waited for. A lock older than staleLock is taken over.
func lock(dir string) (unlock func(), ok bool) {
	p := filepath.Join(dir, lockName)
	for try := 0; try < 2; try++ {
		err := safefile.Create(p, func() error {
			f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			if err == nil {
				err = f.Close()
			}
			return err
		})
		if err == nil {
			return func() { safefile.Settle(p, func() error { return os.Remove(p) }) }, true
		}
		fi, serr := os.Stat(p)
		if serr != nil || time.Since(fi.ModTime()) < staleLock {
			return nil, false
		}
		os.Remove(p)
	}
	return nil, false
}

// segmentNames lists the segment files of dir, oldest first (their names
// carry the time they were written), and removes temp files left by a
// write cut short.
func segmentNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		switch {
		case strings.Contains(n, ".tmp"):
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleLock {
				os.Remove(filepath.Join(dir, n))
			}
		case strings.HasPrefix(n, segPrefix) && e.Type().IsRegular():
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// entry is a value to write: held (val), or in a segment (seg, rec).
type entry struct {
	key Key
	n   int
	crc uint32
	val []byte
	seg *segment
	rec record
}

// writeSegment writes es (oldest first) as a new segment: a temp file
// renamed into place. The format (varints as encoding/binary writes them):
//
//	magic, format, key (length, bytes), entry count,
//	records sorted by key: id, flavour, offset (8 bytes), length, CRC-32C of the value (4 each),
//	CRC-32C of all before it, then the values, oldest first.
//
// A value read from a segment is checked again as it is copied; false when
// one no longer reads as it did, or the file cannot be written.
func writeSegment(dir, key string, es []entry) bool {
	head := []byte(magic)
	head = binary.AppendUvarint(head, format)
	head = binary.AppendUvarint(head, uint64(len(key)))
	head = append(head, key...)
	head = binary.AppendUvarint(head, uint64(len(es)))
	off := uint64(len(head) + len(es)*recordSize + 4)
	idx := make([]int, len(es))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return es[idx[a]].key.less(es[idx[b]].key) })
	offs := make([]uint64, len(es))
	for i, e := range es {
		offs[i] = off
		off += uint64(e.n)
	}
	buf := make([]byte, 0, len(head)+len(es)*recordSize+4)
	buf = append(buf, head...)
	for _, i := range idx {
		e := es[i]
		buf = append(buf, e.key.ID[:]...)
		buf = append(buf, e.key.Flavour)
		buf = binary.LittleEndian.AppendUint64(buf, offs[i])
		buf = binary.LittleEndian.AppendUint32(buf, uint32(e.n))
		buf = binary.LittleEndian.AppendUint32(buf, e.crc)
	}
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(buf, castagnoli()))
	// Names sort by time; the pid keeps two processes writing in one
	// nanosecond apart. The temp file is recorded with safefile, so a
	// signal removes it, as it removes the lock.
	name := filepath.Join(dir, fmt.Sprintf("%s%016x-%d", segPrefix, time.Now().UnixNano(), os.Getpid()))
	tmp := name + ".tmp"
	var f *os.File
	if err := safefile.Create(tmp, func() (err error) {
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		return err
	}); err != nil {
		return false
	}
	w := bufio.NewWriterSize(f, 256<<10)
	_, err := w.Write(buf)
	var val []byte
	for _, e := range es {
		if err != nil {
			break
		}
		if e.seg == nil {
			_, err = w.Write(e.val)
			continue
		}
		if val, err = e.seg.readInto(val, e.rec); err == nil {
			_, err = w.Write(val)
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = safefile.Settle(tmp, func() error { return os.Rename(tmp, name) })
	}
	if err != nil {
		safefile.Settle(tmp, func() error { return os.Remove(tmp) })
		return false
	}
	return true
}

var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// segment is an open segment file: its table read and checked, its values
// read on demand.
type segment struct {
	path  string
	f     *os.File
	size  int64
	table []byte // records
	start int64  // where the values start
}

type record struct {
	off int64
	n   int
	crc uint32
}

// openSegment opens the segment at p, written with key; an error for a
// file of another build or format, or whose header or table is faulty.
func openSegment(p, key string) (*segment, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	s, err := readTable(f, key)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.path = p
	return s, nil
}

func readTable(f *os.File, key string) (*segment, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	head := make([]byte, min(size, int64(len(magic)+3*binary.MaxVarintLen64+len(key))))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, err
	}
	bad := fmt.Errorf("%s: not a segment of this build", f.Name())
	rest, ok := bytes.CutPrefix(head, []byte(magic))
	if !ok {
		return nil, bad
	}
	v, n := binary.Uvarint(rest)
	if n <= 0 || v != format {
		return nil, bad
	}
	rest = rest[n:]
	kl, n := binary.Uvarint(rest)
	if n <= 0 || kl != uint64(len(key)) || len(rest[n:]) < len(key) || string(rest[n:n+len(key)]) != key {
		return nil, bad
	}
	rest = rest[n+len(key):]
	count, n := binary.Uvarint(rest)
	if n <= 0 {
		return nil, bad
	}
	headLen := int64(len(head) - len(rest) + n)
	if count > uint64(size-headLen)/recordSize {
		return nil, bad
	}
	tableEnd := headLen + int64(count)*recordSize
	if tableEnd+4 > size {
		return nil, bad
	}
	buf := make([]byte, tableEnd+4)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, err
	}
	if crc32.Checksum(buf[:tableEnd], castagnoli()) != binary.LittleEndian.Uint32(buf[tableEnd:]) {
		return nil, fmt.Errorf("%s: bad checksum", f.Name())
	}
	return &segment{f: f, size: size, table: buf[headLen:tableEnd], start: tableEnd + 4}, nil
}

func (s *segment) count() int { return len(s.table) / recordSize }

func (s *segment) keyAt(i int) Key {
	r := s.table[i*recordSize:]
	var k Key
	copy(k.ID[:], r[:20])
	k.Flavour = r[20]
	return k
}

func (s *segment) recordAt(i int) record {
	r := s.table[i*recordSize+21:]
	return record{
		off: int64(binary.LittleEndian.Uint64(r)),
		n:   int(binary.LittleEndian.Uint32(r[8:])),
		crc: binary.LittleEndian.Uint32(r[12:]),
	}
}

// find looks k up in the table.
func (s *segment) find(k Key) (record, bool) {
	n := s.count()
	i := sort.Search(n, func(i int) bool { return !s.keyAt(i).less(k) })
	if i < n && s.keyAt(i) == k {
		return s.recordAt(i), true
	}
	return record{}, false
}

// read reads and checks a value, into a slice of its own.
func (s *segment) read(r record) ([]byte, error) { return s.readInto(nil, r) }

// readInto reads and checks a value into buf (grown as needed).
func (s *segment) readInto(buf []byte, r record) ([]byte, error) {
	if r.off < s.start || r.off > s.size || int64(r.n) > s.size-r.off {
		return nil, fmt.Errorf("%s: entry past the end", s.path)
	}
	if cap(buf) < r.n {
		buf = make([]byte, r.n)
	}
	b := buf[:r.n]
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		return nil, err
	}
	if crc32.Checksum(b, castagnoli()) != r.crc {
		return nil, fmt.Errorf("%s: bad entry checksum", s.path)
	}
	return b, nil
}

// dataSize is the bytes of values the segment holds.
func (s *segment) dataSize() int64 { return s.size - s.start }

// entries lists the segment's entries, oldest first, without their values.
func (s *segment) entries() []entry {
	out := make([]entry, s.count())
	for i := range out {
		r := s.recordAt(i)
		out[i] = entry{key: s.keyAt(i), n: r.n, crc: r.crc, seg: s, rec: r}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].rec.off < out[b].rec.off })
	return out
}
