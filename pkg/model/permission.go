package model

import (
	"fmt"
	"slices"
	"strings"
)

// Refusal says that a person may not make a change, and who may. The
// permission rules live with each noun (agreement, goal, stakeholder map,
// team, workspace); they all answer with refusals.
type Refusal struct {
	Change string   // what was changed, e.g. "accept agreement launch for sales"
	Who    string   // who may, in words, e.g. "a member of team sales, recording themselves as by"
	People []string // the people who may, sorted
}

// Message renders the refusal of a change by actor, naming who may make it.
func (r Refusal) Message(actor string) string {
	msg := fmt.Sprintf("%s may not %s: only %s may", actor, r.Change, r.Who)
	if len(r.People) > 0 {
		msg += " (" + strings.Join(r.People, ", ") + ")"
	}
	return msg
}

// People is a set of email addresses allowed to make a change.
type People map[string]bool

// Add puts emails in the set, skipping empty ones.
func (p People) Add(emails ...string) People {
	for _, e := range emails {
		if e != "" {
			p[e] = true
		}
	}
	return p
}

// AddMembers puts the members of each named team in the set.
func (p People) AddMembers(teams map[string]*Team, ids ...string) People {
	for _, id := range ids {
		if t := teams[id]; t != nil {
			p.Add(t.Emails()...)
		}
	}
	return p
}

// Sorted lists the set in order.
func (p People) Sorted() []string {
	out := make([]string, 0, len(p))
	for e := range p {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// Refuse returns nil when actor is in the set, else a refusal of change
// naming who may make it.
func (p People) Refuse(actor, change, who string) *Refusal {
	if p[actor] {
		return nil
	}
	return &Refusal{Change: change, Who: who, People: p.Sorted()}
}
