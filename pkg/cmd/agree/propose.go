package agree

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type ProposeOptions struct {
	Apply cmdutil.ApplyFunc
	ID    string
}

func NewCmdPropose(f *cmdutil.Factory, runF func(*ProposeOptions) error) *cobra.Command {
	opts := &ProposeOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "propose ID",
		Short: "Move a complete draft to proposed, ready for every party to accept",
		Long: `Propose a draft to its parties. It is refused, listing everything missing,
unless the agreement has an owner; at least two parties, each with an owner;
at least one commitment per party; an owner, deliverable and due date on every
commitment; at least one joint metric; a check-in cadence; at least as many
options weighed as the workspace policy asks for (minOptions in collab.yaml,
default 5, 0 turns it off); and exactly one chosen option (with minOptions 0
and no options at all, none is asked for).`,
		Example:           `  collab agree propose feature-x-launch`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return proposeRun(opts)
		},
	}
	return cmd
}

func proposeRun(opts *ProposeOptions) error {
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		if st := t.A.Spec.Status; st != model.AgreementDraft {
			return change.Commit{}, fmt.Errorf("agreement %s is %s, not a draft: only a draft is proposed (parties accept a proposed agreement with collab agree accept %s --party TEAM)", opts.ID, st, opts.ID)
		}
		missing := append(agreement.Missing(t.A), agreement.OptionsMissing(t.A, t.W.Policy().OptionsRequired())...)
		for _, p := range agreement.OptionProblems(t.A) {
			missing = append(missing, "to fix: "+p.Msg)
		}
		if len(missing) > 0 {
			return change.Commit{}, fmt.Errorf("agreement %s cannot be proposed yet; it needs:\n  - %s\ncomplete it (collab agree commitment, metric, option, edit %s) and propose again",
				opts.ID, strings.Join(missing, "\n  - "), opts.ID)
		}
		if err := agreement.Set(t.E.Doc, model.AgreementProposed, "spec", "status"); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "propose", Subject: "propose to " + parties(t.A),
			Body: []string{fmt.Sprintf("Terms %s. Must accept: %s.", t.A.TermsDigest(), parties(t.A))}}, nil
	})
}
