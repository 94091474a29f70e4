package agree

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
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
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceFor(model.KindAgreement, opts.ID) }
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show an agreement: parties and their acceptance, commitments, metrics, dates",
		Long: `Show an agreement: each party with the state of its acceptance (current: it
accepted these terms; stale: it accepted earlier terms and must accept again;
missing), the interests of the parties side by side, the parameters (hard or
flexible), the options weighed (the chosen one marked, with pros, cons and
the parameters each meets or breaks), the commitments of each party with due
dates (and the date first agreed, when amended) and overdue marks (as of
today or --as-of), metrics with their last reading and trend, service
levels, the minutes of the last check-in, the open action items, the
amendments with their reasons, and the next check-in and review.

-o json prints {id, title, status, owner, terms, mustAccept[], parties[{team,
owner, interests[], acceptance, accepted}], goals[], purpose,
parameters[{name, kind, text, hard}], options[{title, chosen, pros, cons,
meets, breaks, note}], commitments[{id, party, owner, deliverable, due,
originalDue, status, dependsOn, done, note, overdue, daysLate}], metrics[{name, target, source, unit, baseline,
targetValue, direction, readings[], last, trend, progress, met}],
serviceLevels[], nextCheckin, missedCheckins, nextReview, escalation[],
supersedes[], supersededBy, checkins[], actions[{n, checkin, owner, text,
due, done, open, overdue, daysLate}], amendments[{date, by, reason,
changes[{what, old, new}]}]}. missedCheckins counts the check-ins
of an active agreement that fell due with none recorded, in a row. A
metric's trend (up, down, flat) compares its last reading with the one
before (or the baseline); progress (improving, worsening, steady) says
whether that is the way its direction asks; met whether the last reading
meets targetValue.`,
		Example: `  collab agree show feature-x-launch
  collab agree show feature-x-launch -o json | jq -r '.mustAccept[]'`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
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
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(model.KindAgreement, opts.ID)
	if err != nil {
		return err
	}
	a := e.Value.(*model.Agreement)
	if a.Spec.Status != model.AgreementActive {
		asOf = "" // overdue marks only on an agreement in force
	}
	v := agreement.NewView(a, asOf)
	return cmdutil.PrintData(opts.IO.Out, opts.Output, v, func(out io.Writer) error {
		return renderShow(out, opts.IO, a, v)
	})
}

func renderShow(out io.Writer, ios *iostreams.IOStreams, a *model.Agreement, v agreement.View) error {
	fmt.Fprintf(out, "%s %s\n", ios.Bold(v.Title), ios.Faint("("+v.ID+")"))
	fmt.Fprintf(out, "Status: %s   Owner: %s   Terms: %s\n", v.Status, dash(v.Owner), v.Terms)
	if v.Purpose != "" {
		fmt.Fprintf(out, "Purpose: %s\n", v.Purpose)
	}
	if len(v.Goals) > 0 {
		fmt.Fprintf(out, "Goals: %s\n", strings.Join(v.Goals, ", "))
	}
	if v.SupersededBy != "" {
		fmt.Fprintf(out, "Superseded by: %s\n", v.SupersededBy)
	}
	if (v.Status == model.AgreementProposed || v.Status == model.AgreementActive) && len(v.MustAccept) > 0 {
		fmt.Fprintf(out, "%s\n", ios.Yellow("Must accept the current terms: "+strings.Join(v.MustAccept, ", ")))
	}

	fmt.Fprintf(out, "\nParties:\n")
	t := cmdutil.NewTable(out, "Team", "Owner", "Acceptance", "By", "Date", "Summary")
	for _, p := range v.Parties {
		row := []string{p.Team, dash(p.Owner), p.Acceptance, "-", "-", ""}
		if p.Accepted != nil {
			row[3], row[4], row[5] = p.Accepted.By, string(p.Accepted.Date), p.Accepted.Summary
		}
		t.Append(row)
	}
	t.Render()
	showInterests(out, v)
	showParameters(out, a)
	showOptions(out, ios, v)

	for _, p := range v.Parties {
		var rows [][]string
		for _, c := range v.Commitments {
			if c.Party != p.Team {
				continue
			}
			due := dash(string(c.Due))
			if c.OriginalDue != "" && c.OriginalDue != c.Due {
				due += " (was " + string(c.OriginalDue) + ")"
			}
			if c.Overdue {
				due += fmt.Sprintf(" (overdue %dd)", c.DaysLate)
			}
			status := c.Status
			if c.Note != "" {
				status += ": " + c.Note
			}
			rows = append(rows, []string{c.ID, dash(c.Owner), due, status, c.Deliverable})
		}
		fmt.Fprintf(out, "\nCommitments of %s:\n", p.Team)
		if len(rows) == 0 {
			fmt.Fprintln(out, "  none yet")
			continue
		}
		t := cmdutil.NewTable(out, "ID", "Owner", "Due", "Status", "Deliverable")
		t.AppendBulk(rows)
		t.Render()
	}
	renderMetrics(out, v.Metrics)
	if len(v.Services) > 0 {
		fmt.Fprintf(out, "\nService levels:\n")
		t := cmdutil.NewTable(out, "Service", "Provider", "Target")
		for _, s := range v.Services {
			t.Append([]string{s.Name, s.Provider, string(s.Target)})
		}
		t.Render()
	}
	renderMinutes(out, ios, v)
	showAmendments(out, v)
	next := dash(string(v.NextCheckin))
	if v.MissedCheckins > 0 {
		next += ios.Red(fmt.Sprintf(" (%d missed)", v.MissedCheckins))
	}
	fmt.Fprintf(out, "\nNext check-in: %s   Next review: %s\n", next, dash(string(v.NextReview)))
	if len(v.Escalation) > 0 {
		fmt.Fprintf(out, "Escalation: %s\n", strings.Join(v.Escalation, ", "))
	}
	return nil
}
