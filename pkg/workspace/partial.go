package workspace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// A show prints one entity and what is tied to it. Loading the whole
// workspace for that reads, stats or looks up in the load cache every file
// of it; LoadFor reads only the files the show prints from: collab.yaml,
// the entity's own file, the files it names (an id is one path per kind),
// and, for what names the entity (the agreements that serve a goal, the
// goals whose parent it is), the files of that kind's folder that may hold
// the id as a word: for a file whose Stat matches its index entry, one of
// the indexed value's words is the id; any other file is read and decoded
// (and added to the index, see updateIndex), and its value's words, or for
// a file without a value its bytes, may hold it. The show's own exact
// checks pick from those candidates: the words only save decoding values
// that cannot name the id.

// OpenFor finds the workspace at or above dir and loads the part of it a
// show of the entity of kind k and id reads (see LoadFor), under HoldGC
// until Close.
func OpenFor(dir string, k model.Kind, id string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return holdGC(root, func(root string) (*Workspace, error) { return LoadFor(root, k, id) })
}

// LoadFor loads, from the workspace rooted at dir, collab.yaml, the entity
// of kind k and id, and the entities its show reads:
//
//	Agreement       nothing more: acceptance state is its own terms digest
//	Goal            the goals whose parent it is, their children in turn for
//	                each without key results (the roll-up), and the
//	                agreements that serve it
//	Team            the agreements, goals and stakeholder maps that name the
//	                team or one of its members
//	StakeholderMap  the agreement or goal of its subject
//
// The id maps (Teams, Goals, ...) hold those, and may hold a few more that
// passed the byte scan without referring to the entity: code that reads
// them must check references exactly, as the shows do. Files holds the
// files read, in Load's order, and Diags their problems, as Load would
// report them. A file that cannot be read or parsed where a reference may
// be (a candidate of the scan) is read and reported, so that a show leaves
// out nothing it does not report.
//
// When the entity does not exist, Files also lists the kind's folder
// (without reading it), so that Lookup names the nearest ids as after Load.
func LoadFor(dir string, k model.Kind, id string) (*Workspace, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fsys, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	top, err := safefile.OpenDir(fsys, ".")
	if err != nil {
		fsys.Close()
		return nil, err
	}
	p := &partial{
		w:       &Workspace{Dir: abs, FS: fsys},
		dirs:    map[model.Kind]*safefile.Dir{},
		read:    map[string]*partialFile{},
		names:   map[model.Kind][]string{},
		folders: map[model.Kind]*scanFolder{},
		taken:   time.Now().UnixNano(),
	}
	defer p.close()
	if k == model.KindGoal || k == model.KindTeam {
		p.startIndex() // their shows scan folders (see follow)
	}
	cfg := p.load(top, ConfigFile)
	top.Close()
	if cfg == nil { // Find saw it, but it is gone: say so as Load does
		cfg = decodeRaw(ConfigFile, nil, &fs.PathError{Op: "open", Path: ConfigFile, Err: fs.ErrNotExist})
	}
	p.add(cfg)
	e := p.entity(k, id)
	switch {
	case e == nil:
		p.listFolder(k)
	case e.Value != nil:
		p.follow(e)
	}
	p.finish()
	p.updateIndex()
	return p.w, nil
}

// partial is a workspace being loaded in part.
type partial struct {
	w       *Workspace
	dirs    map[model.Kind]*safefile.Dir // opened folders; nil for one missing or unreadable
	read    map[string]*partialFile      // by path: the files read (nil entity: absent)
	names   map[model.Kind][]string      // folder listings, once read
	folders map[model.Kind]*scanFolder   // folders read for the scans (nil: none)
	ix      *index                       // the workspace index, read for the first scan (nil: none)
	ixRead  bool
	ixCh    chan *index // the index being read (see startIndex)
	taken   int64       // when the load started, for the index (see racy)
}

type partialFile struct {
	e     *Entity
	diags diag.List
	disk  bool // read from disk by this load (not from the index)
}

func (p *partial) close() {
	if p.ixCh != nil && !p.ixRead {
		<-p.ixCh // not asked for: let its read end with the load
	}
	for _, d := range p.dirs {
		if d != nil {
			d.Close()
		}
	}
}

