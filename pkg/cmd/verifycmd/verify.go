// Package verifycmd implements `collab verify`: who made each change of a
// range of commits, and whether they were allowed to.
package verifycmd

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/verify"
)

type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Version string
	Base    string
	Head    string
	Format  string
	GitHub  bool
}

func NewCmdVerify(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, WorkDir: f.WorkDir, Version: f.Version}
	cmd := &cobra.Command{
		Use:   "verify BASE..HEAD",
		Short: "Check that every change in a range was made by someone allowed to",
		Long: `Judge every commit of BASE..HEAD that changes workspace files, with the
commit's author as the person who made the change, against who may do what
(docs/permissions.md): an acceptance for a party must come from a member of
the party recorded as its 'by', a commitment's progress from its party or
the agreement owner, a team's members from its lead, and so on. A change
made by hand with plain git passes when its author had the right to make it.

The rules are taken from BASE, the branch the change goes into: collab.yaml
and the team files as BASE has them. A change to them in the range is
judged like any other (adding a member needs the team lead), so a range
cannot add its author to a team and then act for it.

Each change the author may not make prints as a diagnostic naming the
commit, the author, the change and who may make it; the exit code is 1 when
there is one.

An acceptance given by approving a pull request (committed by a CI bot with
'agree accept --via-review') names the review in its commit. Without
--github it is judged like any other change, with the bot as the author,
and so reported. With --github, collab asks the GitHub API (GITHUB_API_URL,
token in GITHUB_TOKEN or GH_TOKEN) whether the review exists in this
repository (GITHUB_REPOSITORY when set), is an approval, is by the member's
GitHub account (github: in the team files of BASE), and was submitted on a
head whose terms are the terms accepted; then the acceptance counts as the
member's.`,
		Example: `  collab verify origin/main..HEAD
  GITHUB_TOKEN=... collab verify --github origin/main..HEAD
  collab verify "$BASE_SHA..$HEAD_SHA" --format github`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			base, head, err := verify.ParseRange(args[0])
			if err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			opts.Base, opts.Head = base, head
			if !slices.Contains(diag.Formats, opts.Format) {
				return cmdutil.FlagErrorf("invalid format %q: use text, json, github or sarif", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.GitHub, "github", false, "confirm acceptances given by approving a pull request through the GitHub API")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, json, github or sarif")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.FixedCompletion(diag.Formats...))
	return cmd
}

func verifyRun(opts *Options) error {
	ds, err := verify.Revisions(opts.WorkDir(), opts.Base, opts.Head, verify.EnvOptions(opts.GitHub))
	if err != nil {
		return err
	}
	// Unfiltered: the renderer escapes every format itself (see validate).
	if err := diag.Render(opts.IO.RawOut, opts.Format, cmdutil.ForCodeHost(opts.WorkDir(), opts.Format, ds), opts.Version); err != nil {
		return err
	}
	errs, _ := ds.Count()
	if opts.Format == "text" {
		if errs == 0 {
			fmt.Fprintf(opts.IO.ErrOut, "%s..%s: every change was made by someone allowed to\n", opts.Base, opts.Head)
		} else {
			fmt.Fprintf(opts.IO.ErrOut, "%s..%s: %d changes made by someone not allowed to\n", opts.Base, opts.Head, errs)
		}
	}
	if errs > 0 {
		return cmdutil.ErrSilent
	}
	return nil
}
