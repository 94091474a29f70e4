// Package validate implements `collab validate`, the check CI runs.
package validate

import (
	"fmt"
	"os"
	"runtime/debug"
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/validate"
	"github.com/collab-tools/collab/pkg/verify"
	"github.com/collab-tools/collab/pkg/workspace"
)

type Options struct {
	IO      *iostreams.IOStreams
	AsOf    func() (model.Date, error)
	WorkDir func() string
	Version string
	Format  string
	Strict  bool
	Verify  string // BASE..HEAD: also run collab verify on it
	GitHub  bool   // with Verify: confirm review acceptances through the GitHub API
}

func NewCmdValidate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, AsOf: f.AsOf, WorkDir: f.WorkDir, Version: f.Version}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check every file of the workspace",
		Long: `Check every entity file: the embedded JSON Schemas, ids and folders,
references across files (teams, people, goals, commitments), the agreement
lifecycle (an active agreement is accepted by every party on its current
terms), and the workspace policy.

Problems print as path:line:col: severity: message. The exit code is 1 when
there is an error, and also on warnings with --strict. Validation only reads:
it works on a read-only checkout and a shallow clone, and takes the schemas
from the binary, never from the repository.`,
		Example: `  collab validate
  collab validate --format github   # annotations in GitHub Actions
  collab validate --strict --as-of 2026-04-15`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, json, github or sarif")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "fail on warnings too")
	cmd.Flags().BoolVar(&opts.GitHub, "github", false, "with --verify: confirm acceptances given by approving a pull request through the GitHub API (GITHUB_API_URL, GITHUB_TOKEN or GH_TOKEN)")
	cmd.Flags().StringVar(&opts.Verify, "verify", "", "also check that every change of the range BASE..HEAD was made by someone allowed to (collab verify)")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.FixedCompletion(diag.Formats...))
	return cmd
}

func validateRun(opts *Options) error {
	if !slices.Contains(diag.Formats, opts.Format) {
		return cmdutil.FlagErrorf("invalid format %q: use text, json, github or sarif", opts.Format)
	}
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	var base, head string
	if opts.GitHub && opts.Verify == "" {
		return cmdutil.FlagErrorf("--github needs --verify BASE..HEAD: it confirms the reviews named in the range's commits")
	}
	if opts.Verify != "" {
		if base, head, err = verify.ParseRange(opts.Verify); err != nil {
			return cmdutil.FlagErrorf("--verify: %v", err)
		}
	}
	// No load cache: every file is checked against its schema anyway, and
	// CI runs validate on a fresh checkout, where the cache would only be
	// written, never read. Each file is checked as it is read, and its
	// YAML tree dropped: memory stays bounded on large workspaces.
	root, err := workspace.Find(opts.WorkDir())
	if err != nil {
		return err
	}
	// The binary's GC percent (400) suits commands that keep what they
	// read. Here nearly everything allocated is the garbage of files
	// already checked: the default of 100 keeps the peak near twice what
	// stays live, for a little more CPU time (README, Performance).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(100))
	}
	w, ds, err := validate.Dir(root, validate.Options{AsOf: asOf})
	if err != nil {
		return err
	}
	defer w.Close()
	ds = append(ds, validate.SchemaCopies(w)...)
	ds.Sort()
	if opts.Verify != "" {
		vs, err := verify.Revisions(opts.WorkDir(), base, head, verify.EnvOptions(opts.GitHub))
		if err != nil {
			return err
		}
		ds = append(ds, vs...)
	}
	ios := opts.IO
	// Unfiltered: the renderer escapes every format itself, and the github
	// format's workflow commands must reach the log as written.
	if err := diag.Render(ios.RawOut, opts.Format, cmdutil.ForCodeHost(opts.WorkDir(), opts.Format, ds), opts.Version); err != nil {
		return err
	}
	errs, warns := ds.Count()
	if opts.Format == "text" {
		summary := fmt.Sprintf("%d files checked: %s, %s", len(w.Files), plural(errs, "error"), plural(warns, "warning"))
		if errs == 0 && warns == 0 {
			summary = fmt.Sprintf("%d files checked: all valid", len(w.Files))
		}
		fmt.Fprintln(ios.ErrOut, summary)
	}
	if errs > 0 || (opts.Strict && warns > 0) {
		return cmdutil.ErrSilent
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
