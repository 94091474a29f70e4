// Package workspace finds a collab workspace, loads every entity file (in
// parallel) and resolves references between them.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// loadBatch is the most files a load worker takes at a time; statBatch
// the files a worker stats at a time.
const (
	loadBatch = 32
	statBatch = 64
)

// folderStat is the Stat of a file of a folder, taken before the index
// is there to match it; ok is false when there is none (see
// folderReader.stat).
type folderStat struct {
	st safefile.Stat
	ok bool
}

// ConfigFile is the file that marks a workspace root.
const ConfigFile = model.ConfigFile

// ErrNotFound is returned when no collab.yaml is found above a folder.
var ErrNotFound = errors.New("not a collab workspace (no collab.yaml here or in any parent folder): run `collab init` to create one, or pass -C DIR")

// Find walks up from dir to the folder holding collab.yaml.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		if fi, err := os.Lstat(filepath.Join(d, ConfigFile)); err == nil && fi.Mode().IsRegular() {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ErrNotFound
		}
		d = parent
	}
}

// Entity is one loaded file. Value is a *model.Team, *model.Goal,
// *model.Agreement, *model.StakeholderMap or *model.Workspace; nil when the
// file could not be parsed or decoded.
//
// Doc is nil for a file whose value came from the workspace index (see
// LoadCached) until something asks for it: Workspace.Lookup and
// Workspace.Entity parse it then, fresh from disk; Parsed does it for code
// that walks Files.
type Entity struct {
	Kind  model.Kind
	ID    string // from the file name
	Path  string // slash-separated, relative to the workspace root
	Doc   *yamldoc.Doc
	Value any

	lazy *lazyDoc       // set when Value came from the cache
	stat *safefile.Stat // the file's Stat when it was loaded, for the cache
	// wordList: see words; decoded from the index (ix) or computed on
	// first use.
	wordList []string
	ix       *indexEntry
}

// lazyDoc parses a cached entity's file on first use.
type lazyDoc struct {
	once  sync.Once
	root  *os.Root
	diags diag.List // problems found when parsing late (the file changed since)
}

// Parsed returns the entity's document, reading and parsing the file now
// when its value came from the workspace index. It is nil when the file has no
// usable document. It may be called concurrently.
func (e *Entity) Parsed() *yamldoc.Doc {
	if e.lazy != nil {
		e.lazy.once.Do(func() {
			if e.Doc == nil {
				e.Doc, e.lazy.diags = yamldoc.Load(e.lazy.root, e.Path)
			}
		})
	}
	return e.Doc
}

// Stat is the file's stat data taken when it was loaded; nil for a file
// that was not read from disk (or one changed by Replace).
func (e *Entity) Stat() *safefile.Stat { return e.stat }

// Cached reports whether the entity's value came from the workspace index and
// its document has not been parsed yet. Like reading Doc, it must not race
// with a Parsed call on the same entity from another goroutine.
func (e *Entity) Cached() bool { return e.lazy != nil && e.Doc == nil }

// Workspace is a loaded workspace.
type Workspace struct {
	Dir    string   // absolute path of the folder holding collab.yaml
	FS     *os.Root // all file access goes through it
	Config *model.Workspace
	Files  []*Entity // every file, sorted by path; collab.yaml first
	// Diags holds what loading found: YAML safety and syntax problems, decode errors.
	Diags diag.List

	Teams      map[string]*model.Team
	Goals      map[string]*model.Goal
	Agreements map[string]*model.Agreement
	Maps       map[string]*model.StakeholderMap

	// kinds are the entity kinds loaded (see LoadKinds); nil for all.
	kinds []model.Kind
	// dotNames maps each folder the load listed to whether it holds a
	// name starting with a dot (see Listed).
	dotNames map[string]bool
	// releaseGC ends the HoldGC of the Open that loaded it; Close calls it.
	releaseGC func()
}

