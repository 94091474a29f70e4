package hook

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/merge"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
)

type InstallOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Force   bool
	Check   bool
}

func NewCmdInstall(f *cmdutil.Factory, runF func(*InstallOptions) error) *cobra.Command {
	opts := &InstallOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "install",
		Short: "Install a pre-commit hook that runs collab validate, and the merge driver",
		Long: `Install a git pre-commit hook that runs "collab validate" on the workspace,
so a commit that would leave an invalid file (a broken reference, an active
agreement that a party has not accepted) stops before it is made.

It also registers collab's merge driver, so that branches touching the same
entity merge by meaning (see "collab merge-file"): merge.collab.name and
merge.collab.driver in the repository's config, and a "merge=collab" line
per entity folder in the .gitattributes file at the root of the work tree.
Commit .gitattributes, as you commit CODEOWNERS, so that every clone uses
the driver once it runs "collab hook install". With --check nothing is
written: what is missing is listed and the exit code is 1 when anything is.

The hook goes where git looks for hooks: core.hooksPath when it is set, else
the hooks folder of the repository (shared by linked work trees). An
existing pre-commit hook is never overwritten unless --force is given; it is
then kept as pre-commit.bak. The hook needs collab on PATH. It validates
the files in the work tree, which are what you commit unless you staged
only part of your changes. Skip it once with "git commit --no-verify".`,
		Example: `  collab hook install
  collab hook install --force   # replace an existing pre-commit hook, keeping a backup
  collab hook install --check   # in a fresh clone: is the merge driver set up?`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return installRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an existing pre-commit hook (kept as pre-commit.bak)")
	cmd.Flags().BoolVar(&opts.Check, "check", false, "list what is not installed and exit 1 when anything is, writing nothing")
	return cmd
}

// Script is the pre-commit hook for a workspace in folder rel of the work
// tree ("." at the root). Git runs hooks at the root of the work tree.
func Script(rel string) []byte {
	quoted := "'" + strings.ReplaceAll(rel, "'", `'\''`) + "'"
	return []byte(`#!/bin/sh
# collab pre-commit hook, installed by "collab hook install".
# Validates the collab workspace before every commit.
# Skip it once with: git commit --no-verify
if ! command -v collab >/dev/null 2>&1; then
	echo "collab pre-commit hook: collab is not on PATH; install it, or skip the check once with git commit --no-verify" >&2
	exit 1
fi
exec collab -C ` + quoted + ` validate
`)
}