// dir opens the folder of kind k once. A folder that cannot be read gets
// Load's diagnostic; a missing one holds no files.
func (p *partial) dir(k model.Kind) *safefile.Dir {
	if d, ok := p.dirs[k]; ok {
		return d
	}
	d, err := safefile.OpenDir(p.w.FS, k.Dir())
	if err != nil {
		d = nil
		if !errors.Is(err, fs.ErrNotExist) {
			p.folderError(k, err)
		}
	}
	p.dirs[k] = d
	return d
}

func (p *partial) folderError(k model.Kind, err error) {
	p.w.Diags.Add(k.Dir(), 0, 0, diag.Error, yamldoc.CodeRead, "folder cannot be read (%v); make it a plain folder inside the workspace", err)
}

// list returns the names of the YAML files of the folder of kind k, sorted,
// as Load lists them; nil when the folder is missing or unreadable.
func (p *partial) list(k model.Kind) []string {
	if names, ok := p.names[k]; ok {
		return names
	}
	var out []string
	if d := p.dir(k); d != nil {
		names, err := d.Names()
		if err != nil {
			p.folderError(k, err)
		}
		for _, n := range names {
			if strings.HasSuffix(n, ".yaml") {
				out = append(out, n)
			}
		}
	}
	p.names[k] = out
	return out
}

// foldsCase: on these systems file names are usually matched without
// regard to case, so "goals/Sales.yaml" would open goals/sales.yaml, which
// Load lists under the id "sales" only.
var foldsCase = runtime.GOOS == "darwin" || runtime.GOOS == "windows"

// entity reads the file of kind k and id, once; nil when there is none, as
// Load would find none: an id that cannot be a file name in the folder
// (it holds a slash or a NUL) names no file.
func (p *partial) entity(k model.Kind, id string) *Entity {
	if strings.ContainsAny(id, "/\x00") || !slices.Contains(model.EntityKinds, k) {
		return nil
	}
	name := id + ".yaml"
	if f, ok := p.read[k.Dir()+"/"+name]; ok {
		return f.e
	}
	d := p.dir(k)
	if d == nil {
		return nil
	}
	if foldsCase {
		if _, found := slices.BinarySearch(p.list(k), name); !found {
			return nil
		}
	}
	f := p.load(d, name)
	p.add(f)
	if f == nil {
		p.read[d.Path(name)] = &partialFile{}
		return nil
	}
	return f.e
}

