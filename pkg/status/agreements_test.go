package status

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// launch is an active agreement between product and sales, accepted on its
// current terms, with a dependency chain of three: deliver-feature <-
// start-outreach <- pipeline-report.
func launch() *model.Agreement {
	a := &model.Agreement{}
	a.Metadata.ID = "launch"
	a.Spec = model.AgreementSpec{
		Status: model.AgreementActive,
		Owner:  "pat@acme.example",
		Parties: []model.Party{
			{Team: "product", Owner: "priya@acme.example"},
			{Team: "sales", Owner: "sam@acme.example"},
		},
		Commitments: []model.Commitment{
			{ID: "deliver-feature", Party: "product", Owner: "priya@acme.example", Deliverable: "GA", Due: "2026-03-22"},
			{ID: "start-outreach", Party: "sales", Owner: "sam@acme.example", Deliverable: "Outreach", Due: "2026-03-23", DependsOn: []string{"deliver-feature"}},
			{ID: "pipeline-report", Party: "sales", Owner: "dev@acme.example", Deliverable: "Report", Due: "2026-04-30", DependsOn: []string{"start-outreach"}},
		},
		Cadence:    &model.Cadence{Every: "14d", Next: "2026-03-18", Forum: "Sync"},
		Review:     &model.Review{Every: "90d", Next: "2026-06-01"},
		Escalation: []string{"helen@acme.example"},
	}
	accept(a)
	return a
}

// accept records a current acceptance for every party.
func accept(a *model.Agreement) {
	a.Spec.Acceptances = nil
	for _, p := range a.Spec.Parties {
		a.Spec.Acceptances = append(a.Spec.Acceptances, model.Acceptance{Party: p.Team, By: p.Owner, Date: "2026-03-05", Terms: a.TermsDigest()})
	}
}

func teams() map[string]*model.Team {
	team := func(id string, emails ...string) *model.Team {
		t := &model.Team{}
		t.Metadata.ID = id
		for _, e := range emails {
			t.Spec.Members = append(t.Spec.Members, model.Member{Email: e})
		}
		return t
	}
	return map[string]*model.Team{
		"product": team("product", "leo@acme.example", "priya@acme.example"),
		"sales":   team("sales", "sam@acme.example", "dev@acme.example"),
		"legal":   team("legal"),
		"ops":     team("ops", "pat@acme.example"),
	}
}

// brief keeps the fields of an item a rule test looks at.
type brief struct {
	Kind, Ref, Text string
	Days            int
	People          []string
	Waiting         []string
}

func briefs(items []Item) []brief {
	var out []brief
	for _, it := range items {
		out = append(out, brief{it.Kind, it.Ref(), it.Text, it.Days, it.People, it.WaitingParties})
	}
	return out
}

