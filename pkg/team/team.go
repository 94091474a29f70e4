// Package team holds the rules of a team's membership, used by the team
// commands and by validate alike: the lead is a member, and each person is
// listed once.
package team

import (
	"fmt"
	"slices"

	"github.com/collab-tools/collab/pkg/model"
)

// LeadIsMember reports whether the team's lead is one of its members (or no
// lead is set, which the schema reports).
func LeadIsMember(t *model.Team) bool {
	return t.Spec.Lead == "" || t.HasMember(t.Spec.Lead)
}

// Duplicate is a member entry whose email an earlier entry already lists.
type Duplicate struct {
	Index, First int // of the entry, and of the entry that lists it first
	Email        string
}

// Duplicates lists the member entries that repeat an email, in file order.
// Entries without an email are the schema's to report.
func Duplicates(t *model.Team) []Duplicate {
	var out []Duplicate
	first := map[string]int{}
	for i, m := range t.Spec.Members {
		if m.Email == "" {
			continue
		}
		if j, dup := first[m.Email]; dup {
			out = append(out, Duplicate{Index: i, First: j, Email: m.Email})
			continue
		}
		first[m.Email] = i
	}
	return out
}

// AddMember checks that m may be added to t: it must not list a person
// twice (Duplicates).
func AddMember(t *model.Team, m model.Member) error {
	next := *t
	next.Spec.Members = append(slices.Clone(t.Spec.Members), m)
	if len(Duplicates(&next)) > len(Duplicates(t)) {
		return fmt.Errorf("%s is already a member of team %s", m.Email, t.Metadata.ID)
	}
	return nil
}

// RemoveMember returns the index of the member entry of email, checking that
// it may be removed: the lead must stay a member (LeadIsMember).
func RemoveMember(t *model.Team, email string) (int, error) {
	i := slices.IndexFunc(t.Spec.Members, func(m model.Member) bool { return m.Email == email })
	if i < 0 {
		return -1, fmt.Errorf("%s is not a member of team %s (members: %v)", email, t.Metadata.ID, t.Emails())
	}
	next := *t
	next.Spec.Members = slices.Delete(slices.Clone(t.Spec.Members), i, i+1)
	if !LeadIsMember(&next) {
		id := t.Metadata.ID
		return -1, fmt.Errorf("%s is the lead of team %s: make someone else the lead first with `collab team edit %s`", email, id, id)
	}
	return i, nil
}
