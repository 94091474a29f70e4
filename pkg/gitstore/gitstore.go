// Package gitstore keeps collab's files in a Git repository: every change is
// one commit holding exactly the files collab wrote, made so that it is safe
// next to a user's own git work and other collab processes.
//
// Objects are read by pkg/gitobj and refs, attributes and config by this
// package and pkg/gitconfig, as git stores them (go-git gives the hash and
// file mode types). Writing is done the way git does it, safe for
// concurrent use, which go-git's own writing is not:
//
//   - <gitdir>/index.lock is taken with O_CREATE|O_EXCL for the whole
//     transaction, so git and other collab processes wait for us and we for
//     them; a lock held by someone else is never removed.
//   - the commit tree is HEAD's tree with only collab's entries replaced, so a
//     user's staged changes are never committed;
//   - the branch moves with a git-style compare-and-swap (<ref>.lock, check the
//     old value, rename), which git's own ref updates respect;
//   - only collab's index entries are replaced, and the new index is written
//     into the held lock file and renamed over the index, as git does.
package gitstore

import (
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitconfig"
	"github.com/collab-tools/collab/pkg/gitobj"
)

// ErrBusy is returned by Begin when another process holds the index lock for
// longer than the lock timeout. errors.Is(err, ErrBusy) matches the detailed
// error, whose text names the lock file.
var ErrBusy = errors.New("repository busy")

// ErrNoRepo is returned by Open when dir is not inside a git repository.
var ErrNoRepo = errors.New("not inside a git repository")

// DefaultLockTimeout is how long Begin waits for a held index lock.
const DefaultLockTimeout = 10 * time.Second

// Repo is a git repository with a work tree.
type Repo struct {
	root      string // work tree root, absolute
	gitDir    string // this work tree's own git dir (.git, or .git/worktrees/<name>)
	commonDir string // shared git dir (objects, refs, config)

	objs              *gitobj.Store // object reader, opened on first use
	objsErr           error
	objsOnce          sync.Once
	author, committer ident // as git decides them, computed once

	cfg     *gitconfig.Config // see loadConfig
	cfgErr  error
	cfgOnce sync.Once

	zlib   *zlib.Writer // see writeObject
	zlibMu sync.Mutex

	settings     map[string]string // see writeConfig
	settingsErr  error
	settingsOnce sync.Once

	// LockTimeout is how long Begin retries a held index lock before it
	// returns ErrBusy. Zero means DefaultLockTimeout; a negative value means
	// a single attempt.
	LockTimeout time.Duration
}

// Open finds the repository containing dir, walking up like git does. Linked
// work trees made by `git worktree add` are supported. Repository formats that
// collab cannot read or write correctly are refused with an explanation.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		abs = filepath.Dir(abs)
	}
	root, gitDir, err := findGitDir(abs)
	if err != nil {
		return nil, err
	}
	if err := checkGitEnv(root, gitDir); err != nil {
		return nil, err
	}
	commonDir := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		commonDir = filepath.Clean(c)
	}
	if err := checkFormat(commonDir); err != nil {
		return nil, err
	}

	// A git dir without HEAD is not a repository (git says so too); a linked
	// work tree's HEAD is in its own git dir.
	if _, err := os.Stat(filepath.Join(gitDir, "HEAD")); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoRepo)
		}
		return nil, fmt.Errorf("open repository at %s: %w", root, err)
	}
	return &Repo{root: root, gitDir: gitDir, commonDir: commonDir}, nil
}

// findGitDir walks up from dir to the first folder holding .git (a folder, or
// a file "gitdir: PATH" as in linked work trees and submodules).
func findGitDir(dir string) (root, gitDir string, err error) {
	start := dir
	for {
		p := filepath.Join(dir, ".git")
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			if _, err := os.Stat(filepath.Join(p, "HEAD")); err == nil {
				return dir, p, nil
			}
		case err == nil:
			b, err := os.ReadFile(p)
			if err != nil {
				return "", "", err
			}
			line, _, _ := strings.Cut(string(b), "\n")
			g, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
			if !ok {
				return "", "", fmt.Errorf("%s: not a git dir link (no \"gitdir:\" line)", p)
			}
			g = strings.TrimSpace(g)
			if !filepath.IsAbs(g) {
				g = filepath.Join(dir, g)
			}
			return dir, filepath.Clean(g), nil
		case !errors.Is(err, os.ErrNotExist):
			return "", "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", fmt.Errorf("%s: %w", start, ErrNoRepo)
		}
		dir = parent
	}
}

