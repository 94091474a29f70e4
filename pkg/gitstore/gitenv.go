package gitstore

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// Git's environment can move its index and object store (git(1)):
// GIT_INDEX_FILE names the index, GIT_OBJECT_DIRECTORY the object store,
// GIT_ALTERNATE_OBJECT_DIRECTORIES more stores to read, ahead of
// objects/info/alternates. Git sets them for hooks: a partial commit's
// temporary index, a push's quarantined objects. Reads follow them as git
// does; a write, which puts its objects and index where the repository
// keeps them, is refused when they name others (see checkWriteEnv).

// indexFile is the index git reads: GIT_INDEX_FILE, else <gitdir>/index.
func (r *Repo) indexFile() string {
	if v := os.Getenv("GIT_INDEX_FILE"); v != "" {
		if p, err := filepath.Abs(v); err == nil {
			return p
		}
	}
	return filepath.Join(r.gitDir, "index")
}

// objectsDir is the object store git uses: GIT_OBJECT_DIRECTORY, else
// <commondir>/objects.
func (r *Repo) objectsDir() string {
	if v := os.Getenv("GIT_OBJECT_DIRECTORY"); v != "" {
		if p, err := filepath.Abs(v); err == nil {
			return p
		}
	}
	return filepath.Join(r.commonDir, "objects")
}

// checkWriteEnv refuses a write where git would write another index or
// object store than the repository's own, which collab writes.
func (r *Repo) checkWriteEnv() error {
	for _, c := range []struct{ env, got, own string }{
		{"GIT_INDEX_FILE", r.indexFile(), filepath.Join(r.gitDir, "index")},
		{"GIT_OBJECT_DIRECTORY", r.objectsDir(), filepath.Join(r.commonDir, "objects")},
	} {
		if !samePath(c.got, c.own) {
			return fmt.Errorf("%s is set to %s, where git would write instead of %s, which collab writes; unset %s to write (it is set for git hooks: write outside the hook)", c.env, c.got, c.own, c.env)
		}
	}
	return nil
}

// samePath reports whether a and b name the same file, or the same path
// where one does not exist yet; a relative path is taken from the current
// folder, as git takes the paths of its environment.
func samePath(a, b string) bool {
	real := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		return filepath.Clean(p)
	}
	return real(a) == real(b)
}

// openObjects opens the object store git reads, with its alternates.
func (r *Repo) openObjects() (*gitobj.Store, error) {
	return gitobj.Open(r.objectsDir(), gitobj.EnvAlternates()...)
}
