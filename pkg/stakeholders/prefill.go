package stakeholders

import (
	"slices"

	"github.com/collab-tools/collab/pkg/model"
)

// TeamsOf lists the teams a person is a member of (workspace.TeamsOf).
type TeamsOf func(email string) []string

// homeTeam is the team a person speaks for on the map: the first of
// preferred they are a member of, else their only or first team, else "".
func homeTeam(email string, preferred []string, teamsOf TeamsOf) string {
	teams := teamsOf(email)
	for _, t := range preferred {
		if slices.Contains(teams, t) {
			return t
		}
	}
	if len(teams) > 0 {
		return teams[0]
	}
	return ""
}

// FromAgreement pre-fills the stakeholders of a map about agreement a: the
// agreement's owner as decision-maker and A; each party as implementer and
// R through its owner, with the party's team. One person cannot be both A
// and R, so a party owned by the agreement owner (or by a person already on
// the map) is added as the whole team instead.
func FromAgreement(a *model.Agreement, teamsOf TeamsOf) []model.Stakeholder {
	var parties []string
	for _, p := range a.Spec.Parties {
		parties = append(parties, p.Team)
	}
	var out []model.Stakeholder
	people := map[string]bool{}
	if a.Spec.Owner != "" {
		out = append(out, model.Stakeholder{
			Person: a.Spec.Owner, Team: homeTeam(a.Spec.Owner, parties, teamsOf),
			Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high",
			Note: "Owner of the agreement, accountable for the whole effort.",
		})
		people[a.Spec.Owner] = true
	}
	teams := map[string]bool{}
	for _, p := range a.Spec.Parties {
		if teams[p.Team] {
			continue
		}
		teams[p.Team] = true
		s := model.Stakeholder{Team: p.Team, Roles: []string{"implementer"}, RACI: "R", Influence: "medium", Interest: "high"}
		if p.Owner != "" && !people[p.Owner] {
			s.Person = p.Owner
			s.Note = "Owner of the " + p.Team + " party."
			people[p.Owner] = true
		}
		out = append(out, s)
	}
	return out
}

// FromGoal pre-fills the stakeholders of a map about goal g: the goal's
// owner as decision-maker and A, and each contributing team as implementer
// and R.
func FromGoal(g *model.Goal, teamsOf TeamsOf) []model.Stakeholder {
	var out []model.Stakeholder
	if g.Spec.Owner != "" {
		out = append(out, model.Stakeholder{
			Person: g.Spec.Owner, Team: homeTeam(g.Spec.Owner, g.Spec.Teams, teamsOf),
			Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high",
			Note: "Owner of the goal, accountable for the outcome.",
		})
	}
	seen := map[string]bool{}
	for _, t := range g.Spec.Teams {
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, model.Stakeholder{Team: t, Roles: []string{"implementer"}, RACI: "R", Influence: "medium", Interest: "high"})
	}
	return out
}
