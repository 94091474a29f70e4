package workspace

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
)

// The workspace index keeps the decoded value of every clean file of a
// workspace, keyed by the file's Stat (size, times, inode, device) as git's
// own index does, so that a command other than validate skips reading and
// parsing the files that did not change. It also keeps each value's words
// (for Reach). It is only an accelerator: anything wrong with it
// (missing, unreadable, written by another build, for another folder, a
// bad checksum, a decode error) means "no index", and the files are parsed
// as without it; the next command writes it again.
//
// It lives beside git's own index, in the repository's git folder (that of
// the worktree, so each linked worktree has its own): <gitdir>/collab/index
// (see indexPath). Outside a repository it lives under
// os.UserCacheDir()/collab, named by the SHA-256 of the workspace's path.
// It is written atomically (temp file, rename), so concurrent processes
// read the old or the new file, never a mix; the last writer wins, and
// every writer writes only what it read from disk with its Stat.
//
// The format (encoding/binary varints; see index_codec.go for values):
//
//	magic, format, build key, types fingerprint, workspace path, taken,
//	entry count, entries (each length-prefixed), CRC-32C of all before it
//
// and an entry is: path, Stat, kind (0: no value), then for a value its
// encoding and its words.

// indexMagic starts every index file; indexFormat is bumped whenever the
// layout changes. The model types are fingerprinted separately
// (typesFingerprint), and the build separately again (buildKey).
const (
	indexMagic  = "collab-index\n"
	indexFormat = 1
)

// racyWindow (a variable for tests): an entry is trusted only when the file's modification and
// change times are at least this long before the moment its Stat was
// taken. A file changed again within the timestamp granularity of its file
// system (coarse clocks, 1 or 2 s on some) could otherwise keep the same
// Stat with other content: git calls such files "racily clean".
var racyWindow = 2 * time.Second

// NoCacheEnv, when set to a non-empty value, turns the index off.
const NoCacheEnv = "COLLAB_NO_CACHE"

// entry kinds in the index; 0 is a file without a cached value.
var indexKinds = []model.Kind{"", model.KindWorkspace, model.KindTeam, model.KindGoal, model.KindAgreement, model.KindStakeholderMap}

func kindCode(v any) byte {
	switch v.(type) {
	case *model.Workspace:
		return 1
	case *model.Team:
		return 2
	case *model.Goal:
		return 3
	case *model.Agreement:
		return 4
	case *model.StakeholderMap:
		return 5
	}
	return 0
}

// indexEntry is one file of a read index. Its value and words stay encoded
// until asked for.
type indexEntry struct {
	Path string
	Stat safefile.Stat
	kind byte
	raw  string // the whole encoded entry, copied as is into the next index
	val  decoder
	wrds decoder
	bad  bool // its value did not decode: never copied
}

// index is a read index file.
type index struct {
	taken   int64
	entries map[string]*indexEntry
	// inFolder counts the entries by the top folder of their path, so
	// that a load of some kinds tells how many entries of the others it
	// keeps without walking them all (see writeIndex).
	inFolder map[string]int
}

// value decodes the entry's value; nil when it has none or does not decode.
func (e *indexEntry) value() any { return e.valueIn(nil) }

// valueIn is value taking the value's memory from a (nil: none).
func (e *indexEntry) valueIn(a *arena) any {
	if e == nil || e.kind == 0 || e.bad {
		return nil
	}
	var v any
	if a != nil {
		// The value itself from the arena too, one array per kind.
		k := &kindTypes()[e.kind]
		v = reflect.NewAt(k.t, a.alloc(k.slot, k.slice, k.t.Size(), 1)).Interface()
	} else {
		v = model.NewEntity(indexKinds[e.kind])
	}
	p, err := planFor(reflect.TypeOf(v).Elem())
	if err == nil {
		d := e.val
		d.a = a
		err = decodeValue(p, d, reflect.ValueOf(v).UnsafePointer())
	}
	if err != nil {
		e.bad = true
		return nil
	}
	return v
}

// kindTypes are the struct type of each indexed kind (by kind code), with
// its slice type and arena slot.
var kindTypes = sync.OnceValue(func() []struct {
	t, slice reflect.Type
	slot     int
} {
	out := make([]struct {
		t, slice reflect.Type
		slot     int
	}, len(indexKinds))
	for i, k := range indexKinds[1:] {
		t := reflect.TypeOf(model.NewEntity(k)).Elem()
		out[i+1].t, out[i+1].slice, out[i+1].slot = t, reflect.SliceOf(t), newSlot()
	}
	return out
})

