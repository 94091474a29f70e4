package agreement

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestCanAttend(t *testing.T) {
	a := complete()
	a.Spec.Escalation = []string{"omar@acme.example"}
	for _, who := range []string{"sam@acme.example", "leo@acme.example", "omar@acme.example"} {
		if err := CanAttend(a, testTeams, who); err != nil {
			t.Errorf("CanAttend(%s) = %v, want nil", who, err)
		}
	}
	err := CanAttend(a, testTeams, "zoe@acme.example")
	if !errors.Is(err, ErrNotInvited) {
		t.Fatalf("CanAttend(zoe) = %v, want ErrNotInvited", err)
	}
	want := "zoe@acme.example is neither a member of a party of agreement launch (product, sales) nor an escalation contact (omar@acme.example); add them to a party's team (collab team member add TEAM zoe@acme.example) or leave them out"
	if err.Error() != want {
		t.Errorf("message:\n got %s\nwant %s", err, want)
	}
	// A party whose team does not exist cannot be judged.
	a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: "legal"})
	if err := CanAttend(a, testTeams, "zoe@acme.example"); err != nil {
		t.Errorf("with an unknown party team: %v, want nil", err)
	}
}

func TestActions(t *testing.T) {
	a := complete()
	a.Spec.Checkins = []model.AgreementCheckin{
		{Date: "2026-03-04", By: "pat@acme.example", Note: "before minutes"},
		{Date: "2026-03-18", By: "pat@acme.example", Actions: []model.ActionItem{
			{Owner: "sam@acme.example", Text: "Brief the reps", Due: "2026-03-20", Done: "2026-03-19"},
			{Owner: "priya@acme.example", Text: "Fix the export", Due: "2026-03-25"},
		}},
		{Date: "2026-04-01", By: "sam@acme.example", Actions: []model.ActionItem{{Owner: "leo@acme.example", Text: "Write the FAQ"}}},
	}
	got := Actions(a, "2026-04-02")
	want := []Action{
		{N: 1, Checkin: "2026-03-18", ActionItem: a.Spec.Checkins[1].Actions[0]},
		{N: 2, Checkin: "2026-03-18", ActionItem: a.Spec.Checkins[1].Actions[1], Open: true, Overdue: true, DaysLate: 8},
		{N: 3, Checkin: "2026-04-01", ActionItem: a.Spec.Checkins[2].Actions[0], Open: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Actions (-want +got):\n%s", diff)
	}
	if open := OpenActions(a, "2026-04-02"); len(open) != 2 || open[0].N != 2 || open[1].N != 3 {
		t.Errorf("OpenActions = %+v, want items 2 and 3", open)
	}
	if i, j, err := ActionIndex(a, 3); err != nil || i != 2 || j != 0 {
		t.Errorf("ActionIndex(3) = %d, %d, %v; want 2, 0, nil", i, j, err)
	}
	if _, _, err := ActionIndex(a, 4); err == nil || err.Error() != "agreement launch has no action item 4: they are numbered 1 to 3 (collab agree show launch)" {
		t.Errorf("ActionIndex(4) = %v", err)
	}
}

func TestParseAction(t *testing.T) {
	tests := []struct {
		in   string
		want model.ActionItem
		err  string
	}{
		{"sam@acme.example|Brief the reps|2026-03-11", model.ActionItem{Owner: "sam@acme.example", Text: "Brief the reps", Due: "2026-03-11"}, ""},
		{" sam@acme.example | Brief the reps ", model.ActionItem{Owner: "sam@acme.example", Text: "Brief the reps"}, ""},
		{"Brief the reps", model.ActionItem{}, `action "Brief the reps": write OWNER|TEXT|DUE, e.g. "sam@acme.example|Brief the reps|2026-03-11" (DUE may be left out)`},
		{"sam@acme.example||2026-03-11", model.ActionItem{}, `action "sam@acme.example||2026-03-11": say what is to be done between the two |`},
		{"sam@acme.example|Brief|next week", model.ActionItem{}, `action "sam@acme.example|Brief|next week": due: invalid date "next week": use YYYY-MM-DD, e.g. 2026-03-15`},
	}
	for _, tt := range tests {
		got, err := ParseAction(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseAction(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAction(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	if name, v, err := ParseReading("Lead time (p50)=4.5"); err != nil || name != "Lead time (p50)" || v != 4.5 {
		t.Errorf("ParseReading = %q, %v, %v", name, v, err)
	}
	if _, _, err := ParseReading("Adoption=12%"); err == nil {
		t.Error("ParseReading(12%) accepted a value with a unit")
	}
}

func TestMetricView(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	r := func(vs ...float64) []model.MetricReading {
		var out []model.MetricReading
		for i, v := range vs {
			out = append(out, model.MetricReading{Date: model.Date("2026-03-04").AddDays(14 * i), Value: v, By: "sam@acme.example"})
		}
		return out
	}
	tests := []struct {
		name            string
		m               model.Metric
		trend, progress string
		met             *bool
	}{
		{"no readings", model.Metric{Name: "x", TargetValue: f(30), Direction: "increase"}, "", "", nil},
		{"words only, one reading", model.Metric{Name: "x", Readings: r(5)}, "", "", nil},
		{"first reading against the baseline", model.Metric{Name: "x", Baseline: f(2), TargetValue: f(30), Readings: r(5)}, TrendUp, Improving, f2b(false)},
		{"increase, going down", model.Metric{Name: "x", TargetValue: f(30), Direction: "increase", Readings: r(12, 9)}, TrendDown, Worsening, f2b(false)},
		{"decrease, met", model.Metric{Name: "x", TargetValue: f(2), Direction: "decrease", Readings: r(3, 2)}, TrendDown, Improving, f2b(true)},
		{"flat", model.Metric{Name: "x", Direction: "increase", Readings: r(3, 3)}, TrendFlat, Steady, nil},
		{"maintain above the level", model.Metric{Name: "x", TargetValue: f(97), Direction: "maintain", Readings: r(98, 97.5)}, TrendDown, Steady, f2b(true)},
		{"maintain, fell below", model.Metric{Name: "x", TargetValue: f(97), Direction: "maintain", Readings: r(98, 96)}, TrendDown, Worsening, f2b(false)},
		{"maintain, climbing back", model.Metric{Name: "x", TargetValue: f(97), Direction: "maintain", Readings: r(95, 96)}, TrendUp, Improving, f2b(false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewMetricView(tt.m)
			if v.Trend != tt.trend || v.Progress != tt.progress || !cmp.Equal(v.Met, tt.met) {
				t.Errorf("trend %q progress %q met %v; want %q %q %v", v.Trend, v.Progress, ptr(v.Met), tt.trend, tt.progress, ptr(tt.met))
			}
		})
	}
	if s := Series(model.Metric{Readings: r(1, 2.5, 4, 8)}, 3); s != "2.5 → 4 → 8" {
		t.Errorf("Series = %q", s)
	}
}

func f2b(b bool) *bool { return &b }

func ptr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
