// Package fmtcmd implements `collab fmt`.
package fmtcmd

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Check   bool
	Paths   []string
}

func NewCmdFmt(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Write files in canonical form, keeping comments",
		Long: `Rewrite entity files in canonical form: 2-space indent and keys in the order
of the file format, keeping every comment. Without PATH, every file of the
workspace. Like gofmt, fmt writes files and leaves committing to you.

With --check nothing is written: the files that would change are listed and
the exit code is 1 when there is any.`,
		Example: `  collab fmt
  collab fmt --check            # in CI
  collab fmt agreements/feature-x-launch.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return fmtRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Check, "check", false, "list files that are not formatted and exit 1, writing nothing")
	return cmd
}

func fmtRun(opts *Options) error {
	// No load cache: fmt parses every file it formats anyway.
	w, err := workspace.Open(opts.WorkDir())
	if err != nil {
		return err
	}
	defer w.Close()
	targets, err := selectFiles(w, opts.Paths)
	if err != nil {
		return err
	}
	ios := opts.IO
	failed, changed := false, 0
	for _, e := range targets {
		if e.Doc == nil {
			for _, d := range w.Diags {
				if d.File == e.Path {
					fmt.Fprintln(ios.ErrOut, d.String())
				}
			}
			failed = true
			continue
		}
		old, err := safefile.ReadFile(w.FS, e.Path, yamldoc.MaxSize)
		if err != nil {
			return err
		}
		out, err := e.Doc.Canonical(model.KeyRank(e.Kind))
		if err != nil {
			return fmt.Errorf("%s: %w", e.Path, err)
		}
		if bytes.Equal(old, out) {
			continue
		}
		changed++
		fmt.Fprintln(ios.Out, e.Path)
		if opts.Check {
			continue
		}
		if err := safefile.WriteFile(w.FS, e.Path, out); err != nil {
			return err
		}
	}
	if failed || (opts.Check && changed > 0) {
		return cmdutil.ErrSilent
	}
	return nil
}

// selectFiles maps command-line paths (relative to the current folder) to
// loaded files; none means all.
func selectFiles(w *workspace.Workspace, paths []string) ([]*workspace.Entity, error) {
	if len(paths) == 0 {
		return w.Files, nil
	}
	byPath := map[string]*workspace.Entity{}
	for _, e := range w.Files {
		byPath[e.Path] = e
	}
	var out []*workspace.Entity
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(w.Dir, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, cmdutil.FlagErrorf("%s is outside the workspace %s", p, w.Dir)
		}
		e, ok := byPath[filepath.ToSlash(rel)]
		if !ok {
			return nil, cmdutil.FlagErrorf("%s is not an entity file of the workspace (collab.yaml, teams/, goals/, agreements/, maps/)", p)
		}
		out = append(out, e)
	}
	return out, nil
}
