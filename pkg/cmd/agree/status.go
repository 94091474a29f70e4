package agree

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

// StatusOptions serve done, block and drop: progress on one commitment.
// Progress is not terms, so acceptances stay current; dropping a commitment
// is, and returns an active agreement to proposed.
type StatusOptions struct {
	AsOf   func() (model.Date, error)
	Apply  cmdutil.ApplyFunc
	ID     string
	CID    string
	Status string
	Date   model.Date // done
	Note   string     // block note, drop reason
}

func setCommitmentStatus(opts *StatusOptions) error {
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		if st := t.A.Spec.Status; st != model.AgreementActive && st != model.AgreementProposed {
			return change.Commit{}, fmt.Errorf("agreement %s is a %s: commitments make progress once it is proposed or active", opts.ID, st)
		}
		i := commitmentIndex(t.A, opts.CID)
		if i < 0 {
			return change.Commit{}, fmt.Errorf("agreement %s has no commitment %q (commitments: %s)", opts.ID, opts.CID, joinComma(commitmentIDsOf(t.A)))
		}
		cm := t.A.Spec.Commitments[i]
		if cm.State() == opts.Status && opts.Status != model.CommitmentBlocked {
			return change.Commit{}, fmt.Errorf("commitment %s of %s is already %s", opts.CID, opts.ID, opts.Status)
		}
		d := t.E.Doc
		path := func(k string) []any { return []any{"spec", "commitments", i, k} }
		if err := agreement.Set(d, opts.Status, path("status")...); err != nil {
			return change.Commit{}, err
		}
		c := change.Commit{Action: opts.Status, Subject: fmt.Sprintf("%s %s", verbOf(opts.Status), opts.CID)}
		switch opts.Status {
		case model.CommitmentDone:
			date := opts.Date
			if date == "" {
				date = today
			}
			if err := agreement.Set(d, string(date), path("done")...); err != nil {
				return c, err
			}
			c.Subject += " on " + string(date)
			if cm.Due.Valid() && date > cm.Due {
				c.Body = append(c.Body, fmt.Sprintf("Done %d days after its due date %s.", model.DaysBetween(cm.Due, date), cm.Due))
			}
		case model.CommitmentBlocked:
			if err := agreement.Set(d, opts.Note, path("note")...); err != nil {
				return c, err
			}
			c.Body = append(c.Body, "Blocked: "+opts.Note)
		case model.CommitmentDropped:
			if err := agreement.Set(d, opts.Note, path("note")...); err != nil {
				return c, err
			}
			c.Body = append(c.Body, "Reason: "+opts.Note)
		}
		if opts.Status != model.CommitmentDone && d.Lookup(path("done")...) != nil {
			if err := d.Delete(path("done")...); err != nil { // no longer done
				return c, err
			}
		}
		// Whether a commitment stands is a term: dropping one (or taking
		// back a drop) is an amendment the parties accept again.
		c, _, err := reterm(t, c, opts.Note)
		return c, err
	})
}

func verbOf(status string) string {
	switch status {
	case model.CommitmentDone:
		return "complete"
	case model.CommitmentBlocked:
		return "block"
	}
	return "drop"
}

func NewCmdDone(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{AsOf: f.AsOf, Apply: f.Apply, Status: model.CommitmentDone}
	var date string
	cmd := &cobra.Command{
		Use:   "done ID CID [--date DATE]",
		Short: "Mark a commitment done",
		Long: `Mark a commitment done, on --date or today (--as-of). Progress is not part of
the terms: acceptances stay current and the agreement stays active.`,
		Example:           `  collab agree done feature-x-launch deliver-feature --date 2026-03-22`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeCommitments(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.CID = args[0], args[1]
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
			return setCommitmentStatus(opts)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "when it was done, YYYY-MM-DD (default: today)")
	return cmd
}

func NewCmdBlock(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{AsOf: f.AsOf, Apply: f.Apply, Status: model.CommitmentBlocked}
	cmd := &cobra.Command{
		Use:   "block ID CID --note TEXT",
		Short: "Mark a commitment blocked, saying what blocks it",
		Long: `Mark a commitment blocked with a note on what blocks it, so the other parties
and the escalation contacts see it. Not a change of terms: acceptances stay
current. To move the date, use 'collab agree amend'.`,
		Example:           `  collab agree block feature-x-launch deliver-feature --note "Sync engine drops suggestions under load"`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeCommitments(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.CID = args[0], args[1]
			if err := cmdutil.RequireFlags(cmd, f.IO, "note"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return setCommitmentStatus(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "what blocks it")
	return cmd
}

func NewCmdDrop(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{AsOf: f.AsOf, Apply: f.Apply, Status: model.CommitmentDropped}
	cmd := &cobra.Command{
		Use:   "drop ID CID --reason TEXT",
		Short: "Drop a commitment that will not be delivered",
		Long: `Mark a commitment dropped, with the reason in the file and the commit. The
commitment stays in the agreement as a record. Whether a commitment stands is
part of the terms: an active agreement returns to proposed and every party
accepts again (collab agree accept).`,
		Example:           `  collab agree drop feature-x-launch pipeline-report --reason "Replaced by the CRM dashboard"`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeCommitments(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.CID = args[0], args[1]
			if err := cmdutil.RequireFlags(cmd, f.IO, "reason"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return setCommitmentStatus(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "reason", "", "why it is dropped")
	return cmd
}
