// Package report computes what collab reports about a workspace: views
// across agreements, goals and maps, as data that commands print as tables
// or JSON.
package report

import (
	"maps"
	"slices"
	"sort"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
)

// Profile is a team's profile: the team itself and how it is tied to the
// rest of the workspace.
type Profile struct {
	Team *model.Team `json:"team"`
	// Owes lists the team's open commitments (open or blocked) in active and
	// proposed agreements: what it owes the other parties.
	Owes []Obligation `json:"owes"`
	// Owed lists the other parties' open commitments in active and proposed
	// agreements the team is a party of: what others owe it.
	Owed  []Obligation `json:"owed"`
	Goals []GoalLink   `json:"goals"`
	Maps  []MapLink    `json:"maps"`
}

// Obligation is one open commitment seen from a team's profile.
type Obligation struct {
	Agreement       string     `json:"agreement"`
	AgreementTitle  string     `json:"agreementTitle"`
	AgreementStatus string     `json:"agreementStatus"`
	Commitment      string     `json:"commitment"`
	Party           string     `json:"party"` // the team that owes it
	To              []string   `json:"to"`    // the agreement's other parties
	Owner           string     `json:"owner,omitempty"`
	Deliverable     string     `json:"deliverable,omitempty"`
	Due             model.Date `json:"due,omitempty"`
	Status          string     `json:"status"` // open or blocked
	// DaysLeft is the number of days from asOf to the due date, negative
	// when overdue; absent without a due date.
	DaysLeft *int `json:"daysLeft,omitempty"`
	Overdue  bool `json:"overdue"`
}

// GoalLink is a goal the team contributes to or whose owner is a member.
type GoalLink struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Status   string  `json:"status"`
	Owner    string  `json:"owner"`
	Owned    bool    `json:"owned"`       // the owner is a member of the team
	Listed   bool    `json:"contributes"` // the team is in the goal's teams
	Health   string  `json:"health"`
	Progress float64 `json:"progress"`
}

// MapLink is a stakeholder map the team appears in, with its entries.
type MapLink struct {
	ID           string     `json:"id"`
	Title        string     `json:"title"`
	Subject      string     `json:"subject"`
	Stakeholders []MapEntry `json:"stakeholders"`
}

// MapEntry is one stakeholder of the team on a map: the whole team, or a
// person who speaks for it (or, with no team named, is one of its members).
type MapEntry struct {
	Name     string                `json:"name"`
	Roles    []string              `json:"roles"`
	RACI     string                `json:"raci"`
	Quadrant stakeholders.Quadrant `json:"quadrant"`
}

// Sources is what a profile is computed from: the workspace's entities by id.
type Sources struct {
	Agreements map[string]*model.Agreement
	Goals      map[string]*model.Goal
	Maps       map[string]*model.StakeholderMap
	Policy     model.Policy
}

// TeamProfile computes the profile of team t at asOf.
func TeamProfile(t *model.Team, src Sources, asOf model.Date) Profile {
	id := t.Metadata.ID
	p := Profile{Team: t, Owes: []Obligation{}, Owed: []Obligation{}, Goals: []GoalLink{}, Maps: []MapLink{}}

	for _, aid := range slices.Sorted(maps.Keys(src.Agreements)) {
		a := src.Agreements[aid]
		if a.Spec.Status != model.AgreementActive && a.Spec.Status != model.AgreementProposed {
			continue
		}
		if a.Party(id) == nil {
			continue
		}
		for _, c := range a.Spec.Commitments {
			state := c.State()
			if state == model.CommitmentDone || state == model.CommitmentDropped {
				continue
			}
			o := Obligation{Agreement: aid, AgreementTitle: a.Metadata.Title, AgreementStatus: a.Spec.Status,
				Commitment: c.ID, Party: c.Party, To: otherParties(a, c.Party), Owner: c.Owner,
				Deliverable: c.Deliverable, Due: c.Due, Status: state}
			if c.Due.Valid() {
				d := model.DaysBetween(asOf, c.Due)
				o.DaysLeft = &d
				o.Overdue = d < 0
			}
			if c.Party == id {
				p.Owes = append(p.Owes, o)
			} else {
				p.Owed = append(p.Owed, o)
			}
		}
	}
	byDue(p.Owes)
	byDue(p.Owed)

	for _, gid := range slices.Sorted(maps.Keys(src.Goals)) {
		g := src.Goals[gid]
		owned := t.HasMember(g.Spec.Owner)
		listed := slices.Contains(g.Spec.Teams, id)
		if !owned && !listed {
			continue
		}
		p.Goals = append(p.Goals, GoalLink{ID: gid, Title: g.Metadata.Title, Status: g.Spec.Status, Owner: g.Spec.Owner,
			Owned: owned, Listed: listed, Health: g.Health(asOf, src.Policy), Progress: g.Progress()})
	}

	for _, mid := range slices.Sorted(maps.Keys(src.Maps)) {
		m := src.Maps[mid]
		var entries []MapEntry
		for _, s := range m.Spec.Stakeholders {
			if s.Team == id || (s.Team == "" && s.Person != "" && t.HasMember(s.Person)) {
				entries = append(entries, MapEntry{Name: s.Name(), Roles: s.Roles, RACI: s.RACI, Quadrant: stakeholders.QuadrantOf(s)})
			}
		}
		if len(entries) > 0 {
			p.Maps = append(p.Maps, MapLink{ID: mid, Title: m.Metadata.Title, Subject: m.Spec.Subject, Stakeholders: entries})
		}
	}
	return p
}

func otherParties(a *model.Agreement, team string) []string {
	out := []string{}
	for _, p := range a.Spec.Parties {
		if p.Team != team && !slices.Contains(out, p.Team) {
			out = append(out, p.Team)
		}
	}
	return out
}

// byDue sorts obligations by due date (none last), then agreement and commitment.
func byDue(os []Obligation) {
	sort.SliceStable(os, func(i, j int) bool {
		a, b := os[i], os[j]
		if (a.Due == "") != (b.Due == "") {
			return b.Due == ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		if a.Agreement != b.Agreement {
			return a.Agreement < b.Agreement
		}
		return a.Commitment < b.Commitment
	})
}
