package status

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func num(v float64) *float64 { return &v }

// adoption is an active goal of product and sales for the second quarter,
// checked in every two weeks, with one key result from 0 to 30%.
func adoption(id, parent string) *model.Goal {
	g := &model.Goal{}
	g.Metadata.ID, g.Metadata.Title = id, "Adoption "+id
	g.Spec = model.GoalSpec{
		Status: model.GoalActive, Owner: "priya@acme.example", Teams: []string{"product", "sales"}, Parent: parent,
		Period: &model.Period{Start: "2026-04-01", End: "2026-06-30"}, CheckinEvery: "14d",
		KeyResults: []model.KeyResult{{ID: "adoption", Unit: "%", Baseline: num(0), Target: num(30), Direction: model.Increase, Current: num(15)}},
		Checkins: []model.GoalCheckin{
			{Date: "2026-04-10", By: "leo@acme.example", Values: map[string]float64{"adoption": 10}},
			{Date: "2026-05-10", By: "leo@acme.example", Values: map[string]float64{"adoption": 15}},
		},
	}
	return g
}

func TestGoalCheckin(t *testing.T) {
	p := model.Policy{}
	tests := []struct {
		name   string
		asOf   model.Date
		within int
		edit   func(g *model.Goal)
		want   []brief
	}{
		{"due today", "2026-05-24", 0, func(*model.Goal) {}, []brief{
			{KindCheckin, "goal/g", "check-in due today", 0, []string{"priya@acme.example"}, nil}}},
		{"due yesterday", "2026-05-25", 0, func(*model.Goal) {}, []brief{
			{KindCheckin, "goal/g", "1 check-in missed since 2026-05-24", -1, []string{"priya@acme.example"}, nil}}},
		{"cadence but no check-ins yet: from the period start", "2026-04-16", 0, func(g *model.Goal) { g.Spec.Checkins = nil }, []brief{
			{KindCheckin, "goal/g", "1 check-in missed since 2026-04-15", -1, []string{"priya@acme.example"}, nil}}},
		{"no cadence of its own: the policy default", "2026-05-24", 0, func(g *model.Goal) { g.Spec.CheckinEvery = "" }, []brief{
			{KindCheckin, "goal/g", "check-in due today", 0, []string{"priya@acme.example"}, nil}}},
		{"--as-of before the period", "2026-03-01", 14, func(g *model.Goal) { g.Spec.Checkins = nil }, nil},
		{"achieved goals need no check-in", "2026-06-01", 14, func(g *model.Goal) { g.Spec.Status = model.GoalAchieved }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := adoption("g", "")
			tt.edit(g)
			var got []Item
			if it, ok := GoalCheckin(g, tt.asOf, tt.within, p); ok {
				got = append(got, it)
			}
			if diff := cmp.Diff(tt.want, briefs(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGoalsNeedingAttention(t *testing.T) {
	p := model.Policy{}
	type row struct {
		ID, Health         string
		Progress, Expected float64
		Missed             int
		Children           []GoalChild
	}
	tests := []struct {
		name string
		asOf model.Date
		edit func(gs map[string]*model.Goal)
		want []row
	}{
		{"--as-of before the period: on track, nothing to say", "2026-03-01", func(map[string]*model.Goal) {}, nil},
		{"on pace", "2026-05-12", func(map[string]*model.Goal) {}, nil},
		{"stale, with the parent showing its children", "2026-05-30", func(gs map[string]*model.Goal) {
			gs["parent"].Spec.Checkins = append(gs["parent"].Spec.Checkins, model.GoalCheckin{Date: "2026-05-29"})
			gs["parent"].Spec.KeyResults[0].Current = num(5)
		}, []row{
			{"parent", "off-track", 0.1667, 0.6556, 0, []GoalChild{{"child", "stale"}}},
			{"child", "stale", 0.5, 0.6556, 1, []GoalChild{}},
		}},
		{"at-risk before stale", "2026-05-20", func(gs map[string]*model.Goal) {
			gs["child"].Spec.KeyResults[0].Current = num(10)
		}, []row{{"child", "at-risk", 0.3333, 0.5444, 0, []GoalChild{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := map[string]*model.Goal{"parent": adoption("parent", ""), "child": adoption("child", "parent")}
			gs["parent"].Spec.Checkins = append(gs["parent"].Spec.Checkins, model.GoalCheckin{Date: "2026-05-20"})
			tt.edit(gs)
			var got []row
			for _, g := range GoalsNeedingAttention(gs, tt.asOf, p) {
				got = append(got, row{g.ID, g.Health, g.Progress, g.Expected, g.MissedCheckins, g.Children})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTargetsReached(t *testing.T) {
	tests := []struct {
		name  string
		asOf  model.Date
		since int
		edit  func(g *model.Goal)
		want  []brief
	}{
		{"no reading meets the target", "2026-05-20", 30, func(*model.Goal) {}, nil},
		{"the check-in that crossed it, in the window", "2026-05-20", 30, func(g *model.Goal) {
			g.Spec.Checkins = append(g.Spec.Checkins, model.GoalCheckin{Date: "2026-05-18", By: "sam@acme.example", Values: map[string]float64{"adoption": 31}},
				model.GoalCheckin{Date: "2026-05-19", By: "sam@acme.example", Values: map[string]float64{"adoption": 33}})
		}, []brief{{KindTarget, "goal/g", "adoption reached its target: 31% (target 30%)", -2, []string{"sam@acme.example", "priya@acme.example"}, nil}}},
		{"crossed before the window", "2026-05-20", 3, func(g *model.Goal) {
			g.Spec.Checkins[1].Values["adoption"] = 30
		}, nil},
		{"crossed after --as-of", "2026-05-01", 30, func(g *model.Goal) {
			g.Spec.Checkins[1].Values["adoption"] = 30
		}, nil},
		{"check-ins out of order in the file", "2026-05-20", 60, func(g *model.Goal) {
			g.Spec.Checkins[0], g.Spec.Checkins[1] = g.Spec.Checkins[1], g.Spec.Checkins[0]
			g.Spec.Checkins[0].Values["adoption"] = 30
		}, []brief{{KindTarget, "goal/g", "adoption reached its target: 30% (target 30%)", -10, []string{"leo@acme.example", "priya@acme.example"}, nil}}},
		{"a decrease target", "2026-05-20", 60, func(g *model.Goal) {
			g.Spec.KeyResults[0] = model.KeyResult{ID: "adoption", Baseline: num(6), Target: num(4.8), Direction: model.Decrease}
			g.Spec.Checkins[0].Values["adoption"] = 5
			g.Spec.Checkins[1].Values["adoption"] = 4.7
		}, []brief{{KindTarget, "goal/g", "adoption reached its target: 4.7 (target 4.8)", -10, []string{"leo@acme.example", "priya@acme.example"}, nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := adoption("g", "")
			tt.edit(g)
			if diff := cmp.Diff(tt.want, briefs(TargetsReached(g, tt.asOf, tt.since))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
