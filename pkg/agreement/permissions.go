package agreement

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Permission is one row of the table of who may change what in an
// agreement, as docs/permissions.md shows it (a test keeps the two equal).
type Permission struct {
	Action   string `json:"action"`
	Change   string `json:"change"`
	Who      string `json:"who"`
	Commands string `json:"commands"`
}

// Actions of the permission table.
const (
	ActCreate        = "create"
	ActAccept        = "accept"
	ActWithdraw      = "withdraw"
	ActProgress      = "progress"
	ActDrop          = "drop"
	ActCheckin       = "checkin"
	ActMinutes       = "minutes"
	ActInterests     = "interests"
	ActAmendment     = "amendment"
	ActAmendmentEdit = "amendment-edit"
	ActEnd           = "end"
	ActEdit          = "edit"
	ActDelete        = "delete"
)

// Permissions is who may change what in an agreement. Parties, the owner and
// team memberships are taken as they were before the change, so nobody
// gains a right by the change itself; a new agreement is judged by its own
// owner and parties.
var Permissions = []Permission{
	{ActCreate, "add a new agreement", "its owner or a member of one of its parties", "`agree new`"},
	{ActAccept, "record an acceptance for party P", "a member of team P, recording themselves as `by`", "`agree accept`"},
	{ActWithdraw, "remove or rewrite an acceptance of party P", "a member of team P", "`agree edit`"},
	{ActProgress, "mark a commitment done, blocked or open again", "a member of the commitment's party or the agreement owner", "`agree done`, `agree block`"},
	{ActDrop, "drop a commitment (on an active agreement an amendment: the other parties accept again)", "a member of the commitment's party or the agreement owner", "`agree drop`"},
	{ActCheckin, "record a check-in or a review with its minutes, move the next check-in or review date, record a metric reading, mark an action item done", "the agreement owner, a member of a party, or an escalation contact who attended the check-in or owns the action item", "`agree checkin`, `agree review`, `agree metric-reading`, `agree action-done`"},
	{ActMinutes, "record a check-in whose `by` is someone else (minutes taken for them)", "the agreement owner, or a member of a party the person named belongs to", "edit and commit"},
	{ActInterests, "state or change the interests of party P", "a member of team P or the agreement owner: a party speaks for its own interests", "`agree party`"},
	{ActAmendment, "add an amendment record (`spec.amendments`)", "a steward of the agreement (as for any change of terms), recording themselves as `by`", "`agree amend`"},
	{ActAmendmentEdit, "rewrite or remove an amendment record", "the agreement owner", "edit and commit"},
	{ActEnd, "retire or supersede the agreement (an active one is superseded only by a successor every one of its parties accepted)", "the agreement owner", "`agree retire`, `agree supersede`"},
	{ActEdit, "any other change: terms, interests, options, propose, amend, title, description", "the agreement owner or a member of a party", "`agree commitment`, `party`, `param`, `option`, `metric`, `sla`, `propose`, `amend`, `edit`"},
	{ActDelete, "delete the agreement file", "the agreement owner", "`git rm`"},
}

// Stewards are the people who may change an agreement in general: its owner
// and the members of its parties' teams.
func Stewards(a *model.Agreement, teams map[string]*model.Team) model.People {
	p := model.People{}.Add(a.Spec.Owner)
	for _, pt := range a.Spec.Parties {
		p.AddMembers(teams, pt.Team)
	}
	return p
}

// Check compares two versions of an agreement (nil old: created; nil new:
// deleted) and returns the changes actor may not make under Permissions,
// with teams as the memberships to judge by.
func Check(old, new *model.Agreement, teams map[string]*model.Team, actor string) []model.Refusal {
	return CheckReviewed(old, new, teams, actor, "")
}

// CheckReviewed is Check for a change that records an acceptance approved
// in a pull request review: acceptances added with reviewer as `by` are
// judged with reviewer as the actor (the review, once confirmed, is their
// act), every other change with actor, the commit's author.
func CheckReviewed(old, new *model.Agreement, teams map[string]*model.Team, actor, reviewer string) []model.Refusal {
	c := checker{teams: teams, actor: actor, reviewer: reviewer}
	switch {
	case new == nil:
		c.id = old.Metadata.ID
		c.refuse(model.People{}.Add(old.Spec.Owner), whoOf(ActDelete), "delete agreement %s", c.id)
		return c.out
	case old == nil:
		c.id = new.Metadata.ID
		c.refuse(Stewards(new, teams), whoOf(ActCreate), "add agreement %s", c.id)
		c.acceptances(&model.Agreement{}, new)
		return c.out
	default:
		c.id = new.Metadata.ID
	}
	c.acceptances(old, new)
	c.commitments(old, new)
	stewards := Stewards(old, teams)
	o, n := old.Spec, new.Spec
	if ended(n.Status) && !ended(o.Status) || o.SupersededBy != n.SupersededBy {
		c.refuse(model.People{}.Add(o.Owner), whoOf(ActEnd), "end agreement %s (status %s)", c.id, n.Status)
	}
	if !reflect.DeepEqual(o.Checkins, n.Checkins) || !reflect.DeepEqual(readings(old), readings(new)) ||
		next(o.Cadence) != next(n.Cadence) || next(o.Review) != next(n.Review) {
		if c.reviewer != "" && reflect.DeepEqual(o.Checkins, n.Checkins) && reflect.DeepEqual(readings(old), readings(new)) && firstSchedule(old, new) {
			// The acceptance that makes the agreement active schedules its
			// first check-in and review: the reviewer's act.
			c.add(stewards[c.reviewer], stewards, whoOf(ActCheckin), "schedule the first check-in of agreement %s", c.id)
		} else {
			c.refuse(minutesTakers(old, new, stewards), whoOf(ActCheckin), "record a check-in or review of agreement %s", c.id)
		}
	}
	c.minutes(old, new)
	c.interests(old, new)
	c.amendments(old, new)
	if !reflect.DeepEqual(rest(old), rest(new)) {
		c.refuse(stewards, whoOf(ActEdit), "change agreement %s", c.id)
	}
	return c.out
}

