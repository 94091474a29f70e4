// Package agreement holds the lifecycle rules of an agreement that go beyond
// the model: what a draft still lacks before it can be proposed, who may
// accept for a party, how terms changed between two versions (for commit
// subjects such as "deliver-feature due 2026-03-15 -> 2026-03-22"), the
// next check-in and review dates, and the built-in templates.
package agreement

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Missing lists what a draft lacks before it can be proposed, in the order a
// person would fix it: an owner, two parties each with an owner, a commitment
// per party, an owner, deliverable and due date on every commitment, a
// metric and a check-in cadence. Empty means ready.
func Missing(a *model.Agreement) []string {
	s := a.Spec
	var out []string
	if s.Owner == "" {
		out = append(out, "an owner accountable for the whole agreement (spec.owner)")
	}
	teams := map[string]bool{}
	for _, p := range s.Parties {
		teams[p.Team] = true
	}
	if len(teams) < 2 {
		out = append(out, fmt.Sprintf("at least two parties (has %d)", len(teams)))
	}
	for _, p := range s.Parties {
		if p.Owner == "" {
			out = append(out, fmt.Sprintf("an owner for party %s", p.Team))
		}
	}
	for _, p := range s.Parties {
		if !slices.ContainsFunc(s.Commitments, func(c model.Commitment) bool { return c.Party == p.Team }) {
			out = append(out, fmt.Sprintf("a commitment of party %s", p.Team))
		}
	}
	article := map[string]string{"owner": "an owner", "deliverable": "a deliverable", "due": "a due date"}
	for _, c := range s.Commitments {
		var lack []string
		for _, field := range CommitmentLacks(c) {
			lack = append(lack, article[field])
		}
		if len(lack) > 0 {
			out = append(out, fmt.Sprintf("%s for commitment %s", joinAnd(lack), c.ID))
		}
	}
	if len(s.Metrics) == 0 {
		out = append(out, "at least one joint metric")
	}
	if s.Cadence == nil || s.Cadence.Every == "" {
		out = append(out, "a check-in cadence (cadence.every)")
	}
	return out
}

// Why CanAccept refuses; its errors match these with errors.Is.
var (
	ErrNotParty  = errors.New("not a party of the agreement")
	ErrNoTeam    = errors.New("the party's team does not exist")
	ErrNotMember = errors.New("not a member of the party's team")
)

// refusal is an error with its own message that matches a reason.
type refusal struct {
	reason error
	msg    string
}

func (e *refusal) Error() string        { return e.msg }
func (e *refusal) Is(target error) bool { return target == e.reason }

// CommitmentLacks lists the fields a commitment of a proposed agreement
// needs and c lacks, in file order: owner, deliverable, due.
func CommitmentLacks(c model.Commitment) []string {
	var out []string
	if c.Owner == "" {
		out = append(out, "owner")
	}
	if c.Deliverable == "" {
		out = append(out, "deliverable")
	}
	if c.Due == "" {
		out = append(out, "due")
	}
	return out
}

// CanAccept checks that email may accept for party: the team is a party of
// the agreement and email is one of its members (team is the party's team,
// nil when it does not exist). The error names the parties or the members
// and matches ErrNotParty, ErrNoTeam or ErrNotMember.
func CanAccept(a *model.Agreement, team *model.Team, party, email string) error {
	if a.Party(party) == nil {
		var ps []string
		for _, p := range a.Spec.Parties {
			ps = append(ps, p.Team)
		}
		return &refusal{ErrNotParty, fmt.Sprintf("%s is not a party of agreement %s (parties: %s)", party, a.Metadata.ID, strings.Join(ps, ", "))}
	}
	if team == nil {
		return &refusal{ErrNoTeam, fmt.Sprintf("no team %q: the party cannot accept until the team exists (collab team add %s)", party, party)}
	}
	if !team.HasMember(email) {
		return &refusal{ErrNotMember, fmt.Sprintf("%s is not a member of team %s and cannot accept for it (members: %s); a member of %s must run this command, or add %s to the team first",
			email, party, strings.Join(team.Emails(), ", "), party, email)}
	}
	return nil
}

// MustAccept lists the parties whose acceptance does not match the current
// terms, in party order.
func MustAccept(a *model.Agreement) []string {
	digest := a.TermsDigest() // once, not per party
	var out []string
	for _, p := range a.Spec.Parties {
		if acc := a.Acceptance(p.Team); acc == nil || acc.Terms != digest {
			out = append(out, p.Team)
		}
	}
	return out
}

// AllAccepted reports whether every party has accepted the current terms.
func AllAccepted(a *model.Agreement) bool {
	return len(a.Spec.Parties) > 0 && len(MustAccept(a)) == 0
}

// Writable refuses changes to an agreement that has ended.
func Writable(a *model.Agreement) error {
	switch a.Spec.Status {
	case model.AgreementSuperseded:
		return fmt.Errorf("agreement %s is superseded by %s: change that one instead", a.Metadata.ID, orNone(a.Spec.SupersededBy))
	case model.AgreementRetired:
		return fmt.Errorf("agreement %s is retired: create a new agreement (collab agree new) instead", a.Metadata.ID)
	}
	return nil
}

// Next advances a scheduled date by every until it is after on: the next
// check-in after one held on `on`. With no schedule yet, it is on + every.
func Next(next model.Date, every model.Duration, on model.Date) (model.Date, error) {
	days, ok := every.Days()
	if !ok || days <= 0 {
		return "", fmt.Errorf("invalid cadence %q: use a number of days or weeks, e.g. 14d", every)
	}
	if !next.Valid() {
		return on.AddDays(days), nil
	}
	n := next.AddDays(days)
	for n <= on {
		n = n.AddDays(days)
	}
	return n, nil
}

// NextReview is the review after one held on `on`: every from that day. A
// review looks at the whole agreement afresh, so unlike a check-in cadence it
// keeps no fixed schedule: reviewing early or late moves the next one with it.
func NextReview(on model.Date, every model.Duration) (model.Date, error) {
	days, ok := every.Days()
	if !ok || days <= 0 {
		return "", fmt.Errorf("invalid review interval %q: use a number of days or weeks, e.g. 180d", every)
	}
	return on.AddDays(days), nil
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func orNone(s string) string {
	if s == "" {
		return "another agreement"
	}
	return s
}
