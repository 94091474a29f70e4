// Package history implements `collab log`, `collab show` and `collab diff`:
// an entity's history, an entity at any revision, and the semantic diff
// between revisions that reviewers read in pull requests.
package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// repoCtx is the workspace and the repository holding it.
type repoCtx struct {
	repo   *gitstore.Repo
	wsDir  string // absolute folder of collab.yaml
	prefix string // workspace folder relative to the work tree root, "" or "dir/"
}

func openRepo(workDir string) (*repoCtx, error) {
	ws, err := workspace.Find(workDir)
	if err != nil {
		return nil, err
	}
	repo, err := gitstore.Open(ws)
	if err != nil {
		return nil, fmt.Errorf("%w: history needs the workspace to be in a git repository", err)
	}
	prefix, err := repo.Prefix(ws)
	if err != nil {
		repo.Close()
		return nil, err
	}
	return &repoCtx{repo: repo, wsDir: ws, prefix: prefix}, nil
}

func (c *repoCtx) Close() { c.repo.Close() }

// resolve resolves a revision; for HEAD on an unborn branch it says to
// commit first.
func (c *repoCtx) resolve(rev string) (plumbing.Hash, error) {
	if rev == "HEAD" {
		h, ok, err := c.repo.Head()
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if !ok {
			return plumbing.ZeroHash, errors.New("the repository has no commits yet: commit the workspace first")
		}
		return h, nil
	}
	h, err := c.repo.Resolve(rev)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%w: use a branch, tag, commit hash or HEAD~N", err)
	}
	return h, nil
}

// entityDirs are the workspace's entity locations relative to the work tree root.
func (c *repoCtx) entityDirs() []string {
	out := []string{c.prefix + workspace.ConfigFile}
	for _, k := range model.EntityKinds {
		out = append(out, c.prefix+k.Dir())
	}
	return out
}

// filesAt lists the entity files of the workspace at commit h, keyed by
// workspace-relative path.
func (c *repoCtx) filesAt(h plumbing.Hash) (map[string]plumbing.Hash, error) {
	out := map[string]plumbing.Hash{}
	for _, d := range c.entityDirs() {
		files, err := c.repo.Files(h, d)
		if err != nil {
			return nil, err
		}
		for p, bh := range files {
			rel := strings.TrimPrefix(p, c.prefix)
			if isEntity(rel) {
				out[rel] = bh
			}
		}
	}
	return out, nil
}

// worktreeFiles reads the entity files of the work tree.
func (c *repoCtx) worktreeFiles() (map[string][]byte, error) {
	root, err := os.OpenRoot(c.wsDir)
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
	out := map[string][]byte{}
	for _, p := range paths {
		if !isEntity(p) {
			continue
		}
		b, err := safefile.ReadFile(root, p, yamldoc.MaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[p] = b
	}
	return out, nil
}

// blob reads a blob; nil for the zero hash.
func (c *repoCtx) blob(h plumbing.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	return c.repo.ReadBlob(h)
}

// target is an entity named on the command line.
type target struct {
	Kind model.Kind
	ID   string
}

// Path is the target's file relative to the workspace.
func (t target) Path() string { return workspace.PathOf(t.Kind, t.ID) }

// lookupOrder is the preference when one id names entities of several
// kinds: an agreement and its stakeholder map share their id.
var lookupOrder = []model.Kind{model.KindAgreement, model.KindGoal, model.KindTeam, model.KindStakeholderMap}

// parseTarget reads "ID", "KIND/ID" (agreement/x, map/x, team/x, goal/x) or
// "collab.yaml". A bare id is looked up across kinds, in the work tree and
// else at HEAD (for an entity that was removed).
func parseTarget(c *repoCtx, arg string) (target, error) {
	if arg == workspace.ConfigFile || arg == "workspace" {
		return target{Kind: model.KindWorkspace}, nil
	}
	if k, id, ok := strings.Cut(arg, "/"); ok {
		kind, err := model.ParseKind(k)
		if err != nil || kind == model.KindWorkspace {
			return target{}, cmdutil.FlagErrorf("%q: use ID or KIND/ID with KIND one of agreement, goal, team, map", arg)
		}
		if err := model.CheckID(id); err != nil {
			return target{}, cmdutil.FlagErrorf("%v", err)
		}
		return target{Kind: kind, ID: id}, nil
	}
	if err := model.CheckID(arg); err != nil {
		return target{}, cmdutil.FlagErrorf("%v", err)
	}
	for _, k := range lookupOrder {
		if fi, err := os.Lstat(filepath.Join(c.wsDir, k.Dir(), arg+".yaml")); err == nil && fi.Mode().IsRegular() {
			return target{Kind: k, ID: arg}, nil
		}
	}
	if head, ok, err := c.repo.Head(); err == nil && ok {
		for _, k := range lookupOrder {
			e, err := c.repo.Entry(head, c.prefix+workspace.PathOf(k, arg))
			if err == nil && e.Exists() && e.Mode != filemode.Dir {
				return target{Kind: k, ID: arg}, nil
			}
		}
	}
	return target{}, fmt.Errorf("no agreement, goal, team or map %q in the work tree or at HEAD: check the id with `collab validate`, or name the kind as agreement/%s", arg, arg)
}

// completeTargets completes ids of every kind.
func completeTargets(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		seen := map[string]bool{}
		var out []string
		for _, k := range lookupOrder {
			for _, id := range cmdutil.IDs(f, k) {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
		sort.Strings(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// painter colours semantic diffs like git colours its diffs.
func painter(ios *iostreams.IOStreams) semdiff.Painter {
	if !ios.ColorEnabled() {
		return semdiff.Plain
	}
	return semdiff.Painter{Added: ios.Green, Removed: ios.Red, Changed: ios.Yellow, Bold: ios.Bold, Faint: ios.Faint}
}

func isEntity(p string) bool {
	_, _, ok := model.ParsePath(p)
	return ok
}
