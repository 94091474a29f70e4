package history

import (
	"errors"
	"runtime"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/semdiff"
)

// Changes lists the entity files that differ between commits from (zero:
// the empty tree) and to, sorted by path.
func (r *Repo) Changes(from, to Hash) ([]FileChange, error) {
	w := r.walker(r.entityDirs())
	files, err := w.changedFiles(plumbing.Hash(from), plumbing.Hash(to))
	if err != nil {
		return nil, err
	}
	return r.entityChanges(files), nil
}

// entityChanges keeps the changes to entity files, by workspace-relative
// path.
func (r *Repo) entityChanges(files []fileChange) []FileChange {
	out := []FileChange{}
	for _, f := range files {
		if rel, ok := r.rel(f.path); ok {
			out = append(out, FileChange{Path: rel, Old: Hash(f.old), New: Hash(f.new)})
		}
	}
	return out
}

// Diff compares the workspace at commit from (zero: the empty tree) with
// commit to, entity by entity, by meaning.
func (r *Repo) Diff(from, to Hash) ([]*semdiff.Entity, error) {
	changes, err := r.Changes(from, to)
	if err != nil {
		return nil, err
	}
	// Each file is parsed and compared on its own: spread them over the
	// cores (reads take turns). A version parsed by an earlier command
	// comes from the parse cache, neither read nor parsed.
	out := make([]*semdiff.Entity, len(changes))
	workers := min(runtime.GOMAXPROCS(0), len(changes), 8)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(changes); i += workers {
				c := changes[i]
				old, err := r.parsedVersion(c.Path, c.Old)
				if err == nil {
					var new *semdiff.Parsed
					if new, err = r.parsedVersion(c.Path, c.New); err == nil {
						out[i] = semdiff.CompareParsed(c.Path, old, new)
						continue
					}
				}
				errs[k] = err
				return
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r.flushCache()
	return out, nil
}

// DiffFile compares the two versions of a changed file by meaning (a log,
// newest first, parses each version of a file once). A version over the
// size cap is not read; the entity's Error says so.
func (r *Repo) DiffFile(c FileChange) (*semdiff.Entity, error) {
	m := r.memo(c.Path)
	old, err := r.version(c.Path, c.Old)
	if err != nil {
		return nil, err
	}
	new := m.data
	if c.New != m.old || c.New.IsZero() {
		if new, err = r.version(c.Path, c.New); err != nil {
			return nil, err
		}
	}
	m.old, m.data = c.Old, old
	return m.cmp.Compare(c.Path, old, new), nil
}

// memo is the file's fileMemo, kept between calls.
func (r *Repo) memo(p string) *fileMemo {
	if m, ok := r.files[p]; ok {
		return m
	}
	if r.files == nil || len(r.files) >= maxFiles {
		r.files = map[string]*fileMemo{}
	}
	m := &fileMemo{}
	m.cmp.OldOnly = true
	r.files[p] = m
	return m
}

// version reads a file version for semdiff; one over the size cap is a
// Version that carries the reason instead of the content.
func (r *Repo) version(rel string, h Hash) (semdiff.Version, error) {
	b, err := r.readVersion(rel, h)
	var size *safefile.SizeError
	if errors.As(err, &size) {
		return semdiff.Version{Err: err}, nil
	}
	if err != nil {
		return semdiff.Version{}, err
	}
	// semdiff reads nil as absent: an empty file is present.
	if b == nil && !h.IsZero() {
		b = []byte{}
	}
	return semdiff.Version{Data: b}, nil
}

// DiffWorkTree compares the workspace at commit from with the work tree,
// entity by entity, by meaning. A file over the size cap on either side is
// reported in its entity's Error.
func (r *Repo) DiffWorkTree(from Hash) ([]*semdiff.Entity, error) {
	old, err := r.filesAt(from)
	if err != nil {
		return nil, err
	}
	work, err := r.workTreeFiles()
	if err != nil {
		return nil, err
	}
	out := []*semdiff.Entity{}
	for _, p := range sortedKeys(old, work) {
		oh, inOld := old[p]
		wf, inWork := work[p]
		if inOld && inWork && wf.err == nil && blobHash(wf.data) == oh {
			continue
		}
		ov, err := r.version(p, oh)
		if err != nil {
			return nil, err
		}
		var nv semdiff.Version
		if inWork {
			nv = semdiff.Version{Data: wf.data, Err: wf.err}
			if nv.Data == nil && nv.Err == nil {
				nv.Data = []byte{} // an empty file is present
			}
		}
		out = append(out, semdiff.Compare(p, ov, nv))
	}
	return out, nil
}