// words decodes the entry's words; nil when they do not decode.
func (e *indexEntry) words() []string {
	var out []string
	if err := decodeValue(stringsPlan(), e.wrds, unsafe.Pointer(&out)); err != nil {
		return nil
	}
	return out
}

var stringsPlan = sync.OnceValue(func() *plan {
	p, err := planFor(reflect.TypeFor[[]string]())
	if err != nil {
		panic(err) // []string is always supported
	}
	return p
})

// cachePath is where the index of the workspace at dir (absolute) lives;
// "" when there is nowhere to keep it.
func cachePath(dir string) string {
	if p := indexPath(dir); p != "" {
		return p
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(base, "collab", hex.EncodeToString(sum[:]))
}

// CachePath is where the index of the workspace at dir lives (it may not
// exist); "" when there is nowhere to keep it. Deleting it is always safe.
func CachePath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return cachePath(abs)
}

// cacheEnabled reports whether commands may use the index.
func cacheEnabled() bool { return os.Getenv(NoCacheEnv) == "" }

// readCache returns the index of dir, or nil when there is none to trust.
func readCache(dir string) *index {
	p := cachePath(dir)
	if p == "" {
		return nil
	}
	data, mapped := mapIndex(p)
	if !mapped {
		var err error
		if data, err = os.ReadFile(p); err != nil {
			return nil
		}
	}
	ix, err := decodeIndex(data, dir)
	if err != nil {
		if mapped {
			unmapIndex(data) // nothing points into it
		}
		return nil
	}
	return ix
}

// mapMin is the smallest index file that is mapped rather than read (see
// mapIndex): a process that loads many small workspaces (a test binary)
// then keeps no mapping for each.
const mapMin = 1 << 20

// pendingIndex is an index being read in the background (readCacheAsync).
type pendingIndex struct {
	ch chan *index
	ix *index
	ok bool
}

// readCacheAsync starts reading the index of dir, which takes as long as
// listing the workspace's folders on large workspaces: a load lists them
// meanwhile, on the other core.
func readCacheAsync(dir string) *pendingIndex {
	p := &pendingIndex{ch: make(chan *index, 1)}
	go func() { p.ch <- readCache(dir) }()
	return p
}

// index waits for the index; nil when there is none to trust. Not safe for
// concurrent use.
func (p *pendingIndex) index() *index {
	if !p.ok {
		p.ix, p.ok = <-p.ch, true
	}
	return p.ix
}

// entries waits for the index and returns its entries (nil without one).
func (p *pendingIndex) entries() map[string]*indexEntry {
	if ix := p.index(); ix != nil {
		return ix.entries
	}
	return nil
}

