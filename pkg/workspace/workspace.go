// Package workspace finds a collab workspace, loads every entity file (in
// parallel) and resolves references between them.
package workspace

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// ConfigFile is the file that marks a workspace root.
const ConfigFile = "collab.yaml"

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
type Entity struct {
	Kind  model.Kind
	ID    string // from the file name
	Path  string // slash-separated, relative to the workspace root
	Doc   *yamldoc.Doc
	Value any
}

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
}

// Open finds the workspace at or above dir and loads it.
func Open(dir string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return Load(root)
}

// Load reads every entity file of the workspace rooted at dir. Problems with
// single files become diagnostics in Diags; only an unreadable workspace is an error.
//
// Each kind's folder is opened once and its files are read by name from it
// (see safefile.Dir): a path walk, an Lstat and a ReadFile per file cost
// more than parsing on large workspaces.
func Load(dir string) (*Workspace, error) {
	fsys, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, FS: fsys}
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
	type file struct {
		dir  *safefile.Dir
		name string
	}
	files := []file{{top, ConfigFile}}
	for _, k := range model.EntityKinds {
		// A missing or unreadable folder holds no files, as a glob finds none.
		d, err := safefile.OpenDir(fsys, k.Dir())
		if err != nil {
			continue
		}
		dirs = append(dirs, d)
		names, err := d.Names()
		if err != nil {
			continue
		}
		for _, n := range names {
			if strings.HasSuffix(n, ".yaml") {
				files = append(files, file{d, n})
			}
		}
	}
	w.Files = make([]*Entity, len(files))
	diags := make([]diag.List, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0)*2, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				doc, ds := yamldoc.LoadIn(f.dir, f.name)
				w.Files[i], diags[i] = newEntity(f.dir.Path(f.name), doc, ds)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, d := range diags {
		w.Diags = append(w.Diags, d...)
	}
	w.index()
	return w, nil
}

func (w *Workspace) parseFile(rel string, data []byte) (*Entity, diag.List) {
	doc, ds := yamldoc.Parse(rel, data)
	return newEntity(rel, doc, ds)
}

// newEntity names the file's kind and id from its path and decodes the document.
func newEntity(rel string, doc *yamldoc.Doc, ds diag.List) (*Entity, diag.List) {
	e := &Entity{Path: rel}
	if rel == ConfigFile {
		e.Kind, e.ID = model.KindWorkspace, ""
	} else {
		dir, file := path.Split(rel)
		e.Kind, _ = model.KindOfDir(strings.TrimSuffix(dir, "/"))
		e.ID = strings.TrimSuffix(file, ".yaml")
	}
	if doc == nil {
		return e, ds
	}
	e.Doc = doc
	if kindOf(doc) != e.Kind {
		// The schema check reports a wrong or missing kind at its position.
		return e, ds
	}
	v := model.NewEntity(e.Kind)
	if err := doc.Decode(v); err != nil {
		// Type errors are reported by the schema check with positions.
		return e, ds
	}
	e.Value = v
	return e, ds
}

// kindOf reads the top-level kind: value from the tree, so that a file is
// decoded only once, and only into the struct of its own kind. It is empty
// when the key is missing or its value is not a scalar.
func kindOf(doc *yamldoc.Doc) model.Kind {
	top := doc.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k, v := top.Content[i], top.Content[i+1]; k.Value == "kind" && k.Kind == yaml.ScalarNode {
			if v.Kind != yaml.ScalarNode {
				return ""
			}
			return model.Kind(v.Value)
		}
	}
	return ""
}

// index builds the id maps. The first file with an id wins; validation
// reports the duplicates.
func (w *Workspace) index() {
	w.Teams = map[string]*model.Team{}
	w.Goals = map[string]*model.Goal{}
	w.Agreements = map[string]*model.Agreement{}
	w.Maps = map[string]*model.StakeholderMap{}
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

func putFirst[T any](m map[string]*T, id string, v *T) {
	if _, ok := m[id]; !ok {
		m[id] = v
	}
}

// Policy is the workspace policy with defaults applied.
func (w *Workspace) Policy() model.Policy { return w.Config.Spec.Policy.WithDefaults() }

// Entity returns the loaded file of kind k and id, or nil.
func (w *Workspace) Entity(k model.Kind, id string) *Entity {
	for _, e := range w.Files {
		if e.Kind == k && e.ID == id {
			return e
		}
	}
	return nil
}

// PathOf is the workspace-relative path of an entity.
func PathOf(k model.Kind, id string) string {
	if k == model.KindWorkspace {
		return ConfigFile
	}
	return k.Dir() + "/" + id + ".yaml"
}

// Lookup finds an entity of kind k, or returns a user-facing error that lists
// what exists.
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
	sort.Strings(ids)
	hint := "none exists yet"
	if len(ids) > 0 {
		if len(ids) > 12 {
			ids = append(ids[:12], "...")
		}
		hint = "known: " + strings.Join(ids, ", ")
	}
	return nil, fmt.Errorf("no %s %q (%s)", strings.ToLower(string(k)), id, hint)
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

// IsMember reports whether email is a member of team.
func (w *Workspace) IsMember(team, email string) bool {
	t := w.Teams[team]
	return t != nil && t.HasMember(email)
}

// Replace swaps in new content for the file at rel (adding it when new), as a
// command's edit would leave it, so the result can be validated before writing.
func (w *Workspace) Replace(rel string, data []byte) {
	e, ds := w.parseFile(rel, data)
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
			w.index()
			return
		}
	}
	w.Files = append(w.Files, e)
	sort.SliceStable(w.Files[1:], func(i, j int) bool { return w.Files[i+1].Path < w.Files[j+1].Path })
	w.index()
}