// Listed reports whether the load listed the folder dir (a kind's folder,
// relative to the root) and, if so, whether it held a name starting with a
// dot, as the temp files of writes cut short do: a write need not list a
// folder again to look for those.
func (w *Workspace) Listed(dir string) (listed, dotNames bool) {
	dotNames, listed = w.dotNames[dir]
	return listed, dotNames
}

// Close releases the workspace folder (FS), and the garbage collector's
// setting when an Open set it (HoldGC). Entities already loaded stay
// readable; Lookup and lazy parsing need it open.
func (w *Workspace) Close() error {
	if w.releaseGC != nil {
		w.releaseGC()
		w.releaseGC = nil
	}
	return w.FS.Close()
}

// holdGC runs load, a load of the workspace at root through its index,
// under HoldGC, which the workspace's Close ends.
func holdGC(root string, load func(root string) (*Workspace, error)) (*Workspace, error) {
	release := HoldGC(root)
	w, err := load(root)
	if err != nil {
		release()
		return nil, err
	}
	w.releaseGC = release
	return w, nil
}

// Open finds the workspace at or above dir and loads it.
func Open(dir string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return Load(root)
}

// OpenCached is Open with the workspace index (see LoadCached), under
// HoldGC until Close.
func OpenCached(dir string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return holdGC(root, LoadCached)
}

