// Package agenda computes the agenda of an agreement's next check-in: the
// action items still open, the commitments not yet delivered by party, each
// joint metric's last reading against its target, the decisions pending
// and the escalations due. Every judgement (overdue, trend, missed
// check-ins, escalation) is the one pkg/agreement and pkg/status make, so
// the agenda says what `collab status` and `collab agree show` say.
package agenda

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/status"
)

// Agenda is the agenda of one check-in, as `collab agree agenda -o json`
// prints it.
type Agenda struct {
	Agreement string     `json:"agreement" yaml:"agreement"`
	Title     string     `json:"title" yaml:"title"`
	Status    string     `json:"status" yaml:"status"`
	Date      model.Date `json:"date" yaml:"date"` // the day of the check-in; what is late is late on that day
	Forum     string     `json:"forum,omitempty" yaml:"forum,omitempty"`
	// Invite is whom to invite: the agreement owner, each party's owner,
	// whoever attended the last check-in and the owners of open action items.
	Invite []string `json:"invite" yaml:"invite"`
	// LastCheckin is the date of the last check-in held, if any.
	LastCheckin model.Date `json:"lastCheckin,omitempty" yaml:"lastCheckin,omitempty"`
	// MissedCheckins is the run of check-ins missed on Date.
	MissedCheckins int           `json:"missedCheckins" yaml:"missedCheckins"`
	Actions        []Action      `json:"actions" yaml:"actions"`
	Parties        []Party       `json:"parties" yaml:"parties"`
	Metrics        []Metric      `json:"metrics" yaml:"metrics"`
	Pending        []Pending     `json:"pending" yaml:"pending"`
	Escalations    []status.Item `json:"escalations" yaml:"escalations"`
	Decided        []string      `json:"lastDecisions" yaml:"lastDecisions"` // the decisions of the last check-in, to confirm
}

// Action is an open action item, numbered as `agree action-done` takes it.
type Action struct {
	N        int        `json:"n" yaml:"n"`
	Owner    string     `json:"owner" yaml:"owner"`
	Text     string     `json:"text" yaml:"text"`
	Due      model.Date `json:"due,omitempty" yaml:"due,omitempty"`
	Checkin  model.Date `json:"checkin" yaml:"checkin"` // the check-in that gave it out
	Overdue  bool       `json:"overdue" yaml:"overdue"`
	DaysLate int        `json:"daysLate,omitempty" yaml:"daysLate,omitempty"`
	// FromLast is true for the items given out at the last check-in.
	FromLast bool `json:"fromLast" yaml:"fromLast"`
}

// Party is a party with its commitments not yet delivered or dropped.
type Party struct {
	Team        string       `json:"team" yaml:"team"`
	Owner       string       `json:"owner,omitempty" yaml:"owner,omitempty"`
	Commitments []Commitment `json:"commitments" yaml:"commitments"`
}

// Commitment is an open or blocked commitment on the day of the check-in.
type Commitment struct {
	ID          string     `json:"id" yaml:"id"`
	Owner       string     `json:"owner,omitempty" yaml:"owner,omitempty"`
	Deliverable string     `json:"deliverable,omitempty" yaml:"deliverable,omitempty"`
	Due         model.Date `json:"due,omitempty" yaml:"due,omitempty"`
	State       string     `json:"state" yaml:"state"` // open, blocked, overdue
	DaysLate    int        `json:"daysLate,omitempty" yaml:"daysLate,omitempty"`
	Note        string     `json:"note,omitempty" yaml:"note,omitempty"`
	// Waiting lists the commitments that wait on this one (status.Dependents).
	Waiting []string `json:"waiting,omitempty" yaml:"waiting,omitempty"`
}

// Commitment states of the agenda.
const (
	StateOpen    = "open"
	StateBlocked = "blocked"
	StateOverdue = "overdue"
)

// Metric is a joint metric's last reading against its target.
type Metric struct {
	Name        string               `json:"name" yaml:"name"`
	Target      string               `json:"target" yaml:"target"`
	Unit        string               `json:"unit,omitempty" yaml:"unit,omitempty"`
	TargetValue *float64             `json:"targetValue,omitempty" yaml:"targetValue,omitempty"`
	Direction   string               `json:"direction,omitempty" yaml:"direction,omitempty"`
	Last        *model.MetricReading `json:"last,omitempty" yaml:"last,omitempty"`
	Series      string               `json:"series,omitempty" yaml:"series,omitempty"` // the last five values, oldest first
	Trend       string               `json:"trend,omitempty" yaml:"trend,omitempty"`
	Progress    string               `json:"progress,omitempty" yaml:"progress,omitempty"`
	Met         *bool                `json:"met,omitempty" yaml:"met,omitempty"`
	// Stale is true when the metric has no reading since the last check-in
	// (or none at all): someone should bring the figure.
	Stale bool `json:"stale" yaml:"stale"`

	view agreement.MetricView // the wording, shared with agree show
}

// Kinds of pending decisions.
const (
	PendingAcceptance = "acceptance" // a party has not accepted the current terms
	PendingAmendment  = "amendment"  // a party accepted earlier terms: an amendment waits for it
	PendingOption     = "option"     // options were weighed but none chosen
)

