package agree

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type ActionDoneOptions struct {
	AsOf  func() (model.Date, error)
	Apply cmdutil.ApplyFunc
	ID    string
	N     int
	Date  model.Date
}

func NewCmdActionDone(f *cmdutil.Factory, runF func(*ActionDoneOptions) error) *cobra.Command {
	opts := &ActionDoneOptions{AsOf: f.AsOf, Apply: f.Apply}
	var date string
	cmd := &cobra.Command{
		Use:   "action-done ID N [--date DATE]",
		Short: "Mark an action item of a check-in done",
		Long: `Mark action item N of the agreement done on --date or today (a date after
today is refused). Action items are given out at check-ins (collab agree
checkin --action) and numbered 1, 2, ... across the agreement's check-ins,
as 'collab agree show' and 'collab agree agenda' list them. Open action
items show in 'collab status' with their owner and due date.`,
		Example:           `  collab agree action-done feature-x-launch 2`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			n, err := strconv.Atoi(args[1])
			if err != nil || n < 1 {
				return cmdutil.FlagErrorf("N: %q is not the number of an action item (1, 2, ...; see collab agree show %s)", args[1], opts.ID)
			}
			opts.N = n
			if date != "" {
				if opts.Date, err = parseDateFlag("date", date); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return actionDoneRun(opts)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "when it was done, YYYY-MM-DD (default: today)")
	return cmd
}

func actionDoneRun(opts *ActionDoneOptions) error {
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
		i, j, err := agreement.ActionIndex(t.A, opts.N)
		if err != nil {
			return change.Commit{}, err
		}
		it := t.A.Spec.Checkins[i].Actions[j]
		if it.Done != "" {
			return change.Commit{}, fmt.Errorf("action item %d of %s (%s) was already done on %s", opts.N, opts.ID, it.Text, it.Done)
		}
		if err := agreement.Set(t.E.Doc, string(opts.Date), "spec", "checkins", i, "actions", j, "done"); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "action-done", Subject: fmt.Sprintf("action %d done: %s", opts.N, it.Text)}, nil
	})
}