// LoadCached is Load, except that files whose Stat (size, times, inode,
// device) matches the workspace index are not read: their entity gets the cached
// Value and no Doc until it is asked for (see Entity). The cache is then
// updated with what was parsed. Commands use it; validate, which checks
// every file against its schema anyway, does not. Setting COLLAB_NO_CACHE
// turns it off.
func LoadCached(dir string) (*Workspace, error) {
	if !cacheEnabled() {
		return Load(dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	taken := time.Now().UnixNano()
	old := readCacheAsync(abs)
	w, err := loadKinds(abs, old.entries, nil)
	if err != nil {
		return nil, err
	}
	w.updateCache(old.index(), taken)
	return w, nil
}

// LoadForWrite is LoadCached for a write: the index is encoded from the
// files as loaded, but written only when the returned func is called, with
// the paths of the files the write changes, which get no new entry. A
// write that checks in on the entity it checked in on last time would
// otherwise rewrite the whole index for an entry that is stale as soon as
// the write is done.
func LoadForWrite(dir string) (w *Workspace, done func(changed []string), err error) {
	if !cacheEnabled() {
		w, err := Load(dir)
		return w, func([]string) {}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	taken := time.Now().UnixNano()
	old := readCacheAsync(abs)
	if w, err = loadKinds(abs, old.entries, nil); err != nil {
		return nil, nil, err
	}
	var pl *indexPlan
	if p := cachePath(abs); p != "" {
		pl = w.planIndex(p, old.index(), taken)
	}
	return w, func(changed []string) {
		if pl == nil {
			return
		}
		skip := map[string]bool{}
		for _, p := range changed {
			skip[p] = true
		}
		pl.write(skip)
	}, nil
}

// Load reads every entity file of the workspace rooted at dir. Problems with
// single files become diagnostics in Diags; only an unreadable workspace is an error.
//
// Each kind's folder is opened once and its files are read by name from it
// (see safefile.Dir): a path walk, an Lstat and a ReadFile per file cost
// more than parsing on large workspaces.
func Load(dir string) (*Workspace, error) {
	return load(dir, nil)
}

// load is Load, taking the values of files whose Stat matches their entry in
// cache.
func load(dir string, cache map[string]*indexEntry) (*Workspace, error) {
	return loadKinds(dir, func() map[string]*indexEntry { return cache }, nil)
}

// loadKinds is load reading only the folders of kinds (all when nil). It
// lists the folders before it asks cache (nil: none) for the index
// entries, so that the index can be read meanwhile (see readCacheAsync).
func loadKinds(dir string, cache func() map[string]*indexEntry, kinds []model.Kind) (*Workspace, error) {
	fsys, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, FS: fsys, kinds: kinds}
	top, err := safefile.OpenDir(fsys, ".")
	if err != nil {
		fsys.Close()
		return nil, err
	}
	dirs := []*safefile.Dir{top}
	defer func() {
		for _, d := range dirs {
			d.Close()
		}
	}()
	// fr stats the files of a kind's folder against their index entries
	// (see folderReader); nil for collab.yaml, or where it cannot.
	type file struct {
		dir  *safefile.Dir
		fr   *folderReader
		name string
	}
	files := []file{{top, nil, ConfigFile}}
	for _, k := range model.EntityKinds {
		if kinds != nil && !slices.Contains(kinds, k) {
			continue
		}
		// A missing folder holds no files; one that cannot be read is an
		// error, so that no file escapes the checks unseen.
		d, err := safefile.OpenDir(fsys, k.Dir())
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var names []string
		if err == nil {
			dirs = append(dirs, d)
			names, err = d.Names()
		}
		if err != nil {
			w.Diags.Add(k.Dir(), 0, 0, diag.Error, yamldoc.CodeRead, "folder cannot be read (%v); make it a plain folder inside the workspace", err)
			continue
		}
		var fr *folderReader
		if cache != nil {
			if fr, err = openFolderReader(fsys, k.Dir()); err == nil {
				defer fr.Close()
			} else {
				fr = nil
			}
		}
		dots := false
		for _, n := range names {
			dots = dots || strings.HasPrefix(n, ".")
			if strings.HasSuffix(n, ".yaml") {
				files = append(files, file{d, fr, n})
			}
		}
		if w.dotNames == nil {
			w.dotNames = map[string]bool{}
		}
		w.dotNames[k.Dir()] = dots
	}
	// The Stat of every file of the folders is taken on every core while
	// the index is still being read (see readCacheAsync), which on a
	// large workspace takes longer than listing the folders: the stats
	// need no index, and the cores would otherwise wait for it.
	var pre []folderStat
	var statting sync.WaitGroup
	if cache != nil {
		pre = make([]folderStat, len(files))
		var next atomic.Int64
		for range runtime.GOMAXPROCS(0) {
			statting.Add(1)
			go func() {
				defer statting.Done()
				for {
					start := int(next.Add(statBatch)) - statBatch
					if start >= len(files) {
						return
					}
					for i := start; i < min(start+statBatch, len(files)); i++ {
						if f := files[i]; f.fr != nil {
							pre[i].st, pre[i].ok = f.fr.stat(f.name)
						}
					}
				}
			}()
		}
	}
	var entries map[string]*indexEntry
	if cache != nil {
		entries = cache()
	}
	statting.Wait()
	w.Files = make([]*Entity, len(files))
	diags := make([]diag.List, len(files))
	// The entities answered by the index, with their Stat and lazy
	// document, are cut from one array each rather than allocated one by
	// one: on a large workspace that is most of what a load allocates
	// besides the values.
	var (
		ents  []Entity
		stats []safefile.Stat
		lazy  []lazyDoc
	)
	if entries != nil {
		ents, stats, lazy = make([]Entity, len(files)), make([]safefile.Stat, len(files)), make([]lazyDoc, len(files))
	}
	var wg sync.WaitGroup
	loadOne := func(i int, a *arena) {
		f := files[i]
		rel := f.dir.Path(f.name)
		var skip func(safefile.Stat) bool
		var cached any
		ce := entries[rel]
		if ce != nil && ce.kind != 0 {
			if f.fr != nil {
				// The Stat taken above, with one fstatat on the folder's
				// own descriptor. A file whose Stat differs, or whose
				// value does not decode, is read and parsed below.
				if st, ok := pre[i].st, pre[i].ok; ok {
					if st == ce.Stat {
						cached = ce.valueIn(a)
					}
					if cached != nil {
						e := &ents[i]
						stats[i], lazy[i].root = st, fsys
						*e = Entity{Path: rel, Value: cached, lazy: &lazy[i], stat: &stats[i], ix: ce}
						e.Kind, e.ID, _ = model.ParsePath(rel)
						w.Files[i] = e
						return
					}
					ce = nil // read and parse it
				}
			}
		}
		if ce != nil && ce.kind != 0 {
			// The value is decoded only for a file whose Stat
			// matches; one that does not decode is read and parsed.
			skip = func(st safefile.Stat) bool {
				if st != ce.Stat {
					return false
				}
				cached = ce.value()
				return cached != nil
			}
		}
		doc, st, skipped, ds := yamldoc.LoadInUnless(f.dir, f.name, skip)
		if skipped {
			e := &Entity{Path: rel, Value: cached, lazy: &lazyDoc{root: fsys}, stat: st, ix: ce}
			e.Kind, e.ID, _ = model.ParsePath(rel)
			w.Files[i] = e
			return
		}
		w.Files[i], diags[i] = newEntity(rel, doc, ds)
		w.Files[i].stat = st
	}
	// Workers take the files in runs: with the index, a file costs a stat
	// and a decode, too little to hand over one at a time. Runs are short
	// enough that every worker gets several.
	workers := min(runtime.GOMAXPROCS(0)*2, len(files))
	batch := max(1, min(loadBatch, len(files)/(8*max(workers, 1))))
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var a *arena
			if entries != nil {
				a = &arena{}
			}
			for {
				start := int(next.Add(int64(batch))) - batch
				if start >= len(files) {
					return
				}
				for i := start; i < min(start+batch, len(files)); i++ {
					loadOne(i, a)
				}
			}
		}()
	}
	wg.Wait()
	for _, d := range diags {
		w.Diags = append(w.Diags, d...)
	}
	w.index()
	return w, nil
}

