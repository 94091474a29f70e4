// Package agree implements `collab agree`: the lifecycle of an agreement
// between departments, from draft to acceptance by every party, amendment
// in the open, check-ins, and its end.
package agree

import (
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// NewCmdAgree is the `collab agree` command group.
func NewCmdAgree(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "agree <command>",
		Aliases: []string{"agreement"},
		Short:   "Draft, propose, accept and amend agreements between departments",
		Long: `An agreement documents what departments owe each other: commitments with a
named owner, deliverable and date for each party, joint metrics, a check-in
cadence and an escalation path.

Lifecycle: a draft (agree new) is completed (commitment, metric, ...), then
proposed (agree propose). Each party accepts (agree accept) as a member of
its team, the git author of the commit; when every party has accepted the
current terms, the agreement is active. Amending the terms (agree amend)
returns it to proposed and every party accepts again. Every change is one
commit by the person who made it.`,
		Example: `  collab agree new feature-x-launch --title "Feature X launch" --owner pat@acme.example \
    --party product:priya@acme.example --party sales:sam@acme.example --template launch
  collab agree commitment feature-x-launch deliver-feature --party product \
    --owner priya@acme.example --deliverable "Feature X GA" --due 2026-03-15
  collab agree propose feature-x-launch
  collab agree accept feature-x-launch --party product --summary "We ship GA by March 15"
  collab agree amend feature-x-launch --commitment deliver-feature --due 2026-03-22 \
    --reason "Technical issue found in early March"`,
	}
	cmd.AddCommand(
		NewCmdNew(f, nil), NewCmdList(f, nil), NewCmdShow(f, nil), NewCmdEdit(f),
		NewCmdTemplates(f, nil),
		NewCmdCommitment(f, nil), NewCmdParty(f, nil), NewCmdParam(f, nil), NewCmdOption(f, nil), NewCmdMetric(f, nil), NewCmdSLA(f, nil),
		NewCmdPropose(f, nil), NewCmdAccept(f, nil), NewCmdAmend(f, nil),
		NewCmdDone(f, nil), NewCmdBlock(f, nil), NewCmdDrop(f, nil),
		NewCmdAgenda(f, nil), NewCmdCheckin(f, nil), NewCmdActionDone(f, nil), NewCmdMetricReading(f, nil), NewCmdReview(f, nil),
		NewCmdSupersede(f, nil), NewCmdRetire(f, nil),
	)
	return cmd
}

// target is the agreement a write acts on, loaded under the repository lock.
type target struct {
	W *workspace.Workspace
	E *workspace.Entity
	A *model.Agreement
}

// write edits one agreement's document in place and commits it. fn returns
// the commit; kind and id are filled in.
func write(apply cmdutil.ApplyFunc, id string, fn func(t *target) (change.Commit, error)) error {
	return apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindAgreement, id)
		if err != nil {
			return nil, err
		}
		a := e.Value.(*model.Agreement)
		if err := agreement.Writable(a); err != nil {
			return nil, err
		}
		c, err := fn(&target{W: w, E: e, A: a})
		if err != nil {
			return nil, err
		}
		c.Kind, c.ID = model.KindAgreement, id
		return change.EditOf(e, c)
	})
}

// writeTerms is write for changes of terms. On an active agreement they
// need a reason and return it to proposed; the commit body gives the reason
// and names the parties that must accept again.
func writeTerms(apply cmdutil.ApplyFunc, id, reason string, fn func(t *target) (change.Commit, error)) error {
	return write(apply, id, func(t *target) (change.Commit, error) {
		if t.A.Spec.Status == model.AgreementActive && reason == "" {
			return change.Commit{}, needReason(id)
		}
		c, err := fn(t)
		if err != nil {
			return c, err
		}
		c, changed, err := reterm(t, c, reason)
		if err == nil && !changed {
			err = change.ErrNoChange
		}
		return c, err
	})
}