func TestDueSoon(t *testing.T) {
	tests := []struct {
		name   string
		asOf   model.Date
		within int
		edit   func(a *model.Agreement)
		want   []brief
	}{
		{"due today", "2026-03-22", 0, func(*model.Agreement) {}, []brief{
			{KindDue, "launch/deliver-feature", `product owes "GA", due today`, 0, []string{"priya@acme.example"}, nil}}},
		{"due tomorrow, at the edge of the window", "2026-03-22", 1, func(*model.Agreement) {}, []brief{
			{KindDue, "launch/deliver-feature", `product owes "GA", due today`, 0, []string{"priya@acme.example"}, nil},
			{KindDue, "launch/start-outreach", `sales owes "Outreach", due tomorrow`, 1, []string{"sam@acme.example"}, nil}}},
		{"due yesterday is overdue, not due", "2026-03-23", 0, func(*model.Agreement) {}, []brief{
			{KindDue, "launch/start-outreach", `sales owes "Outreach", due today`, 0, []string{"sam@acme.example"}, nil}}},
		{"done, blocked and undated commitments are not due", "2026-03-22", 60, func(a *model.Agreement) {
			a.Spec.Commitments[0].Status = model.CommitmentDone
			a.Spec.Commitments[1].Status = model.CommitmentBlocked
			a.Spec.Commitments[2].Due = ""
		}, nil},
		{"a proposed agreement is not in force", "2026-03-22", 60, func(a *model.Agreement) { a.Spec.Status = model.AgreementProposed }, nil},
		{"--as-of before the period: nothing due yet", "2026-01-01", 14, func(*model.Agreement) {}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := launch()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, briefs(DueSoon(a, tt.asOf, tt.within))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestOverdueOrBlocked(t *testing.T) {
	tests := []struct {
		name string
		asOf model.Date
		edit func(a *model.Agreement)
		want []brief
	}{
		{"due today is not overdue", "2026-03-22", func(*model.Agreement) {}, nil},
		{"due yesterday: a chain of three waits on it", "2026-03-23", func(*model.Agreement) {}, []brief{
			{KindOverdue, "launch/deliver-feature", `product owes "GA", 1 day late; sales waits on it`, -1, []string{"priya@acme.example"}, []string{"sales"}}}},
		{"the middle of the chain: the last waits", "2026-03-24", func(a *model.Agreement) { a.Spec.Commitments[0].Status = model.CommitmentDone }, []brief{
			{KindOverdue, "launch/start-outreach", `sales owes "Outreach", 1 day late; sales waits on it`, -1, []string{"sam@acme.example"}, []string{"sales"}}}},
		{"blocked before its date, with the reason", "2026-03-01", func(a *model.Agreement) {
			a.Spec.Commitments[2].Status, a.Spec.Commitments[2].Note = model.CommitmentBlocked, "CRM export broken"
		}, []brief{{KindBlocked, "launch/pipeline-report", `sales owes "Report" (blocked: CRM export broken)`, 60, []string{"dev@acme.example"}, nil}}},
		{"blocked and late", "2026-03-23", func(a *model.Agreement) { a.Spec.Commitments[0].Status = model.CommitmentBlocked }, []brief{
			{KindOverdue, "launch/deliver-feature", `product owes "GA", 1 day late (blocked: -); sales waits on it`, -1, []string{"priya@acme.example"}, []string{"sales"}}}},
		{"done dependents wait on nothing", "2026-03-25", func(a *model.Agreement) {
			a.Spec.Commitments[1].Status = model.CommitmentDone
			a.Spec.Commitments[2].Status = model.CommitmentDropped
		}, []brief{{KindOverdue, "launch/deliver-feature", `product owes "GA", 3 days late`, -3, []string{"priya@acme.example"}, nil}}},
		{"a dependency cycle ends", "2026-03-23", func(a *model.Agreement) {
			a.Spec.Commitments[0].DependsOn = []string{"pipeline-report"}
		}, []brief{{KindOverdue, "launch/deliver-feature", `product owes "GA", 1 day late; sales waits on it`, -1, []string{"priya@acme.example"}, []string{"sales"}}}},
		{"retired agreements owe nothing", "2026-05-01", func(a *model.Agreement) { a.Spec.Status = model.AgreementRetired }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := launch()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, briefs(OverdueOrBlocked(a, tt.asOf))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDependents(t *testing.T) {
	a := launch()
	tests := []struct {
		id            string
		wantC, wantPs []string
	}{
		{"deliver-feature", []string{"start-outreach", "pipeline-report"}, []string{"sales"}},
		{"start-outreach", []string{"pipeline-report"}, []string{"sales"}},
		{"pipeline-report", nil, nil},
		{"no-such-commitment", nil, nil},
	}
	for _, tt := range tests {
		c, ps := Dependents(a, tt.id)
		if diff := cmp.Diff([][]string{tt.wantC, tt.wantPs}, [][]string{c, ps}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, diff)
		}
	}
}

func TestAcceptances(t *testing.T) {
	tests := []struct {
		name string
		edit func(a *model.Agreement)
		want []brief
	}{
		{"all current", func(*model.Agreement) {}, nil},
		{"terms changed: both stale, owner first", func(a *model.Agreement) { a.Spec.Purpose = "Changed" }, []brief{
			{KindAcceptance, "launch", "product must accept again: it accepted earlier terms on 2026-03-05", 0, []string{"priya@acme.example", "leo@acme.example"}, nil},
			{KindAcceptance, "launch", "sales must accept again: it accepted earlier terms on 2026-03-05", 0, []string{"sam@acme.example", "dev@acme.example"}, nil}}},
		{"proposed, one missing", func(a *model.Agreement) {
			a.Spec.Status = model.AgreementProposed
			a.Spec.Acceptances = a.Spec.Acceptances[:1]
		}, []brief{{KindAcceptance, "launch", "sales must accept the proposed agreement", 0, []string{"sam@acme.example", "dev@acme.example"}, nil}}},
		{"a party with no members", func(a *model.Agreement) {
			a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: "legal", Owner: "lee@acme.example"})
			accept(a)
			a.Spec.Acceptances = a.Spec.Acceptances[:2]
			a.Spec.Status = model.AgreementProposed
		}, []brief{{KindAcceptance, "launch", "legal must accept, but the team has no members: add one (collab team member add legal EMAIL)", 0, []string{}, nil}}},
		{"a party whose team does not exist", func(a *model.Agreement) {
			a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: "ghost"})
			accept(a)
			a.Spec.Acceptances = a.Spec.Acceptances[:2]
		}, []brief{{KindAcceptance, "launch", "ghost must accept, but the team has no members: add one (collab team member add ghost EMAIL)", 0, []string{}, nil}}},
		{"drafts are not waiting for anyone", func(a *model.Agreement) {
			a.Spec.Status, a.Spec.Acceptances = model.AgreementDraft, nil
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := launch()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, briefs(Acceptances(a, teams()))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReviewAndCheckinDue(t *testing.T) {
	tests := []struct {
		name   string
		asOf   model.Date
		within int
		edit   func(a *model.Agreement)
		want   []brief
	}{
		{"nothing due in the window", "2026-03-01", 14, func(*model.Agreement) {}, nil},
		{"check-in due today", "2026-03-18", 0, func(*model.Agreement) {}, []brief{
			{KindCheckin, "launch", "check-in due today (Sync)", 0, []string{"pat@acme.example"}, nil}}},
		{"check-in due yesterday: missed", "2026-03-19", 0, func(*model.Agreement) {}, []brief{
			{KindCheckin, "launch", "1 check-in missed since 2026-03-18 (Sync)", -1, []string{"pat@acme.example"}, nil}}},
		{"no cadence", "2026-06-01", 0, func(a *model.Agreement) { a.Spec.Cadence = nil }, []brief{
			{KindReview, "launch", "review due today", 0, []string{"pat@acme.example"}, nil}}},
		{"cadence but no check-ins yet and no next date: from the acceptance", "2026-03-19", 0, func(a *model.Agreement) {
			a.Spec.Cadence.Next = ""
		}, []brief{{KindCheckin, "launch", "check-in due today (Sync)", 0, []string{"pat@acme.example"}, nil}}},
		{"review late, within a window", "2026-06-03", 0, func(a *model.Agreement) {
			a.Spec.Cadence = nil
		}, []brief{{KindReview, "launch", "review 2 days late", -2, []string{"pat@acme.example"}, nil}}},
		{"not in force", "2026-06-03", 30, func(a *model.Agreement) { a.Spec.Status = model.AgreementProposed }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := launch()
			tt.edit(a)
			var got []Item
			if it, ok := ReviewDue(a, tt.asOf, tt.within); ok {
				got = append(got, it)
			}
			if it, ok := AgreementCheckin(a, tt.asOf, tt.within); ok {
				got = append(got, it)
			}
			if diff := cmp.Diff(tt.want, briefs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEscalations(t *testing.T) {
	policy := model.Policy{EscalateAfterMissed: 2, EscalateAfterOverdue: "14d"}
	tests := []struct {
		name string
		asOf model.Date
		edit func(a *model.Agreement)
		want []brief
	}{
		{"one missed check-in and 14 days late: not yet", "2026-04-01", func(a *model.Agreement) {
			a.Spec.Commitments[1].Status = model.CommitmentDone
			a.Spec.Commitments[0].Due = "2026-03-18"
		}, nil},
		{"two missed in a row", "2026-04-02", func(a *model.Agreement) {
			a.Spec.Commitments[0].Status, a.Spec.Commitments[1].Status = model.CommitmentDone, model.CommitmentDone
		}, []brief{{KindEscalation, "launch", "2 check-ins missed in a row since 2026-03-18", -15, []string{"helen@acme.example"}, nil}}},
		{"15 days late: more than 14", "2026-04-06", func(a *model.Agreement) {
			a.Spec.Cadence = nil
		}, []brief{{KindEscalation, "launch/deliver-feature", `product owes "GA", 15 days overdue (more than 14)`, -15,
			[]string{"helen@acme.example", "priya@acme.example"}, nil}}},
		{"no escalation path: the owner", "2026-04-06", func(a *model.Agreement) {
			a.Spec.Cadence, a.Spec.Escalation = nil, nil
		}, []brief{{KindEscalation, "launch/deliver-feature", `product owes "GA", 15 days overdue (more than 14)`, -15,
			[]string{"pat@acme.example", "priya@acme.example"}, nil}}},
		{"--as-of before the period", "2026-01-01", func(*model.Agreement) {}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := launch()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, briefs(Escalations(a, tt.asOf, policy))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
