package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkAgreement checks an agreement's parties, the people it names, its
// links to other entities, its commitments and acceptances, the lifecycle
// invariant of an active agreement and the date-dependent warnings.
func (c *checker) checkAgreement(r *reporter, e *workspace.Entity, a *model.Agreement) {
	partyIdx := c.checkParties(r, e, a)
	c.checkAgreementPeople(r, a)
	c.checkAgreementLinks(r, e, a)
	c.checkCommitments(r, e, a, partyIdx)
	c.checkAcceptances(r, e, a, partyIdx)
	c.checkOptions(r, a)
	if a.Spec.Status == model.AgreementActive {
		c.checkAccepted(r, e, a)
	}
	for i, ci := range a.Spec.Checkins {
		c.checkCheckinDate(r, i, ci.Date)
		if c.inNoTeam(ci.By) {
			path := nodePath("spec", "checkins", i, "by")
			r.at(diag.Warning, CodeCheckinUnknownPerson, path,
				"%s: %s is in no team; check-ins should come from a member of a team", dotted(path...), ci.By)
		}
		c.checkMinutes(r, a, i, ci)
	}
	// A reading, like a check-in, records what has happened.
	for i, m := range a.Spec.Metrics {
		for j, rd := range m.Readings {
			if err := model.CheckinDate(rd.Date, c.asOf); err != nil {
				path := nodePath("spec", "metrics", i, "readings", j, "date")
				r.at(diag.Error, CodeCheckinFuture, path, "%s: %v; fix the date", dotted(path...), err)
			}
		}
	}
	if c.asOf != "" && a.Spec.Status == model.AgreementActive {
		c.checkAgreementDates(r, e, a)
	}
}

// checkMinutes: the attendees of a check-in and the owners of its action
// items may attend (agreement.CanAttend).
func (c *checker) checkMinutes(r *reporter, a *model.Agreement, i int, ci model.AgreementCheckin) {
	for j, who := range ci.Attendees {
		if err := agreement.CanAttend(a, c.teams, who); err != nil {
			path := nodePath("spec", "checkins", i, "attendees", j)
			r.at(diag.Error, CodeAttendeeNotParty, path, "%s: %v", dotted(path...), err)
		}
	}
	for j, it := range ci.Actions {
		if err := agreement.CanAttend(a, c.teams, it.Owner); err != nil {
			path := nodePath("spec", "checkins", i, "actions", j, "owner")
			r.at(diag.Error, CodeAttendeeNotParty, path, "%s: action owner: %v", dotted(path...), err)
		}
	}
}

// checkParties: each party once, an existing team, an owner who is a member
// of it, and two parties once proposed. It returns the index of each
// party's first entry by team.
func (c *checker) checkParties(r *reporter, e *workspace.Entity, a *model.Agreement) map[string]int {
	s := a.Spec
	partyIdx := map[string]int{}
	for i, pt := range s.Parties {
		path := nodePath("spec", "parties", i, "team")
		if j, dup := partyIdx[pt.Team]; dup {
			r.at(diag.Error, CodeDuplicateParty, path, "%s: team %s is already a party (%s); list each team once",
				dotted(path...), pt.Team, dotted("spec", "parties", j))
			continue
		}
		partyIdx[pt.Team] = i
		if !c.exists(model.KindTeam, pt.Team) {
			r.at(diag.Error, CodeUnknownTeam, path, "%s: no team %q (%s); create it with collab team add %s or fix the id",
				dotted(path...), pt.Team, c.known(model.KindTeam, pt.Team), pt.Team)
			continue
		}
		if pt.Owner != "" {
			if is, ok := c.member(pt.Team, pt.Owner); ok && !is {
				opath := nodePath("spec", "parties", i, "owner")
				r.at(diag.Error, CodeNotMember, opath, "%s: %s is not a member of team %s (%s)",
					dotted(opath...), pt.Owner, pt.Team, c.membersOf(pt.Team))
			}
		}
	}
	if (s.Status == model.AgreementProposed || s.Status == model.AgreementActive) && len(partyIdx) < 2 {
		r.atKey(diag.Error, CodeTooFewParties, nodePath("spec", "parties"),
			"spec.parties: a %s agreement needs at least two parties, %s has %d; add the other department (collab agree edit %s) or set status: draft",
			s.Status, e.ID, len(partyIdx), e.ID)
	}
	return partyIdx
}

