package agree

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
)

type MetricReadingOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	ID       string
	Metric   string
	Value    float64
	Date     model.Date
}

func NewCmdMetricReading(f *cmdutil.Factory, runF func(*MetricReadingOptions) error) *cobra.Command {
	opts := &MetricReadingOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	var date string
	cmd := &cobra.Command{
		Use:   "metric-reading ID NAME VALUE [--date DATE]",
		Short: "Record a value of a joint metric",
		Long: `Record a value of a joint metric of a proposed or active agreement, read on
--date or today (a date after today is refused), by you. Readings are kept
with the metric, oldest first; 'collab agree show' prints the trend and
'collab agree agenda' the last reading against the target. A reading is
progress, not terms: acceptances stay current. Readings taken at a check-in
can be given there instead (collab agree checkin --metric "NAME=VALUE").`,
		Example:           `  collab agree metric-reading feature-x-launch "Adoption rate" 12.5 --date 2026-03-18`,
		Args:              cobra.ExactArgs(3),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Metric = args[0], args[1]
			v, err := agreement.ParseValue(args[2])
			if err != nil {
				return cmdutil.FlagErrorf("VALUE: %v", err)
			}
			opts.Value = v
			if date != "" {
				if opts.Date, err = parseDateFlag("date", date); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return metricReadingRun(opts)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "when it was read, YYYY-MM-DD (default: today)")
	return cmd
}

func metricReadingRun(opts *MetricReadingOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	if opts.Date == "" {
		opts.Date = today
	}
	if err := model.CheckinDate(opts.Date, today); err != nil {
		return cmdutil.FlagErrorf("--date %v", err)
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		if s := t.A.Spec.Status; s != model.AgreementActive && s != model.AgreementProposed {
			return change.Commit{}, fmt.Errorf("agreement %s is a %s: metrics are read once it is proposed or active", opts.ID, s)
		}
		i, err := agreement.MetricByName(t.A, opts.Metric)
		if err != nil {
			return change.Commit{}, err
		}
		r := model.MetricReading{Date: opts.Date, Value: opts.Value, By: me.Email}
		if err := agreement.AppendReading(t.E.Doc, i, r); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "metric-reading",
			Subject: fmt.Sprintf("%q read %s on %s", opts.Metric, model.FormatNumber(opts.Value), opts.Date)}, nil
	})
}
