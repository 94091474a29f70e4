package mapcmd

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// NewCmdEdit is `collab map edit`: the whole file in the user's editor, for
// changes that touch several stakeholders at once (moving the A).
func NewCmdEdit(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "edit ID",
		Short: "Edit a stakeholder map in your editor",
		Long: `Open maps/ID.yaml in $VISUAL or $EDITOR. On save the file is validated;
when it is invalid it reopens with the errors on top. A valid change is one
commit; an unchanged file commits nothing.

Use it for changes that must touch several stakeholders at once, such as
moving the A from one person to another: every commit keeps exactly one A.`,
		Example:           `  EDITOR=nano collab map edit feature-x-launch`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeMaps(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return cmdutil.EditEntity(f, model.KindStakeholderMap, id, func(_, _ *workspace.Entity) (change.Commit, error) {
				return change.Commit{Kind: model.KindStakeholderMap, ID: id, Action: "edit", Subject: "edit stakeholder map"}, nil
			})
		},
	}
}
