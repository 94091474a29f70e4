package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// ReadBlob returns the content of a file version. A version over the size
// every entity file is held to (yamldoc.MaxSize) is not read: the error is
// a *safefile.SizeError, found from the object's header.
func (r *Repo) ReadBlob(h Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.git.ReadBlob(plumbing.Hash(h), yamldoc.MaxSize)
}

// readVersion reads the version h of the file at rel; nil for the zero
// hash. A version over the size cap is reported with rel in the error.
func (r *Repo) readVersion(rel string, h Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	b, err := r.ReadBlob(h)
	var size *safefile.SizeError
	if errors.As(err, &size) {
		size.Path = rel
	}
	return b, err
}

// Exists reports whether the workspace-relative path is a file at commit h.
func (r *Repo) Exists(h Hash, rel string) (bool, error) {
	b, err := r.blobAt(h, rel)
	return !b.IsZero(), err
}

// blobAt is the version of the file at rel in commit h; zero when absent.
func (r *Repo) blobAt(h Hash, rel string) (Hash, error) {
	w := r.walker([]string{r.path(rel)})
	e, err := w.at(plumbing.Hash(h))
	if err != nil {
		return Hash{}, err
	}
	return e[0].file(), nil
}

// ReadAt returns the file at rel (relative to the workspace) as it was in
// commit h. The error wraps fs.ErrNotExist when the file is absent there,
// and is a *safefile.SizeError when it is over the size cap.
func (r *Repo) ReadAt(h Hash, rel string) ([]byte, error) {
	b, err := r.blobAt(h, rel)
	if err != nil {
		return nil, err
	}
	if b.IsZero() {
		return nil, fmt.Errorf("%s at %s: %w", rel, h.Short(), fs.ErrNotExist)
	}
	return r.readVersion(rel, b)
}

// ReadWorkTree returns the file at rel (relative to the workspace) in the
// work tree, with the errors of ReadAt; a symbolic link is refused.
func (r *Repo) ReadWorkTree(rel string) ([]byte, error) {
	root, err := os.OpenRoot(r.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return safefile.ReadFile(root, rel, yamldoc.MaxSize)
}

// filesAt lists the entity files of the workspace at commit h, keyed by
// workspace-relative path.
func (r *Repo) filesAt(h Hash) (map[string]Hash, error) {
	w := r.walker(r.entityDirs())
	files, err := w.changedFiles(plumbing.ZeroHash, plumbing.Hash(h))
	if err != nil {
		return nil, err
	}
	out := map[string]Hash{}
	for _, f := range files {
		if rel, ok := r.rel(f.path); ok {
			out[rel] = Hash(f.new)
		}
	}
	return out, nil
}

// workFile is an entity file of the work tree: its content, or why it
// could not be read (over the size cap).
type workFile struct {
	data []byte
	err  error
}

// workTreeFiles reads the entity files of the work tree, keyed by
// workspace-relative path.
func (r *Repo) workTreeFiles() (map[string]workFile, error) {
	root, err := os.OpenRoot(r.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	paths := []string{workspace.ConfigFile}
	for _, k := range model.EntityKinds {
		names, err := fs.Glob(root.FS(), k.Dir()+"/*.yaml")
		if err != nil {
			return nil, err
		}
		paths = append(paths, names...)
	}
	out := map[string]workFile{}
	for _, p := range paths {
		if _, _, ok := model.ParsePath(p); !ok {
			continue
		}
		b, err := safefile.ReadFile(root, p, yamldoc.MaxSize)
		var size *safefile.SizeError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case errors.As(err, &size):
			out[p] = workFile{err: err}
			continue
		case err != nil:
			return nil, err
		}
		out[p] = workFile{data: b}
	}
	return out, nil
}

// sortedKeys lists the keys of both maps once, sorted.
func sortedKeys[A, B any](a map[string]A, b map[string]B) []string {
	out := make([]string, 0, len(a)+len(b))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// blobHash is the hash git gives data as a file version.
func blobHash(data []byte) Hash { return Hash(gitstore.BlobHash(data)) }

// Find looks up an entity by id among kinds, in that order: in the work
// tree, then at HEAD (an entity since removed); false when there is none.
func (r *Repo) Find(id string, kinds []model.Kind) (Entity, bool, error) {
	for _, k := range kinds {
		e := Entity{Kind: k, ID: id}
		if fi, err := os.Lstat(filepath.Join(r.dir, filepath.FromSlash(e.Path()))); err == nil && fi.Mode().IsRegular() {
			return e, true, nil
		}
	}
	head, err := r.Head()
	if errors.Is(err, ErrNoCommits) {
		return Entity{}, false, nil
	}
	if err != nil {
		return Entity{}, false, err
	}
	for _, k := range kinds {
		e := Entity{Kind: k, ID: id}
		if ok, err := r.Exists(head, e.Path()); err != nil || ok {
			return e, ok, err
		}
	}
	return Entity{}, false, nil
}