// newEntity names the file's kind and id from its path and decodes the document.
func newEntity(rel string, doc *yamldoc.Doc, ds diag.List) (*Entity, diag.List) {
	e := &Entity{Path: rel}
	e.Kind, e.ID, _ = model.ParsePath(rel)
	if doc == nil {
		return e, ds
	}
	e.Doc = doc
	e.Value, ds = decode(e.Kind, doc)
	return e, ds
}

// decode decodes a document into the struct of kind k. The value is nil
// when the file has another kind (the schema check reports a wrong or
// missing kind at its position) or a value that does not fit its field
// (then the diagnostics say where).
func decode(k model.Kind, doc *yamldoc.Doc) (any, diag.List) {
	if kindOf(doc) != k {
		return nil, nil
	}
	v := model.NewEntity(k)
	if err := doc.Decode(v); err != nil {
		return nil, doc.DecodeErrors(err)
	}
	return v, nil
}

// kindOf reads the top-level kind: value from the tree, so that a file is
// decoded only once, and only into the struct of its own kind. It is empty
// when the key is missing or its value is not a scalar.
func kindOf(doc *yamldoc.Doc) model.Kind {
	if v := doc.Lookup("kind"); v != nil && v.Kind == yaml.ScalarNode {
		return model.Kind(v.Value)
	}
	return ""
}

// index builds the id maps. The first file with an id wins; validation
// reports the duplicates.
func (w *Workspace) index() {
	// Sized first: at 20,000 files growing them one by one took most of
	// this, on every load.
	var teams, goals, agreements, maps int
	for _, e := range w.Files {
		switch e.Kind {
		case model.KindTeam:
			teams++
		case model.KindGoal:
			goals++
		case model.KindAgreement:
			agreements++
		case model.KindStakeholderMap:
			maps++
		}
	}
	w.Teams = make(map[string]*model.Team, teams)
	w.Goals = make(map[string]*model.Goal, goals)
	w.Agreements = make(map[string]*model.Agreement, agreements)
	w.Maps = make(map[string]*model.StakeholderMap, maps)
	w.Config = &model.Workspace{}
	for _, e := range w.Files {
		switch v := e.Value.(type) {
		case *model.Workspace:
			w.Config = v
		case *model.Team:
			putFirst(w.Teams, e.ID, v)
		case *model.Goal:
			putFirst(w.Goals, e.ID, v)
		case *model.Agreement:
			putFirst(w.Agreements, e.ID, v)
		case *model.StakeholderMap:
			putFirst(w.Maps, e.ID, v)
		}
	}
}

