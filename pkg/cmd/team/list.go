package team

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ListOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	Output    string
}

func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO}
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceOf(model.KindTeam) }
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List teams",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func listRun(opts *ListOptions) error {
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	teams := []*model.Team{}
	for _, id := range slices.Sorted(maps.Keys(w.Teams)) {
		teams = append(teams, w.Teams[id])
	}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, teams, func(out io.Writer) error {
		if len(teams) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "no teams yet: add one with `collab team add`")
			return nil
		}
		t := cmdutil.NewTable(out, "ID", "Title", "Lead", "Members", "Reviewers")
		for _, tm := range teams {
			t.Append([]string{tm.Metadata.ID, tm.Metadata.Title, tm.Spec.Lead, fmt.Sprint(len(tm.Spec.Members)), strings.Join(tm.Spec.Reviewers, ",")})
		}
		return t.Render()
	})
}
