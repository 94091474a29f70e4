package history

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitobj"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/parsecache"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Repo is a workspace and the git repository holding it, opened for
// reading. Paths in its answers are relative to the workspace, whichever
// folder of the repository the workspace is in.
type Repo struct {
	git    *gitstore.Repo
	dir    string // absolute folder of collab.yaml
	prefix string // the workspace folder relative to the work tree root: "" or "dir/"
	// files keep, per file, the versions DiffFile read and parsed last: a
	// log lists a file's changes newest first, so the old version of one
	// change is the new version of the file's next change, however many
	// commits changed other files in between. Bounded by maxFiles.
	files map[string]*fileMemo
	// mu is held around each object read (see walker.mu).
	mu sync.Mutex
	// cache holds parsed versions across commands (see parseCache).
	cache     *parsecache.Cache
	cacheOnce sync.Once
}

// walker is a walker of paths (repository paths) that shares r's lock.
func (r *Repo) walker(paths []string) *walker {
	w := newWalker(r.git, paths)
	w.mu = &r.mu
	return w
}

// fileMemo is what DiffFile keeps of one file: the Comparer holding its
// last parsed versions, and the content of the older one.
type fileMemo struct {
	cmp  semdiff.Comparer
	old  Hash
	data semdiff.Version
}

// maxFiles bounds the files whose last versions DiffFile keeps: the number
// of files, not the length of history, sets the memory it holds.
const maxFiles = 4096

// Open opens the repository holding the workspace in dir (the folder of
// collab.yaml).
func Open(dir string) (*Repo, error) {
	g, err := gitstore.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: history needs the workspace to be in a git repository", err)
	}
	prefix, err := g.Prefix(dir)
	if err != nil {
		g.Close()
		return nil, err
	}
	return &Repo{git: g, dir: dir, prefix: prefix}, nil
}

// Close writes what the parse cache was given and releases the
// repository's open files.
func (r *Repo) Close() error {
	r.flushCache()
	r.cache.Close()
	return r.git.Close()
}

// ErrNoCommits is returned when HEAD names a branch with no commits yet.
var ErrNoCommits = errors.New("the repository has no commits yet: commit the workspace first")

// Head is the commit HEAD points to; ErrNoCommits on an unborn branch.
func (r *Repo) Head() (Hash, error) {
	h, ok, err := r.git.Head()
	if err != nil {
		return Hash{}, err
	}
	if !ok {
		return Hash{}, ErrNoCommits
	}
	return Hash(h), nil
}

// Resolve turns a revision as git reads it (a branch, a tag, a full or
// short hash, HEAD~3, main^2) into a commit.
func (r *Repo) Resolve(rev string) (Hash, error) {
	if rev == "HEAD" {
		return r.Head()
	}
	h, err := r.git.Resolve(rev)
	if err != nil {
		return Hash{}, fmt.Errorf("%w: use a branch, tag, commit hash or HEAD~N", err)
	}
	return Hash(h), nil
}

// ErrNoMergeBase is wrapped by MergeBase's error when two commits share no
// history.
var ErrNoMergeBase = errors.New("no common ancestor")

// MergeBase is the best common ancestor of a and b, as git merge-base
// finds it: what a pull request from b into a is compared against.
func (r *Repo) MergeBase(a, b Hash) (Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	bases, err := r.git.MergeBase(plumbing.Hash(a), plumbing.Hash(b))
	if err != nil {
		return Hash{}, err
	}
	if len(bases) == 0 {
		return Hash{}, fmt.Errorf("%s and %s: %w", a.Short(), b.Short(), ErrNoMergeBase)
	}
	return Hash(bases[0]), nil
}

// Commit reads commit h.
func (r *Repo) Commit(h Hash) (*Commit, error) {
	r.mu.Lock()
	c, err := r.git.CommitObject(plumbing.Hash(h))
	r.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return newCommit(c), nil
}

// RawCommit reads commit h as git stores it, headers and signature
// included: what a signature check needs.
func (r *Repo) RawCommit(h Hash) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.git.ReadObject(plumbing.CommitObject, plumbing.Hash(h), nil)
}

func newCommit(c *gitobj.Commit) *Commit {
	out := &Commit{
		Hash:       Hash(c.Hash),
		Author:     Person{Name: c.Author.Name, Email: c.Author.Email},
		Date:       c.Author.When,
		Committer:  Person{Name: c.Committer.Name, Email: c.Committer.Email},
		CommitDate: c.Committer.When,
		Subject:    strings.SplitN(strings.TrimSpace(c.Message), "\n", 2)[0],
		Message:    c.Message,
	}
	for _, p := range c.ParentHashes {
		out.Parents = append(out.Parents, Hash(p))
	}
	return out
}

// path is the repository path of a workspace-relative path.
func (r *Repo) path(rel string) string { return r.prefix + rel }

// entityDirs are the workspace's entity locations, as repository paths.
func (r *Repo) entityDirs() []string {
	out := []string{r.path(workspace.ConfigFile)}
	for _, k := range model.EntityKinds {
		out = append(out, r.path(k.Dir()))
	}
	return out
}

// rel is the workspace-relative path of a repository path when it holds an
// entity.
func (r *Repo) rel(p string) (string, bool) {
	rel, ok := strings.CutPrefix(p, r.prefix)
	if !ok {
		return "", false
	}
	_, _, ok = model.ParsePath(rel)
	return rel, ok
}
