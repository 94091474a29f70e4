package goal

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
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
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceFor(model.KindGoal, opts.ID) }
	cmd := &cobra.Command{
		Use:   "show GOAL",
		Short: "Show a goal: key results, progress, health and check-ins",
		Long: `Show a goal: owner, teams, period and cadence; every key result as
baseline -> current -> target with a progress bar; health against the share
of the period elapsed at --as-of (default today); and the check-in history.

-o json prints the fields of "goal list -o json" plus asOf, cadenceDays,
description, keyResults (each with id, title, unit, baseline, target,
direction, current, progress 0..1 and met), checkins (as in the file), stale
(check-ins overdue), missedCheckins (the check-ins that fell due with
none recorded, in a row) and children (ids of the goals that serve this one).`,
		Example: `  collab goal show core-sku-in-stock --as-of 2026-03-10
  collab goal show core-sku-in-stock -o json | jq '.keyResults[] | {id, progress}'`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
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
	e, err := w.Lookup(model.KindGoal, opts.ID)
	if err != nil {
		return err
	}
	g := e.Value.(*model.Goal)
	d := goal.NewDetail(g, goal.Children(w.Goals, opts.ID), asOf, w.Policy())
	d.Link(w.Goals, w.Agreements)
	return cmdutil.PrintData(opts.IO.Out, opts.Output, d, func(out io.Writer) error {
		printDetail(out, opts.IO, d)
		return nil
	})
}

func printDetail(out io.Writer, ios *iostreams.IOStreams, d goal.Detail) {
	fmt.Fprintf(out, "%s %s\n", ios.Bold(d.Title), ios.Faint("("+d.ID+")"))
	fmt.Fprintf(out, "\nStatus:    %s\n", d.Status)
	if d.ClosedAt != "" || d.CloseNote != "" {
		closed := string(d.ClosedAt)
		if d.CloseNote != "" {
			closed = strings.TrimPrefix(closed+": "+d.CloseNote, ": ")
		}
		fmt.Fprintf(out, "Closed:    %s\n", model.Escape(closed))
	}
	fmt.Fprintf(out, "Health:    %s as of %s\n", paint(ios, d.Health), d.AsOf)
	if d.Period != nil {
		fmt.Fprintf(out, "Progress:  %s %s (pace: %s of the period %s to %s elapsed)\n",
			cmdutil.Bar(d.Progress, 20), cmdutil.Percent(d.Progress), cmdutil.Percent(d.Expected), d.Period.Start, d.Period.End)
	} else {
		fmt.Fprintf(out, "Progress:  %s %s (no period, so no pace is expected)\n", cmdutil.Bar(d.Progress, 20), cmdutil.Percent(d.Progress))
	}
	fmt.Fprintf(out, "Owner:     %s\n", d.Owner)
	fmt.Fprintf(out, "Teams:     %s\n", strings.Join(d.Teams, ", "))
	if d.Parent != "" {
		fmt.Fprintf(out, "Serves:    %s\n", d.Parent)
	}
	if len(d.Children) > 0 {
		fmt.Fprintf(out, "Served by: %s\n", strings.Join(d.Children, ", "))
	}
	if d.ChildrenProgress != nil {
		fmt.Fprintf(out, "Roll-up:   %s %s, the mean progress of the goals that serve it\n",
			cmdutil.Bar(*d.ChildrenProgress, 20), cmdutil.Percent(*d.ChildrenProgress))
	}
	if len(d.Agreements) > 0 {
		refs := make([]string, len(d.Agreements))
		for i, a := range d.Agreements {
			refs[i] = a.ID + " (" + a.Status + ")"
		}
		fmt.Fprintf(out, "Agreements: %s\n", model.Escape(strings.Join(refs, ", ")))
	}
	last := "none yet"
	if d.LastCheckin != nil {
		last = string(*d.LastCheckin)
		if d.Stale {
			last += " (overdue)"
		}
	}
	if d.MissedCheckins > 0 {
		last += fmt.Sprintf("; %d missed", d.MissedCheckins)
	}
	fmt.Fprintf(out, "Check-ins: every %d days; last %s\n", d.CadenceDays, last)
	if d.Description != "" {
		fmt.Fprintf(out, "\n%s\n", strings.TrimRight(d.Description, "\n"))
	}

	fmt.Fprintf(out, "\nKey results:\n")
	if len(d.KeyResults) == 0 {
		fmt.Fprintf(out, "  none yet: add one with collab goal kr %s KR --title T --unit U --baseline N --target N\n", d.ID)
	} else {
		t := cmdutil.NewTable(out, "ID", "Title", "Baseline -> Current -> Target", "Direction", "Progress", "")
		for _, kr := range d.KeyResults {
			met := ""
			if kr.Met {
				met = "met"
			}
			t.Append([]string{kr.ID, clip(kr.Title, 40),
				fmt.Sprintf("%s -> %s -> %s%s", num(kr.Baseline), num(kr.Current), num(kr.Target), model.UnitSuffix(kr.Unit)),
				kr.Direction, cmdutil.Bar(kr.Progress, 10) + " " + cmdutil.Percent(kr.Progress), met})
		}
		t.Render()
	}

	fmt.Fprintf(out, "\nCheck-ins:\n")
	if len(d.Checkins) == 0 {
		fmt.Fprintf(out, "  none yet: record one with collab goal checkin %s --value KR=N\n", d.ID)
		return
	}
	t := cmdutil.NewTable(out, "Date", "By", "Confidence", "Values", "Note")
	for _, c := range d.Checkins {
		t.Append([]string{string(c.Date), c.By, dash(c.Confidence), checkinValues(d.KeyResults, c.Values), c.Note})
	}
	t.Render()
}

// checkinValues renders a check-in's values in key result order.
func checkinValues(krs []goal.KeyResultView, vals map[string]float64) string {
	var parts []string
	seen := map[string]bool{}
	for _, kr := range krs {
		if v, ok := vals[kr.ID]; ok {
			parts = append(parts, kr.ID+"="+model.FormatNumber(v))
			seen[kr.ID] = true
		}
	}
	var rest []string
	for k := range vals {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, k+"="+model.FormatNumber(vals[k]))
	}
	return strings.Join(parts, " ")
}

func num(v *float64) string {
	if v == nil {
		return "?"
	}
	return model.FormatNumber(*v)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// paint colours a health word: green when fine, yellow when it needs a
// look, red when off track.
func paint(ios *iostreams.IOStreams, health string) string {
	switch health {
	case model.HealthOnTrack, model.HealthAchieved:
		return ios.Green(health)
	case model.HealthAtRisk, model.HealthStale:
		return ios.Yellow(health)
	case model.HealthOffTrack, model.GoalMissed:
		return ios.Red(health)
	}
	return health
}