// checkGitEnv refuses GIT_DIR and GIT_WORK_TREE set to another repository
// or work tree than the one holding the workspace: collab always works on
// the repository where the workspace is, and git commands run with those
// variables would see another.
func checkGitEnv(root, gitDir string) error {
	if v := os.Getenv("GIT_DIR"); v != "" && !samePath(v, gitDir) {
		return fmt.Errorf("GIT_DIR is set to %s, but the workspace is in the repository %s, which collab uses; unset GIT_DIR (and GIT_WORK_TREE) to use it", v, gitDir)
	}
	if v := os.Getenv("GIT_WORK_TREE"); v != "" && !samePath(v, root) {
		return fmt.Errorf("GIT_WORK_TREE is set to %s, but the workspace is in the work tree %s, which collab uses; unset GIT_WORK_TREE (and GIT_DIR) to use it", v, root)
	}
	return nil
}

// checkFormat refuses repository formats collab would misread or damage.
func checkFormat(commonDir string) error {
	cfg, err := readConfigFile(filepath.Join(commonDir, "config"))
	if err != nil {
		return err
	}
	if cfg == nil {
		return nil
	}
	get := func(key string) string {
		v := ""
		for _, e := range cfg {
			if e.Key == key {
				v = e.Value
			}
		}
		return strings.ToLower(strings.TrimSpace(v))
	}
	if v := get("core.repositoryformatversion"); v != "" && v != "0" && v != "1" {
		return fmt.Errorf("repository format version %s is not supported (collab supports 0 and 1)", v)
	}
	if v := get("extensions.objectformat"); v != "" && v != "sha1" {
		return fmt.Errorf("repository uses object format %s; collab supports only SHA-1 repositories", v)
	}
	if v := get("extensions.refstorage"); v != "" && v != "files" {
		return fmt.Errorf("repository stores refs as %s (extensions.refStorage); collab supports only the files backend", v)
	}
	if v := get("core.bare"); v == "true" {
		return errors.New("repository is bare; collab needs a work tree")
	}
	return nil
}

// readConfigFile parses one git config file, its settings in order; a
// missing file gives nil, nil.
func readConfigFile(path string) ([]gitconfig.Entry, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return gitconfig.Parse(b, path)
}

// Init creates a repository in dir like `git init` (the initial branch is
// init.defaultBranch from the global or system git config, else "main") and
// opens it. An existing repository in dir is opened unchanged, as `git init`
// leaves it.
func Init(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
		return Open(abs)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	branch := "main"
	for _, c := range globalConfigs() {
		for _, e := range c {
			if v := strings.TrimSpace(e.Value); e.Key == "init.defaultbranch" && v != "" {
				branch = v
			}
		}
	}
	name := plumbing.NewBranchReferenceName(branch)
	if err := name.Validate(); err != nil {
		return nil, fmt.Errorf("init.defaultBranch %q: %w", branch, err)
	}
	if err := initRepo(filepath.Join(abs, ".git"), name); err != nil {
		return nil, fmt.Errorf("git init %s: %w", abs, err)
	}
	return Open(abs)
}

// initRepo writes what `git init` writes for a repository with a work tree:
// the object and ref folders, a config with core.bare = false, and HEAD
// naming the unborn branch.
func initRepo(gitDir string, branch plumbing.ReferenceName) error {
	for _, d := range []string{"objects/info", "objects/pack", "refs/heads", "refs/tags"} {
		if err := os.MkdirAll(filepath.Join(gitDir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(gitDir, "config"), []byte("[core]\n\tbare = false\n"), 0o666); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(gitDir, "HEAD"), []byte("ref: "+branch.String()+"\n"), 0o666)
}

// Close releases the open pack files.
func (r *Repo) Close() error {
	if r.objs != nil {
		return r.objs.Close()
	}
	return nil
}

// Root returns the absolute path of the work tree root.
func (r *Repo) Root() string { return r.root }

// Head returns the commit HEAD points to; false when the branch is unborn.
func (r *Repo) Head() (plumbing.Hash, bool, error) {
	h, _, _, ok, err := r.refs().resolve("HEAD")
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("read HEAD: %w", err)
	}
	return h, ok, nil
}

// Prefix is dir (a folder inside the work tree, such as the workspace)
// relative to the work tree root, with a trailing slash: "" at the root,
// "docs/collab/" below it. Paths git stores are that prefix plus the path
// inside dir.
func (r *Repo) Prefix(dir string) (string, error) {
	a, err := filepath.EvalSymlinks(r.Root())
	if err != nil {
		return "", err
	}
	b, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(a, b)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%s is outside the git work tree %s", dir, r.Root())
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel) + "/", nil
}