// checkAgreementPeople: the owner and the escalation contacts are members
// of some team.
func (c *checker) checkAgreementPeople(r *reporter, a *model.Agreement) {
	if c.inNoTeam(a.Spec.Owner) {
		r.at(diag.Error, CodeUnknownPerson, nodePath("spec", "owner"),
			"spec.owner: %s is in no team; add them to the members of a team or choose another owner", a.Spec.Owner)
	}
	for i, who := range a.Spec.Escalation {
		if c.inNoTeam(who) {
			path := nodePath("spec", "escalation", i)
			r.at(diag.Error, CodeUnknownPerson, path,
				"%s: %s is in no team; escalation goes to people who are members of a team", dotted(path...), who)
		}
	}
}

// checkAgreementLinks: goals, superseded and superseding agreements, and
// service providers exist.
func (c *checker) checkAgreementLinks(r *reporter, e *workspace.Entity, a *model.Agreement) {
	s := a.Spec
	for i, g := range s.Goals {
		if !c.exists(model.KindGoal, g) {
			path := nodePath("spec", "goals", i)
			r.at(diag.Error, CodeUnknownGoal, path, "%s: no goal %q (%s); fix the id or create the goal with collab goal new %s",
				dotted(path...), g, c.known(model.KindGoal, g), g)
		}
	}
	for i, other := range s.Supersedes {
		path := nodePath("spec", "supersedes", i)
		switch {
		case other == e.ID:
			r.at(diag.Error, CodeUnknownAgreement, path, "%s: agreement %s cannot supersede itself", dotted(path...), e.ID)
		case !c.exists(model.KindAgreement, other):
			r.at(diag.Error, CodeUnknownAgreement, path, "%s: no agreement %q (%s); fix the id or remove it",
				dotted(path...), other, c.known(model.KindAgreement, other))
		}
	}
	if s.SupersededBy != "" && !c.exists(model.KindAgreement, s.SupersededBy) {
		r.at(diag.Error, CodeUnknownAgreement, nodePath("spec", "supersededBy"), "spec.supersededBy: no agreement %q (%s); fix the id or remove it",
			s.SupersededBy, c.known(model.KindAgreement, s.SupersededBy))
	} else if s.SupersededBy != "" && s.Status == model.AgreementSuperseded && agreement.AllAccepted(a) {
		// It was active when superseded (every party had accepted its
		// terms, which take no changes since): each party must have
		// accepted the successor. Its later amendments may leave those
		// acceptances stale; that is the successor's own business.
		if c.stream == nil {
			c.checkSuccessor(r, e, a)
		} else {
			kept := &model.Agreement{}
			kept.Spec.SupersededBy = s.SupersededBy
			kept.Spec.Parties = a.Spec.Parties
			c.stream.later(schemaAt(r.list), e, func(r *reporter) { c.checkSuccessor(r, e, kept) })
		}
	}
	for i, sl := range s.ServiceLevels {
		if sl.Provider != "" && !c.exists(model.KindTeam, sl.Provider) {
			path := nodePath("spec", "serviceLevels", i, "provider")
			r.at(diag.Error, CodeUnknownTeam, path, "%s: no team %q (%s); fix the id",
				dotted(path...), sl.Provider, c.known(model.KindTeam, sl.Provider))
		}
	}
}

// checkSuccessor: each party of a superseded agreement accepted its
// successor. It reads the successor (c.successor), and of a its parties
// and successor's id.
func (c *checker) checkSuccessor(r *reporter, e *workspace.Entity, a *model.Agreement) {
	s := a.Spec
	if next := c.successor(s.SupersededBy); next != nil {
		if missing := agreement.NotAcceptedBy(a, next, false); len(missing) > 0 {
			r.at(diag.Error, CodeSuccessorNotAccepted, nodePath("spec", "supersededBy"),
				"spec.supersededBy: %s was active, and is superseded by %s, which %s never accepted; an active agreement is superseded only by one every party accepted (collab agree accept %s --party %s, or set it back to active)",
				e.ID, s.SupersededBy, strings.Join(missing, ", "), s.SupersededBy, missing[0])
		}
	}
}

