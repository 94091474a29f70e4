package goal

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

func NewCmdEdit(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "edit GOAL",
		Short: "Edit a goal's file in your editor",
		Long: `Open goals/GOAL.yaml in $VISUAL or $EDITOR. On save the file is validated;
when it is invalid it reopens with the errors as comments on top (save it
unchanged to give up). A valid change is one commit naming the fields that
changed; an unchanged file commits nothing.`,
		Example:           `  EDITOR="code --wait" collab goal edit core-sku-in-stock`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return cmdutil.EditEntity(f, model.KindGoal, id, func(old, nu *workspace.Entity) (change.Commit, error) {
				return change.Commit{Kind: model.KindGoal, ID: id, Action: "edit",
					Subject: goal.EditSubject(old.Value.(*model.Goal), nu.Value.(*model.Goal))}, nil
			})
		},
	}
}
