package goal

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type CloseOptions struct {
	AsOf   func() (model.Date, error)
	Apply  cmdutil.ApplyFunc
	ID     string
	Status string
	Note   string
}

var closeStatuses = []string{model.GoalAchieved, model.GoalMissed, model.GoalDropped}

func NewCmdClose(f *cmdutil.Factory, runF func(*CloseOptions) error) *cobra.Command {
	opts := &CloseOptions{AsOf: f.AsOf, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "close GOAL --status achieved|missed|dropped [--note T]",
		Short: "Close a goal as achieved, missed or dropped",
		Long: `Close a goal. Its health from then on is its closing status, and it no
longer expects check-ins. An active goal closes as achieved, missed or
dropped; a draft can only be dropped. The day (--as-of, else today) is kept
as spec.closedAt and the note as spec.closeNote, so "collab goal show",
"collab status" (wins) and the report tell why; the note also goes into the
commit message.`,
		Example: `  collab goal close core-sku-in-stock --status achieved --note "97.2% in June"
  collab goal close pilot-x --status dropped --note "Superseded by the Q3 plan"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "status"); err != nil {
				return err
			}
			if !slices.Contains(closeStatuses, opts.Status) {
				return cmdutil.FlagErrorf("--status %q: close a goal as achieved, missed or dropped", opts.Status)
			}
			if runF != nil {
				return runF(opts)
			}
			return closeRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "achieved, missed or dropped (required)")
	cmd.Flags().StringVar(&opts.Note, "note", "", "why: kept in the file (spec.closeNote) and the commit message")
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.FixedCompletion(closeStatuses...))
	return cmd
}

func closeRun(opts *CloseOptions) error {
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindGoal, opts.ID)
		if err != nil {
			return nil, err
		}
		g := e.Value.(*model.Goal)
		if err := goal.CanClose(g, opts.Status); err != nil {
			return nil, err
		}
		if err := goal.Set(e.Doc, today, "spec", "closedAt"); err != nil {
			return nil, err
		}
		if opts.Note != "" {
			if err := goal.Set(e.Doc, opts.Note, "spec", "closeNote"); err != nil {
				return nil, err
			}
		}
		if err := goal.Set(e.Doc, opts.Status, "spec", "status"); err != nil {
			return nil, err
		}
		subject := "close as " + opts.Status
		if len(g.Spec.KeyResults) > 0 {
			subject += fmt.Sprintf(" at %.0f%% progress", g.Progress()*100)
		}
		var body []string
		if opts.Note != "" {
			body = append(body, "Note: "+opts.Note)
		}
		return change.EditOf(e, change.Commit{Kind: model.KindGoal, ID: opts.ID, Action: "close", Subject: subject, Body: body})
	})
}
