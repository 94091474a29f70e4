package goal

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// g is a goal with the given status and parent whose progress is p (one key
// result from 0 to 100 at p*100), or with no key result when p < 0.
func g(status, parent string, p float64) *model.Goal {
	x := &model.Goal{Spec: model.GoalSpec{Status: status, Parent: parent}}
	if p >= 0 {
		base, target, cur := 0.0, 100.0, p*100
		x.Spec.KeyResults = []model.KeyResult{{ID: "kr", Baseline: &base, Target: &target, Current: &cur, Direction: model.Increase}}
	}
	return x
}

func TestRollUp(t *testing.T) {
	tests := []struct {
		name   string
		goals  map[string]*model.Goal
		want   float64
		wantOK bool
	}{
		{"no children", map[string]*model.Goal{"top": g("active", "", 0)}, 0, false},
		{"the mean of the children, not the parent's own", map[string]*model.Goal{
			"top": g("active", "", 0), "a": g("active", "top", 0.4), "b": g("achieved", "top", 1),
		}, 0.7, true},
		{"drafts and dropped goals are left out", map[string]*model.Goal{
			"top": g("active", "", 0), "a": g("active", "top", 0.5), "d": g("draft", "top", 0), "x": g("dropped", "top", 0.1),
		}, 0.5, true},
		{"only drafts: nothing measured", map[string]*model.Goal{"top": g("active", "", 0), "d": g("draft", "top", 0)}, 0, false},
		{"a child without key results counts with its own roll-up", map[string]*model.Goal{
			"top": g("active", "", 0), "mid": g("active", "top", -1), "a": g("active", "mid", 0.2), "b": g("active", "mid", 0.6),
			"c": g("missed", "top", 0.8),
		}, 0.6, true},
		{"a child with key results counts with its own progress", map[string]*model.Goal{
			"top": g("active", "", 0), "mid": g("active", "top", 0.1), "a": g("active", "mid", 0.9),
		}, 0.1, true},
		{"no key results all the way down", map[string]*model.Goal{
			"top": g("active", "", 0), "p": g("active", "top", -1), "q": g("active", "p", -1), "r": g("active", "q", -1),
		}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RollUp(tt.goals, "top")
			if ok != tt.wantOK || round4(got) != tt.want {
				t.Errorf("RollUp = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	// Goals whose parents form a cycle serve each other: the roll-up stops.
	cyc := map[string]*model.Goal{"p": g("active", "q", -1), "q": g("active", "p", -1)}
	if _, ok := RollUp(cyc, "p"); ok {
		t.Error("RollUp over a cycle without key results is measured")
	}
}

func TestServedBy(t *testing.T) {
	ag := func(title, status string, goals ...string) *model.Agreement {
		a := &model.Agreement{}
		a.Metadata.Title, a.Spec.Status, a.Spec.Goals = title, status, goals
		return a
	}
	agreements := map[string]*model.Agreement{
		"z-launch": ag("Launch", "active", "adoption"),
		"a-promo":  ag("Promo", "proposed", "margin", "adoption"),
		"other":    ag("Other", "active", "margin"),
	}
	want := []AgreementRef{{"a-promo", "Promo", "proposed"}, {"z-launch", "Launch", "active"}}
	if d := cmp.Diff(want, ServedBy(agreements, "adoption")); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got := ServedBy(agreements, "none"); got == nil || len(got) != 0 {
		t.Errorf("ServedBy of a goal no agreement serves = %#v, want an empty list", got)
	}
}
