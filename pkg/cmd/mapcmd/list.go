package mapcmd

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ListOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	Output    string
}

func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO}
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceOf(model.KindStakeholderMap) }
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List stakeholder maps",
		Long: `List the stakeholder maps: subject, number of stakeholders and of teams, who
is accountable (A), and how many stakeholders are resistant.`,
		Example: `  collab map list
  collab map list -o json | jq -r '.[] | select(.resistant > 0) | .id'`,
		Args: cobra.NoArgs,
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
	items := []stakeholders.Summary{}
	for id, m := range w.Maps {
		it := stakeholders.Summarize(m)
		it.ID = id
		items = append(items, it)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	return cmdutil.PrintData(opts.IO.Out, opts.Output, items, func(out io.Writer) error {
		if len(items) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "no stakeholder maps yet: create one with `collab map new ID --for agreement/ID`")
			return nil
		}
		t := cmdutil.NewTable(out, "ID", "Subject", "Stakeholders", "Teams", "Accountable", "Resistant")
		for _, it := range items {
			t.Append([]string{it.ID, it.Subject, fmt.Sprint(it.Stakeholders), fmt.Sprint(it.Teams), it.Accountable, fmt.Sprint(it.Resistant)})
		}
		return t.Render()
	})
}
