package team

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	teamrules "github.com/collab-tools/collab/pkg/team"
	"github.com/collab-tools/collab/pkg/workspace"
)

type MemberAddOptions struct {
	Apply  cmdutil.ApplyFunc
	Team   string
	Member model.Member
}

func NewCmdMemberAdd(f *cmdutil.Factory, runF func(*MemberAddOptions) error) *cobra.Command {
	opts := &MemberAddOptions{Apply: f.Apply}
	var github string
	cmd := &cobra.Command{
		Use:   "add TEAM EMAIL[:NAME[:ROLE]] [--github USER]",
		Short: "Add a member to a team",
		Long: `Add a member to a team. --github records the member's GitHub user name:
the digest (collab status -o markdown) mentions them by it, and CODEOWNERS
names them when the team has no reviewers.`,
		Example:           `  collab team member add sales "sam@acme.example:Sam Ortiz:Account Executive" --github sam-ortiz`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindTeam),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Team = args[0]
			m, err := model.ParseMember(args[1])
			if err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			if github != "" {
				if err := model.CheckGitHub(github); err != nil {
					return cmdutil.FlagErrorf("--github: %v", err)
				}
				m.GitHub = github
			}
			opts.Member = m
			if runF != nil {
				return runF(opts)
			}
			return memberAddRun(opts)
		},
	}
	cmd.Flags().StringVar(&github, "github", "", "the member's GitHub user name, without the @")
	return cmd
}

func memberAddRun(opts *MemberAddOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindTeam, opts.Team)
		if err != nil {
			return nil, err
		}
		if err := teamrules.AddMember(e.Value.(*model.Team), opts.Member); err != nil {
			return nil, err
		}
		if err := e.Doc.Append(opts.Member, "spec", "members"); err != nil {
			return nil, err
		}
		return change.EditOf(e, change.Commit{Kind: model.KindTeam, ID: opts.Team, Action: "member-add",
			Subject: "add member " + opts.Member.Email})
	})
}