type checker struct {
	teams    map[string]*model.Team
	actor    string
	reviewer string // see CheckReviewed
	id       string
	out      []model.Refusal
	done     map[string]bool
}

// refuse records a refusal unless actor is among who; one per change.
func (c *checker) refuse(who model.People, rule, format string, args ...any) {
	c.add(who[c.actor], who, rule, format, args...)
}

// add records a refusal unless allowed; rule says who may, in words.
func (c *checker) add(allowed bool, who model.People, rule, format string, args ...any) {
	change := fmt.Sprintf(format, args...)
	if allowed || c.done[change] {
		return
	}
	if c.done == nil {
		c.done = map[string]bool{}
	}
	c.done[change] = true
	c.out = append(c.out, model.Refusal{Change: change, Who: rule, People: who.Sorted()})
}

// whoOf is the rule of action in Permissions, with the party named when
// given ("a member of team P" becomes "a member of team sales").
func whoOf(action string, party ...string) string {
	for _, p := range Permissions {
		if p.Action == action {
			if len(party) > 0 {
				return strings.ReplaceAll(p.Who, "team P", "team "+party[0])
			}
			return p.Who
		}
	}
	panic("agreement: no permission for action " + action)
}

// acceptances: each acceptance added must be by actor, a member of the
// party; each removed or rewritten one needs a member of the party.
func (c *checker) acceptances(old, new *model.Agreement) {
	count := map[model.Acceptance]int{}
	for _, a := range old.Spec.Acceptances {
		count[a]++
	}
	for _, a := range new.Spec.Acceptances {
		if count[a] > 0 {
			count[a]--
			continue
		}
		members := model.People{}.AddMembers(c.teams, a.Party)
		switch {
		case c.reviewer != "" && a.By == c.reviewer:
			c.add(members[c.reviewer], members, whoOf(ActAccept, a.Party), "accept agreement %s for %s by approving a pull request review as %s", c.id, a.Party, c.reviewer)
		case a.By == c.actor:
			c.refuse(members, whoOf(ActAccept, a.Party), "accept agreement %s for %s", c.id, a.Party)
		default:
			c.add(false, members, whoOf(ActAccept, a.Party), "record an acceptance of agreement %s for %s by %s", c.id, a.Party, a.By)
		}
	}
	for _, a := range old.Spec.Acceptances {
		if count[a] > 0 {
			count[a]--
			c.refuse(model.People{}.AddMembers(c.teams, a.Party), whoOf(ActWithdraw, a.Party), "remove the acceptance of agreement %s by %s for %s", c.id, a.By, a.Party)
		}
	}
}

// minutes: a check-in added (or re-attributed) with someone else as `by`
// needs the owner or a member of a party that person belongs to (a
// teammate taking the minutes); attendees do not count, since whoever
// types the check-in also types them. A check-in by the actor is the
// check-in row's business.
func (c *checker) minutes(old, new *model.Agreement) {
	for i, ci := range new.Spec.Checkins {
		if i < len(old.Spec.Checkins) && old.Spec.Checkins[i].By == ci.By && old.Spec.Checkins[i].Date == ci.Date {
			continue // the same check-in, its minutes or action items edited: the check-in row's business
		}
		if ci.By == c.actor {
			continue
		}
		who := model.People{}.Add(old.Spec.Owner)
		for _, p := range old.Spec.Parties {
			if (model.People{}).AddMembers(c.teams, p.Team)[ci.By] {
				who.AddMembers(c.teams, p.Team)
			}
		}
		c.refuse(who, whoOf(ActMinutes), "record a check-in of agreement %s on %s by %s", c.id, ci.Date, ci.By)
	}
}

// interests: a party's interests are changed by a member of its team or
// the owner; another party cannot put words in its mouth.
func (c *checker) interests(old, new *model.Agreement) {
	for _, n := range new.Spec.Parties {
		var was []string
		if o := old.Party(n.Team); o != nil {
			was = o.Interests
		}
		if !slices.Equal(was, n.Interests) {
			who := model.People{}.Add(old.Spec.Owner).AddMembers(c.teams, n.Team)
			c.refuse(who, whoOf(ActInterests, n.Team), "change the interests of %s in agreement %s", n.Team, c.id)
		}
	}
}