// reterm finishes an edit that may have changed the terms: when it did, an
// active agreement needs a reason and returns to proposed, and the commit
// body gives the reason, the changes and the parties that must accept again.
func reterm(t *target, c change.Commit, reason string) (change.Commit, bool, error) {
	after, changes, err := agreement.Reterm(t.E.Doc, t.A)
	if err != nil || len(changes) == 0 {
		return c, false, err
	}
	if t.A.Spec.Status == model.AgreementActive && reason == "" {
		return c, true, needReason(t.A.Metadata.ID)
	}
	if reason != "" {
		c.Body = append(c.Body, "Reason: "+reason)
	}
	desc := agreement.Describe(changes)
	if c.Subject == "" {
		c.Subject = desc
	} else if !strings.Contains(c.Subject, desc) {
		c.Body = append(c.Body, "Changes: "+desc+".")
	}
	c.Body = append(c.Body, agreement.AcceptAgainNote(after))
	return c, true, nil
}

func needReason(id string) error {
	return cmdutil.FlagErrorf("agreement %s is active: changing its terms returns it to proposed and every party must accept again; say why with --reason", id)
}

// checkID validates an agreement id argument.
func checkID(id string) error {
	if err := model.CheckID(id); err != nil {
		return cmdutil.FlagErrorf("%v", err)
	}
	return nil
}

// completeCommitments completes the second argument with the commitment
// ids of the agreement named by the first.
func completeCommitments(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return cmdutil.IDs(f, model.KindAgreement), cobra.ShellCompDirectiveNoFileComp
		case 1:
			return commitmentIDs(f, args[0]), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

func commitmentIDs(f *cmdutil.Factory, id string) []string {
	w, err := f.Workspace()
	if err != nil {
		return nil
	}
	defer w.Close()
	if a := w.Agreements[id]; a != nil {
		return commitmentIDsOf(a)
	}
	return nil
}

// commitmentIDsOf lists the ids of a's commitments in file order.
func commitmentIDsOf(a *model.Agreement) []string {
	var out []string
	for _, c := range a.Spec.Commitments {
		out = append(out, c.ID)
	}
	return out
}

// commitmentIndex is the index of commitment cid in a's commitments, or -1.
func commitmentIndex(a *model.Agreement, cid string) int {
	return slices.IndexFunc(a.Spec.Commitments, func(c model.Commitment) bool { return c.ID == cid })
}

// partyTeams lists the teams of a's parties in file order.
func partyTeams(a *model.Agreement) []string {
	var out []string
	for _, p := range a.Spec.Parties {
		out = append(out, p.Team)
	}
	return out
}

// completeTeams completes a flag with team ids.
func completeTeams(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeParties completes --party with the parties of the agreement named
// by the first argument.
func completeParties(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
		}
		w, err := f.Workspace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer w.Close()
		if a := w.Agreements[args[0]]; a != nil {
			return partyTeams(a), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// templateRoot opens the workspace folder at or above workDir for
// agreement.Templates, without loading every entity file.
func templateRoot(workDir string) (*os.Root, error) {
	dir, err := workspace.Find(workDir)
	if err != nil {
		return nil, err
	}
	return os.OpenRoot(dir)
}

func parseDateFlag(name, v string) (model.Date, error) {
	d, err := model.ParseDate(v)
	if err != nil {
		return "", cmdutil.FlagErrorf("--%s: %v", name, err)
	}
	return d, nil
}

func parseDurationFlag(name, v string) (model.Duration, error) {
	d, err := model.ParseDuration(v)
	if err != nil {
		return "", cmdutil.FlagErrorf("--%s: %v", name, err)
	}
	return d, nil
}

func parseEmailFlag(name, v string) error {
	if err := model.CheckEmail(v); err != nil {
		return cmdutil.FlagErrorf("--%s: %v", name, err)
	}
	return nil
}

func joinComma(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
