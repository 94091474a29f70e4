package goal

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func goalOf(status string, krs int) *model.Goal {
	g := &model.Goal{}
	g.Metadata.ID, g.Spec.Status = "g", status
	for range krs {
		g.Spec.KeyResults = append(g.Spec.KeyResults, model.KeyResult{ID: "kr"})
	}
	return g
}

func TestCanActivate(t *testing.T) {
	tests := []struct {
		name    string
		g       *model.Goal
		wantErr string
	}{
		{"a draft with a key result", goalOf(model.GoalDraft, 1), ""},
		{"a draft without key results", goalOf(model.GoalDraft, 0), "goal g has no key result, so nobody could tell whether it is on track: add one with `collab goal kr g KR --title T --unit U --baseline N --target N`, then activate"},
		{"already active", goalOf(model.GoalActive, 1), "goal g is already active"},
		{"closed", goalOf(model.GoalMissed, 1), "goal g is closed (missed); a closed goal stays closed: start a new goal, or change status by hand with collab goal edit g"},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.wantErr, errText(CanActivate(tt.g))); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
	if Measurable(goalOf(model.GoalActive, 0)) || !Measurable(goalOf(model.GoalActive, 2)) {
		t.Error("Measurable is not whether the goal has a key result")
	}
}

func TestCanClose(t *testing.T) {
	tests := []struct {
		name, status, to, wantErr string
	}{
		{"active, achieved", model.GoalActive, model.GoalAchieved, ""},
		{"active, dropped", model.GoalActive, model.GoalDropped, ""},
		{"draft, dropped", model.GoalDraft, model.GoalDropped, ""},
		{"draft, missed", model.GoalDraft, model.GoalMissed, "goal g is a draft that never started: it can only be dropped (--status dropped)"},
		{"closed", model.GoalAchieved, model.GoalDropped, "goal g is already closed (achieved)"},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.wantErr, errText(CanClose(goalOf(tt.status, 1), tt.to))); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}
