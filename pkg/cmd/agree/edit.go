package agree

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

func NewCmdEdit(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "edit ID",
		Short: "Edit an agreement's file in your editor",
		Long: `Open agreements/ID.yaml in $VISUAL or $EDITOR. On save the file is validated;
when it is invalid it reopens with the errors on top. A valid change is one
commit. When the edit changes the terms of an active agreement, the agreement
returns to proposed and the commit names the changes and the parties that
must accept again.`,
		Example:           `  EDITOR=nano collab agree edit feature-x-launch`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmdutil.EditEntity(f, model.KindAgreement, args[0], editHook(args[0]))
		},
	}
}

// editHook builds the commit of a hand edit and returns an active agreement
// whose terms changed to proposed.
func editHook(id string) func(old, nu *workspace.Entity) (change.Commit, error) {
	return func(old, nu *workspace.Entity) (change.Commit, error) {
		c := change.Commit{Kind: model.KindAgreement, ID: id, Action: "edit", Subject: "edit"}
		before, ok := old.Value.(*model.Agreement)
		if !ok {
			return c, nil
		}
		after, changes, err := agreement.Reterm(nu.Doc, before)
		if err != nil {
			return c, err
		}
		if len(changes) > 0 {
			c.Subject = "edit terms: " + agreement.Describe(changes)
			c.Body = append(c.Body, agreement.AcceptAgainNote(after))
		}
		return c, nil
	}
}