// load reads and decodes the file name of folder d as Load does; nil when
// it does not exist.
func (p *partial) load(d *safefile.Dir, name string) *partialFile {
	if onDiskRead != nil {
		onDiskRead(d.Path(name))
	}
	data, st, _, err := d.ReadFileUnless(name, yamldoc.MaxSize, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	f := decodeRaw(d.Path(name), data, err)
	f.e.stat, f.disk = st, true
	return f
}

// decodeRaw is the entity of the file at rel with content data (or the
// error that kept it from being read), with its problems.
func decodeRaw(rel string, data []byte, err error) *partialFile {
	var doc *yamldoc.Doc
	var ds diag.List
	if err != nil {
		ds = yamldoc.ReadError(rel, err)
	} else {
		doc, ds = yamldoc.Parse(rel, data)
	}
	e, ds := newEntity(rel, doc, ds)
	return &partialFile{e: e, diags: ds}
}

func (p *partial) add(f *partialFile) {
	if f != nil {
		p.read[f.e.Path] = f
	}
}

// follow reads what the show of e prints besides e itself.
func (p *partial) follow(e *Entity) {
	switch v := e.Value.(type) {
	case *model.Goal:
		p.prepare(model.KindAgreement, model.KindGoal)
		p.scan(model.KindAgreement, []string{e.ID})
		// The children, and for the roll-up the children of each child
		// without key results, level by level.
		asked := map[string]bool{e.ID: true}
		for want := []string{e.ID}; len(want) > 0; {
			p.scan(model.KindGoal, want)
			want = nil
			for _, f := range p.read {
				if f.e == nil {
					continue
				}
				g, ok := f.e.Value.(*model.Goal)
				if ok && asked[g.Spec.Parent] && len(g.Spec.KeyResults) == 0 && !asked[f.e.ID] {
					asked[f.e.ID] = true
					want = append(want, f.e.ID)
				}
			}
		}
	case *model.Team:
		words := append([]string{e.ID}, v.Emails()...)
		p.prepare(model.KindAgreement, model.KindGoal, model.KindStakeholderMap)
		for _, k := range []model.Kind{model.KindAgreement, model.KindGoal, model.KindStakeholderMap} {
			p.scan(k, words)
		}
	case *model.StakeholderMap:
		if k, id, ok := model.SplitSubject(v.Spec.Subject); ok {
			p.entity(k, id)
		}
	}
}

// scan adds to the files read those of the folder of kind k that may name
// one of words: the folder is read once (see folder), and each scan picks
// from it.
func (p *partial) scan(k model.Kind, words []string) {
	fo := p.folder(k)
	if fo == nil {
		return
	}
	pat := newWordPattern(words)
	found := make([]*partialFile, len(fo.files))
	p.each(len(fo.files), func(j int) {
		sf := &fo.files[j]
		if _, done := p.read[sf.rel]; done { // read-only while the scan runs
			return
		}
		switch {
		case sf.ix != nil:
			// The value indexed, whose words say exactly whether it
			// names one of ours.
			if !pat.inWords(sf.ix.wrds) {
				return
			}
			if v := sf.ix.value(); v != nil {
				e := &Entity{Path: sf.rel, Value: v, lazy: &lazyDoc{root: p.w.FS}, stat: &sf.ix.Stat, ix: sf.ix}
				e.Kind, e.ID, _ = model.ParsePath(sf.rel)
				found[j] = &partialFile{e: e}
				return
			}
			// It does not decode: read the file as a load would.
			sf.ix = nil
			sf.f, sf.data = p.readFile(fo.dir, sf.name)
			if sf.f != nil && pat.names(sf.f, sf.data) {
				found[j] = keepDoc(sf.f, sf.data)
			}
		case sf.f != nil && pat.names(sf.f, sf.data):
			found[j] = keepDoc(sf.f, sf.data)
		}
	})
	for _, f := range found {
		p.add(f)
	}
}

// folderFile is one file of a folder read for the scans: its Stat (ok
// false when it could not be taken), then its index entry when the
// entry's Stat matches, else the file as read from disk and decoded (nil
// when it is gone) with its bytes.
type folderFile struct {
	name, rel string
	st        safefile.Stat
	ok        bool
	ix        *indexEntry
	f         *partialFile
	data      []byte
}

// scanFolder is a kind's folder as read for the scans.
type scanFolder struct {
	dir    *safefile.Dir
	files  []folderFile
	judged bool // each file answered by the index or read (see folder)
}

// prepare lists the folders of kinds and takes the Stat of each of their
// files, on every core, while the index is read (see startIndex): none
// of it needs the index, and on a large workspace reading the index, the
// listings and the stats each take a good part of a show.
func (p *partial) prepare(kinds ...model.Kind) {
	var fos []*scanFolder
	var fks []model.Kind
	for _, k := range kinds {
		if _, ok := p.folders[k]; ok {
			continue
		}
		var fo *scanFolder
		if d := p.dir(k); d != nil {
			fo = &scanFolder{dir: d}
			fos, fks = append(fos, fo), append(fks, k)
		}
		p.folders[k] = fo
	}
	// The folders are listed at once, in no order: the scans need none
	// (finish sorts what they find).
	names := make([][]string, len(fos))
	errs := make([]error, len(fos))
	readers := make([]*folderReader, len(fos))
	var wg sync.WaitGroup
	for i, fo := range fos {
		if fr, err := openFolderReader(p.w.FS, fks[i].Dir()); err == nil {
			readers[i] = fr
			defer fr.Close()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if readers[i] != nil {
				if names[i], errs[i] = readers[i].names(); errs[i] == nil {
					return
				}
			}
			names[i], errs[i] = fo.dir.Names()
		}()
	}
	wg.Wait()
	total := 0
	for i, k := range fks {
		if errs[i] != nil {
			p.folderError(k, errs[i])
		}
		files := make([]folderFile, 0, len(names[i]))
		for _, n := range names[i] {
			if strings.HasSuffix(n, ".yaml") {
				files = append(files, folderFile{name: n, rel: fos[i].dir.Path(n)})
			}
		}
		fos[i].files = files
		total += len(files)
	}
	if !cacheEnabled() {
		return // no index entry to match a Stat against
	}
	p.each(total, func(j int) {
		i := 0
		for j >= len(fos[i].files) {
			j -= len(fos[i].files)
			i++
		}
		if sf := &fos[i].files[j]; readers[i] != nil {
			if _, done := p.read[sf.rel]; !done {
				sf.st, sf.ok = readers[i].stat(sf.name)
			}
		}
	})
}

// folder is the folder of kind k as the scans read it, once: each file
// not read yet is answered by its index entry when the entry's Stat
// matches the file's (see prepare), or read and decoded, whether it names
// anything or not, so that the index can then take it (see updateIndex):
// the next show answers it from there. nil when the folder is missing or
// unreadable.
func (p *partial) folder(k model.Kind) *scanFolder {
	fo, ok := p.folders[k]
	if !ok {
		p.prepare(k)
		fo = p.folders[k]
	}
	if fo == nil || fo.judged {
		return fo
	}
	fo.judged = true
	ix := p.index()
	p.each(len(fo.files), func(j int) {
		sf := &fo.files[j]
		if _, done := p.read[sf.rel]; done {
			return
		}
		if ix != nil && sf.ok {
			if ce := ix.entries[sf.rel]; ce != nil && ce.kind != 0 && ce.Stat == sf.st {
				sf.ix = ce
				return
			}
		}
		sf.f, sf.data = p.readFile(fo.dir, sf.name)
	})
	return fo
}

// onDiskRead, when set (by tests), is called with the path of each file a
// partial load reads from disk, from any goroutine.
var onDiskRead func(rel string)

// readFile reads and decodes the file name of folder d as folder does.
func (p *partial) readFile(d *safefile.Dir, name string) (*partialFile, []byte) {
	if onDiskRead != nil {
		onDiskRead(d.Path(name))
	}
	data, st, _, err := d.ReadFileUnless(name, yamldoc.MaxSize, nil)
	return p.decodeRead(d.Path(name), data, st, err)
}

// decodeRead decodes a file read for the scans; nil when it is gone. Its
// bytes are given back to be kept: for a file without a value they decide
// whether a scan keeps it (see wordPattern.names), and a file a scan keeps
// gets its document parsed again from them (see keepDoc).
func (p *partial) decodeRead(rel string, data []byte, st *safefile.Stat, err error) (*partialFile, []byte) {
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // gone since the listing
	}
	f := decodeRaw(rel, data, err)
	f.e.stat, f.disk = st, true
	if f.e.Value != nil && len(f.diags) == 0 {
		f.e.words() // for the scans and the index, computed here on every core
		// A scan reads whole folders: keeping the tree of every file
		// would take hundreds of megabytes. The few files a scan keeps
		// get theirs again from their bytes (see keepDoc).
		f.e.Doc = nil
	}
	return f, data
}