// checkAcceptances: each acceptance is for a party, by someone who may
// accept for it (agreement.CanAccept).
func (c *checker) checkAcceptances(r *reporter, e *workspace.Entity, a *model.Agreement, partyIdx map[string]int) {
	for i, acc := range a.Spec.Acceptances {
		err := agreement.CanAccept(a, c.teams[acc.Party], acc.Party, acc.By)
		switch {
		case errors.Is(err, agreement.ErrNotParty):
			path := nodePath("spec", "acceptances", i, "party")
			r.at(diag.Error, CodeUnknownParty, path, "%s: %s is not a party of agreement %s (parties: %s); only parties accept",
				dotted(path...), acc.Party, e.ID, partyList(a.Spec.Parties))
		case errors.Is(err, agreement.ErrNotMember) && acc.By != "":
			bpath := nodePath("spec", "acceptances", i, "by")
			r.at(diag.Error, CodeAcceptanceNotMember, bpath, "%s: %s accepted for %s but is not a member of team %s (%s); a member of the party must accept",
				dotted(bpath...), acc.By, acc.Party, acc.Party, c.membersOf(acc.Party))
		}
	}
}

// checkAgreementDates warns about what an active agreement let pass: open
// commitments past their due date, a missed check-in or review.
func (c *checker) checkAgreementDates(r *reporter, e *workspace.Entity, a *model.Agreement) {
	s, id := a.Spec, e.ID
	for i, cm := range s.Commitments {
		// The same rule as collab status's overdue lines.
		if agreement.Overdue(cm, c.asOf) {
			path := nodePath("spec", "commitments", i, "due")
			r.at(diag.Warning, CodeOverdue, path,
				"%s: commitment %s of %s was due on %s and is still %s (%d days late); mark it done (collab agree done %s %s) or agree a new date (collab agree amend)",
				dotted(path...), cm.ID, cm.Party, cm.Due, cm.State(), model.DaysBetween(cm.Due, c.asOf), id, cm.ID)
		}
	}
	// The check-in due date collab status counts missed check-ins from.
	if due, every, ok := agreement.CheckinDue(a); ok && due < c.asOf {
		if due == s.Cadence.Next {
			r.at(diag.Warning, CodeCheckinOverdue, nodePath("spec", "cadence", "next"),
				"spec.cadence.next: the check-in of agreement %s was due on %s; hold it and record it (collab agree checkin %s)",
				id, due, id)
		} else {
			r.at(diag.Warning, CodeCheckinOverdue, nodePath("spec", "cadence"),
				"spec.cadence: the check-in of agreement %s was due on %s, %d days after the last check-in or acceptance; hold it and record it (collab agree checkin %s)",
				id, due, every, id)
		}
	}
	if s.Review != nil && s.Review.Next.Valid() && s.Review.Next < c.asOf {
		r.at(diag.Warning, CodeReviewOverdue, nodePath("spec", "review", "next"),
			"spec.review.next: the review of agreement %s was due on %s; review it and record it (collab agree review %s)",
			id, s.Review.Next, id)
	}
}

// checkCommitments: unique ids, a party of the agreement, an owner in that
// party's team, dependencies that resolve without a cycle, and dates that
// follow dependencies.
func (c *checker) checkCommitments(r *reporter, e *workspace.Entity, a *model.Agreement, partyIdx map[string]int) {
	s := a.Spec
	byID := map[string]int{}
	for i, cm := range s.Commitments {
		if j, dup := byID[cm.ID]; dup {
			path := nodePath("spec", "commitments", i, "id")
			r.at(diag.Error, CodeDuplicateCommitment, path, "%s: commitment %s is already defined at %s; commitment ids are unique within an agreement",
				dotted(path...), cm.ID, dotted("spec", "commitments", j))
			continue
		}
		byID[cm.ID] = i
	}
	for i, cm := range s.Commitments {
		if _, ok := partyIdx[cm.Party]; !ok && cm.Party != "" {
			path := nodePath("spec", "commitments", i, "party")
			r.at(diag.Error, CodeUnknownParty, path, "%s: %s is not a party of agreement %s (parties: %s); add the party or assign the commitment to one",
				dotted(path...), cm.Party, e.ID, partyList(s.Parties))
		} else if cm.Owner != "" {
			if is, ok := c.member(cm.Party, cm.Owner); ok && !is {
				path := nodePath("spec", "commitments", i, "owner")
				r.at(diag.Error, CodeNotMember, path, "%s: %s is not a member of team %s (%s)",
					dotted(path...), cm.Owner, cm.Party, c.membersOf(cm.Party))
			}
		}
		if s.Status == model.AgreementProposed || s.Status == model.AgreementActive {
			if missing := agreement.CommitmentLacks(cm); len(missing) > 0 {
				path := nodePath("spec", "commitments", i)
				r.at(diag.Warning, CodeCommitmentIncomplete, path, "%s: commitment %s has no %s; the commitments of a proposed or active agreement need a named owner, a deliverable and a date",
					dotted(path...), cm.ID, join(missing))
			}
		}
		for j, dep := range cm.DependsOn {
			path := nodePath("spec", "commitments", i, "dependsOn", j)
			k, ok := byID[dep]
			if !ok {
				r.at(diag.Error, CodeUnknownCommitment, path, "%s: agreement %s has no commitment %q (%s)",
					dotted(path...), e.ID, dep, commitmentList(s.Commitments))
				continue
			}
			if cycle := dependsCycle(s.Commitments, byID, i, k); cycle != nil {
				r.at(diag.Error, CodeDependsCycle, path, "%s: commitments depend on each other in a cycle (%s); remove one of these dependencies",
					dotted(path...), strings.Join(cycle, " -> "))
				continue
			}
			if d := s.Commitments[k].Due; d.Valid() && cm.Due.Valid() && cm.Due < d {
				dpath := nodePath("spec", "commitments", i, "due")
				r.at(diag.Warning, CodeDueBeforeDependency, dpath, "%s: commitment %s is due %s, before %s (due %s) that it depends on; move the date or drop the dependency",
					dotted(dpath...), cm.ID, cm.Due, dep, d)
			}
		}
	}
}

