package team

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

func NewCmdEdit(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "edit ID",
		Short: "Edit a team's file in your editor",
		Long: `Open teams/ID.yaml in $VISUAL or $EDITOR. On save the file is validated;
when it is invalid it reopens with the errors on top. A valid change is
committed; an unchanged file commits nothing.`,
		Example:           `  EDITOR=nano collab team edit sales`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindTeam),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return cmdutil.EditEntity(f, model.KindTeam, id, func(_, _ *workspace.Entity) (change.Commit, error) {
				return change.Commit{Kind: model.KindTeam, ID: id, Action: "edit", Subject: "edit team"}, nil
			})
		},
	}
}
