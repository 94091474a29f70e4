package agree

import (
	"fmt"
	"slices"

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
	var baseline, targetValue string
	cmd := &cobra.Command{
		Use:   "metric ID NAME [--target TEXT] [--source TEXT] [--unit U] [--baseline N] [--target-value N] [--direction D]",
		Short: "Add a joint metric, or change one",
		Long: `A joint metric is how every party will know the agreement works: a name, a
target in words (--target, needed for a new metric) and where the figure
comes from. Where the metric is a number, say so: --baseline (the value at
the start), --target-value (the target as a number), --direction (increase,
decrease or maintain: stay at or above the target) and --unit; then each
reading is judged against the target and the trend says whether it
improves. A metric with the same name is updated: only the flags given
change. Metrics are terms (see 'collab agree commitment --help'); their
readings are not (collab agree metric-reading).`,
		Example: `  collab agree metric feature-x-launch "Adoption rate" --target "30% of active accounts by June" \
    --source "Shared adoption dashboard" --unit % --baseline 0 --target-value 30 --direction increase`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Metric.Name = args[0], args[1]
			for _, fl := range []struct {
				name string
				text string
				to   **float64
			}{{"baseline", baseline, &opts.Metric.Baseline}, {"target-value", targetValue, &opts.Metric.TargetValue}} {
				if !cmd.Flags().Changed(fl.name) {
					continue
				}
				v, err := agreement.ParseValue(fl.text)
				if err != nil {
					return cmdutil.FlagErrorf("--%s: %v", fl.name, err)
				}
				*fl.to = &v
			}
			if d := opts.Metric.Direction; d != "" && !slices.Contains(model.MetricDirections, d) {
				return cmdutil.FlagErrorf("--direction: %q is not one of %s", d, joinComma(model.MetricDirections))
			}
			if runF != nil {
				return runF(opts)
			}
			return metricRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Metric.Target, "target", "", "the target in words, e.g. \"30% of active accounts by June\"")
	cmd.Flags().StringVar(&opts.Metric.Source, "source", "", "where the figure comes from")
	cmd.Flags().StringVar(&opts.Metric.Unit, "unit", "", "the unit of the numbers, e.g. % or accounts")
	cmd.Flags().StringVar(&baseline, "baseline", "", "the value at the start, a number")
	cmd.Flags().StringVar(&targetValue, "target-value", "", "the target as a number")
	cmd.Flags().StringVar(&opts.Metric.Direction, "direction", "", "increase, decrease or maintain")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("direction", cobra.FixedCompletions(model.MetricDirections, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func metricRun(opts *MetricOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		m := opts.Metric
		if i := slices.IndexFunc(t.A.Spec.Metrics, func(old model.Metric) bool { return old.Name == m.Name }); i >= 0 {
			// Only what was given changes, field by field: the readings and
			// the comments around them stay as they are.
			for _, f := range []struct {
				key string
				v   any
			}{{"target", m.Target}, {"source", m.Source}, {"unit", m.Unit}, {"baseline", m.Baseline}, {"targetValue", m.TargetValue}, {"direction", m.Direction}} {
				if f.v == "" || f.v == (*float64)(nil) {
					continue
				}
				if p, ok := f.v.(*float64); ok {
					f.v = *p
				}
				if err := agreement.Set(t.E.Doc, f.v, "spec", "metrics", i, f.key); err != nil {
					return change.Commit{}, err
				}
			}
			return change.Commit{Action: "metric"}, nil
		}
		if m.Target == "" {
			return change.Commit{}, cmdutil.FlagErrorf("agreement %s has no metric %q yet: say its target in words with --target", opts.ID, m.Name)
		}
		return change.Commit{Action: "metric", Subject: fmt.Sprintf("add metric %q", m.Name)},
			agreement.Append(t.E.Doc, m, "spec", "metrics")
	})
}