// dependsCycle returns the shortest chain from commitment from through to
// (a dependency of from) back to from, or nil when to cannot reach from.
func dependsCycle(cs []model.Commitment, byID map[string]int, from, to int) []string {
	prev := map[int]int{to: -1}
	queue := []int{to}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == from {
			var rev []string
			for x := n; x != -1; x = prev[x] {
				rev = append(rev, cs[x].ID)
			}
			slices.Reverse(rev)
			return append([]string{cs[from].ID}, rev...)
		}
		for _, dep := range cs[n].DependsOn {
			k, ok := byID[dep]
			if _, seen := prev[k]; ok && !seen {
				prev[k] = n
				queue = append(queue, k)
			}
		}
	}
	return nil
}

// checkAccepted holds the lifecycle invariant: an active agreement has, for
// every party, an acceptance of the current terms by a member of its team.
func (c *checker) checkAccepted(r *reporter, e *workspace.Entity, a *model.Agreement) {
	digest := a.TermsDigest()
	seen := map[string]bool{}
	for _, pt := range a.Spec.Parties {
		if seen[pt.Team] {
			continue
		}
		seen[pt.Team] = true
		valid, byOutsider := false, ""
		for _, acc := range a.Spec.Acceptances {
			if acc.Party != pt.Team || acc.Terms != digest {
				continue
			}
			if err := agreement.CanAccept(a, c.teams[pt.Team], pt.Team, acc.By); err == nil || errors.Is(err, agreement.ErrNoTeam) {
				valid = true
				break
			}
			byOutsider = acc.By
		}
		if valid {
			continue
		}
		again := fmt.Sprintf("collab agree accept %s --party %s", e.ID, pt.Team)
		last := a.Acceptance(pt.Team)
		switch {
		case byOutsider != "":
			r.at(diag.Error, CodeAcceptanceMissing, nodePath("spec", "status"),
				"spec.status: agreement %s is active but the acceptance of %s was given by %s, who is not a member of team %s: a member must accept (%s)",
				e.ID, pt.Team, byOutsider, pt.Team, again)
		case last != nil:
			r.at(diag.Error, CodeAcceptanceStale, nodePath("spec", "status"),
				"spec.status: agreement %s is active but the acceptance of %s is stale (accepted terms %s, current terms %s): the party must accept again (%s)",
				e.ID, pt.Team, last.Terms, digest, again)
		default:
			r.at(diag.Error, CodeAcceptanceMissing, nodePath("spec", "status"),
				"spec.status: agreement %s is active but %s has not accepted it (current terms %s): the party must accept (%s) or the agreement goes back to proposed",
				e.ID, pt.Team, digest, again)
		}
	}
}

func partyList(ps []model.Party) string {
	if len(ps) == 0 {
		return "none"
	}
	ids := make([]string, len(ps))
	for i, pt := range ps {
		ids[i] = pt.Team
	}
	return strings.Join(ids, ", ")
}

func commitmentList(cs []model.Commitment) string {
	if len(cs) == 0 {
		return "it has none"
	}
	ids := make([]string, len(cs))
	for i, cm := range cs {
		ids[i] = cm.ID
	}
	if len(ids) > 12 {
		ids = append(ids[:12], "...")
	}
	return "commitments: " + strings.Join(ids, ", ")
}
