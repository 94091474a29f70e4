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

type ActivateOptions struct {
	Apply cmdutil.ApplyFunc
	ID    string
}

func NewCmdActivate(f *cmdutil.Factory, runF func(*ActivateOptions) error) *cobra.Command {
	opts := &ActivateOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "activate GOAL",
		Short: "Start a draft goal",
		Long: `Move a draft goal to active. It needs at least one key result with a
target: a goal nobody can measure is how shared efforts fail. From then on
its health is computed and check-ins are expected on its cadence.`,
		Example:           `  collab goal activate core-sku-in-stock`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return activateRun(opts)
		},
	}
	return cmd
}

func activateRun(opts *ActivateOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindGoal, opts.ID)
		if err != nil {
			return nil, err
		}
		g := e.Value.(*model.Goal)
		if err := goal.CanActivate(g); err != nil {
			return nil, err
		}
		if err := goal.Set(e.Doc, model.GoalActive, "spec", "status"); err != nil {
			return nil, err
		}
		return change.EditOf(e, change.Commit{Kind: model.KindGoal, ID: opts.ID, Action: "activate",
			Subject: fmt.Sprintf("activate with %d key result%s", len(g.Spec.KeyResults), plural(len(g.Spec.KeyResults)))})
	})
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
