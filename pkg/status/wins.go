package status

import (
	"fmt"
	"slices"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/model"
)

// CommitmentsDone lists the commitments of an agreement whose done date (as
// `collab agree done` records it) is one of the last `since` days up to asOf.
func CommitmentsDone(a *model.Agreement, asOf model.Date, since int) []Item {
	var out []Item
	for _, c := range a.Spec.Commitments {
		if c.State() != model.CommitmentDone || !inWindow(c.Done, asOf, since) {
			continue
		}
		it := commitmentItem(a, c, KindDone, asOf)
		it.Date, it.Days, it.Next = c.Done, model.DaysBetween(asOf, c.Done), ""
		it.Text = fmt.Sprintf("%s delivered %q", c.Party, c.Deliverable)
		if c.Due.Valid() && c.Due < c.Done {
			it.Text += fmt.Sprintf(" (%s after the due date)", plural(model.DaysBetween(c.Due, c.Done), "day"))
		}
		out = append(out, it)
	}
	return out
}

// Transitions lists the goals that became achieved and the agreements that
// became active in the last `since` days up to asOf, as history recorded
// them (src.Events), when the entity still exists and is still so.
func Transitions(src Sources, asOf model.Date, since int) []Item {
	var out []Item
	for _, e := range src.Events {
		if !inWindow(e.Date, asOf, since) {
			continue
		}
		it := Item{Kind: e.Kind, Date: e.Date, Days: model.DaysBetween(asOf, e.Date), People: appendNew([]string{}, e.By)}
		switch e.Kind {
		case KindAchieved:
			g := src.Goals[e.ID]
			if g == nil || g.Spec.Status != model.GoalAchieved {
				continue
			}
			it.Goal, it.Teams, it.People = e.ID, nonNil(g.Spec.Teams), appendNew(it.People, g.Spec.Owner)
			it.Text = "goal achieved: " + g.Metadata.Title
			if n := g.Spec.CloseNote; n != "" {
				it.Note = n
				it.Text += " (" + n + ")"
			}
		case KindActive:
			a := src.Agreements[e.ID]
			if a == nil || a.Spec.Status != model.AgreementActive {
				continue
			}
			it.Agreement, it.Teams, it.People = e.ID, parties(a, ""), appendNew(it.People, a.Spec.Owner)
			it.Text = "agreement in force, accepted by every party: " + a.Metadata.Title
		default:
			continue
		}
		out = append(out, it)
	}
	return out
}

// WaitingOn lists, for a person, the open commitments of others that the
// person's own open commitments depend on, and the parties whose acceptance
// the agreements the person owns (or is a party owner of) still wait for.
func WaitingOn(src Sources, person string, asOf model.Date) []Item {
	var out []Item
	for _, id := range sortedKeys(src.Agreements) {
		a := src.Agreements[id]
		if !inForce(a) && a.Spec.Status != model.AgreementProposed {
			continue
		}
		var deps []string
		for _, c := range a.Spec.Commitments {
			if c.Owner == person && c.State() != model.CommitmentDone && c.State() != model.CommitmentDropped {
				deps = appendNew(deps, c.DependsOn...)
			}
		}
		for _, c := range a.Spec.Commitments {
			if !slices.Contains(deps, c.ID) || c.Owner == person || c.State() == model.CommitmentDone || c.State() == model.CommitmentDropped {
				continue
			}
			it := commitmentItem(a, c, KindDue, asOf)
			switch {
			case agreement.Overdue(c, asOf):
				it.Kind = KindOverdue
			case c.State() == model.CommitmentBlocked:
				it.Kind = KindBlocked
			}
			it.Next = "collab agree show " + id
			it.Text = fmt.Sprintf("%s owes %q, %s; your commitments depend on it", c.Party, c.Deliverable, dueText(it))
			out = append(out, it)
		}
		if a.Spec.Owner != person && !slices.ContainsFunc(a.Spec.Parties, func(p model.Party) bool { return p.Owner == person }) {
			continue
		}
		for _, it := range Acceptances(a, src.Teams) {
			if a.Party(it.Party).Owner != person {
				out = append(out, it)
			}
		}
	}
	return out
}