// reindex updates the id maps for the file old replaced by e (same path,
// so same kind and id), without walking every file as index does: ids come
// from file names, so no other file of the kind holds the id.
func (w *Workspace) reindex(old, e *Entity) {
	if w.Teams == nil {
		w.index()
		return
	}
	switch old.Kind {
	case model.KindWorkspace:
		w.Config = &model.Workspace{}
	case model.KindTeam:
		delete(w.Teams, old.ID)
	case model.KindGoal:
		delete(w.Goals, old.ID)
	case model.KindAgreement:
		delete(w.Agreements, old.ID)
	case model.KindStakeholderMap:
		delete(w.Maps, old.ID)
	}
	switch v := e.Value.(type) {
	case *model.Workspace:
		w.Config = v
	case *model.Team:
		w.Teams[e.ID] = v
	case *model.Goal:
		w.Goals[e.ID] = v
	case *model.Agreement:
		w.Agreements[e.ID] = v
	case *model.StakeholderMap:
		w.Maps[e.ID] = v
	}
}

func putFirst[T any](m map[string]*T, id string, v *T) {
	if _, ok := m[id]; !ok {
		m[id] = v
	}
}

// Policy is the workspace policy with defaults applied.
func (w *Workspace) Policy() model.Policy { return w.Config.Spec.Policy.WithDefaults() }

// Entity returns the loaded file of kind k and id, or nil. A file whose
// value came from the workspace index is parsed now, fresh from disk (see parse).
func (w *Workspace) Entity(k model.Kind, id string) *Entity {
	for _, e := range w.Files {
		if e.Kind == k && e.ID == id {
			w.parse(e)
			return e
		}
	}
	return nil
}

// parse gives an entity whose value came from the cache its document, read
// from disk now, and decodes its value again from that document so that
// the two agree even if the file changed since the load (then Value may
// become nil, and Diags say why). It is for the few files a command looks
// up, typically to edit them; not safe for concurrent use.
func (w *Workspace) parse(e *Entity) {
	if !e.Cached() {
		return
	}
	doc := e.Parsed()
	w.Diags = append(w.Diags, e.lazy.diags...)
	var v any
	if doc != nil {
		var ds diag.List
		v, ds = decode(e.Kind, doc)
		w.Diags = append(w.Diags, ds...)
	}
	if !reflect.DeepEqual(v, e.Value) {
		e.Value, e.wordList, e.ix = v, nil, nil
		w.index()
	}
}

// PathOf is the workspace-relative path of an entity.
func PathOf(k model.Kind, id string) string {
	if k == model.KindWorkspace {
		return ConfigFile
	}
	return k.Dir() + "/" + id + ".yaml"
}

// Lookup finds an entity of kind k, or returns a user-facing error that
// names the nearest ids (IDHint).
func (w *Workspace) Lookup(k model.Kind, id string) (*Entity, error) {
	if e := w.Entity(k, id); e != nil {
		if e.Value == nil {
			return nil, fmt.Errorf("%s cannot be read: run `collab validate` to see why", e.Path)
		}
		return e, nil
	}
	var ids []string
	for _, e := range w.Files {
		if e.Kind == k {
			ids = append(ids, e.ID)
		}
	}
	return nil, fmt.Errorf("no %s %q (%s)", strings.ToLower(string(k)), id, IDHint(k, id, ids))
}

// IDHint is the part in brackets of a "no such id" error for id among
// the existing ids of kind k: the nearest ids ("did you mean sales?"), or,
// with none near, every id when there are a few ("known: hr, it") and else
// the command that lists them. Typos and shortened ids are near (see
// model.Nearest); a long list of every id is not read.
func IDHint(k model.Kind, id string, ids []string) string {
	if len(ids) == 0 {
		return "none exists yet"
	}
	if near := model.Nearest(id, ids, 3); len(near) > 0 {
		return "did you mean " + orList(near) + "?"
	}
	if len(ids) <= 6 {
		ids = slices.Clone(ids)
		sort.Strings(ids)
		return "known: " + strings.Join(ids, ", ")
	}
	noun := map[model.Kind]string{model.KindTeam: "team", model.KindGoal: "goal", model.KindAgreement: "agree", model.KindStakeholderMap: "map"}[k]
	return fmt.Sprintf("none of the %d is close: `collab %s list` lists them", len(ids), noun)
}