// IndexSize is the size of the index of the workspace at dir when its
// header says that this build wrote it, for dir, so that a load will likely
// take most values from it; 0 otherwise (none, another build or
// workspace, turned off). It reads the header only: the entries are
// checked when a load reads them.
func IndexSize(dir string) int64 {
	if !cacheEnabled() {
		return 0
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0
	}
	key, ok := indexKey()
	p := cachePath(abs)
	if !ok || p == "" {
		return 0
	}
	f, err := os.Open(p)
	if err != nil {
		return 0
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	head := make([]byte, min(fi.Size(), int64(len(indexMagic)+3*binary.MaxVarintLen64+len(key)+len(abs))))
	if _, err := io.ReadFull(f, head); err != nil || string(head[:min(len(head), len(indexMagic))]) != indexMagic {
		return 0
	}
	if !headerMatches(string(head), key, abs) {
		return 0
	}
	return fi.Size()
}

// headerMatches reports whether the index header in data holds this
// format, key and workspace.
func headerMatches(data, key, dir string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	d := &decoder{data: data, pos: len(indexMagic), end: len(data)}
	return d.uvarint() == indexFormat && d.string() == key && d.string() == dir
}

// decodeIndex reads the header and frames the entries of an index file;
// values are decoded later, one by one (indexEntry.value). Entries that are
// racily clean are left out.
func decodeIndex(data []byte, dir string) (ix *index, err error) {
	if len(data) < len(indexMagic)+4 || string(data[:len(indexMagic)]) != indexMagic {
		return nil, fmt.Errorf("index: not an index file")
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli()) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, fmt.Errorf("index: bad checksum")
	}
	key, ok := indexKey()
	if !ok {
		return nil, fmt.Errorf("index: off")
	}
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("index: %v", r)
		}
	}()
	// The strings of the values are cut from this one string: data is
	// never written to again.
	d := &decoder{data: unsafe.String(unsafe.SliceData(body), len(body)), pos: len(indexMagic), end: len(body)}
	if d.uvarint() != indexFormat || d.string() != key || d.string() != dir {
		return nil, fmt.Errorf("index: another format, build or workspace")
	}
	ix = &index{taken: d.varint(), inFolder: map[string]int{}}
	n, ok := d.count(1)
	if !ok {
		return nil, fmt.Errorf("index: no entries")
	}
	all := make([]indexEntry, n)
	ix.entries = make(map[string]*indexEntry, n)
	for i := range all {
		start := d.pos
		ed := d.sub()
		e := &all[i]
		e.raw = d.data[start:d.pos]
		e.Path = ed.string()
		e.Stat = safefile.Stat{Size: ed.varint(), MtimeNs: ed.varint(), CtimeNs: ed.varint(), Ino: ed.uvarint(), Dev: ed.uvarint()}
		e.kind = ed.byte()
		if int(e.kind) >= len(indexKinds) {
			d.fail("bad kind")
		}
		if e.kind != 0 {
			e.val = ed.sub()
			e.wrds = ed.sub()
		}
		if ed.pos != ed.end {
			d.fail("trailing bytes in an entry")
		}
		if racy(e.Stat, ix.taken) {
			continue
		}
		n := len(ix.entries)
		ix.entries[e.Path] = e
		if len(ix.entries) > n {
			folder, _, _ := strings.Cut(e.Path, "/")
			ix.inFolder[folder]++
		}
	}
	if d.pos != d.end {
		return nil, fmt.Errorf("index: trailing bytes")
	}
	return ix, nil
}

// castagnoli is made on first use: package initialisation runs on every
// command, index or not.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// racy reports whether a file with Stat st may have changed since taken
// without its Stat showing it.
func racy(st safefile.Stat, taken int64) bool {
	return max(st.MtimeNs, st.CtimeNs) > taken-int64(racyWindow)
}

// encodeEntry appends the entry for a file to buf; v is nil for a file
// whose value is not kept (it has diagnostics).
func encodeEntry(buf []byte, path string, st safefile.Stat, v any, words []string) ([]byte, error) {
	e := &encoder{}
	e.string(path)
	e.varint(st.Size)
	e.varint(st.MtimeNs)
	e.varint(st.CtimeNs)
	e.uvarint(st.Ino)
	e.uvarint(st.Dev)
	k := kindCode(v)
	e.buf = append(e.buf, k)
	if k != 0 {
		p, err := planFor(reflect.TypeOf(v).Elem())
		if err != nil {
			return nil, err
		}
		sub := encoder{}
		p.enc(&sub, reflect.ValueOf(v).UnsafePointer())
		e.string(string(sub.buf))
		sub.buf = sub.buf[:0]
		stringsPlan().enc(&sub, unsafe.Pointer(&words))
		e.string(string(sub.buf))
	}
	buf = binary.AppendUvarint(buf, uint64(len(e.buf)))
	return append(buf, e.buf...), nil
}

// updateCache writes the index of w when what it would hold differs from
// old (the index read at the start of the load). taken is when the load
// started. Errors are ignored: the index is never required.
func (w *Workspace) updateCache(old *index, taken int64) {
	if p := cachePath(w.Dir); p != "" {
		w.writeIndex(p, old, taken)
	}
}

// writeIndex writes the index of w to p, unless it would hold what old does.
func (w *Workspace) writeIndex(p string, old *index, taken int64) {
	if pl := w.planIndex(p, old, taken); pl != nil {
		pl.write(nil)
	}
}

// indexPlan is the index of a workspace as loaded, ready to be written:
// the new entries are encoded when it is made, from the files' values as
// loaded, so that what a command does to the workspace afterwards cannot
// reach the index.
type indexPlan struct {
	path, key, dir string
	taken          int64
	old            *index
	kinds          []model.Kind // the kinds loaded (see Workspace.kinds)
	bad            bool         // an old entry did not decode: never kept
	items          []indexItem
}

