package agree

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type CommitmentOptions struct {
	Apply       cmdutil.ApplyFunc
	ID          string
	CID         string
	Party       string
	Owner       string
	Deliverable string
	Due         model.Date
	DependsOn   []string
	Reason      string

	set map[string]bool // flags given, for updates
}

func NewCmdCommitment(f *cmdutil.Factory, runF func(*CommitmentOptions) error) *cobra.Command {
	opts := &CommitmentOptions{Apply: f.Apply}
	var due string
	cmd := &cobra.Command{
		Use:   "commitment ID [CID] --party TEAM --owner EMAIL --deliverable TEXT --due DATE",
		Short: "Add a commitment to an agreement, or change one",
		Long: `A commitment is what one party owes: a named owner, a deliverable and a date.

With a new CID (or none: the id is made from the deliverable) it adds the
commitment; with an existing CID it changes only the fields you give.
Commitments are terms: on a proposed agreement the change voids earlier
acceptances; on an active one it needs --reason and returns the agreement to
proposed (as 'agree amend' does).`,
		Example: `  collab agree commitment feature-x-launch deliver-feature --party product \
    --owner priya@acme.example --deliverable "Feature X generally available" --due 2026-03-15
  collab agree commitment feature-x-launch start-outreach --party sales --owner sam@acme.example \
    --deliverable "Customer outreach starts" --due 2026-03-16 --depends-on deliver-feature`,
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: completeCommitments(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if len(args) == 2 {
				opts.CID = args[1]
				if err := checkID(opts.CID); err != nil {
					return err
				}
			}
			opts.set = map[string]bool{}
			for _, n := range []string{"party", "owner", "deliverable", "due", "depends-on"} {
				opts.set[n] = cmd.Flags().Changed(n)
			}
			if opts.set["owner"] {
				if err := parseEmailFlag("owner", opts.Owner); err != nil {
					return err
				}
			}
			if opts.set["due"] {
				d, err := parseDateFlag("due", due)
				if err != nil {
					return err
				}
				opts.Due = d
			}
			if opts.CID == "" && opts.Deliverable == "" {
				return cmdutil.FlagErrorf("give a commitment id or --deliverable to make one from\nSee '%s --help'.", cmd.CommandPath())
			}
			if runF != nil {
				return runF(opts)
			}
			return commitmentRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Party, "party", "", "the team that commits (a party of the agreement)")
	fl.StringVar(&opts.Owner, "owner", "", "email of the person who delivers it (a member of the party's team)")
	fl.StringVar(&opts.Deliverable, "deliverable", "", "what is delivered, as the other party would check it")
	fl.StringVar(&due, "due", "", "due date, YYYY-MM-DD")
	fl.StringSliceVar(&opts.DependsOn, "depends-on", nil, "ids of commitments this one waits for (repeatable or comma-separated)")
	fl.StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("party", completeParties(f))
	_ = cmd.RegisterFlagCompletionFunc("depends-on", func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return commitmentIDs(f, args[0]), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func commitmentRun(opts *CommitmentOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		cid := opts.CID
		if cid == "" {
			cid = model.Slug(opts.Deliverable, 40, "commitment")
		}
		for i, c := range t.A.Spec.Commitments {
			if c.ID != cid {
				continue
			}
			if opts.CID == "" {
				return change.Commit{}, fmt.Errorf("agreement %s already has a commitment %s: name it to change it (collab agree commitment %s %s ...) or give another id", opts.ID, cid, opts.ID, cid)
			}
			d := t.E.Doc
			var err error
			upd := func(flag, key string, v any) {
				if err == nil && opts.set[flag] {
					err = agreement.Set(d, v, "spec", "commitments", i, key)
				}
			}
			upd("party", "party", opts.Party)
			upd("owner", "owner", opts.Owner)
			upd("deliverable", "deliverable", opts.Deliverable)
			upd("due", "due", string(opts.Due))
			upd("depends-on", "dependsOn", opts.DependsOn)
			return change.Commit{Action: "commitment"}, err
		}
		if opts.Party == "" {
			return change.Commit{}, cmdutil.FlagErrorf("a new commitment needs --party (one of %s)", parties(t.A))
		}
		c := model.Commitment{ID: cid, Party: opts.Party, Owner: opts.Owner, Deliverable: opts.Deliverable, Due: opts.Due, DependsOn: opts.DependsOn}
		if err := agreement.Append(t.E.Doc, c, "spec", "commitments"); err != nil {
			return change.Commit{}, err
		}
		subject := fmt.Sprintf("add commitment %s of %s", cid, opts.Party)
		if c.Due != "" {
			subject += " due " + string(c.Due)
		}
		return change.Commit{Action: "commitment", Subject: subject}, nil
	})
}

func parties(a *model.Agreement) string {
	ps := partyTeams(a)
	if len(ps) == 0 {
		return "no parties yet"
	}
	return strings.Join(ps, ", ")
}
