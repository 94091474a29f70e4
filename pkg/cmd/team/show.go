package team

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type ShowOptions struct {
	F      *cmdutil.Factory
	ID     string
	Output string
}

func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{F: f}
	cmd := &cobra.Command{
		Use:               "show ID",
		Short:             "Show a team's profile",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindTeam),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func showRun(opts *ShowOptions) error {
	w, err := opts.F.Workspace()
	if err != nil {
		return err
	}
	e, err := w.Lookup(model.KindTeam, opts.ID)
	if err != nil {
		return err
	}
	t := e.Value.(*model.Team)
	return cmdutil.PrintData(opts.F.IO.Out, opts.Output, t, func(out io.Writer) error {
		io := opts.F.IO
		fmt.Fprintf(out, "%s %s\n", io.Bold(t.Metadata.Title), io.Faint("("+t.Metadata.ID+")"))
		if t.Spec.Mission != "" {
			fmt.Fprintf(out, "%s\n", t.Spec.Mission)
		}
		fmt.Fprintf(out, "\nLead: %s\n", t.Spec.Lead)
		if len(t.Spec.Reviewers) > 0 {
			fmt.Fprintf(out, "Reviewers: %s\n", strings.Join(t.Spec.Reviewers, ", "))
		}
		if len(t.Spec.Channels) > 0 {
			fmt.Fprintf(out, "Channels: %s\n", strings.Join(t.Spec.Channels, ", "))
		}
		fmt.Fprintf(out, "\nMembers:\n")
		tbl := cmdutil.NewTable(out, "Email", "Name", "Role")
		for _, m := range t.Spec.Members {
			tbl.Append([]string{m.Email, m.Name, m.Role})
		}
		tbl.Render()
		if len(t.Spec.Services) > 0 {
			fmt.Fprintf(out, "\nServices:\n")
			tbl := cmdutil.NewTable(out, "Service", "Request", "Response")
			for _, s := range t.Spec.Services {
				tbl.Append([]string{s.Name, s.Request, string(s.ResponseTime)})
			}
			tbl.Render()
		}
		return nil
	})
}
