package goal

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type NewOptions struct {
	Apply        cmdutil.ApplyFunc
	ID           string
	Title        string
	Owner        string
	Teams        []string
	Parent       string
	Start, End   string
	CheckinEvery string
	Status       string
}

func NewCmdNew(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "new ID --title TITLE --owner EMAIL --team TEAM [--team TEAM ...]",
		Short: "Create a goal",
		Long: `Create goals/ID.yaml: a shared outcome with an accountable owner (a person,
named by email, who must be a member of some team) and the teams that
contribute to it.

A new goal is a draft: it becomes measurable with key results
("collab goal kr"), and "collab goal activate" starts it. --status active
is accepted only for a goal that already has key results, which a new one
never has, so it is refused with what to do instead.

--parent names the organizational goal this one serves (see "collab goal
tree"). --start and --end set the period that pace is measured against;
--checkin-every overrides the workspace's check-in cadence (policy.checkinEvery).`,
		Example: `  collab goal new qualified-leads --title "500 qualified leads per month" \
    --owner ben@acme.example --team marketing --parent shared-revenue-target \
    --start 2026-01-01 --end 2026-06-30 --checkin-every 4w`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := model.CheckID(opts.ID); err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			if err := cmdutil.RequireFlags(cmd, f.IO, "title", "owner", "team"); err != nil {
				return err
			}
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Title, "title", "", "what the goal achieves, in one line (required)")
	fl.StringVar(&opts.Owner, "owner", "", "email of the accountable owner (required)")
	fl.StringArrayVar(&opts.Teams, "team", nil, "id of a contributing team (required, repeatable)")
	fl.StringVar(&opts.Parent, "parent", "", "id of the goal this one serves")
	fl.StringVar(&opts.Start, "start", "", "first day of the period, YYYY-MM-DD (with --end)")
	fl.StringVar(&opts.End, "end", "", "last day of the period, YYYY-MM-DD (with --start)")
	fl.StringVar(&opts.CheckinEvery, "checkin-every", "", "check-in cadence, e.g. 14d or 2w (default: the workspace policy)")
	fl.StringVar(&opts.Status, "status", model.GoalDraft, "draft or active")
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.FixedCompletion(model.GoalDraft, model.GoalActive))
	_ = cmd.RegisterFlagCompletionFunc("team", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("parent", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindGoal), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// check validates what needs no workspace.
func (o *NewOptions) check() error {
	if err := model.CheckEmail(o.Owner); err != nil {
		return cmdutil.FlagErrorf("--owner: %v", err)
	}
	for _, t := range o.Teams {
		if err := model.CheckID(t); err != nil {
			return cmdutil.FlagErrorf("--team: %v", err)
		}
	}
	if o.Parent != "" {
		if err := model.CheckID(o.Parent); err != nil {
			return cmdutil.FlagErrorf("--parent: %v", err)
		}
		if o.Parent == o.ID {
			return cmdutil.FlagErrorf("--parent: a goal cannot serve itself")
		}
	}
	if (o.Start == "") != (o.End == "") {
		return cmdutil.FlagErrorf("--start and --end go together: give both or neither")
	}
	if o.Start != "" {
		s, err := model.ParseDate(o.Start)
		if err != nil {
			return cmdutil.FlagErrorf("--start: %v", err)
		}
		e, err := model.ParseDate(o.End)
		if err != nil {
			return cmdutil.FlagErrorf("--end: %v", err)
		}
		if e < s {
			return cmdutil.FlagErrorf("--end %s is before --start %s", e, s)
		}
	}
	if o.CheckinEvery != "" {
		if _, err := model.ParseDuration(o.CheckinEvery); err != nil {
			return cmdutil.FlagErrorf("--checkin-every: %v", err)
		}
	}
	if o.Status != model.GoalDraft && o.Status != model.GoalActive {
		return cmdutil.FlagErrorf("--status %q: a new goal is draft or active (close a goal with collab goal close)", o.Status)
	}
	return nil
}

func newRun(opts *NewOptions) error {
	if opts.Status == model.GoalActive { // a new goal has no key results yet
		return fmt.Errorf("goal %s cannot start active: it has no key result yet. Create it as a draft, add key results with `collab goal kr %s KR ...`, then run `collab goal activate %s`", opts.ID, opts.ID, opts.ID)
	}
	g := model.Goal{Header: model.Header{APIVersion: model.APIVersion, Kind: model.KindGoal,
		Metadata: model.Metadata{ID: opts.ID, Title: opts.Title}}}
	g.Spec = model.GoalSpec{Status: model.GoalDraft, Owner: opts.Owner, Teams: opts.Teams, Parent: opts.Parent,
		CheckinEvery: model.Duration(opts.CheckinEvery)}
	if opts.Start != "" {
		g.Spec.Period = &model.Period{Start: model.Date(opts.Start), End: model.Date(opts.End)}
	}
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		if e := w.Entity(model.KindGoal, opts.ID); e != nil {
			return nil, fmt.Errorf("goal %q already exists (%s): change it with `collab goal kr`, `collab goal edit` or `collab goal close`", opts.ID, e.Path)
		}
		data, err := goal.NewFile(g)
		if err != nil {
			return nil, err
		}
		return &change.Edit{
			Files:  []change.File{{Path: workspace.PathOf(model.KindGoal, opts.ID), Data: data}},
			Commit: change.Commit{Kind: model.KindGoal, ID: opts.ID, Action: "new", Subject: "new goal " + opts.Title},
		}, nil
	})
}
