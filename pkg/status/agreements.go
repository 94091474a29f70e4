package status

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/model"
)

// inForce reports whether the agreement's commitments are being delivered.
func inForce(a *model.Agreement) bool { return a.Spec.Status == model.AgreementActive }

// parties lists the teams of the agreement, with first (when given) first.
func parties(a *model.Agreement, first string) []string {
	out := appendNew(nil, first)
	for _, p := range a.Spec.Parties {
		out = appendNew(out, p.Team)
	}
	return out
}

// Acceptances lists the parties of a proposed or active agreement that have
// not accepted its current terms, with the members who may accept for each.
// A party whose team is missing or has no members is listed with nobody.
func Acceptances(a *model.Agreement, teams map[string]*model.Team) []Item {
	if a.Spec.Status != model.AgreementProposed && a.Spec.Status != model.AgreementActive {
		return nil
	}
	id := a.Metadata.ID
	digest := "" // computed only for a party that has accepted something
	var out []Item
	for _, p := range a.Spec.Parties {
		acc := a.Acceptance(p.Team)
		if acc != nil {
			if digest == "" {
				digest = a.TermsDigest()
			}
			if acc.Terms == digest {
				continue
			}
		}
		it := Item{Kind: KindAcceptance, Agreement: id, Party: p.Team, Teams: parties(a, p.Team), People: []string{},
			Acceptance: "missing", AgreementStatus: a.Spec.Status, Next: fmt.Sprintf("collab agree accept %s --party %s --summary TEXT", id, p.Team)}
		if acc != nil {
			it.Acceptance = "stale"
		}
		if t := teams[p.Team]; t != nil {
			// The party's owner first: the one expected to accept.
			if t.HasMember(p.Owner) {
				it.People = append(it.People, p.Owner)
			}
			it.People = appendNew(it.People, t.Emails()...)
		}
		switch {
		case len(it.People) == 0:
			it.Text = fmt.Sprintf("%s must accept, but the team has no members: add one (collab team member add %s EMAIL)", p.Team, p.Team)
			it.Next = fmt.Sprintf("collab team member add %s EMAIL", p.Team)
		case it.Acceptance == "stale":
			it.Text = fmt.Sprintf("%s must accept again: it accepted earlier terms on %s", p.Team, acc.Date)
		default:
			it.Text = fmt.Sprintf("%s must accept the %s agreement", p.Team, a.Spec.Status)
		}
		out = append(out, it)
	}
	return out
}

// ReviewDue reports the review of an active agreement when it falls due
// within `within` days of asOf, or is already past.
func ReviewDue(a *model.Agreement, asOf model.Date, within int) (Item, bool) {
	r := a.Spec.Review
	if !inForce(a) || r == nil || !r.Next.Valid() || model.DaysBetween(asOf, r.Next) > within {
		return Item{}, false
	}
	days := model.DaysBetween(asOf, r.Next)
	return Item{Kind: KindReview, Agreement: a.Metadata.ID, Teams: parties(a, ""), People: appendNew(nil, a.Spec.Owner),
		Date: r.Next, Days: days, Text: "review " + when(days),
		Next: "collab agree review " + a.Metadata.ID + " --note TEXT"}, true
}

// AgreementCheckin reports the check-in of an active agreement when it falls
// due within `within` days of asOf, or was missed (with the run of misses).
func AgreementCheckin(a *model.Agreement, asOf model.Date, within int) (Item, bool) {
	due, _, ok := agreement.CheckinDue(a)
	if !ok || model.DaysBetween(asOf, due) > within {
		return Item{}, false
	}
	it := checkinItem(due, asOf, agreement.MissedCheckins(a, asOf))
	it.Agreement, it.Teams, it.People = a.Metadata.ID, parties(a, ""), appendNew(nil, a.Spec.Owner)
	it.Next = "collab agree checkin " + a.Metadata.ID + " --note TEXT"
	if c := a.Spec.Cadence; c != nil && c.Forum != "" {
		it.Text += " (" + c.Forum + ")"
	}
	return it, true
}

func checkinItem(due, asOf model.Date, missed int) Item {
	days := model.DaysBetween(asOf, due)
	it := Item{Kind: KindCheckin, Date: due, Days: days, MissedCheckins: missed, Text: "check-in " + when(days)}
	if missed > 0 {
		it.Text = fmt.Sprintf("%s missed since %s", plural(missed, "check-in"), due)
	}
	return it
}

// DueSoon lists the open commitments of an active agreement due from asOf
// to `within` days later.
func DueSoon(a *model.Agreement, asOf model.Date, within int) []Item {
	if !inForce(a) {
		return nil
	}
	var out []Item
	for _, c := range a.Spec.Commitments {
		if c.State() != model.CommitmentOpen || !c.Due.Valid() {
			continue
		}
		days := model.DaysBetween(asOf, c.Due)
		if days < 0 || days > within {
			continue
		}
		it := commitmentItem(a, c, KindDue, asOf)
		it.Text = fmt.Sprintf("%s owes %q, %s", c.Party, c.Deliverable, when(days))
		out = append(out, it)
	}
	return out
}

