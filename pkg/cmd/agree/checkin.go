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

type CheckinOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	ID       string
	Note     string
	Date     model.Date
}

func NewCmdCheckin(f *cmdutil.Factory, runF func(*CheckinOptions) error) *cobra.Command {
	opts := &CheckinOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	var date string
	cmd := &cobra.Command{
		Use:   "checkin ID --note TEXT [--date DATE]",
		Short: "Record a check-in and schedule the next one",
		Long: `Record a check-in of an active agreement (by you, the git author, on --date or
today) and move cadence.next forward by cadence.every, past the check-in
date. Check-ins are not terms: acceptances stay current.`,
		Example:           `  collab agree checkin feature-x-launch --note "Technical issue found; GA moves a week" --date 2026-03-04`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "note"); err != nil {
				return err
			}
			if date != "" {
				d, err := parseDateFlag("date", date)
				if err != nil {
					return err
				}
				opts.Date = d
			}
			if runF != nil {
				return runF(opts)
			}
			return checkinRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "what was discussed and decided")
	cmd.Flags().StringVar(&date, "date", "", "when it was held, YYYY-MM-DD (default: today)")
	return cmd
}

func checkinRun(opts *CheckinOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	if opts.Date == "" {
		if opts.Date, err = opts.AsOf(); err != nil {
			return err
		}
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		s := t.A.Spec
		if s.Status != model.AgreementActive && s.Status != model.AgreementProposed {
			return change.Commit{}, fmt.Errorf("agreement %s is a %s: check-ins are held once it is proposed or active", opts.ID, s.Status)
		}
		if s.Cadence == nil || s.Cadence.Every == "" {
			return change.Commit{}, fmt.Errorf("agreement %s has no check-in cadence: agree one first (collab agree amend %s --cadence 14d --reason ...)", opts.ID, opts.ID)
		}
		next, err := agreement.Next(s.Cadence.Next, s.Cadence.Every, opts.Date)
		if err != nil {
			return change.Commit{}, err
		}
		d := t.E.Doc
		if err := agreement.Append(d, model.AgreementCheckin{Date: opts.Date, By: me.Email, Note: opts.Note}, "spec", "checkins"); err != nil {
			return change.Commit{}, err
		}
		if err := agreement.Set(d, string(next), "spec", "cadence", "next"); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "checkin", Subject: fmt.Sprintf("check-in of %s, next %s", opts.Date, next),
			Body: []string{opts.Note}}, nil
	})
}