func installRun(opts *InstallOptions) error {
	ws, err := workspace.Find(opts.WorkDir())
	if err != nil {
		return err
	}
	repo, err := gitstore.Open(ws)
	if err != nil {
		return fmt.Errorf("%w: a git hook needs a git repository", err)
	}
	defer repo.Close()
	dir, err := repo.HooksDir()
	if err != nil {
		return err
	}
	prefix, err := repo.Prefix(ws)
	if err != nil {
		return err
	}
	rel := strings.TrimSuffix(prefix, "/") // the hook runs collab -C rel
	if rel == "" {
		rel = "."
	}
	if opts.Check {
		return checkRun(opts, repo, dir, prefix, Script(rel))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	const name = "pre-commit"
	script := Script(rel)
	hookPath := filepath.Join(dir, name)
	out := opts.IO.Out
	old, err := safefile.ReadFile(root, name, 1<<20)
	installed := err == nil && bytes.Equal(old, script)
	other := !installed && (err == nil || errors.Is(err, safefile.ErrSymlink))
	// Refuse before writing anything, the merge driver included.
	switch {
	case other && !opts.Force:
		return fmt.Errorf("%s already exists and is not collab's: run `collab hook install --force` to replace it (it is kept as %s.bak), or call `collab validate` from it yourself", hookPath, name)
	case !installed && !other && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := installDriver(opts, repo, prefix); err != nil {
		return err
	}
	if installed {
		fmt.Fprintf(out, "pre-commit hook already installed: %s\n", hookPath)
		return nil
	}
	if other {
		backup, err := backupName(root, name)
		if err != nil {
			return err
		}
		if err := root.Rename(name, backup); err != nil {
			return err
		}
		fmt.Fprintf(out, "kept the previous hook as %s\n", filepath.Join(dir, backup))
	}
	if err := safefile.WriteFile(root, name, script); err != nil {
		return err
	}
	if err := root.Chmod(name, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(out, "installed pre-commit hook: %s\n", hookPath)
	return nil
}

// backupName is pre-commit.bak, or .bak.1, .bak.2 ... when taken.
func backupName(root *os.Root, name string) (string, error) {
	b := name + ".bak"
	for i := 1; ; i++ {
		if _, err := root.Lstat(b); errors.Is(err, fs.ErrNotExist) {
			return b, nil
		} else if err != nil {
			return "", err
		}
		b = name + ".bak." + strconv.Itoa(i)
	}
}

// driverConfig is the repository config that defines the merge driver.
var driverConfig = [][2]string{{"merge.collab.name", merge.DriverName}, {"merge.collab.driver", merge.DriverCommand}}

// missingAttributes returns the lines of merge.Attributes(prefix) that the
// .gitattributes file at the root of the work tree lacks, and its content.
func missingAttributes(repo *gitstore.Repo, prefix string) ([]string, []byte, error) {
	root, err := os.OpenRoot(repo.Root())
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	old, err := safefile.ReadFile(root, ".gitattributes", 1<<20)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.Join(strings.Fields(l), " ")] = true
	}
	var missing []string
	for _, l := range merge.Attributes(prefix) {
		if !have[l] {
			missing = append(missing, l)
		}
	}
	return missing, old, nil
}

// installDriver registers the merge driver where it is not yet.
func installDriver(opts *InstallOptions, repo *gitstore.Repo, prefix string) error {
	out := opts.IO.Out
	for _, kv := range driverConfig {
		if v, err := repo.Config(kv[0]); err != nil {
			return err
		} else if v == kv[1] {
			continue
		}
		if err := repo.SetConfig(kv[0], kv[1]); err != nil {
			return err
		}
		fmt.Fprintf(out, "set %s in the repository config\n", kv[0])
	}
	missing, old, err := missingAttributes(repo, prefix)
	if err != nil || len(missing) == 0 {
		return err
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		old = append(old, '\n')
	}
	text := append(old, []byte(strings.Join(missing, "\n")+"\n")...)
	root, err := os.OpenRoot(repo.Root())
	if err != nil {
		return err
	}
	defer root.Close()
	if err := safefile.WriteFile(root, ".gitattributes", text); err != nil {
		return err
	}
	fmt.Fprintf(out, "added %d merge=collab line(s) to .gitattributes: commit it so that every clone merges collab files by meaning\n", len(missing))
	return nil
}

// checkRun lists what install would do, writing nothing.
func checkRun(opts *InstallOptions, repo *gitstore.Repo, hooksDir, prefix string, script []byte) error {
	var missing []string
	old, err := os.ReadFile(filepath.Join(hooksDir, "pre-commit"))
	if err != nil || !bytes.Equal(old, script) {
		missing = append(missing, "the pre-commit hook "+filepath.Join(hooksDir, "pre-commit"))
	}
	for _, kv := range driverConfig {
		v, err := repo.Config(kv[0])
		if err != nil {
			return err
		}
		if v != kv[1] {
			missing = append(missing, fmt.Sprintf("git config %s %q", kv[0], kv[1]))
		}
	}
	lines, _, err := missingAttributes(repo, prefix)
	if err != nil {
		return err
	}
	for _, l := range lines {
		missing = append(missing, fmt.Sprintf(".gitattributes line %q", l))
	}
	if len(missing) == 0 {
		fmt.Fprintln(opts.IO.Out, "pre-commit hook and merge driver installed")
		return nil
	}
	for _, m := range missing {
		fmt.Fprintln(opts.IO.Out, "missing: "+m)
	}
	fmt.Fprintln(opts.IO.ErrOut, "run collab hook install to install them")
	return cmdutil.ErrSilent
}
