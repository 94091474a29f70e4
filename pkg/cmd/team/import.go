package team

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/sheet"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ImportOptions struct {
	IO    *iostreams.IOStreams
	Apply cmdutil.ApplyFunc
	Team  string
	File  string // "-" for standard input
}

func NewCmdImport(f *cmdutil.Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{IO: f.IO, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "import FILE.csv --team TEAM",
		Short: "Add a team's members from a CSV file (an HR directory export)",
		Long: `Add the people of a CSV file to a team, in one commit. The first row names
the columns: email (required), name, role and github, in any order and
case; the names of common HR exports are understood too (e-mail, full
name, job title, github username). Other columns are ignored and listed.

Every row is checked first: an invalid or repeated email, a GitHub name
that is not one, a short row. Each bad cell is reported as "row N, column
C: why", and then nothing is written. People already in the team are left
as they are. FILE - reads standard input.`,
		Example: `  collab team import sales.csv --team sales
  hr-export --department Sales | collab team import - --team sales`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cobra.FixedCompletions(nil, cobra.ShellCompDirectiveFilterFileExt),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "team"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Team, "team", "", "the team the people join")
	_ = cmd.RegisterFlagCompletionFunc("team", cmdutil.CompleteIDs(f, model.KindTeam))
	return cmd
}

func importRun(opts *ImportOptions) error {
	var in io.Reader = opts.IO.In
	if opts.File != "-" {
		fh, err := os.Open(opts.File)
		if err != nil {
			return err
		}
		defer fh.Close()
		in = fh
	}
	members, ignored, bad, err := sheet.ReadMembers(io.LimitReader(in, 16<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", opts.File, err)
	}
	if len(bad) > 0 {
		for _, b := range bad {
			fmt.Fprintf(opts.IO.ErrOut, "%s: %v\n", opts.File, b)
		}
		return fmt.Errorf("%s: %d bad %s, nothing imported: fix them and import again", opts.File, len(bad), plural(len(bad), "cell", "cells"))
	}
	if len(ignored) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "ignored columns: %s\n", strings.Join(ignored, ", "))
	}
	var added, kept []string
	err = opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindTeam, opts.Team)
		if err != nil {
			return nil, err
		}
		t := e.Value.(*model.Team)
		added, kept = nil, nil
		for _, im := range members {
			if t.HasMember(im.Member.Email) {
				kept = append(kept, im.Member.Email)
				continue
			}
			if err := e.Doc.Append(im.Member, "spec", "members"); err != nil {
				return nil, fmt.Errorf("row %d: %w", im.Row, err)
			}
			added = append(added, im.Member.Email)
		}
		if len(added) == 0 {
			return nil, errNothingNew
		}
		return change.EditOf(e, change.Commit{Kind: model.KindTeam, ID: opts.Team, Action: "member-import",
			Subject: fmt.Sprintf("import %d %s", len(added), plural(len(added), "member", "members")),
			Body:    []string{"Added: " + strings.Join(added, ", ")}})
	})
	if len(kept) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "already in team %s, left as they are: %s\n", opts.Team, strings.Join(kept, ", "))
	}
	if errors.Is(err, errNothingNew) {
		fmt.Fprintf(opts.IO.ErrOut, "nothing to import: everyone in %s is already in team %s\n", opts.File, opts.Team)
		return nil
	}
	return err
}

var errNothingNew = errors.New("nothing new")

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
