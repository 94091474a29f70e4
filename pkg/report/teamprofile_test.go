package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
)

func intp(n int) *int { return &n }

func TestTeamProfile(t *testing.T) {
	sales := &model.Team{Header: model.Header{Metadata: model.Metadata{ID: "sales"}},
		Spec: model.TeamSpec{Lead: "maria@acme.example", Members: []model.Member{{Email: "maria@acme.example"}, {Email: "sam@acme.example"}}}}
	agreement := func(id, status string, parties []string, cs ...model.Commitment) *model.Agreement {
		a := &model.Agreement{Header: model.Header{Metadata: model.Metadata{ID: id, Title: "T " + id}}}
		a.Spec.Status = status
		for _, p := range parties {
			a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: p})
		}
		a.Spec.Commitments = cs
		return a
	}
	src := Sources{
		Agreements: map[string]*model.Agreement{
			"launch": agreement("launch", model.AgreementActive, []string{"product", "sales", "support"},
				model.Commitment{ID: "ship", Party: "product", Owner: "priya@acme.example", Due: "2026-03-22"},
				model.Commitment{ID: "outreach", Party: "sales", Owner: "sam@acme.example", Due: "2026-03-23", Status: "blocked"},
				model.Commitment{ID: "training", Party: "sales", Due: "2026-03-01", Status: "done"},
				model.Commitment{ID: "kb", Party: "support", Status: "dropped"},
				model.Commitment{ID: "faq", Party: "support"},
			),
			"pricing": agreement("pricing", model.AgreementProposed, []string{"finance", "sales"},
				model.Commitment{ID: "discounts", Party: "sales", Owner: "maria@acme.example", Due: "2026-03-10"},
			),
			"old":   agreement("old", model.AgreementRetired, []string{"product", "sales"}, model.Commitment{ID: "x", Party: "sales", Due: "2026-01-01"}),
			"draft": agreement("draft", model.AgreementDraft, []string{"product", "sales"}, model.Commitment{ID: "y", Party: "product", Due: "2026-01-01"}),
			"other": agreement("other", model.AgreementActive, []string{"product", "finance"}, model.Commitment{ID: "z", Party: "product", Due: "2026-01-01"}),
		},
		Goals: map[string]*model.Goal{
			"revenue":  {Header: model.Header{Metadata: model.Metadata{ID: "revenue", Title: "Revenue"}}, Spec: model.GoalSpec{Status: "draft", Owner: "maria@acme.example", Teams: []string{"finance"}}},
			"adoption": {Header: model.Header{Metadata: model.Metadata{ID: "adoption", Title: "Adoption"}}, Spec: model.GoalSpec{Status: "achieved", Owner: "priya@acme.example", Teams: []string{"product", "sales"}}},
			"margin":   {Header: model.Header{Metadata: model.Metadata{ID: "margin"}}, Spec: model.GoalSpec{Status: "active", Owner: "helen@acme.example", Teams: []string{"finance"}}},
		},
		Maps: map[string]*model.StakeholderMap{
			"launch": {Header: model.Header{Metadata: model.Metadata{ID: "launch", Title: "Launch map"}}, Spec: model.StakeholderMapSpec{Subject: "agreement/launch", Stakeholders: []model.Stakeholder{
				{Person: "pat@acme.example", Team: "operations", Roles: []string{"decision-maker"}, RACI: "A"},
				{Person: "sam@acme.example", Team: "sales", Roles: []string{"implementer"}, RACI: "R", Interest: "high"},
				{Person: "maria@acme.example", Roles: []string{"influencer"}, RACI: "C", Influence: "high", Interest: "high"},
				{Team: "sales", Roles: []string{"expert"}, RACI: "I"},
			}}},
			"elsewhere": {Spec: model.StakeholderMapSpec{Subject: "goal/margin", Stakeholders: []model.Stakeholder{{Team: "finance", RACI: "A"}}}},
		},
	}
	got := TeamProfile(sales, src, "2026-03-15")
	want := Profile{
		Team: sales,
		Owes: []Obligation{
			{Agreement: "pricing", AgreementTitle: "T pricing", AgreementStatus: "proposed", Commitment: "discounts", Party: "sales", To: []string{"finance"},
				Owner: "maria@acme.example", Due: "2026-03-10", Status: "open", DaysLeft: intp(-5), Overdue: true},
			{Agreement: "launch", AgreementTitle: "T launch", AgreementStatus: "active", Commitment: "outreach", Party: "sales", To: []string{"product", "support"},
				Owner: "sam@acme.example", Due: "2026-03-23", Status: "blocked", DaysLeft: intp(8)},
		},
		Owed: []Obligation{
			{Agreement: "launch", AgreementTitle: "T launch", AgreementStatus: "active", Commitment: "ship", Party: "product", To: []string{"sales", "support"},
				Owner: "priya@acme.example", Due: "2026-03-22", Status: "open", DaysLeft: intp(7)},
			{Agreement: "launch", AgreementTitle: "T launch", AgreementStatus: "active", Commitment: "faq", Party: "support", To: []string{"product", "sales"},
				Status: "open"},
		},
		Goals: []GoalLink{
			{ID: "adoption", Title: "Adoption", Status: "achieved", Owner: "priya@acme.example", Listed: true, Health: "achieved"},
			{ID: "revenue", Title: "Revenue", Status: "draft", Owner: "maria@acme.example", Owned: true, Health: model.HealthDraft},
		},
		Maps: []MapLink{{ID: "launch", Title: "Launch map", Subject: "agreement/launch", Stakeholders: []MapEntry{
			{Name: "sam@acme.example", Roles: []string{"implementer"}, RACI: "R", Quadrant: stakeholders.KeepInformed},
			{Name: "maria@acme.example", Roles: []string{"influencer"}, RACI: "C", Quadrant: stakeholders.ManageClosely},
			{Name: "sales", Roles: []string{"expert"}, RACI: "I", Quadrant: stakeholders.Monitor},
		}}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("TeamProfile (-want +got):\n%s", d)
	}
}

func TestTeamProfileEmpty(t *testing.T) {
	legal := &model.Team{Header: model.Header{Metadata: model.Metadata{ID: "legal"}}}
	got := TeamProfile(legal, Sources{}, "2026-03-15")
	want := Profile{Team: legal, Owes: []Obligation{}, Owed: []Obligation{}, Goals: []GoalLink{}, Maps: []MapLink{}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("TeamProfile (-want +got):\n%s", d)
	}
}
