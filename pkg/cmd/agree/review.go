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

type ReviewOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	ID       string
	Note     string
}

func NewCmdReview(f *cmdutil.Factory, runF func(*ReviewOptions) error) *cobra.Command {
	opts := &ReviewOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "review ID [--note TEXT]",
		Short: "Record a review of the agreement and schedule the next one",
		Long: `Record that the parties reviewed the agreement as a whole (is it still the
right deal?) today (--as-of), and schedule review.next review.every after today.
With --note the outcome is also kept as a check-in. To change the terms after
a review, use 'collab agree amend'.`,
		Example:           `  collab agree review feature-x-launch --note "Still the right split; keep the cadence"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return reviewRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "the outcome of the review")
	return cmd
}

func reviewRun(opts *ReviewOptions) error {
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	var by string
	if opts.Note != "" {
		me, err := opts.Identity()
		if err != nil {
			return err
		}
		by = me.Email
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		s := t.A.Spec
		if s.Status != model.AgreementActive {
			return change.Commit{}, fmt.Errorf("agreement %s is %s: reviews are for active agreements", opts.ID, s.Status)
		}
		rev := t.W.Policy().ReviewEvery
		if s.Review != nil && s.Review.Every != "" {
			rev = s.Review.Every
		}
		next, err := agreement.NextReview(today, rev)
		if err != nil {
			return change.Commit{}, err
		}
		d := t.E.Doc
		// Without review.every the workspace's interval applies; it is not
		// written here, since review.every is terms the parties accepted.
		if err := agreement.Set(d, string(next), "spec", "review", "next"); err != nil {
			return change.Commit{}, err
		}
		c := change.Commit{Action: "review", Subject: fmt.Sprintf("review of %s, next %s", today, next)}
		if opts.Note != "" {
			if err := agreement.Append(d, model.AgreementCheckin{Date: today, By: by, Note: "Review: " + opts.Note}, "spec", "checkins"); err != nil {
				return c, err
			}
			c.Body = append(c.Body, opts.Note)
		}
		return c, nil
	})
}
