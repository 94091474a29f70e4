package workspace

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// Stream reads a workspace one kind at a time, each file once, for work
// that looks at every file and keeps little of it (collab validate): memory
// then follows what the caller keeps, not the size of the workspace.
//
// OpenStream lists the files without reading them: W.Files holds an entity
// per file with its path, kind and id, and no document or value yet. Each
// reads the files of one kind in parallel and hands each to a function
// while its document is in memory; afterwards the document is dropped, and
// Parsed reads the file again if something asks for it (to place a
// diagnostic found later). The value stays as the function leaves it.
type Stream struct {
	W *Workspace // Diags holds only the folders that cannot be read

	src  []streamFile // src[i] is where W.Files[i] is read from
	dirs []*safefile.Dir
}

type streamFile struct {
	dir  *safefile.Dir
	name string
}

// OpenStream opens the workspace rooted at dir and lists its files, in the
// order Load gives them. Only an unreadable workspace is an error; a kind's
// folder that cannot be read is a diagnostic in W.Diags.
func OpenStream(dir string) (*Stream, error) {
	fsys, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &Stream{W: &Workspace{Dir: dir, FS: fsys}}
	top, err := safefile.OpenDir(fsys, ".")
	if err != nil {
		fsys.Close()
		return nil, err
	}
	s.dirs = append(s.dirs, top)
	s.add(top, ConfigFile)
	for _, k := range model.EntityKinds {
		// As in Load: a missing folder holds no files; one that cannot be
		// read is reported, so that no file escapes the checks unseen.
		d, err := safefile.OpenDir(fsys, k.Dir())
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var names []string
		if err == nil {
			s.dirs = append(s.dirs, d)
			names, err = d.Names()
		}
		if err != nil {
			s.W.Diags.Add(k.Dir(), 0, 0, diag.Error, yamldoc.CodeRead, "folder cannot be read (%v); make it a plain folder inside the workspace", err)
			continue
		}
		for _, n := range names {
			if strings.HasSuffix(n, ".yaml") {
				s.add(d, n)
			}
		}
	}
	s.W.index()
	return s, nil
}

func (s *Stream) add(d *safefile.Dir, name string) {
	e := &Entity{Path: d.Path(name), lazy: &lazyDoc{root: s.W.FS}}
	e.Kind, e.ID, _ = model.ParsePath(e.Path)
	s.W.Files = append(s.W.Files, e)
	s.src = append(s.src, streamFile{d, name})
}

// Close releases the folders read from; W.Close releases the workspace
// root, which Parsed reads through.
func (s *Stream) Close() {
	for _, d := range s.dirs {
		d.Close()
	}
	s.dirs = nil
}

// Each reads every file of kind k (KindWorkspace: collab.yaml) and calls fn
// with its entity, Doc and Value set as Load sets them (both nil when the
// file cannot be read or parsed), and ds, the problems found reading,
// parsing and decoding it. At most GOMAXPROCS files are in memory at once,
// and fn is called from that many goroutines. After fn returns, the entity's
// document is dropped (see Release); its value is what fn left in it. The
// id maps (W.Teams, W.Goals...) and W.Config are then rebuilt from the
// values.
func (s *Stream) Each(k model.Kind, fn func(e *Entity, ds diag.List)) {
	var idx []int
	for i, e := range s.W.Files {
		if e.Kind == k {
			idx = append(idx, i)
		}
	}
	Parallel(len(idx), func(j int) {
		i := idx[j]
		f := s.src[i]
		e := s.W.Files[i]
		doc, _, _, ds := yamldoc.LoadInUnless(f.dir, f.name, nil)
		// A fresh entity, so that nothing of an earlier read remains, and
		// no lazy parse until the document is dropped.
		loaded, ds := newEntity(e.Path, doc, ds)
		e.Doc, e.Value, e.lazy = loaded.Doc, loaded.Value, nil
		fn(e, ds)
		e.Doc = nil
		e.lazy = &lazyDoc{root: s.W.FS}
	})
	s.W.index()
}

// Release drops the document of an entity read by a Stream, keeping its
// value; Parsed reads the file again when asked. It does nothing to an
// entity of Load. It must not race with Parsed on the entity.
func (e *Entity) Release() {
	if e.lazy == nil {
		return
	}
	e.Doc = nil
	e.lazy = &lazyDoc{root: e.lazy.root}
}

// Parallel calls fn(i) for every i below n from at most GOMAXPROCS
// goroutines and returns when all calls have.
func Parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
