package team

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	teamrules "github.com/collab-tools/collab/pkg/team"
	"github.com/collab-tools/collab/pkg/workspace"
)

type MemberRmOptions struct {
	Apply cmdutil.ApplyFunc
	Team  string
	Email string
}

func NewCmdMemberRm(f *cmdutil.Factory, runF func(*MemberRmOptions) error) *cobra.Command {
	opts := &MemberRmOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "rm TEAM EMAIL",
		Short: "Remove a member from a team",
		Long: `Remove a member. The lead cannot be removed: make someone else the lead
first with "collab team edit".
Validation refuses the change when the person still owns commitments or
acceptances for the team.`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindTeam),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Team, opts.Email = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return memberRmRun(opts)
		},
	}
	return cmd
}

func memberRmRun(opts *MemberRmOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindTeam, opts.Team)
		if err != nil {
			return nil, err
		}
		i, err := teamrules.RemoveMember(e.Value.(*model.Team), opts.Email)
		if err != nil {
			return nil, err
		}
		if err := e.Doc.Delete("spec", "members", i); err != nil {
			return nil, err
		}
		return change.EditOf(e, change.Commit{Kind: model.KindTeam, ID: opts.Team, Action: "member-rm",
			Subject: "remove member " + opts.Email})
	})
}