// OverdueOrBlocked lists the commitments of an active agreement that are
// past due (open or blocked) or blocked, each with the commitments that
// wait on it.
func OverdueOrBlocked(a *model.Agreement, asOf model.Date) []Item {
	if !inForce(a) {
		return nil
	}
	var out []Item
	for _, c := range a.Spec.Commitments {
		overdue := agreement.Overdue(c, asOf)
		blocked := c.State() == model.CommitmentBlocked
		if !overdue && !blocked {
			continue
		}
		kind := KindOverdue
		if !overdue {
			kind = KindBlocked
		}
		it := commitmentItem(a, c, kind, asOf)
		it.Waiting, it.WaitingParties = Dependents(a, c.ID)
		var b strings.Builder
		if overdue {
			fmt.Fprintf(&b, "%s owes %q, %s late", c.Party, c.Deliverable, plural(-it.Days, "day"))
		} else {
			fmt.Fprintf(&b, "%s owes %q", c.Party, c.Deliverable)
		}
		if blocked {
			fmt.Fprintf(&b, " (blocked: %s)", orDash(c.Note))
		}
		if len(it.WaitingParties) > 0 {
			fmt.Fprintf(&b, "; %s wait%s on it", strings.Join(it.WaitingParties, ", "), verbS(len(it.WaitingParties)))
		}
		it.Text = b.String()
		if !overdue {
			it.Next = "collab agree show " + a.Metadata.ID
		}
		out = append(out, it)
	}
	return out
}

func commitmentItem(a *model.Agreement, c model.Commitment, kind string, asOf model.Date) Item {
	it := Item{Kind: kind, Agreement: a.Metadata.ID, Commitment: c.ID, Party: c.Party, Teams: parties(a, c.Party),
		People: appendNew([]string{}, c.Owner), Next: fmt.Sprintf("collab agree done %s %s", a.Metadata.ID, c.ID)}
	if c.Due.Valid() {
		it.Date, it.Days = c.Due, model.DaysBetween(asOf, c.Due)
	}
	return it
}

// Dependents lists the commitments of a that depend on commitment id,
// directly or through other commitments (in file order, each once), and the
// parties that owe them. Cycles end the walk.
func Dependents(a *model.Agreement, id string) (commitments, parties []string) {
	waits := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, c := range a.Spec.Commitments {
			if waits[c.ID] || !slices.ContainsFunc(c.DependsOn, func(d string) bool { return waits[d] }) {
				continue
			}
			waits[c.ID], changed = true, true
		}
	}
	for _, c := range a.Spec.Commitments {
		if c.ID != id && waits[c.ID] && c.State() != model.CommitmentDone && c.State() != model.CommitmentDropped {
			commitments = append(commitments, c.ID)
			parties = appendNew(parties, c.Party)
		}
	}
	return commitments, parties
}

// Escalations lists why an active agreement escalates: its check-ins were
// missed policy.escalateAfterMissed times in a row, or a commitment is more
// than policy.escalateAfterOverdue days overdue (one line per commitment).
// People are whom to tell: the escalation path (the agreement's owner when
// it names none), and the commitment's owner.
func Escalations(a *model.Agreement, asOf model.Date, p model.Policy) []Item {
	if !inForce(a) {
		return nil
	}
	p = p.WithDefaults()
	maxLate, _ := p.EscalateAfterOverdue.Days()
	id := a.Metadata.ID
	to := appendNew([]string{}, a.Spec.Escalation...)
	if len(to) == 0 {
		to = appendNew(to, a.Spec.Owner)
	}
	var out []Item
	if due, _, ok := agreement.CheckinDue(a); ok {
		if n := agreement.MissedCheckins(a, asOf); n >= p.EscalateAfterMissed {
			out = append(out, Item{Kind: KindEscalation, Reason: ReasonMissedCheckins, Agreement: id, Teams: parties(a, ""),
				People: to, Date: due, Days: model.DaysBetween(asOf, due), MissedCheckins: n,
				Text: fmt.Sprintf("%s missed in a row since %s", plural(n, "check-in"), due),
				Next: "collab agree checkin " + id + " --note TEXT"})
		}
	}
	for _, c := range a.Spec.Commitments {
		if !agreement.Overdue(c, asOf) {
			continue
		}
		late := model.DaysBetween(c.Due, asOf)
		if late <= maxLate {
			continue
		}
		it := commitmentItem(a, c, KindEscalation, asOf)
		it.Reason, it.People = ReasonOverdue, appendNew(slices.Clone(to), c.Owner)
		it.Text = fmt.Sprintf("%s owes %q, %s overdue (more than %d)", c.Party, c.Deliverable, plural(late, "day"), maxLate)
		it.Next = fmt.Sprintf("collab agree amend %s --commitment %s --due DATE --reason TEXT", id, c.ID)
		out = append(out, it)
	}
	return out
}

// when says when a date n days from today falls.
func when(n int) string {
	switch {
	case n == 0:
		return "due today"
	case n == 1:
		return "due tomorrow"
	case n > 0:
		return fmt.Sprintf("due in %d days", n)
	case n == -1:
		return "due yesterday"
	}
	return fmt.Sprintf("%d days late", -n)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dueText says when a commitment item is due, or that it has no date.
func dueText(it Item) string {
	if it.Date == "" {
		return "no due date"
	}
	return when(it.Days)
}
