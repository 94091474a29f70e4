package team

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/report"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ShowOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	ID        string
	Output    string
}

func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IO, AsOf: f.AsOf}
	// It reads what it shows, not the whole workspace.
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceFor(model.KindTeam, opts.ID) }
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a team's profile",
		Long: `Show a team's profile: mission, lead, members, services and channels, then
how the team is tied to the rest of the workspace:

  owes       its open (or blocked) commitments in active and proposed
             agreements, with due dates, days left and overdue marks
  owed       the other parties' open commitments in those agreements
  goals      the goals it contributes to or whose owner is a member, with health
  maps       the stakeholder maps it appears in, with RACI and quadrant

Dates are counted from --as-of (default today).`,
		Example: `  collab team show sales --as-of 2026-04-15
  collab team show sales -o json | jq '.owes[] | select(.overdue)'`,
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
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(model.KindTeam, opts.ID)
	if err != nil {
		return err
	}
	t := e.Value.(*model.Team)
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	p := report.TeamProfile(t, report.Sources{Agreements: w.Agreements, Goals: w.Goals, Maps: w.Maps, Policy: w.Policy()}, asOf)
	return cmdutil.PrintData(opts.IO.Out, opts.Output, p, func(out io.Writer) error {
		ios := opts.IO
		fmt.Fprintf(out, "%s %s\n", ios.Bold(t.Metadata.Title), ios.Faint("("+t.Metadata.ID+")"))
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
		printObligations(out, opts.IO, "Owes others (open commitments in active and proposed agreements)", "To", p.Owes)
		printObligations(out, opts.IO, "Owed by others", "From", p.Owed)
		fmt.Fprintf(out, "\nGoals:\n")
		if len(p.Goals) == 0 {
			fmt.Fprintln(out, "  none")
		} else {
			tbl := cmdutil.NewTable(out, "Goal", "Status", "Health", "Progress", "Owner", "Part")
			for _, g := range p.Goals {
				part := "contributes"
				switch {
				case g.Owned && g.Listed:
					part = "owns, contributes"
				case g.Owned:
					part = "owns"
				}
				tbl.Append([]string{g.ID, g.Status, g.Health, cmdutil.Percent(g.Progress), g.Owner, part})
			}
			tbl.Render()
		}
		fmt.Fprintf(out, "\nStakeholder maps:\n")
		if len(p.Maps) == 0 {
			fmt.Fprintln(out, "  none")
		} else {
			tbl := cmdutil.NewTable(out, "Map", "Subject", "Stakeholder", "RACI", "Roles", "Quadrant")
			for _, m := range p.Maps {
				for _, s := range m.Stakeholders {
					tbl.Append([]string{m.ID, m.Subject, s.Name, s.RACI, strings.Join(s.Roles, ","), string(s.Quadrant)})
				}
			}
			tbl.Render()
		}
		return nil
	})
}

// printObligations prints one commitments section of the profile; other
// names the column of the counterpart teams ("To" or "From").
func printObligations(out io.Writer, ios *iostreams.IOStreams, title, other string, obligations []report.Obligation) {
	fmt.Fprintf(out, "\n%s:\n", title)
	if len(obligations) == 0 {
		fmt.Fprintln(out, "  none")
		return
	}
	tbl := cmdutil.NewTable(out, "Due", "When", "Commitment", "Agreement", other, "Owner", "Status")
	for _, o := range obligations {
		counterpart := strings.Join(o.To, ",")
		if other == "From" {
			counterpart = o.Party
		}
		tbl.Append([]string{string(o.Due), when(ios, o), o.Commitment, o.Agreement + " (" + o.AgreementStatus + ")", counterpart, o.Owner, o.Status})
	}
	tbl.Render()
}

func when(ios *iostreams.IOStreams, o report.Obligation) string {
	switch {
	case o.DaysLeft == nil:
		return "no date"
	case *o.DaysLeft < 0:
		return ios.Red(fmt.Sprintf("OVERDUE %dd", -*o.DaysLeft))
	case *o.DaysLeft == 0:
		return ios.Yellow("due today")
	}
	return fmt.Sprintf("in %dd", *o.DaysLeft)
}