// indexItem is one entry of an indexPlan: the old one as is, or a new one.
type indexItem struct {
	path  string
	raw   string
	fresh bool
	old   *indexEntry // the index read's entry for a new one's file, if any
}

// planIndex encodes the index of w to be written to p (see
// indexPlan.write); nil when there is no index to write.
func (w *Workspace) planIndex(p string, old *index, taken int64) *indexPlan {
	key, ok := indexKey()
	if !ok {
		return nil
	}
	var prev map[string]*indexEntry
	if old != nil {
		prev = old.entries
	}
	pl := &indexPlan{path: p, key: key, dir: w.Dir, taken: taken, old: old, kinds: w.kinds}
	dirty := map[string]bool{}
	for _, d := range w.Diags {
		dirty[d.File] = true
	}
	// What each file gets: its old entry as is, a new one, or nothing (a
	// racy file never indexed).
	pl.items = make([]indexItem, 0, len(w.Files))
	for _, e := range w.Files {
		if e.stat == nil {
			continue
		}
		o := e.ix // the entry its value came from, found without a lookup
		if o == nil {
			o = prev[e.Path]
		}
		if o != nil && o.bad {
			o, pl.bad = nil, true
		}
		switch {
		case o != nil && o.Stat == *e.stat:
			pl.items = append(pl.items, indexItem{path: e.Path, raw: o.raw})
		case racy(*e.stat, taken):
			// Not indexed yet. An older entry for the file stays: it can
			// never match again (the change time only moves forward), and
			// keeping it saves a rewrite right after every edit.
			if o != nil {
				pl.items = append(pl.items, indexItem{path: e.Path, raw: o.raw})
			}
		default:
			var v any
			var words []string
			if !dirty[e.Path] && e.Value != nil {
				v, words = e.Value, e.words()
			}
			buf, err := encodeEntry(nil, e.Path, *e.stat, v, words)
			if err != nil {
				return nil
			}
			pl.items = append(pl.items, indexItem{path: e.Path, raw: string(buf), fresh: true, old: o})
		}
	}
	return pl
}

// write writes the planned index, unless it would hold what the index
// read does. The files at the paths in skip get no new entry (an old one
// stays, as for a racy file): a write leaves out the files it changes,
// whose entries would be stale as soon as it is done.
func (pl *indexPlan) write(skip map[string]bool) {
	items := make([]indexItem, 0, len(pl.items))
	kept, changed := 0, pl.bad
	for _, it := range pl.items {
		if it.fresh && skip[it.path] {
			if it.old == nil {
				continue
			}
			it = indexItem{path: it.path, raw: it.old.raw}
		}
		if it.fresh {
			changed = true
		} else {
			kept++
		}
		items = append(items, it)
	}
	var prev map[string]*indexEntry
	if pl.old != nil {
		prev = pl.old.entries
	}
	// A load of some kinds (LoadKinds) did not look at the files of the
	// others: their entries stay as they are, for the loads that read them.
	// Whether anything changed is told from the count of those entries;
	// they are walked (their paths are spread over the whole index file)
	// only to be written.
	other := func(o *indexEntry) bool {
		folder, _, _ := strings.Cut(o.Path, "/")
		k, ok := model.KindOfDir(folder)
		return ok && !slices.Contains(pl.kinds, k)
	}
	nOthers := 0
	if pl.kinds != nil && pl.old != nil {
		for folder, n := range pl.old.inFolder {
			if k, ok := model.KindOfDir(folder); ok && !slices.Contains(pl.kinds, k) {
				nOthers += n
			}
		}
	}
	if !changed && kept+nOthers == len(prev) {
		return // nothing new, no file gone
	}
	if pl.kinds != nil {
		for _, o := range prev {
			if other(o) {
				items = append(items, indexItem{path: o.Path, raw: o.raw})
			}
		}
	}
	writeIndexFile(pl.path, pl.key, pl.dir, pl.taken, items)
}

