package stakeholders

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestQuadrantOf(t *testing.T) {
	for _, tc := range []struct {
		influence, interest string
		want                Quadrant
	}{
		{"high", "high", ManageClosely},
		{"high", "medium", KeepSatisfied},
		{"high", "low", KeepSatisfied},
		{"high", "", KeepSatisfied},
		{"medium", "high", KeepInformed},
		{"low", "high", KeepInformed},
		{"", "high", KeepInformed},
		{"medium", "medium", Monitor},
		{"low", "low", Monitor},
		{"", "", Monitor},
	} {
		got := QuadrantOf(model.Stakeholder{Influence: tc.influence, Interest: tc.interest})
		if got != tc.want {
			t.Errorf("influence %q, interest %q: got %q, want %q", tc.influence, tc.interest, got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	m := &model.StakeholderMap{Spec: model.StakeholderMapSpec{Stakeholders: []model.Stakeholder{
		{Person: "pat@acme.example", Team: "sales"},
		{Team: "sales"},
		{Team: "support"},
	}}}
	for key, want := range map[string]int{
		"pat@acme.example": 0,
		"sales":            1, // the whole-team stakeholder, not pat who speaks for sales
		"support":          2,
		"zoe@acme.example": -1,
		"legal":            -1,
	} {
		if got := Find(m, key); got != want {
			t.Errorf("Find(%q) = %d, want %d", key, got, want)
		}
	}
}

func TestByRole(t *testing.T) {
	pat := model.Stakeholder{Person: "pat@acme.example", Roles: []string{"influencer", "decision-maker"}, RACI: "A", Influence: "high", Interest: "high"}
	sam := model.Stakeholder{Person: "sam@acme.example", Roles: []string{"implementer"}, RACI: "R", Interest: "high"}
	odd := model.Stakeholder{Team: "legal", Roles: []string{"sponsor"}, RACI: "I"}
	m := &model.StakeholderMap{Spec: model.StakeholderMapSpec{Stakeholders: []model.Stakeholder{pat, sam, odd}}}
	want := []RoleGroup{
		{Role: "decision-maker", Stakeholders: []Entry{{pat, ManageClosely}}},
		{Role: "implementer", Stakeholders: []Entry{{sam, KeepInformed}}},
		{Role: "influencer", Stakeholders: []Entry{{pat, ManageClosely}}},
		{Role: "sponsor", Stakeholders: []Entry{{odd, Monitor}}},
	}
	if d := cmp.Diff(want, ByRole(m)); d != "" {
		t.Errorf("ByRole (-want +got):\n%s", d)
	}
}

func TestSummarize(t *testing.T) {
	m := &model.StakeholderMap{Header: model.Header{Metadata: model.Metadata{ID: "x", Title: "X"}},
		Spec: model.StakeholderMapSpec{Subject: "goal/g", Stakeholders: []model.Stakeholder{
			{Person: "a@x.example", Team: "sales", RACI: "R"},
			{Person: "b@x.example", Team: "sales", RACI: "A", Stance: "resistant"},
			{Team: "legal", RACI: "C", Stance: "resistant"},
			{Person: "c@x.example", RACI: "I"},
		}}}
	want := Summary{ID: "x", Title: "X", Subject: "goal/g", Stakeholders: 4, Teams: 2, Accountable: "b@x.example", Resistant: 2}
	if d := cmp.Diff(want, Summarize(m)); d != "" {
		t.Errorf("Summarize (-want +got):\n%s", d)
	}
}

func teamsOf(memberships map[string][]string) TeamsOf {
	return func(email string) []string { return memberships[email] }
}

func TestFromAgreement(t *testing.T) {
	member := teamsOf(map[string][]string{
		"pat@acme.example":   {"operations"},
		"priya@acme.example": {"product"},
		"sam@acme.example":   {"sales"},
		"helen@acme.example": {"finance", "sales"},
	})
	owner := func(email, team, note string) model.Stakeholder {
		return model.Stakeholder{Person: email, Team: team, Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high", Note: note}
	}
	party := func(email, team string) model.Stakeholder {
		s := model.Stakeholder{Person: email, Team: team, Roles: []string{"implementer"}, RACI: "R", Influence: "medium", Interest: "high"}
		if email != "" {
			s.Note = "Owner of the " + team + " party."
		}
		return s
	}
	const ownerNote = "Owner of the agreement, accountable for the whole effort."
	for _, tc := range []struct {
		name string
		spec model.AgreementSpec
		want []model.Stakeholder
	}{
		{
			name: "owner outside the parties",
			spec: model.AgreementSpec{Owner: "pat@acme.example", Parties: []model.Party{{Team: "product", Owner: "priya@acme.example"}, {Team: "sales", Owner: "sam@acme.example"}}},
			want: []model.Stakeholder{owner("pat@acme.example", "operations", ownerNote), party("priya@acme.example", "product"), party("sam@acme.example", "sales")},
		},
		{
			name: "owner owns a party: the party is added as the whole team",
			spec: model.AgreementSpec{Owner: "helen@acme.example", Parties: []model.Party{{Team: "finance", Owner: "helen@acme.example"}, {Team: "operations", Owner: "pat@acme.example"}}},
			want: []model.Stakeholder{owner("helen@acme.example", "finance", ownerNote), party("", "finance"), party("pat@acme.example", "operations")},
		},
		{
			name: "owner in two teams speaks for the party team",
			spec: model.AgreementSpec{Owner: "helen@acme.example", Parties: []model.Party{{Team: "sales", Owner: "sam@acme.example"}}},
			want: []model.Stakeholder{owner("helen@acme.example", "sales", ownerNote), party("sam@acme.example", "sales")},
		},
		{
			name: "party without an owner, owner in no team",
			spec: model.AgreementSpec{Owner: "zoe@acme.example", Parties: []model.Party{{Team: "legal"}}},
			want: []model.Stakeholder{owner("zoe@acme.example", "", ownerNote), party("", "legal")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FromAgreement(&model.Agreement{Spec: tc.spec}, member)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("FromAgreement (-want +got):\n%s", d)
			}
		})
	}
}

func TestFromGoal(t *testing.T) {
	g := &model.Goal{Spec: model.GoalSpec{Owner: "dana@acme.example", Teams: []string{"merchandising", "operations", "merchandising"}}}
	got := FromGoal(g, teamsOf(map[string][]string{"dana@acme.example": {"finance", "merchandising"}}))
	want := []model.Stakeholder{
		{Person: "dana@acme.example", Team: "merchandising", Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high", Note: "Owner of the goal, accountable for the outcome."},
		{Team: "merchandising", Roles: []string{"implementer"}, RACI: "R", Influence: "medium", Interest: "high"},
		{Team: "operations", Roles: []string{"implementer"}, RACI: "R", Influence: "medium", Interest: "high"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("FromGoal (-want +got):\n%s", d)
	}
}
