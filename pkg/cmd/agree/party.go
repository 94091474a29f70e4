package agree

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
)

type PartyOptions struct {
	Apply    cmdutil.ApplyFunc
	Identity func() (gitstore.Signature, error)
	ID       string
	Team     string
	Add      []string
	Remove   []string
	Reason   string
}

func NewCmdParty(f *cmdutil.Factory, runF func(*PartyOptions) error) *cobra.Command {
	opts := &PartyOptions{Apply: f.Apply, Identity: f.Identity}
	cmd := &cobra.Command{
		Use:   "party ID TEAM --interest TEXT ... [--remove-interest TEXT ...]",
		Short: "Record a party's interests: why it wants what it wants",
		Long: `Record the interests of a party, separate from its position. The position is
what the party commits to (its commitments); an interest is why: the outcome
it needs and why that matters to the organization. Stating interests lets
the parties look for options that serve both sides instead of trading
positions.

--interest adds one (repeatable; an interest already recorded is kept once),
--remove-interest removes one. TEAM must be a party of the agreement, and
a party speaks for itself: only a member of TEAM or the agreement's owner
may record its interests (docs/permissions.md).
Interests are terms: the other parties accept the agreement knowing them,
so on an active agreement a change needs --reason, returns it to proposed
and every party accepts again.`,
		Example: `  collab agree party feature-x-launch sales \
    --interest "A referenceable launch for the Q2 pipeline review" \
    --interest "No outreach before the demo tenant is stable"
  collab agree party feature-x-launch product --interest "Ship without a weekend crunch"`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeAgreementParty(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Team = args[0], args[1]
			if err := checkID(opts.ID); err != nil {
				return err
			}
			if len(opts.Add) == 0 && len(opts.Remove) == 0 {
				return cmdutil.FlagErrorf("nothing to record: give the party's interests with --interest TEXT (or --remove-interest TEXT)\nSee '%s --help'.", cmd.CommandPath())
			}
			if slices.ContainsFunc(append(slices.Clone(opts.Add), opts.Remove...), func(s string) bool { return strings.TrimSpace(s) == "" }) {
				return cmdutil.FlagErrorf("an interest cannot be empty: say in a sentence why the party wants what it wants")
			}
			if runF != nil {
				return runF(opts)
			}
			return partyRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Add, "interest", nil, "an interest of the party: why it wants what it wants (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Remove, "remove-interest", nil, "remove an interest recorded before (repeatable)")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	return cmd
}

func partyRun(opts *PartyOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		i := slices.IndexFunc(t.A.Spec.Parties, func(p model.Party) bool { return p.Team == opts.Team })
		if i < 0 {
			return change.Commit{}, fmt.Errorf("%s is not a party of agreement %s (parties: %s); add it first (collab agree edit %s)",
				opts.Team, opts.ID, joinComma(partyTeams(t.A)), opts.ID)
		}
		if tm := t.W.Teams[opts.Team]; me.Email != t.A.Spec.Owner && tm != nil && !tm.HasMember(me.Email) {
			return change.Commit{}, fmt.Errorf("%s is not a member of team %s: a party states its own interests, so a member of %s (%s) or the agreement owner (%s) records them",
				me.Email, opts.Team, opts.Team, strings.Join(tm.Emails(), ", "), t.A.Spec.Owner)
		}
		interests, err := agreement.EditInterests(t.A.Spec.Parties[i].Interests, opts.Add, opts.Remove)
		if err != nil {
			return change.Commit{}, fmt.Errorf("party %s of agreement %s: %w", opts.Team, opts.ID, err)
		}
		c := change.Commit{Action: "party", Subject: fmt.Sprintf("record the interests of %s", opts.Team)}
		if len(interests) == 0 {
			return c, t.E.Doc.Delete("spec", "parties", i, "interests")
		}
		return c, agreement.Set(t.E.Doc, interests, "spec", "parties", i, "interests")
	})
}

// completeAgreementParty completes ID, then TEAM with the agreement's parties.
func completeAgreementParty(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return cmdutil.IDs(f, model.KindAgreement), cobra.ShellCompDirectiveNoFileComp
		}
		if len(args) == 1 {
			return completeParties(f)(cmd, args[:1], s)
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}
