package agree

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type SLAOptions struct {
	Apply  cmdutil.ApplyFunc
	ID     string
	SLA    model.ServiceLevel
	Reason string
}

func NewCmdSLA(f *cmdutil.Factory, runF func(*SLAOptions) error) *cobra.Command {
	opts := &SLAOptions{Apply: f.Apply}
	var target string
	cmd := &cobra.Command{
		Use:   "sla ID NAME --provider TEAM --target DURATION",
		Short: "Add a service level, or change one",
		Long: `A service level is a turnaround one team promises another for a kind of
request, e.g. "Simple website change review" by IT within 1d. A service level
with the same name is updated. Service levels are terms (see
'collab agree commitment --help').`,
		Example: `  collab agree sla web-changes "Simple website change review" --provider it --target 1d
  collab agree sla web-changes "Complex website change" --provider it --target 3w`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.SLA.Name = args[0], args[1]
			if err := cmdutil.RequireFlags(cmd, f.IO, "provider", "target"); err != nil {
				return err
			}
			d, err := parseDurationFlag("target", target)
			if err != nil {
				return err
			}
			opts.SLA.Target = d
			if runF != nil {
				return runF(opts)
			}
			return slaRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.SLA.Provider, "provider", "", "the team that provides the service")
	cmd.Flags().StringVar(&target, "target", "", "the turnaround, e.g. 1d or 2w")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("provider", completeParties(f))
	return cmd
}

func slaRun(opts *SLAOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		s := opts.SLA
		for i, old := range t.A.Spec.ServiceLevels {
			if old.Name == s.Name {
				return change.Commit{Action: "sla"}, agreement.Set(t.E.Doc, s, "spec", "serviceLevels", i)
			}
		}
		return change.Commit{Action: "sla", Subject: fmt.Sprintf("add service level %q: %s within %s", s.Name, s.Provider, s.Target)},
			agreement.Append(t.E.Doc, s, "spec", "serviceLevels")
	})
}
