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
// goals whose parent it is), the files of that kind's folder whose bytes
// hold the id as a word. Those candidates are then parsed and decoded as
// Load does, and the show's own exact checks pick from them: the byte scan
// only saves parsing files that cannot name the id.

// OpenFor finds the workspace at or above dir and loads the part of it a
// show of the entity of kind k and id reads (see LoadFor).
func OpenFor(dir string, k model.Kind, id string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return LoadFor(root, k, id)
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
		w:     &Workspace{Dir: abs, FS: fsys},
		dirs:  map[model.Kind]*safefile.Dir{},
		read:  map[string]*partialFile{},
		names: map[model.Kind][]string{},
		raw:   map[model.Kind][]rawFile{},
	}
	defer p.close()
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
	return p.w, nil
}

// partial is a workspace being loaded in part.
type partial struct {
	w      *Workspace
	dirs   map[model.Kind]*safefile.Dir // opened folders; nil for one missing or unreadable
	read   map[string]*partialFile      // by path: the files read (nil entity: absent)
	names  map[model.Kind][]string      // folder listings, once read
	raw    map[model.Kind][]rawFile     // folders read whole, for a scan asked again
	ix     *index                       // the workspace index, read for the first scan (nil: none)
	ixRead bool
}

type partialFile struct {
	e     *Entity
	diags diag.List
}

// rawFile is one file of a folder as a scan read it: its bytes when whole.
type rawFile struct {
	name  string
	data  []byte
	whole bool
}

func (p *partial) close() {
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
	data, st, _, err := d.ReadFileUnless(name, yamldoc.MaxSize, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	f := decodeRaw(d.Path(name), data, err)
	f.e.stat = st
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
		p.scan(model.KindAgreement, []string{e.ID}, false)
		// The children, and for the roll-up the children of each child
		// without key results, level by level.
		asked := map[string]bool{e.ID: true}
		for want := []string{e.ID}; len(want) > 0; {
			p.scan(model.KindGoal, want, true)
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
		for _, k := range []model.Kind{model.KindAgreement, model.KindGoal, model.KindStakeholderMap} {
			p.scan(k, words, false)
		}
	case *model.StakeholderMap:
		if k, id, ok := model.SplitSubject(v.Spec.Subject); ok {
			p.entity(k, id)
		}
	}
}

// scan reads every file of the folder of kind k and decodes those not read
// yet whose bytes may hold a value equal to one of words (see mayName).
// keep holds the folder's bytes for a later scan of it.
func (p *partial) scan(k model.Kind, words []string, keep bool) {
	d := p.dir(k)
	if d == nil {
		return
	}
	pat := newWordPattern(words)
	raw, cached := p.raw[k]
	if !cached {
		names := p.list(k)
		raw = make([]rawFile, len(names))
		for i, n := range names {
			raw[i].name = n
		}
	}
	ix := p.index()
	var fr *folderReader
	if !cached || ix != nil {
		var err error
		if fr, err = openFolderReader(p.w.FS, k.Dir()); err != nil {
			fr = nil // every file is then read by the checked path
		} else {
			defer fr.Close()
		}
	}
	found := make([]*partialFile, len(raw))
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0)*2, len(raw)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, peekSize)
			for {
				j := int(next.Add(1) - 1)
				if j >= len(raw) {
					return
				}
				r := &raw[j]
				rel := d.Path(r.name)
				if _, done := p.read[rel]; done { // read-only while the scan runs
					continue
				}
				if !r.whole && ix != nil && fr != nil {
					// A file whose Stat matches its index entry holds the
					// value indexed, whose words say exactly whether it
					// names one of ours.
					if f, known := p.indexed(ix, fr, r.name, rel, pat); known {
						found[j] = f
						continue
					}
				}
				if fr != nil && !cached {
					n, whole := fr.peek(r.name, buf)
					if whole {
						r.data, r.whole = buf[:n], true
					}
				}
				if r.whole && !pat.mayName(r.data) {
					if keep && !cached {
						r.data = bytes.Clone(r.data)
					} else if !cached {
						r.data = nil
					}
					continue
				}
				// A candidate, or a file the quick read could not take
				// whole: read it with the checks of a load.
				data, err := d.ReadFile(r.name, yamldoc.MaxSize)
				if !cached {
					r.data, r.whole = nil, false
				}
				if errors.Is(err, fs.ErrNotExist) {
					continue // gone since the listing
				}
				if err == nil && !pat.mayName(data) {
					continue
				}
				found[j] = decodeRaw(rel, data, err)
			}
		}()
	}
	wg.Wait()
	if keep {
		p.raw[k] = raw
	}
	for _, f := range found {
		p.add(f)
	}
}

// index reads the workspace index once, as a cached load would (see
// readCache); nil when there is none to trust or it is turned off.
func (p *partial) index() *index {
	if !p.ixRead {
		p.ixRead = true
		if cacheEnabled() {
			p.ix = readCache(p.w.Dir)
		}
	}
	return p.ix
}

// indexed answers for the file name of a scan from the index: known is
// false when the index cannot say (no entry with a value, another Stat,
// words or value that do not decode); else f is its entity, from the
// index's value, when its words hold one of pat's, and nil when not.
func (p *partial) indexed(ix *index, fr *folderReader, name, rel string, pat wordPattern) (f *partialFile, known bool) {
	ce := ix.entries[rel]
	if ce == nil || ce.kind == 0 {
		return nil, false
	}
	st, ok := fr.stat(name)
	if !ok || st != ce.Stat {
		return nil, false
	}
	if !pat.inEncoded(ce.wrds) {
		return nil, true
	}
	v := ce.value()
	if v == nil {
		return nil, false
	}
	e := &Entity{Path: rel, Value: v, lazy: &lazyDoc{root: p.w.FS}, stat: &st, ix: ce}
	e.Kind, e.ID, _ = model.ParsePath(rel)
	return &partialFile{e: e}, true
}

// peekSize is the largest file a scan reads in one go; YAML files of a
// workspace are much smaller, and larger ones are read as a load does.
const peekSize = 64 << 10

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

// wordPattern finds whether a file's bytes may hold a YAML scalar equal to
// one of its words.
type wordPattern struct {
	words   [][]byte
	encoded []string // each word as the index codec writes a string (see inEncoded)
	all     bool     // a word the bytes cannot rule out: every file may hold it
}

func newWordPattern(words []string) wordPattern {
	var p wordPattern
	for _, w := range words {
		if !plainWord(w) {
			p.all = true
		}
		p.words = append(p.words, []byte(w))
		p.encoded = append(p.encoded, string(append(binary.AppendUvarint(nil, uint64(len(w))), w...)))
	}
	return p
}

// inEncoded reports whether one of the pattern's words may be one of an
// index entry's words (see Entity.words; every text value of an entity is
// one of them whole), searched without decoding the list: the index codec
// writes each string as its length (uvarint) then its bytes, so a word in
// the list is that sequence in the encoded bytes. A match elsewhere (inside
// a longer string) only costs decoding a value the exact checks then drop.
func (p wordPattern) inEncoded(d decoder) bool {
	enc := d.data[d.pos:d.end]
	for _, w := range p.encoded {
		if strings.Contains(enc, w) {
			return true
		}
	}
	return false
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
