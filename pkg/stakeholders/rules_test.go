package stakeholders

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func mapOf(ss ...model.Stakeholder) *model.StakeholderMap {
	m := &model.StakeholderMap{}
	m.Spec.Stakeholders = ss
	return m
}

func TestAccountableAndResponsible(t *testing.T) {
	tests := []struct {
		name        string
		m           *model.StakeholderMap
		wantA, want []int
	}{
		{"empty", mapOf(), nil, nil},
		{"one A, two R", mapOf(model.Stakeholder{Person: "a@x.example", RACI: "A"}, model.Stakeholder{Person: "b@x.example", RACI: "R"},
			model.Stakeholder{Team: "it", RACI: "R"}, model.Stakeholder{Person: "c@x.example", RACI: "C"}), []int{0}, []int{1, 2}},
		{"two A, no R", mapOf(model.Stakeholder{Person: "a@x.example", RACI: "A"}, model.Stakeholder{Person: "b@x.example", RACI: "A"}), []int{0, 1}, nil},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.wantA, Accountable(tt.m)); d != "" {
			t.Errorf("%s: Accountable (-want +got):\n%s", tt.name, d)
		}
		if d := cmp.Diff(tt.want, Responsible(tt.m)); d != "" {
			t.Errorf("%s: Responsible (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name string
		m    *model.StakeholderMap
		want []Duplicate
	}{
		{"none: a person and their whole team are different entries",
			mapOf(model.Stakeholder{Person: "a@x.example", Team: "it"}, model.Stakeholder{Team: "it"}), nil},
		{"a person twice, whatever team", mapOf(model.Stakeholder{Person: "a@x.example"}, model.Stakeholder{Team: "it"},
			model.Stakeholder{Person: "a@x.example", Team: "it"}), []Duplicate{{2, 0, "person"}}},
		{"a whole team twice", mapOf(model.Stakeholder{Team: "it"}, model.Stakeholder{Team: "hr"}, model.Stakeholder{Team: "it"}),
			[]Duplicate{{2, 0, "team"}}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, Duplicates(tt.m)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestNeedsNote(t *testing.T) {
	tests := []struct {
		s    model.Stakeholder
		want bool
	}{
		{model.Stakeholder{Stance: "resistant", Influence: "high"}, true},
		{model.Stakeholder{Stance: "resistant", Influence: "high", Note: "Worried about on-call load; rota agreed."}, false},
		{model.Stakeholder{Stance: "resistant", Influence: "low"}, false},
		{model.Stakeholder{Stance: "supportive", Influence: "high"}, false},
	}
	for _, tt := range tests {
		if got := NeedsNote(tt.s); got != tt.want {
			t.Errorf("NeedsNote(%+v) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
