package team

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

type AddOptions struct {
	Apply     cmdutil.ApplyFunc
	ID        string
	Title     string
	Lead      string
	Members   []string
	Reviewers []string
	Mission   string
}

func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "add ID --title TITLE --lead EMAIL",
		Short: "Create a team",
		Long: `Create teams/ID.yaml. The lead is accountable for the team and is added as
a member when not listed with --member.`,
		Example: `  collab team add sales --title Sales --lead maria@acme.example \
    --member "sam@acme.example:Sam Ortiz:Account Executive" --reviewer @acme/sales-leads`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := model.CheckID(opts.ID); err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			if err := cmdutil.RequireFlags(cmd, f.IO, "title", "lead"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Title, "title", "", "display name of the team (required)")
	cmd.Flags().StringVar(&opts.Lead, "lead", "", "email of the accountable lead (required)")
	cmd.Flags().StringArrayVar(&opts.Members, "member", nil, `member as "EMAIL[:NAME[:ROLE]]" (repeatable)`)
	cmd.Flags().StringArrayVar(&opts.Reviewers, "reviewer", nil, "code-host handle for CODEOWNERS, e.g. @acme/sales-leads (repeatable)")
	cmd.Flags().StringVar(&opts.Mission, "mission", "", "what the team is for, in one sentence")
	return cmd
}

func addRun(opts *AddOptions) error {
	team := model.Team{Header: model.Header{APIVersion: model.APIVersion, Kind: model.KindTeam,
		Metadata: model.Metadata{ID: opts.ID, Title: opts.Title}}}
	team.Spec.Mission = opts.Mission
	team.Spec.Reviewers = opts.Reviewers
	for _, s := range opts.Members {
		m, err := model.ParseMember(s)
		if err != nil {
			return cmdutil.FlagErrorf("--member: %v", err)
		}
		team.Spec.Members = append(team.Spec.Members, m)
	}
	if err := model.CheckEmail(opts.Lead); err != nil {
		return cmdutil.FlagErrorf("--lead: %v", err)
	}
	team.Spec.Lead = opts.Lead
	if !team.HasMember(opts.Lead) {
		team.Spec.Members = append([]model.Member{{Email: opts.Lead}}, team.Spec.Members...)
	}
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		if w.Entity(model.KindTeam, opts.ID) != nil {
			return nil, fmt.Errorf("team %q already exists (%s): use `collab team member add` to change it", opts.ID, workspace.PathOf(model.KindTeam, opts.ID))
		}
		data, err := yamldoc.Marshal(team)
		if err != nil {
			return nil, err
		}
		return &change.Edit{
			Files:  []change.File{{Path: workspace.PathOf(model.KindTeam, opts.ID), Data: data}},
			Commit: change.Commit{Kind: model.KindTeam, ID: opts.ID, Action: "add", Subject: "add team " + opts.Title},
		}, nil
	})
}
