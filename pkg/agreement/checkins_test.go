package agreement

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestMissedCheckins(t *testing.T) {
	type want struct {
		Due    model.Date
		OK     bool
		Missed int
	}
	tests := []struct {
		name string
		asOf model.Date
		edit func(s *model.AgreementSpec)
		want want
	}{
		{"next is due today: not missed yet", "2026-04-22", func(*model.AgreementSpec) {}, want{"2026-04-22", true, 0}},
		{"next was yesterday: one missed", "2026-04-23", func(*model.AgreementSpec) {}, want{"2026-04-22", true, 1}},
		{"second date due today: still one", "2026-05-06", func(*model.AgreementSpec) {}, want{"2026-04-22", true, 1}},
		{"two intervals passed: two missed", "2026-05-07", func(*model.AgreementSpec) {}, want{"2026-04-22", true, 2}},
		{"as-of before the schedule", "2026-01-01", func(*model.AgreementSpec) {}, want{"2026-04-22", true, 0}},
		{"no cadence", "2026-06-01", func(s *model.AgreementSpec) { s.Cadence = nil }, want{}},
		{"malformed cadence", "2026-06-01", func(s *model.AgreementSpec) { s.Cadence.Every = "often" }, want{}},
		{"not active", "2026-06-01", func(s *model.AgreementSpec) { s.Status = model.AgreementProposed }, want{}},
		{"check-in recorded after next without moving it", "2026-04-30", func(s *model.AgreementSpec) {
			s.Checkins = append(s.Checkins, model.AgreementCheckin{Date: "2026-04-23"})
		}, want{"2026-05-07", true, 0}},
		{"cadence but no check-ins yet and no next: from activation", "2026-03-20", func(s *model.AgreementSpec) {
			s.Cadence.Next, s.Checkins = "", nil
		}, want{"2026-03-19", true, 1}},
		{"no next: from the latest check-in", "2026-04-23", func(s *model.AgreementSpec) { s.Cadence.Next = "" }, want{"2026-04-22", true, 1}},
		{"nothing to count from", "2026-06-01", func(s *model.AgreementSpec) {
			s.Cadence.Next, s.Checkins, s.Acceptances = "", nil, nil
		}, want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &model.Agreement{Spec: model.AgreementSpec{
				Status:      model.AgreementActive,
				Cadence:     &model.Cadence{Every: "2w", Next: "2026-04-22"},
				Checkins:    []model.AgreementCheckin{{Date: "2026-03-25"}, {Date: "2026-04-08"}},
				Acceptances: []model.Acceptance{{Party: "product", Date: "2026-03-01"}, {Party: "sales", Date: "2026-03-05"}},
			}}
			tt.edit(&a.Spec)
			due, _, ok := CheckinDue(a)
			got := want{due, ok, MissedCheckins(a, tt.asOf)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
