package goal

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func num(v float64) *float64 { return &v }

func TestPlanCheckin(t *testing.T) {
	g := &model.Goal{Header: model.Header{Metadata: model.Metadata{ID: "stock"}}, Spec: model.GoalSpec{
		KeyResults: []model.KeyResult{
			{ID: "in-stock", Baseline: num(93), Target: num(97), Current: num(94)},
			{ID: "margin", Baseline: num(41), Target: num(43)},
			{ID: "leads", Target: num(500)},
		},
		Checkins: []model.GoalCheckin{{Date: "2026-03-01", Values: map[string]float64{"in-stock": 94}}},
	}}
	tests := []struct {
		name    string
		date    model.Date
		values  []KRValue
		want    []KRUpdate
		subject string
		wantErr string
	}{
		{
			name:    "current, else baseline, else nothing was",
			date:    "2026-03-10",
			values:  []KRValue{{"in-stock", 95.5}, {"margin", 41.6}, {"leads", 320}},
			want:    []KRUpdate{{0, "in-stock", num(94), 95.5, true}, {1, "margin", num(41), 41.6, true}, {2, "leads", nil, 320, true}},
			subject: "check-in in-stock 95.5 (was 94), margin 41.6 (was 41), leads 320",
		},
		{
			name:    "same day as the last reading moves current",
			date:    "2026-03-01",
			values:  []KRValue{{"in-stock", 94.2}},
			want:    []KRUpdate{{0, "in-stock", num(94), 94.2, true}},
			subject: "check-in in-stock 94.2 (was 94)",
		},
		{
			name:    "back-dated before a later reading keeps current",
			date:    "2026-02-15",
			values:  []KRValue{{"in-stock", 93.5}, {"margin", 41.2}},
			want:    []KRUpdate{{0, "in-stock", num(94), 93.5, false}, {1, "margin", num(41), 41.2, true}},
			subject: "check-in in-stock 93.5 (was 94), margin 41.2 (was 41)",
		},
		{name: "unknown key result", date: "2026-03-10", values: []KRValue{{"in-stok", 1}},
			wantErr: `goal stock has no key result "in-stok" (key results: in-stock, margin, leads); add it with collab goal kr stock in-stok ...`},
		{name: "twice", date: "2026-03-10", values: []KRValue{{"leads", 1}, {"leads", 2}},
			wantErr: "key result leads is given twice; give one value per key result"},
		{name: "none", date: "2026-03-10",
			wantErr: "a check-in needs at least one value: --value KR=NUMBER (key results: in-stock, margin, leads)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanCheckin(g, tt.date, tt.values)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("updates (-want +got):\n%s", d)
			}
			if s := CheckinSubject(got); s != tt.subject {
				t.Errorf("subject = %q, want %q", s, tt.subject)
			}
		})
	}
}

func TestCheckinOpen(t *testing.T) {
	tests := []struct {
		status, wantErr string
	}{
		{model.GoalActive, ""},
		{model.GoalDraft, "goal g is a draft: start it with collab goal activate g before checking in"},
		{model.GoalAchieved, "goal g is closed (achieved); check-ins are for active goals"},
		{model.GoalDropped, "goal g is closed (dropped); check-ins are for active goals"},
	}
	for _, tt := range tests {
		g := &model.Goal{Header: model.Header{Metadata: model.Metadata{ID: "g"}}, Spec: model.GoalSpec{Status: tt.status}}
		if d := cmp.Diff(tt.wantErr, errText(CheckinOpen(g))); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.status, d)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestUnknownKeyResults(t *testing.T) {
	g := &model.Goal{Spec: model.GoalSpec{KeyResults: []model.KeyResult{{ID: "in-stock"}, {ID: "margin"}}}}
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"all known", []string{"margin", "in-stock"}, nil},
		{"none given", nil, nil},
		{"unknown ones, sorted, once", []string{"zeta", "margin", "alpha", "zeta"}, []string{"alpha", "zeta"}},
		{"ids are case-sensitive", []string{"Margin"}, []string{"Margin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, UnknownKeyResults(g, tt.ids)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if d := cmp.Diff([]string{"x"}, UnknownKeyResults(&model.Goal{}, []string{"x"})); d != "" {
		t.Errorf("a goal without key results (-want +got):\n%s", d)
	}
}
