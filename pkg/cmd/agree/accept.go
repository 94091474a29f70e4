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

type AcceptOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	ID       string
	Party    string
	Summary  string
}

func NewCmdAccept(f *cmdutil.Factory, runF func(*AcceptOptions) error) *cobra.Command {
	opts := &AcceptOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "accept ID --party TEAM --summary TEXT",
		Short: "Accept a proposed agreement for your team",
		Long: `Accept the current terms of a proposed agreement for one party. You accept as
the git author of the commit (GIT_AUTHOR_EMAIL, else user.email), who must be
a member of the party's team. The acceptance records who, when, the digest of
the terms accepted and the summary: the party restating what it committed to.

When every party's acceptance matches the current terms, the agreement
becomes active in the same commit, and its next check-in and review are
scheduled from today when not set.`,
		Example: `  collab agree accept feature-x-launch --party sales \
    --summary "Sales trains every account executive by March 20 and starts outreach the day after GA"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "party", "summary"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return acceptRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Party, "party", "", "the team you accept for")
	cmd.Flags().StringVar(&opts.Summary, "summary", "", "what your team commits to, in your words")
	_ = cmd.RegisterFlagCompletionFunc("party", completeParties(f))
	return cmd
}

func acceptRun(opts *AcceptOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		a := t.A
		switch a.Spec.Status {
		case model.AgreementDraft:
			return change.Commit{}, fmt.Errorf("agreement %s is a draft: propose it first (collab agree propose %s)", opts.ID, opts.ID)
		}
		if err := agreement.CanAccept(a, t.W.Teams[opts.Party], opts.Party, me.Email); err != nil {
			return change.Commit{}, err
		}
		digest := a.TermsDigest()
		if prev := a.Acceptance(opts.Party); prev != nil && prev.Terms == digest && prev.Summary == opts.Summary {
			return change.Commit{}, fmt.Errorf("%s already accepted the current terms of %s (%s on %s)", opts.Party, opts.ID, prev.By, prev.Date)
		}
		d := t.E.Doc
		acc := model.Acceptance{Party: opts.Party, By: me.Email, Date: today, Terms: digest, Summary: opts.Summary}
		if err := agreement.RecordAcceptance(d, a, acc); err != nil {
			return change.Commit{}, err
		}
		after, err := agreement.Decode(d)
		if err != nil {
			return change.Commit{}, err
		}
		c := change.Commit{Action: "accept", Subject: fmt.Sprintf("accept for %s (terms %s)", opts.Party, digest),
			Body: []string{"Summary: " + opts.Summary}}
		switch {
		case agreement.AllAccepted(after):
			if a.Spec.Status != model.AgreementActive {
				c.Subject += "; now active"
			}
			err = activate(t, after, today)
		case a.Spec.Status == model.AgreementActive:
			// An active agreement whose terms were changed by hand: it is proposed until all accept.
			err = agreement.Set(d, model.AgreementProposed, "spec", "status")
			fallthrough
		default:
			c.Body = append(c.Body, fmt.Sprintf("Still to accept: %s.", joinComma(agreement.MustAccept(after))))
		}
		return c, err
	})
}

// activate marks an agreement active and schedules its first check-in and
// review when none is set.
func activate(t *target, a *model.Agreement, today model.Date) error {
	d := t.E.Doc
	if err := agreement.Set(d, model.AgreementActive, "spec", "status"); err != nil {
		return err
	}
	if c := a.Spec.Cadence; c != nil && c.Next == "" {
		next, err := agreement.Next("", c.Every, today)
		if err != nil {
			return err
		}
		if err := agreement.Set(d, string(next), "spec", "cadence", "next"); err != nil {
			return err
		}
	}
	if r := a.Spec.Review; r != nil && r.Next == "" {
		next, err := agreement.Next("", r.Every, today)
		if err != nil {
			return err
		}
		if err := agreement.Set(d, string(next), "spec", "review", "next"); err != nil {
			return err
		}
	}
	return nil
}
