// Package codeowners implements `collab codeowners`: the CODEOWNERS section
// that makes every party of an agreement a required reviewer.
package codeowners

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/codeowners"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
)

// DefaultFile is where GitHub looks first.
const DefaultFile = ".github/CODEOWNERS"

type Options struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	Check     bool
	File      string // relative to the repository root
	Output    string
}

func NewCmdCodeowners(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace}
	cmd := &cobra.Command{
		Use:   "codeowners",
		Short: "Make every party of an agreement a required reviewer (CODEOWNERS)",
		Long: `Write or update the section of CODEOWNERS between "# BEGIN collab" and
"# END collab" so that a pull request touching an entity file asks the right
reviewers (spec.reviewers of the teams): every party team of an agreement,
the teams of a goal, the subject's teams of a stakeholder map, and a team's
own reviewers for its file. The rest of the file is left as it is.

The file is relative to the repository root (GitHub also reads CODEOWNERS
and docs/CODEOWNERS; an existing one of those is used when --file is not
given). Like "collab fmt", codeowners writes the file and leaves committing
to you. A new section is appended at the end, because the last matching
line of CODEOWNERS wins; keep it after broader rules of your own.

With --check nothing is written and the exit code is 1 when the section is
out of date; run it in CI next to "collab validate".`,
		Example: `  collab codeowners
  collab codeowners --check
  collab codeowners --file docs/CODEOWNERS`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.File != "" {
				clean := path.Clean(filepath.ToSlash(opts.File))
				if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
					return cmdutil.FlagErrorf("--file %s: give a path inside the repository, relative to its root", opts.File)
				}
				opts.File = clean
			}
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Check, "check", false, "exit 1 when the section is out of date, writing nothing")
	cmd.Flags().StringVar(&opts.File, "file", "", "CODEOWNERS `PATH` relative to the repository root (default .github/CODEOWNERS)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func run(opts *Options) error {
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	if len(w.Diags) > 0 {
		// The owners of a file that cannot be read are unknown: writing
		// the section without them would drop its reviewers.
		return errors.New("files above cannot be read: fix them, then run `collab codeowners` again")
	}
	repoRoot, prefix := w.Dir, ""
	if repo, err := gitstore.Open(w.Dir); err == nil {
		repoRoot = repo.Root()
		prefix, err = repo.Prefix(w.Dir)
		repo.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, gitstore.ErrNoRepo) {
		return err
	}
	root, err := os.OpenRoot(repoRoot)
	if err != nil {
		return err
	}
	defer root.Close()
	file := opts.File
	if file == "" {
		file = DefaultFile
		for _, alt := range []string{DefaultFile, "CODEOWNERS", "docs/CODEOWNERS"} {
			if _, err := root.Lstat(alt); err == nil {
				file = alt
				break
			}
		}
	}
	rules, missing, err := codeowners.Rules(w, prefix)
	if err != nil {
		return err
	}
	ios := opts.IO
	if opts.Output != cmdutil.Table {
		return cmdutil.PrintData(ios.Out, opts.Output, map[string]any{"file": file, "rules": nonNil(rules), "missing": nonNil(missing)}, nil)
	}
	old, err := safefile.ReadFile(root, file, 1<<20)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	want, err := codeowners.Replace(old, codeowners.Section(rules, missing))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for _, r := range missing {
		fmt.Fprintf(ios.ErrOut, "%s: %s has no owners: teams %s list no reviewers\n", ios.ErrColorScheme().Yellow("warning"), r.Path, strings.Join(r.Teams, ", "))
	}
	if bytes.Equal(old, want) {
		fmt.Fprintf(ios.ErrOut, "%s is up to date\n", file)
		return nil
	}
	if opts.Check {
		fmt.Fprintf(ios.ErrOut, "%s is out of date: run `collab codeowners` and commit it\n", file)
		writeLineDiff(ios.ErrOut, old, want)
		return cmdutil.ErrSilent
	}
	if err := safefile.WriteFile(root, file, want); err != nil {
		return err
	}
	fmt.Fprintf(ios.Out, "wrote %s (not committed): review it and commit it with your change\n", file)
	return nil
}

func nonNil(r []codeowners.Rule) []codeowners.Rule {
	if r == nil {
		return []codeowners.Rule{}
	}
	return r
}

// writeLineDiff lists the section lines to remove (-) and to add (+).
func writeLineDiff(w io.Writer, old, want []byte) {
	has := func(b []byte) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			m[l] = true
		}
		return m
	}
	o, n := has(old), has(want)
	for _, l := range strings.Split(string(old), "\n") {
		if l != "" && !n[l] {
			fmt.Fprintln(w, "- "+l)
		}
	}
	for _, l := range strings.Split(string(want), "\n") {
		if l != "" && !o[l] {
			fmt.Fprintln(w, "+ "+l)
		}
	}
}