// amendments: the record of who changed the terms and why cannot be
// forged: an amendment added names its author as by, and one rewritten or
// removed needs the owner.
func (c *checker) amendments(old, new *model.Agreement) {
	o, n := old.Spec.Amendments, new.Spec.Amendments
	common := 0
	for common < len(o) && common < len(n) && reflect.DeepEqual(o[common], n[common]) {
		common++
	}
	if common < len(o) {
		c.refuse(model.People{}.Add(old.Spec.Owner), whoOf(ActAmendmentEdit), "rewrite or remove an amendment of agreement %s", c.id)
		return
	}
	for _, am := range n[common:] {
		if am.By != c.actor {
			c.add(false, model.People{}.Add(am.By), whoOf(ActAmendment), "record an amendment of agreement %s by %s", c.id, am.By)
		}
	}
}

// commitments: progress on a commitment (status, done date, note) needs a
// member of its party or the owner.
func (c *checker) commitments(old, new *model.Agreement) {
	for _, n := range new.Spec.Commitments {
		o := old.Commitment(n.ID)
		if o == nil {
			continue // a new commitment is a change of terms
		}
		if o.State() == n.State() && o.Done == n.Done && o.Note == n.Note {
			continue
		}
		who := model.People{}.Add(old.Spec.Owner).AddMembers(c.teams, o.Party)
		if n.State() == model.CommitmentDropped && o.State() != model.CommitmentDropped {
			c.refuse(who, whoOf(ActDrop), "drop commitment %s of agreement %s", n.ID, c.id)
		} else {
			c.refuse(who, whoOf(ActProgress), "record progress on commitment %s of agreement %s", n.ID, c.id)
		}
	}
}

// firstSchedule: the next check-in and review dates of new differ from
// old's only where old had none.
func firstSchedule(old, new *model.Agreement) bool {
	for _, p := range [][2]model.Date{{next(old.Spec.Cadence), next(new.Spec.Cadence)}, {next(old.Spec.Review), next(new.Spec.Review)}} {
		if p[0] != p[1] && p[0] != "" {
			return false
		}
	}
	return true
}

func ended(status string) bool {
	return status == model.AgreementRetired || status == model.AgreementSuperseded
}

func next(s any) model.Date {
	switch v := s.(type) {
	case *model.Cadence:
		if v != nil {
			return v.Next
		}
	case *model.Review:
		if v != nil {
			return v.Next
		}
	}
	return ""
}

// minutesTakers are the stewards plus the escalation contacts (as they
// were before the change) who attended a check-in the change adds or edits,
// or own one of its action items.
func minutesTakers(old, new *model.Agreement, stewards model.People) model.People {
	who := model.People{}
	for e := range stewards {
		who[e] = true
	}
	escalation := model.People{}.Add(old.Spec.Escalation...)
	for i, ci := range new.Spec.Checkins {
		if i < len(old.Spec.Checkins) && reflect.DeepEqual(old.Spec.Checkins[i], ci) {
			continue
		}
		for _, e := range ci.Attendees {
			if escalation[e] {
				who[e] = true
			}
		}
		for _, it := range ci.Actions {
			if escalation[it.Owner] {
				who[it.Owner] = true
			}
		}
	}
	return who
}

// readings are the metric readings of a, by metric name.
func readings(a *model.Agreement) map[string][]model.MetricReading {
	out := map[string][]model.MetricReading{}
	for _, m := range a.Spec.Metrics {
		if len(m.Readings) > 0 {
			out[m.Name] = append(out[m.Name], m.Readings...)
		}
	}
	return out
}

// rest is the agreement without what the other rows of the table cover:
// acceptances, commitment progress, check-ins, metric readings, next dates
// and the end.
func rest(a *model.Agreement) model.Agreement {
	r := *a
	s := &r.Spec
	s.Acceptances, s.Checkins, s.SupersededBy = nil, nil, ""
	if ended(s.Status) || s.Status == model.AgreementActive {
		// Ending is its own row; becoming active follows from the acceptances.
		s.Status = model.AgreementProposed
	}
	s.Commitments = make([]model.Commitment, len(a.Spec.Commitments))
	for i, cm := range a.Spec.Commitments {
		cm.Status, cm.Done, cm.Note = "", "", ""
		s.Commitments[i] = cm
	}
	s.Metrics = slices.Clone(a.Spec.Metrics)
	for i := range s.Metrics {
		s.Metrics[i].Readings = nil
	}
	if s.Cadence != nil {
		cd := *s.Cadence
		cd.Next = ""
		s.Cadence = &cd
	}
	if s.Review != nil {
		rv := *s.Review
		rv.Next = ""
		s.Review = &rv
	}
	if len(s.Commitments) == 0 {
		s.Commitments = nil
	}
	return r
}