// orList joins names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// TeamsOf returns the ids of the teams email belongs to, sorted.
func (w *Workspace) TeamsOf(email string) []string {
	var out []string
	for id, t := range w.Teams {
		if t.HasMember(email) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Replace swaps in new content for the file at rel (adding it when new), as a
// command's edit would leave it, so the result can be validated before writing.
func (w *Workspace) Replace(rel string, data []byte) {
	w.Put(NewVersion(rel, data))
}

// Version is the content of a workspace file, parsed and decoded once, to
// be swapped in (Put) as often as the check of a change needs: a write
// puts the file as it was and as it will be twice each.
type Version struct {
	e     *Entity
	diags diag.List
	data  string // the content parsed
}

// NewVersion parses and decodes data as the content of the file at rel.
func NewVersion(rel string, data []byte) *Version {
	doc, ds := yamldoc.Parse(rel, data)
	e, ds := newEntity(rel, doc, ds)
	return &Version{e: e, diags: ds, data: string(data)}
}

// SharedVersion is NewVersion for content that nobody will change: the
// version, its entity and its value are shared with the other callers
// that parse the same content (see recent), so that none may change them
// (a command that edits a file's document must use NewVersion, as
// Replace does).
func SharedVersion(rel string, data []byte) *Version {
	recent.Lock()
	for _, v := range recent.list {
		if v.e.Path == rel && v.data == string(data) {
			recent.Unlock()
			return v
		}
	}
	recent.Unlock()
	v := NewVersion(rel, data)
	v.e.words() // now, while no other goroutine can see the entity
	recent.Lock()
	recent.list = append(recent.list, v)
	if len(recent.list) > recentVersions {
		recent.list = slices.Delete(recent.list, 0, 1)
	}
	recent.Unlock()
	return v
}

// recent holds the versions parsed last. A write parses the content it
// is about to write several times over: to judge who may write it, and to
// check the workspace with it, before and after; each took a parse of
// the same bytes.
var recent struct {
	sync.Mutex
	list []*Version
}

// recentVersions is how many versions recent keeps: those of the few files
// a write changes, as they are and as they will be.
const recentVersions = 8

// Value is the version's decoded value, as Decode gives it; nothing may
// change it.
func (v *Version) Value() any { return v.e.Value }

// Put is Replace with content already parsed. The version's entity goes
// into Files as is: nothing that checks a workspace changes an entity.
func (w *Workspace) Put(v *Version) {
	e, ds, rel := v.e, v.diags, v.e.Path
	kept := w.Diags[:0]
	for _, d := range w.Diags {
		if d.File != rel {
			kept = append(kept, d)
		}
	}
	w.Diags = append(kept, ds...)
	for i, old := range w.Files {
		if old.Path == rel {
			w.Files[i] = e
			w.reindex(old, e)
			return
		}
	}
	w.Files = append(w.Files, e)
	sort.SliceStable(w.Files[1:], func(i, j int) bool { return w.Files[i+1].Path < w.Files[j+1].Path })
	w.index()
}

// Remove drops the file at rel, as if it were deleted, so that the rest can
// be validated without it.
func (w *Workspace) Remove(rel string) {
	w.Diags = slices.DeleteFunc(w.Diags, func(d diag.Diagnostic) bool { return d.File == rel })
	w.Files = slices.DeleteFunc(w.Files, func(e *Entity) bool { return e.Path == rel })
	w.index()
}

// Decode parses the content of the workspace file at rel and decodes it into
// the struct of its kind; nil when it cannot be read (validation says why).
func Decode(rel string, data []byte) any {
	doc, _ := yamldoc.Parse(rel, data)
	e, _ := newEntity(rel, doc, nil)
	return e.Value
}