// keepDoc gives a file of a scan, read from disk, the document decodeRead
// dropped, parsed again from the same bytes.
func keepDoc(f *partialFile, data []byte) *partialFile {
	if f.e.Doc == nil && f.e.Value != nil && data != nil {
		f.e.Doc, _ = yamldoc.Parse(f.e.Path, data)
	}
	return f
}

// each calls fn(j) for j in [0, n) on every core.
func (p *partial) each(n int, fn func(j int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0)*2, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= n {
					return
				}
				fn(j)
			}
		}()
	}
	wg.Wait()
}

// startIndex starts reading the workspace index, for a show that will
// scan (see index), while the show reads its entity and prepares the
// folders.
func (p *partial) startIndex() {
	if !cacheEnabled() {
		return
	}
	ch := make(chan *index, 1)
	go func() { ch <- readCache(p.w.Dir) }()
	p.ixCh = ch
}

// index reads the workspace index once, as a cached load would (see
// readCache), or takes it from startIndex; nil when there is none to
// trust or it is turned off.
func (p *partial) index() *index {
	if !p.ixRead {
		p.ixRead = true
		switch {
		case p.ixCh != nil:
			p.ix = <-p.ixCh
		case cacheEnabled():
			p.ix = readCache(p.w.Dir)
		}
	}
	return p.ix
}

