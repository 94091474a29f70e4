package agree

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type MetricOptions struct {
	Apply  cmdutil.ApplyFunc
	ID     string
	Metric model.Metric
	Reason string
}

func NewCmdMetric(f *cmdutil.Factory, runF func(*MetricOptions) error) *cobra.Command {
	opts := &MetricOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "metric ID NAME --target TEXT [--source TEXT]",
		Short: "Add a joint metric, or change the target of one",
		Long: `A joint metric is how every party will know the agreement works: a name, a
target and where the figure comes from. A metric with the same name is
updated. Metrics are terms (see 'collab agree commitment --help').`,
		Example: `  collab agree metric feature-x-launch "Adoption rate" --target "30% of active accounts by June" \
    --source "Shared adoption dashboard"`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Metric.Name = args[0], args[1]
			if err := cmdutil.RequireFlags(cmd, f.IO, "target"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return metricRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Metric.Target, "target", "", "the target, e.g. \"30% of active accounts by June\"")
	cmd.Flags().StringVar(&opts.Metric.Source, "source", "", "where the figure comes from")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	return cmd
}

func metricRun(opts *MetricOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		m := opts.Metric
		for i, old := range t.A.Spec.Metrics {
			if old.Name == m.Name {
				if m.Source == "" {
					m.Source = old.Source
				}
				return change.Commit{Action: "metric"}, agreement.Set(t.E.Doc, m, "spec", "metrics", i)
			}
		}
		return change.Commit{Action: "metric", Subject: fmt.Sprintf("add metric %q", m.Name)},
			agreement.Append(t.E.Doc, m, "spec", "metrics")
	})
}
