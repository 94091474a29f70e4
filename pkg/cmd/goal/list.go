package goal

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ListOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	Team      string
	Status    string
	Health    string
	Output    string
}

func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO, AsOf: f.AsOf}
	// The goals, and the teams only to check --team (a row names its teams
	// by id from the goal's own file).
	opts.Workspace = func() (*workspace.Workspace, error) {
		if opts.Team != "" {
			return f.WorkspaceOf(model.KindGoal, model.KindTeam)
		}
		return f.WorkspaceOf(model.KindGoal)
	}
	cmd := &cobra.Command{
		Use:     "list [--team T] [--status S] [--health H]",
		Aliases: []string{"ls"},
		Short:   "List goals with progress and health",
		Long: `List goals sorted by id: owner, teams, progress (the mean of the key
results' progress), health and the date of the last check-in.

Health compares progress with the share of the period elapsed at --as-of
(default today): on-track within 10 points of pace, at-risk within 25 points
or when the last check-in had low confidence, else off-track; stale when the
last check-in is older than the cadence; achieved when every key result is
met. A draft shows draft; a closed goal shows its status.

-o json prints an array of objects with id, title, status, owner, teams,
parent, period, progress (0..1), expected (0..1), health, lastCheckin (a date
or null) and confidence.`,
		Example: `  collab goal list
  collab goal list --team operations --health at-risk --as-of 2026-03-01
  collab goal list -o json | jq -r '.[] | select(.health == "stale") | .id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if opts.Status != "" && !slices.Contains(model.GoalStatuses, opts.Status) {
				return cmdutil.FlagErrorf("--status %q: use one of %s", opts.Status, strings.Join(model.GoalStatuses, ", "))
			}
			if opts.Health != "" && !slices.Contains(healthWords, opts.Health) {
				return cmdutil.FlagErrorf("--health %q: use one of %s", opts.Health, strings.Join(healthWords, ", "))
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Team, "team", "", "only goals this team contributes to")
	cmd.Flags().StringVar(&opts.Status, "status", "", "only goals with this status: "+strings.Join(model.GoalStatuses, ", "))
	cmd.Flags().StringVar(&opts.Health, "health", "", "only goals with this health: "+strings.Join(healthWords, ", "))
	_ = cmd.RegisterFlagCompletionFunc("team", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.FixedCompletion(model.GoalStatuses...))
	_ = cmd.RegisterFlagCompletionFunc("health", cmdutil.FixedCompletion(healthWords...))
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func listRun(opts *ListOptions) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	if opts.Team != "" {
		if _, err := w.Lookup(model.KindTeam, opts.Team); err != nil {
			return err
		}
	}
	rows := goal.List(w.Goals, goal.Filter{Team: opts.Team, Status: opts.Status, Health: opts.Health}, asOf, w.Policy())
	return cmdutil.PrintData(opts.IO.Out, opts.Output, rows, func(out io.Writer) error {
		if len(rows) == 0 {
			if len(w.Goals) == 0 {
				fmt.Fprintln(opts.IO.ErrOut, "no goals yet: create one with `collab goal new`")
			} else {
				fmt.Fprintln(opts.IO.ErrOut, "no goals match")
			}
			return nil
		}
		t := cmdutil.NewTable(out, "ID", "Title", "Owner", "Teams", "Progress", "Health", "Last check-in")
		for _, s := range rows {
			last := "-"
			if s.LastCheckin != nil {
				last = string(*s.LastCheckin)
			}
			t.Append([]string{s.ID, clip(s.Title, 40), s.Owner, strings.Join(s.Teams, ","), cmdutil.Percent(s.Progress), s.Health, last})
		}
		return t.Render()
	})
}

// clip shortens text to n runes for a table cell.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
