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
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
)

type InstallOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Force   bool
}

func NewCmdInstall(f *cmdutil.Factory, runF func(*InstallOptions) error) *cobra.Command {
	opts := &InstallOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "install",
		Short: "Install a pre-commit hook that runs collab validate",
		Long: `Install a git pre-commit hook that runs "collab validate" on the workspace,
so a commit that would leave an invalid file (a broken reference, an active
agreement that a party has not accepted) stops before it is made.

The hook goes where git looks for hooks: core.hooksPath when it is set, else
the hooks folder of the repository (shared by linked work trees). An
existing pre-commit hook is never overwritten unless --force is given; it is
then kept as pre-commit.bak. The hook needs collab on PATH. It validates
the files in the work tree, which are what you commit unless you staged
only part of your changes. Skip it once with "git commit --no-verify".`,
		Example: `  collab hook install
  collab hook install --force   # replace an existing pre-commit hook, keeping a backup`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return installRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an existing pre-commit hook (kept as pre-commit.bak)")
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
	switch {
	case err == nil && bytes.Equal(old, script):
		fmt.Fprintf(out, "pre-commit hook already installed: %s\n", hookPath)
		return nil
	case err == nil || errors.Is(err, safefile.ErrSymlink):
		if !opts.Force {
			return fmt.Errorf("%s already exists and is not collab's: run `collab hook install --force` to replace it (it is kept as %s.bak), or call `collab validate` from it yourself", hookPath, name)
		}
		backup, err := backupName(root, name)
		if err != nil {
			return err
		}
		if err := root.Rename(name, backup); err != nil {
			return err
		}
		fmt.Fprintf(out, "kept the previous hook as %s\n", filepath.Join(dir, backup))
	case !errors.Is(err, fs.ErrNotExist):
		return err
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