// listFolder adds the files of kind k's folder to Files without reading
// them, for the "did you mean" of a missing id.
func (p *partial) listFolder(k model.Kind) {
	if !slices.Contains(model.EntityKinds, k) {
		return
	}
	d := p.dir(k)
	for _, n := range p.list(k) {
		rel := d.Path(n)
		if f := p.read[rel]; f == nil || f.e == nil {
			e := &Entity{Path: rel}
			e.Kind, e.ID, _ = model.ParsePath(rel)
			p.read[rel] = &partialFile{e: e}
		}
	}
}

// finish puts the files read in Load's order (collab.yaml, then each
// kind's folder in turn, by name), with their problems in the same order,
// and builds the id maps.
func (p *partial) finish() {
	order := func(e *Entity) int {
		if e.Path == ConfigFile {
			return -1
		}
		return slices.Index(model.EntityKinds, e.Kind)
	}
	for _, f := range p.read {
		if f.e != nil {
			p.w.Files = append(p.w.Files, f.e)
		}
	}
	slices.SortFunc(p.w.Files, func(a, b *Entity) int {
		if oa, ob := order(a), order(b); oa != ob {
			return oa - ob
		}
		return strings.Compare(a.Path, b.Path)
	})
	folders := p.w.Diags
	p.w.Diags = nil
	for _, e := range p.w.Files {
		p.w.Diags = append(p.w.Diags, p.read[e.Path].diags...)
	}
	// Load reports an unreadable folder before the files; the order among
	// those hardly matters, but keep it.
	p.w.Diags = append(folders, p.w.Diags...)
	p.w.index()
}

// updateIndex adds to the workspace index the files the scans read from
// disk, whether they named the entity or not, and the others read (the
// entity, what it names) that the index lacks, so that the next show
// answers them from the index. It does so only when a scan read the index
// (a show that scans none reads a few files, and reading the index to
// add them would cost more than it saves), under the index's rules: a
// file changed less than racyWindow before the load started is not
// indexed, and the index is replaced whole (temp file, rename), never
// waited for.
func (p *partial) updateIndex() {
	if !p.ixRead || !cacheEnabled() {
		return
	}
	var old map[string]*indexEntry
	if p.ix != nil {
		old = p.ix.entries
	}
	fresh := map[string]string{}
	add := func(f *partialFile) {
		if f == nil || !f.disk || f.e.stat == nil {
			return // not read from disk, or from the index
		}
		st := *f.e.stat
		if o := old[f.e.Path]; o != nil && o.Stat == st && !o.bad || racy(st, p.taken) {
			return
		}
		var v any
		var words []string
		if f.e.Value != nil && len(f.diags) == 0 {
			v, words = f.e.Value, f.e.words()
		}
		if raw, err := encodeEntry(nil, f.e.Path, st, v, words); err == nil {
			fresh[f.e.Path] = string(raw)
		}
	}
	for _, f := range p.read {
		add(f)
	}
	for _, fo := range p.folders {
		if fo == nil {
			continue
		}
		for i := range fo.files {
			add(fo.files[i].f)
		}
	}
	addToIndex(p.w.Dir, p.ix, p.taken, fresh)
}

// wordPattern finds whether a file's bytes may hold a YAML scalar equal to
// one of its words, or an indexed value's words hold one.
type wordPattern struct {
	words   [][]byte
	encoded []string  // each word as the index codec writes a string (see inWords)
	all     bool      // a word the bytes cannot rule out: every file may hold it
	lens    [4]uint64 // bit n set: a word is n bytes long (n < 256)
	long    bool      // a word is 256 bytes or more
}

