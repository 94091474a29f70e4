// Package status computes what `collab status` reports about a workspace at
// a date: what needs action now, what is overdue or blocked, what escalates,
// which goals need attention, which teams others wait on, and what to
// celebrate. It is a model with no I/O: commands and reports render it.
//
// Every rule is a function of the entities, the date and the workspace
// policy; Compute runs them all and applies the filters. The JSON and YAML
// shapes are part of the documented interface: fields are only added.
package status

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Item kinds.
const (
	KindAcceptance = "acceptance" // a party must accept the current terms
	KindReview     = "review"     // an agreement's review is due
	KindCheckin    = "checkin"    // an agreement's or goal's check-in is due or missed
	KindDue        = "due"        // a commitment is due within the window
	KindOverdue    = "overdue"    // a commitment is past its due date
	KindBlocked    = "blocked"    // a commitment is blocked (and not yet overdue)
	KindEscalation = "escalation" // an agreement escalates to its escalation path
	KindAction     = "action"     // an action item of a check-in is open (needs action) or past its due date (overdue)
	KindDone       = "done"       // win: a commitment was done
	KindAchieved   = "achieved"   // win: a goal was achieved
	KindActive     = "active"     // win: an agreement became active
	KindTarget     = "target"     // win: a check-in moved a key result past its target
)

// Escalation reasons.
const (
	ReasonMissedCheckins = "missed-checkins"
	ReasonOverdue        = "overdue"
)

// Item is one line of a section. Agreement or Goal names the entity; the
// other fields say what the line is about when they apply.
type Item struct {
	Kind       string `json:"kind" yaml:"kind"`
	Agreement  string `json:"agreement,omitempty" yaml:"agreement,omitempty"`
	Goal       string `json:"goal,omitempty" yaml:"goal,omitempty"`
	Commitment string `json:"commitment,omitempty" yaml:"commitment,omitempty"`
	// Action is the number of an action item of the agreement's check-ins
	// (collab agree action-done ID N).
	Action int `json:"action,omitempty" yaml:"action,omitempty"`
	// Party is the team that owes the commitment, or must accept.
	Party string `json:"party,omitempty" yaml:"party,omitempty"`
	// Teams are the teams the line concerns (what --team matches).
	Teams []string `json:"teams" yaml:"teams"`
	// People are those who act on it: the owner, the members who may
	// accept, the escalation contacts (what --person matches).
	People []string `json:"people" yaml:"people"`
	// Date is when it is due, or when it happened (wins).
	Date model.Date `json:"date,omitempty" yaml:"date,omitempty"`
	// Days is the number of days from the status date to Date: negative
	// when it is past (days late, or days ago).
	Days int `json:"days" yaml:"days"`
	// Acceptance is the party's acceptance: missing or stale (accepted
	// earlier terms); AgreementStatus the status of the agreement waiting
	// for it (proposed or active).
	Acceptance      string `json:"acceptance,omitempty" yaml:"acceptance,omitempty"`
	AgreementStatus string `json:"agreementStatus,omitempty" yaml:"agreementStatus,omitempty"`
	// MissedCheckins is the run of check-ins missed.
	MissedCheckins int `json:"missedCheckins,omitempty" yaml:"missedCheckins,omitempty"`
	// Reason is why an escalation fires (missed-checkins or overdue).
	Reason string `json:"reason,omitempty" yaml:"reason,omitempty"`
	// Waiting lists the commitments that depend on this one, directly or
	// through others, and WaitingParties the teams that owe them.
	Waiting        []string `json:"waiting,omitempty" yaml:"waiting,omitempty"`
	WaitingParties []string `json:"waitingParties,omitempty" yaml:"waitingParties,omitempty"`
	// Note is why an achieved goal closed as it did (its spec.closeNote).
	Note string `json:"note,omitempty" yaml:"note,omitempty"`
	// Text says what the line is about, in a sentence.
	Text string `json:"text" yaml:"text"`
	// Next is the command to run next.
	Next string `json:"next,omitempty" yaml:"next,omitempty"`
}

// GoalItem is a goal needing attention.
type GoalItem struct {
	ID             string      `json:"id" yaml:"id"`
	Title          string      `json:"title" yaml:"title"`
	Owner          string      `json:"owner" yaml:"owner"`
	Teams          []string    `json:"teams" yaml:"teams"`
	Health         string      `json:"health" yaml:"health"`
	Progress       float64     `json:"progress" yaml:"progress"`
	Expected       float64     `json:"expected" yaml:"expected"`
	LastCheckin    model.Date  `json:"lastCheckin,omitempty" yaml:"lastCheckin,omitempty"`
	MissedCheckins int         `json:"missedCheckins" yaml:"missedCheckins"`
	Children       []GoalChild `json:"children" yaml:"children"`
	Next           string      `json:"next" yaml:"next"`
}

// GoalChild is the health of a goal that serves a listed goal.
type GoalChild struct {
	ID     string `json:"id" yaml:"id"`
	Health string `json:"health" yaml:"health"`
}