// Pending is a decision the check-in should take or chase.
type Pending struct {
	Kind   string   `json:"kind" yaml:"kind"`
	Party  string   `json:"party,omitempty" yaml:"party,omitempty"`
	People []string `json:"people" yaml:"people"`
	Text   string   `json:"text" yaml:"text"`
	Next   string   `json:"next,omitempty" yaml:"next,omitempty"`
}

// Date is the day of a's next check-in as of today: the scheduled one
// (agreement.CheckinDue) when it is today or later, else today (a missed
// check-in is held as soon as possible).
func Date(a *model.Agreement, today model.Date) model.Date {
	if due, _, ok := agreement.CheckinDue(a); ok && due >= today {
		return due
	}
	if c := a.Spec.Cadence; c != nil && c.Next.Valid() && c.Next >= today {
		return c.Next
	}
	return today
}

// New computes the agenda of a's check-in on date, with teams to name who
// may accept and p the workspace policy (for escalations).
func New(a *model.Agreement, teams map[string]*model.Team, p model.Policy, date model.Date) Agenda {
	s := a.Spec
	ag := Agenda{Agreement: a.Metadata.ID, Title: a.Metadata.Title, Status: s.Status, Date: date,
		Invite: []string{}, Actions: []Action{}, Parties: []Party{}, Metrics: []Metric{}, Pending: []Pending{},
		Escalations: []status.Item{}, Decided: []string{}}
	if s.Cadence != nil {
		ag.Forum = s.Cadence.Forum
	}
	ag.Invite = appendNew(ag.Invite, s.Owner)
	for _, pt := range s.Parties {
		ag.Invite = appendNew(ag.Invite, pt.Owner)
	}
	var last *model.AgreementCheckin
	if n := len(s.Checkins); n > 0 {
		last = &s.Checkins[n-1]
		ag.LastCheckin = last.Date
		ag.Invite = appendNew(ag.Invite, last.Attendees...)
		ag.Decided = append(ag.Decided, last.Decisions...)
	}
	ag.MissedCheckins = agreement.MissedCheckins(a, date)

	for _, x := range agreement.OpenActions(a, date) {
		ag.Actions = append(ag.Actions, Action{N: x.N, Owner: x.Owner, Text: x.Text, Due: x.Due, Checkin: x.Checkin,
			Overdue: x.Overdue, DaysLate: x.DaysLate, FromLast: last != nil && x.Checkin == last.Date})
		ag.Invite = appendNew(ag.Invite, x.Owner)
	}

	for _, pt := range s.Parties {
		party := Party{Team: pt.Team, Owner: pt.Owner, Commitments: []Commitment{}}
		for _, c := range s.Commitments {
			if c.Party != pt.Team || (c.State() != model.CommitmentOpen && c.State() != model.CommitmentBlocked) {
				continue
			}
			cm := Commitment{ID: c.ID, Owner: c.Owner, Deliverable: c.Deliverable, Due: c.Due, State: c.State()}
			if c.State() == model.CommitmentBlocked {
				cm.Note = c.Note
			}
			// Overdue only counts in an agreement in force, as in status.
			if s.Status == model.AgreementActive && agreement.Overdue(c, date) {
				cm.State, cm.DaysLate = StateOverdue, model.DaysBetween(c.Due, date)
			}
			cm.Waiting, _ = status.Dependents(a, c.ID)
			party.Commitments = append(party.Commitments, cm)
		}
		ag.Parties = append(ag.Parties, party)
	}

	for _, m := range s.Metrics {
		v := agreement.NewMetricView(m)
		mt := Metric{Name: m.Name, Target: m.Target, Unit: m.Unit, TargetValue: m.TargetValue, Direction: agreement.Direction(m),
			Last: v.Last, Series: agreement.Series(m, 5), Trend: v.Trend, Progress: v.Progress, Met: v.Met, view: v}
		mt.Stale = v.Last == nil || (last != nil && v.Last.Date < last.Date)
		ag.Metrics = append(ag.Metrics, mt)
	}

	for _, it := range status.Acceptances(a, teams) {
		pd := Pending{Kind: PendingAcceptance, Party: it.Party, People: it.People, Text: it.Text, Next: it.Next}
		if it.Acceptance == "stale" {
			pd.Kind = PendingAmendment
			pd.Text = fmt.Sprintf("%s to accept the amended terms (%s); it accepted earlier terms", it.Party, a.TermsDigest())
		}
		ag.Pending = append(ag.Pending, pd)
	}
	if len(s.Options) > 0 && !slices.ContainsFunc(s.Options, func(o model.Option) bool { return o.Chosen }) {
		var titles []string
		for _, o := range s.Options {
			titles = append(titles, o.Title)
		}
		ag.Pending = append(ag.Pending, Pending{Kind: PendingOption, People: appendNew([]string{}, s.Owner),
			Text: fmt.Sprintf("choose among %d options: %s", len(titles), strings.Join(titles, "; ")),
			Next: fmt.Sprintf("collab agree option %s TITLE --chosen", a.Metadata.ID)})
	}

	ag.Escalations = append(ag.Escalations, status.Escalations(a, date, p)...)
	return ag
}

func appendNew(s []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}