// writeIndexFile replaces the index file at p with one holding items, for
// dir, with its entries' Stats taken from taken on. The entries are copied
// from where they are (often the mapped old index) through a small buffer,
// not gathered first: at 20,000 files the index is 13 MB. The file is a
// temp file in the same folder, renamed over p once complete, so that a
// reader sees the old or the new index. Errors are ignored: the index is
// never required.
func writeIndexFile(p, key, dir string, taken int64, items []indexItem) {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".tmp*")
	if err != nil {
		return
	}
	sum := crc32.New(castagnoli())
	bw := bufio.NewWriterSize(f, 64<<10)
	w := io.MultiWriter(bw, sum)
	head := &encoder{buf: []byte(indexMagic)}
	head.uvarint(indexFormat)
	head.string(key)
	head.string(dir)
	head.varint(taken)
	head.uvarint(uint64(len(items)) + 1)
	_, err = w.Write(head.buf)
	for _, it := range items {
		if err != nil {
			break
		}
		// Written and summed, never kept or changed: no copy of raw is made.
		_, err = w.Write(unsafe.Slice(unsafe.StringData(it.raw), len(it.raw)))
	}
	if err == nil {
		_, err = bw.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return
	}
	removeStaleTemps(filepath.Dir(p))
}

// addToIndex writes the index of the workspace at dir (absolute): the
// entries of old (nil: none) that decode, with those of fresh (new
// entries, by path) added, each replacing old's entry for its file. A load
// of part of the workspace (LoadFor) adds what it read from disk this way
// and keeps the rest as it was. taken is when the load started.
func addToIndex(dir string, old *index, taken int64, fresh map[string]string) {
	key, ok := indexKey()
	p := cachePath(dir)
	if !ok || p == "" || len(fresh) == 0 {
		return
	}
	var items []indexItem
	if old != nil {
		items = make([]indexItem, 0, len(old.entries)+len(fresh))
		for path, o := range old.entries {
			if _, ok := fresh[path]; !ok && !o.bad {
				items = append(items, indexItem{path: path, raw: o.raw})
			}
		}
	}
	for path, raw := range fresh {
		items = append(items, indexItem{path: path, raw: raw})
	}
	writeIndexFile(p, key, dir, taken, items)
}

// staleTemp: a temp file of an index write older than this was left by a
// process that died while writing (a write takes well under a second).
const staleTemp = 10 * time.Minute

// removeStaleTemps removes the temp files of index writes cut short in dir,
// which would otherwise stay in the git folder for ever.
func removeStaleTemps(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.Contains(e.Name(), ".tmp") || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// indexKey is what an index must have been written with to be read: the
// format, the build (buildKey) and the model types. ok is false when the
// build cannot be told, or a model type cannot be encoded: then there is
// no index.
func indexKey() (string, bool) {
	b := buildKey()
	t := typesFingerprint()
	if b == "" || t == "" {
		return "", false
	}
	return b + " " + t, true
}

// buildKey names the running build, so that a new binary never trusts an
// index an older one wrote. It is the executable's identity (path, size,
// modification time, inode; see exeIdentity) with the Go version: reading
// it costs one stat, where hashing the binary or reading its build id would
// cost a read of the file on every command. Replacing the binary (go
// install, a package upgrade) changes its inode or times. "" when the
// executable cannot be found: then no index is trusted or written. A
// variable for tests.
var buildKey = sync.OnceValue(func() string {
	id := exeIdentity()
	if id == "" {
		return ""
	}
	return runtime.Version() + " " + id
})

func exeIdentity() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	id := fileIdentity(exe)
	if id == "" {
		return ""
	}
	return exe + " " + id
}

// typesFingerprint describes the indexed types (field names, types and
// tags, recursively), so that a build whose model differs ignores an index
// written by another build even when its build key matched. "" when a type
// cannot be encoded.
var typesFingerprint = sync.OnceValue(func() string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	for _, k := range indexKinds[1:] {
		t := reflect.TypeOf(model.NewEntity(k)).Elem()
		if _, err := planFor(t); err != nil {
			return ""
		}
		fingerprint(&b, t, seen)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
})

func fingerprint(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(b, "%s(%s)", t.String(), t.Kind())
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b.WriteString("[")
		fingerprint(b, t.Elem(), seen)
		b.WriteString("]")
	case reflect.Map:
		b.WriteString("[")
		fingerprint(b, t.Key(), seen)
		b.WriteString("]")
		fingerprint(b, t.Elem(), seen)
	case reflect.Struct:
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "%s %q ", f.Name, f.Tag)
			fingerprint(b, f.Type, seen)
			b.WriteString(";")
		}
		b.WriteString("}")
	}
}
