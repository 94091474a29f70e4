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

type AmendOptions struct {
	Apply                     cmdutil.ApplyFunc
	AsOf                      func() (model.Date, error)
	Identity                  func() (gitstore.Signature, error)
	ID                        string
	Reason                    string
	Commitment                string
	Due                       model.Date
	Deliverable, Owner, Party string
	DependsOn                 []string
	Purpose                   string
	Cadence                   model.Duration
	Review                    model.Duration
	Escalation                []string

	set map[string]bool
}

func NewCmdAmend(f *cmdutil.Factory, runF func(*AmendOptions) error) *cobra.Command {
	opts := &AmendOptions{Apply: f.Apply, AsOf: f.AsOf, Identity: f.Identity}
	var due, cadence, review string
	cmd := &cobra.Command{
		Use:   "amend ID --reason TEXT [--commitment CID --due DATE | --deliverable TEXT | --owner EMAIL ...]",
		Short: "Renegotiate the terms of an agreement, with a reason",
		Long: `Change the terms of an agreement in the open. An active agreement returns to
proposed: earlier acceptances no longer match the terms and every party must
accept again ('collab agree show' names them). The amendment is recorded in
the file (spec.amendments: today's date, you as the git author, the reason
and each change as old -> new), so 'collab agree show', 'collab log' and
'collab diff' show why the terms changed; the commit subject states the
changes too, and its body the reason. Moving a commitment's due date keeps
the date first agreed in originalDue. (A draft can be amended too; nobody
has accepted it yet, so nothing is recorded but the commit.)

With --commitment, --due, --deliverable, --owner, --party and --depends-on
change that commitment; without it, --owner changes the agreement's owner.
--purpose, --cadence, --review and --escalation change the agreement.`,
		Example: `  collab agree amend feature-x-launch --commitment deliver-feature --due 2026-03-22 \
    --reason "Technical issue found in early March"
  collab agree amend feature-x-launch --cadence 7d --reason "Weekly until GA"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "reason"); err != nil {
				return err
			}
			opts.set = map[string]bool{}
			any := false
			for _, n := range []string{"due", "deliverable", "owner", "party", "depends-on", "purpose", "cadence", "review", "escalation"} {
				opts.set[n] = cmd.Flags().Changed(n)
				any = any || opts.set[n]
			}
			if !any {
				return cmdutil.FlagErrorf("nothing to amend: give the terms that change, e.g. --commitment CID --due DATE\nSee '%s --help'.", cmd.CommandPath())
			}
			if opts.Commitment == "" {
				for _, n := range []string{"due", "deliverable", "party", "depends-on"} {
					if opts.set[n] {
						return cmdutil.FlagErrorf("--%s changes a commitment: name it with --commitment CID", n)
					}
				}
			}
			var err error
			if opts.set["due"] {
				if opts.Due, err = parseDateFlag("due", due); err != nil {
					return err
				}
			}
			if opts.set["cadence"] {
				if opts.Cadence, err = parseDurationFlag("cadence", cadence); err != nil {
					return err
				}
			}
			if opts.set["review"] {
				if opts.Review, err = parseDurationFlag("review", review); err != nil {
					return err
				}
			}
			if opts.set["owner"] {
				if err := parseEmailFlag("owner", opts.Owner); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return amendRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Reason, "reason", "", "why the terms change; recorded in the agreement and the commit message (required)")
	fl.StringVar(&opts.Commitment, "commitment", "", "id of the commitment to change")
	fl.StringVar(&due, "due", "", "new due date of the commitment, YYYY-MM-DD")
	fl.StringVar(&opts.Deliverable, "deliverable", "", "new deliverable of the commitment")
	fl.StringVar(&opts.Owner, "owner", "", "new owner of the commitment (or of the agreement, without --commitment)")
	fl.StringVar(&opts.Party, "party", "", "move the commitment to another party")
	fl.StringSliceVar(&opts.DependsOn, "depends-on", nil, "new dependencies of the commitment (replace the old ones)")
	fl.StringVar(&opts.Purpose, "purpose", "", "new purpose")
	fl.StringVar(&cadence, "cadence", "", "new check-in cadence, e.g. 7d")
	fl.StringVar(&review, "review", "", "new review cadence, e.g. 90d")
	fl.StringArrayVar(&opts.Escalation, "escalation", nil, "new escalation contacts (replace the old ones; repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("commitment", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return commitmentIDs(f, args[0]), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("party", completeParties(f))
	return cmd
}

func amendRun(opts *AmendOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		a := t.A
		d := t.E.Doc
		var err error
		set := func(flag string, v any, path ...any) {
			if err == nil && opts.set[flag] {
				err = agreement.Set(d, v, path...)
			}
		}
		if opts.Commitment != "" {
			i := commitmentIndex(a, opts.Commitment)
			if i < 0 {
				return change.Commit{}, fmt.Errorf("agreement %s has no commitment %q (commitments: %s); add one with collab agree commitment %s %s",
					opts.ID, opts.Commitment, joinComma(commitmentIDsOf(a)), opts.ID, opts.Commitment)
			}
			set("due", string(opts.Due), "spec", "commitments", i, "due")
			if c := a.Spec.Commitments[i]; opts.set["due"] && a.Spec.Status != model.AgreementDraft && c.OriginalDue == "" && c.Due != "" && c.Due != opts.Due {
				set("due", string(c.Due), "spec", "commitments", i, "originalDue")
			}
			set("deliverable", opts.Deliverable, "spec", "commitments", i, "deliverable")
			set("owner", opts.Owner, "spec", "commitments", i, "owner")
			set("party", opts.Party, "spec", "commitments", i, "party")
			set("depends-on", opts.DependsOn, "spec", "commitments", i, "dependsOn")
		} else {
			set("owner", opts.Owner, "spec", "owner")
		}
		set("purpose", opts.Purpose, "spec", "purpose")
		set("cadence", string(opts.Cadence), "spec", "cadence", "every")
		set("review", string(opts.Review), "spec", "review", "every")
		set("escalation", opts.Escalation, "spec", "escalation")
		if err != nil {
			return change.Commit{}, err
		}
		after, err := agreement.Decode(d)
		if err != nil {
			return change.Commit{}, err
		}
		changes := agreement.TermsChanges(a.Terms(), after.Terms())
		if len(changes) == 0 {
			return change.Commit{}, fmt.Errorf("nothing to amend: agreement %s already has these terms", opts.ID)
		}
		// A draft is still being negotiated: its changes need no record
		// beyond the commit. Once proposed, the parties see why terms moved.
		if a.Spec.Status != model.AgreementDraft {
			if err := agreement.Append(d, agreement.NewAmendment(today, me.Email, opts.Reason, changes), "spec", "amendments"); err != nil {
				return change.Commit{}, err
			}
		}
		// writeTerms returns an active agreement to proposed.
		return change.Commit{Action: "amend", Subject: "amend " + agreement.Describe(changes)}, nil
	})
}
