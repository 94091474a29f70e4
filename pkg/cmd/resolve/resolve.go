// Package resolve implements `collab resolve`.
package resolve

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/merge"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Paths   []string
}

func NewCmdResolve(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "resolve [PATH ...]",
		Short: "Merge collab files left with conflicts by a merge or rebase, by meaning",
		Long: `During a merge, rebase or cherry-pick that stopped with conflicts, merge each
collab file with conflicts again from the versions git keeps in its index
(base, ours, theirs), by meaning, as the merge driver does (see
"collab merge-file"). A file that merges cleanly is written and staged; one
that still has conflicts is written with markers around the fields that
need a person, and listed. Without PATH, every collab file with conflicts.

A file that no longer holds conflict markers is left alone: it was resolved
by hand, and only needs git add. Exit 1 when anything still needs a person.`,
		Example: `  git merge feature     # CONFLICT (content): Merge conflict in goals/markdown-spend.yaml
  collab resolve        # goals/markdown-spend.yaml: merged and staged
  git commit --no-edit`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return resolveRun(opts)
		},
	}
	return cmd
}

func resolveRun(opts *Options) error {
	ws, err := workspace.Find(opts.WorkDir())
	if err != nil {
		return err
	}
	repo, err := gitstore.Open(ws)
	if err != nil {
		return fmt.Errorf("%w: resolve works on the conflicts of a git merge", err)
	}
	defer repo.Close()
	prefix, err := repo.Prefix(ws)
	if err != nil {
		return err
	}
	want, err := wanted(opts.WorkDir(), ws, prefix, opts.Paths)
	if err != nil {
		return err
	}
	files, err := repo.Unmerged(yamldoc.MaxSize)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(repo.Root())
	if err != nil {
		return err
	}
	defer root.Close()

	out, errOut := opts.IO.Out, opts.IO.ErrOut
	left, others := 0, 0
	for _, u := range files {
		rel, ok := strings.CutPrefix(u.Path, prefix)
		if !ok || !entityFile(rel) {
			others++
			continue
		}
		if want != nil && !want[u.Path] {
			continue
		}
		delete(want, u.Path)
		if u.Ours == nil || u.Theirs == nil {
			side := "ours"
			if u.Theirs == nil {
				side = "theirs"
			}
			fmt.Fprintf(errOut, "%s: deleted on %s and changed on the other side: keep it (git add) or delete it (git rm)\n", rel, side)
			left++
			continue
		}
		now, err := safefile.ReadFile(root, u.Path, yamldoc.MaxSize*4)
		if err == nil && !merge.HasMarkers(now) {
			fmt.Fprintf(errOut, "%s: no conflict markers left, so it was resolved by hand: check it with collab validate, then git add it\n", rel)
			left++
			continue
		}
		res := merge.Files(rel, u.Base, u.Ours, u.Theirs)
		if err := safefile.WriteFile(root, u.Path, res.Text); err != nil {
			return err
		}
		if len(res.Conflicts) > 0 {
			for _, c := range res.Conflicts {
				fmt.Fprintln(errOut, merge.Describe(rel, c))
			}
			left++
			continue
		}
		if err := repo.Stage(u.Path); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: merged and staged\n", rel)
	}
	if len(want) > 0 {
		var ps []string
		for p := range want {
			ps = append(ps, strings.TrimPrefix(p, prefix))
		}
		sort.Strings(ps)
		return fmt.Errorf("%s: no conflicts in git's index for this collab file, nothing to resolve", strings.Join(ps, ", "))
	}
	if others > 0 {
		fmt.Fprintf(errOut, "%d other file(s) with conflicts are not collab entity files: resolve them with git (git status lists them)\n", others)
	}
	if left > 0 {
		fmt.Fprintln(errOut, merge.Hint)
		return cmdutil.ErrSilent
	}
	if others == 0 && len(files) == 0 {
		fmt.Fprintln(out, "no file has conflicts")
	}
	return nil
}

// entityFile reports whether rel (relative to the workspace) is an entity
// file: <kind folder>/<id>.yaml.
func entityFile(rel string) bool {
	dir, name := path.Split(rel)
	_, ok := model.KindOfDir(strings.TrimSuffix(dir, "/"))
	return ok && strings.HasSuffix(name, ".yaml")
}

// wanted maps the PATH arguments (relative to cwd) to paths relative to
// the work tree root; nil without arguments.
func wanted(cwd, ws, prefix string, args []string) (map[string]bool, error) {
	if len(args) == 0 {
		return nil, nil
	}
	m := map[string]bool{}
	for _, a := range args {
		if !filepath.IsAbs(a) {
			a = filepath.Join(cwd, a)
		}
		a, err := filepath.Abs(a)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(ws, a)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, cmdutil.FlagErrorf("%s is outside the workspace %s", a, ws)
		}
		m[prefix+filepath.ToSlash(rel)] = true
	}
	return m, nil
}
