package mapcmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

type NewOptions struct {
	Apply   cmdutil.ApplyFunc
	ID      string
	Subject string // agreement/ID or goal/ID
	Title   string
	Empty   bool
}

func NewCmdNew(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "new ID --for agreement/ID|goal/ID",
		Short: "Create a stakeholder map, pre-filled from its subject",
		Long: `Create maps/ID.yaml about an agreement or a goal.

The map is pre-filled from its subject. For an agreement: its owner as
decision-maker and A (high influence, high interest), and each party as
implementer and R through the party's owner, with the party's team (medium
influence, high interest); a party owned by the agreement owner is added as
the whole team, since one person cannot be both A and R. For a goal: its
owner as A and each contributing team as R.

--empty skips the pre-fill. An empty map validates with a warning only;
add its first A and R together with "collab map edit", since every commit
of a map with stakeholders needs exactly one A and at least one R.`,
		Example: `  collab map new feature-x-launch --for agreement/feature-x-launch
  collab map new in-stock --for goal/core-sku-in-stock --title "Who moves in-stock"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := model.CheckID(opts.ID); err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			if err := cmdutil.RequireFlags(cmd, f.IO, "for"); err != nil {
				return err
			}
			if _, _, ok := model.SplitSubject(opts.Subject); !ok {
				return cmdutil.FlagErrorf("--for: %q is not a subject: use agreement/ID or goal/ID, e.g. agreement/feature-x-launch", opts.Subject)
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Subject, "for", "", "the subject: agreement/ID or goal/ID (required)")
	cmd.Flags().StringVar(&opts.Title, "title", "", `display name (default "Stakeholders of <subject title>")`)
	cmd.Flags().BoolVar(&opts.Empty, "empty", false, "start with no stakeholders instead of the pre-fill")
	_ = cmd.RegisterFlagCompletionFunc("for", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, id := range cmdutil.IDs(f, model.KindAgreement) {
			out = append(out, "agreement/"+id)
		}
		for _, id := range cmdutil.IDs(f, model.KindGoal) {
			out = append(out, "goal/"+id)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func newRun(opts *NewOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		path := workspace.PathOf(model.KindStakeholderMap, opts.ID)
		if w.Entity(model.KindStakeholderMap, opts.ID) != nil {
			return nil, fmt.Errorf("stakeholder map %q already exists (%s): change it with `collab map add %s`", opts.ID, path, opts.ID)
		}
		kind, id, _ := model.SplitSubject(opts.Subject)
		e, err := w.Lookup(kind, id)
		if err != nil {
			return nil, fmt.Errorf("--for: %w", err)
		}
		m := &model.StakeholderMap{Header: model.Header{APIVersion: model.APIVersion, Kind: model.KindStakeholderMap,
			Metadata: model.Metadata{ID: opts.ID, Title: opts.Title}}}
		m.Spec.Subject = opts.Subject
		m.Spec.Stakeholders = []model.Stakeholder{}
		var subjectTitle string
		switch v := e.Value.(type) {
		case *model.Agreement:
			subjectTitle = v.Metadata.Title
			if !opts.Empty {
				m.Spec.Stakeholders = stakeholders.FromAgreement(v, w.TeamsOf)
			}
		case *model.Goal:
			subjectTitle = v.Metadata.Title
			if !opts.Empty {
				m.Spec.Stakeholders = stakeholders.FromGoal(v, w.TeamsOf)
			}
		}
		if m.Metadata.Title == "" {
			m.Metadata.Title = "Stakeholders of " + subjectTitle
		}
		node, err := stakeholders.MapNode(m)
		if err != nil {
			return nil, err
		}
		data, err := yamldoc.Marshal(node)
		if err != nil {
			return nil, err
		}
		subject := fmt.Sprintf("new stakeholder map of %s", opts.Subject)
		if !opts.Empty {
			subject += fmt.Sprintf(" with %d stakeholders", len(m.Spec.Stakeholders))
		}
		return &change.Edit{
			Files:  []change.File{{Path: path, Data: data}},
			Commit: change.Commit{Kind: model.KindStakeholderMap, ID: opts.ID, Action: "new", Subject: subject},
		}, nil
	})
}