func newWordPattern(words []string) wordPattern {
	var p wordPattern
	for _, w := range words {
		if !plainWord(w) {
			p.all = true
		}
		p.words = append(p.words, []byte(w))
		p.encoded = append(p.encoded, string(append(binary.AppendUvarint(nil, uint64(len(w))), w...)))
		if n := len(w); n < 256 {
			p.lens[n/64] |= 1 << (n % 64)
		} else {
			p.long = true
		}
	}
	return p
}

// inWords reports whether one of the pattern's words may be one of an
// index entry's words (see Entity.words; every text value of an entity is
// one of them whole), without decoding them. The codec writes the list as
// a count, then each word as its length (uvarint) and its bytes. For one
// or two words of ours, each is searched for as it is encoded (a match
// inside a longer string only costs decoding a value the exact checks then
// drop); for more (a team and its members), the list is walked once and
// only a word of the length of one of ours is compared, which costs less
// than a search per word. A list that does not walk to its end says yes:
// the value is then decoded, and checked.
func (p wordPattern) inWords(d decoder) bool {
	if len(p.encoded) <= 2 {
		enc := d.data[d.pos:d.end]
		for _, w := range p.encoded {
			if strings.Contains(enc, w) {
				return true
			}
		}
		return false
	}
	data, pos, end := d.data[:d.end], d.pos, d.end
	c, k := binary.Uvarint([]byte(data[pos:min(end, pos+binary.MaxVarintLen64)]))
	if k <= 0 {
		return true
	}
	pos += k
	for range max(c, 1) - 1 {
		if pos >= end {
			return true
		}
		n := uint64(data[pos])
		if n < 0x80 {
			pos++
		} else if n, k = binary.Uvarint([]byte(data[pos:min(end, pos+binary.MaxVarintLen64)])); k > 0 {
			pos += k
		} else {
			return true
		}
		if n > uint64(end-pos) {
			return true
		}
		if n < 256 && p.lens[n/64]&(1<<(n%64)) != 0 || n >= 256 && p.long {
			w := data[pos : pos+int(n)]
			for _, x := range p.words {
				if string(x) == w {
					return true
				}
			}
		}
		pos += int(n)
	}
	return pos != end
}

// plainWord reports whether w is written the same in every YAML scalar
// equal to it that holds no backslash: non-empty, of letters, digits and
// - _ . @ + only (no quote, space, colon or other character YAML may
// escape, fold or take as syntax).
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(idByte(c) || c == '.' || c == '@' || c == '+') {
			return false
		}
	}
	return true
}

// idByte: letters, digits, - and _. Such a byte next to a word's bytes
// belongs to the same scalar, since no YAML delimiter is one of them (a
// block sequence's "-" is followed by a space): that scalar is not the word.
func idByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// names reports whether the file f of a scan, read from disk, may name one
// of the words: for a value without problems, one of its words is one
// (as for an indexed value); for any other file, its bytes may hold one
// (mayName), and one that could not be read may (it is then reported).
func (p wordPattern) names(f *partialFile, data []byte) bool {
	if f.e.Value != nil && len(f.diags) == 0 {
		for _, w := range f.e.words() {
			for _, x := range p.words {
				if string(x) == w {
					return true
				}
			}
		}
		return false
	}
	return data == nil || p.mayName(data)
}

// mayName reports whether data may hold a scalar equal to one of the
// words: one occurs with no letter, digit, - or _ on either side, or a
// backslash escape could spell one (in a double-quoted scalar). Anything
// else (comments, free text) is ruled out later by the exact checks.
func (p wordPattern) mayName(data []byte) bool {
	if p.all || bytes.IndexByte(data, '\\') >= 0 {
		return true
	}
	for _, w := range p.words {
		for off := 0; ; {
			i := bytes.Index(data[off:], w)
			if i < 0 {
				break
			}
			i += off
			end := i + len(w)
			if (i == 0 || !idByte(data[i-1])) && (end == len(data) || !idByte(data[end])) {
				return true
			}
			off = i + 1
		}
	}
	return false
}