// Bottleneck is a team other teams wait on, with the figures behind its rank.
type Bottleneck struct {
	Team string `json:"team" yaml:"team"`
	// Score is the sum of the three figures; teams rank by it.
	Score int `json:"score" yaml:"score"`
	// Waiting counts other teams' open commitments that depend on the
	// team's overdue or blocked ones; Blocking lists those of the team
	// (agreement/commitment).
	Waiting  int      `json:"waiting" yaml:"waiting"`
	Blocking []string `json:"blocking" yaml:"blocking"`
	// Acceptances counts the agreements waiting for the team to accept;
	// MustAccept lists them.
	Acceptances int      `json:"acceptances" yaml:"acceptances"`
	MustAccept  []string `json:"mustAccept" yaml:"mustAccept"`
	// MissedCheckins counts the check-ins missed on agreements and goals
	// owned by members of the team.
	MissedCheckins int `json:"missedCheckins" yaml:"missedCheckins"`
}

// Status is the whole report at one date.
type Status struct {
	AsOf   model.Date `json:"asOf" yaml:"asOf"`
	Within int        `json:"within" yaml:"within"` // days ahead that need action now
	Since  int        `json:"since" yaml:"since"`   // days back that wins are read from
	Teams  []string   `json:"teams" yaml:"teams"`   // the --team filter, empty for all
	Person string     `json:"person,omitempty" yaml:"person,omitempty"`

	NeedsAction []Item       `json:"needsAction" yaml:"needsAction"`
	Overdue     []Item       `json:"overdue" yaml:"overdue"`
	Escalations []Item       `json:"escalations" yaml:"escalations"`
	Goals       []GoalItem   `json:"goals" yaml:"goals"`
	Bottlenecks []Bottleneck `json:"bottlenecks" yaml:"bottlenecks"`
	Wins        []Item       `json:"wins" yaml:"wins"`
	// WaitingOn is, in a person's view, the open commitments of others that
	// the person's own commitments depend on, and the acceptances the
	// agreements they own still wait for.
	WaitingOn []Item `json:"waitingOn" yaml:"waitingOn"`
}

// Event is a dated change read from history: a goal becoming achieved
// (KindAchieved) or an agreement becoming active (KindActive).
type Event struct {
	Kind string
	ID   string
	Date model.Date
	By   string // the author of the change
}

// Sources is what a status is computed from.
type Sources struct {
	Teams      map[string]*model.Team
	Goals      map[string]*model.Goal
	Agreements map[string]*model.Agreement
	Policy     model.Policy
	Events     []Event
	// Files are the workspace's files the values above were loaded from
	// (workspace.Workspace.Files), when there is one: Events reads no
	// version of a file that git's index shows the work tree holds.
	Files []*workspace.Entity
}

// Options selects the window and the view.
type Options struct {
	AsOf   model.Date
	Within int      // days: what falls due within them needs action now
	Since  int      // days: wins of the last Since days
	Teams  []string // only what concerns these teams
	Person string   // only what this person acts on or waits for
}

// filter keeps the items that concern one of the teams and the person.
func filter(items []Item, o Options) []Item {
	return slices.DeleteFunc(items, func(it Item) bool {
		return (len(o.Teams) > 0 && !overlaps(it.Teams, o.Teams)) || (o.Person != "" && !slices.Contains(it.People, o.Person))
	})
}

// byDate orders items by date (undated last), then entity and commitment.
// It takes pointers: an Item is some 300 bytes, and sorting 20,000 lines
// compares some 300,000 pairs.
func byDate(a, b *Item) int {
	if (a.Date == "") != (b.Date == "") {
		if a.Date == "" {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(a.Date, b.Date); c != 0 {
		return c
	}
	if c := compareJoined(a.Agreement, a.Goal, b.Agreement, b.Goal); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.Commitment, b.Commitment), cmp.Compare(a.Party, b.Party))
}

// compareJoined compares a1+a2 with b1+b2 without joining them: sorting
// 20,000 lines compares some 300,000 pairs.
func compareJoined(a1, a2, b1, b2 string) int {
	for {
		if a1 == "" {
			a1, a2 = a2, ""
		}
		if b1 == "" {
			b1, b2 = b2, ""
		}
		if a1 == "" || b1 == "" {
			return cmp.Compare(len(a1), len(b1))
		}
		n := min(len(a1), len(b1))
		if c := strings.Compare(a1[:n], b1[:n]); c != 0 {
			return c
		}
		a1, b1 = a1[n:], b1[n:]
	}
}

func overlaps(a, b []string) bool {
	return slices.ContainsFunc(a, func(s string) bool { return slices.Contains(b, s) })
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// appendNew appends the values of vs not yet in s.
func appendNew(s []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// Conditions a CI job can fail on (collab status --fail-on).
const (
	FailOverdue         = "overdue"          // a commitment is overdue
	FailEscalation      = "escalation"       // an agreement escalates
	FailStaleAcceptance = "stale-acceptance" // a party accepted earlier terms, or an active agreement lacks an acceptance
)

// Conditions lists the --fail-on conditions.
var Conditions = []string{FailOverdue, FailEscalation, FailStaleAcceptance}

// Count is the number of lines for which condition holds.
func (s Status) Count(condition string) int {
	n := 0
	switch condition {
	case FailOverdue:
		for _, it := range s.Overdue {
			if it.Kind == KindOverdue {
				n++
			}
		}
	case FailEscalation:
		n = len(s.Escalations)
	case FailStaleAcceptance:
		for _, it := range s.NeedsAction {
			if it.Kind == KindAcceptance && (it.Acceptance == "stale" || it.AgreementStatus == model.AgreementActive) {
				n++
			}
		}
	}
	return n
}
