package goal

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestMissedCheckins(t *testing.T) {
	type want struct {
		Due    model.Date
		Every  int
		Missed int
	}
	policy := model.Policy{CheckinEvery: "4w"}
	tests := []struct {
		name string
		asOf model.Date
		edit func(s *model.GoalSpec)
		want want
	}{
		{"due today", "2026-04-24", func(*model.GoalSpec) {}, want{"2026-04-24", 14, 0}},
		{"due yesterday", "2026-04-25", func(*model.GoalSpec) {}, want{"2026-04-24", 14, 1}},
		{"three intervals", "2026-05-23", func(*model.GoalSpec) {}, want{"2026-04-24", 14, 3}},
		{"no cadence of its own: the policy's", "2026-05-09", func(s *model.GoalSpec) { s.CheckinEvery = "" }, want{"2026-05-08", 28, 1}},
		{"cadence but no check-ins yet: from the period start", "2026-01-16", func(s *model.GoalSpec) { s.Checkins = nil }, want{"2026-01-15", 14, 1}},
		{"as-of before the period", "2025-12-01", func(s *model.GoalSpec) { s.Checkins = nil }, want{"2026-01-15", 14, 0}},
		{"no check-in and no period", "2026-06-01", func(s *model.GoalSpec) { s.Checkins, s.Period = nil, nil }, want{}},
		{"achieved goals are not followed up", "2026-06-01", func(s *model.GoalSpec) { s.Status = model.GoalAchieved }, want{}},
		{"latest by date, not by position", "2026-04-25", func(s *model.GoalSpec) {
			s.Checkins = append(s.Checkins, model.GoalCheckin{Date: "2026-03-01"})
		}, want{"2026-04-24", 14, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &model.Goal{Spec: model.GoalSpec{
				Status: model.GoalActive, CheckinEvery: "2w",
				Period:   &model.Period{Start: "2026-01-01", End: "2026-06-30"},
				Checkins: []model.GoalCheckin{{Date: "2026-03-27"}, {Date: "2026-04-10"}},
			}}
			tt.edit(&g.Spec)
			due, every, _ := CheckinDue(g, policy)
			got := want{due, every, MissedCheckins(g, tt.asOf, policy)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
