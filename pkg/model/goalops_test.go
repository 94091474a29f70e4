package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseKRValue(t *testing.T) {
	tests := []struct {
		in      string
		id      string
		v       float64
		wantErr bool
	}{
		{"in-stock=95.5", "in-stock", 95.5, false},
		{" leads = 500 ", "leads", 500, false},
		{"delta=-1.25", "delta", -1.25, false},
		{"x=1e3", "x", 1000, false},
		{"in-stock", "", 0, true},
		{"=5", "", 0, true},
		{"a=", "", 0, true},
		{"a=lots", "", 0, true},
		{"a=NaN", "", 0, true},
		{"a=Inf", "", 0, true},
	}
	for _, tt := range tests {
		id, v, err := ParseKRValue(tt.in)
		if (err != nil) != tt.wantErr || id != tt.id || v != tt.v {
			t.Errorf("ParseKRValue(%q) = %q, %v, %v; want %q, %v, error %v", tt.in, id, v, err, tt.id, tt.v, tt.wantErr)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	got := []string{FormatNumber(97), FormatNumber(95.5), FormatNumber(1500000), FormatNumber(-0.25), FormatNumber(41.0)}
	if d := cmp.Diff([]string{"97", "95.5", "1500000", "-0.25", "41"}, got); d != "" {
		t.Error(d)
	}
}

func TestPlanCheckin(t *testing.T) {
	g := &Goal{Header: Header{Metadata: Metadata{ID: "stock"}}, Spec: GoalSpec{
		KeyResults: []KeyResult{
			{ID: "in-stock", Baseline: f(93), Target: f(97), Current: f(94)},
			{ID: "margin", Baseline: f(41), Target: f(43)},
			{ID: "leads", Target: f(500)},
		},
		Checkins: []GoalCheckin{{Date: "2026-03-01", Values: map[string]float64{"in-stock": 94}}},
	}}
	tests := []struct {
		name    string
		date    Date
		values  []KRValue
		want    []KRUpdate
		subject string
		wantErr string
	}{
		{
			name:    "current, else baseline, else nothing was",
			date:    "2026-03-10",
			values:  []KRValue{{"in-stock", 95.5}, {"margin", 41.6}, {"leads", 320}},
			want:    []KRUpdate{{0, "in-stock", f(94), 95.5, true}, {1, "margin", f(41), 41.6, true}, {2, "leads", nil, 320, true}},
			subject: "check-in in-stock 95.5 (was 94), margin 41.6 (was 41), leads 320",
		},
		{
			name:    "same day as the last reading moves current",
			date:    "2026-03-01",
			values:  []KRValue{{"in-stock", 94.2}},
			want:    []KRUpdate{{0, "in-stock", f(94), 94.2, true}},
			subject: "check-in in-stock 94.2 (was 94)",
		},
		{
			name:    "back-dated before a later reading keeps current",
			date:    "2026-02-15",
			values:  []KRValue{{"in-stock", 93.5}, {"margin", 41.2}},
			want:    []KRUpdate{{0, "in-stock", f(94), 93.5, false}, {1, "margin", f(41), 41.2, true}},
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
			got, err := g.PlanCheckin(tt.date, tt.values)
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

func TestDefaultDirection(t *testing.T) {
	got := []string{DefaultDirection(93, 97), DefaultDirection(2400, 1500), DefaultDirection(5, 5)}
	if d := cmp.Diff([]string{Increase, Decrease, AtLeast}, got); d != "" {
		t.Error(d)
	}
}

// shape renders a tree as nested ids for comparison.
type shape struct {
	ID       string
	Children []shape
}

func shapes(ns []*GoalNode) []shape {
	var out []shape
	for _, n := range ns {
		out = append(out, shape{n.ID, shapes(n.Children)})
	}
	return out
}

func TestAlignmentTree(t *testing.T) {
	goal := func(parent string) *Goal { return &Goal{Spec: GoalSpec{Parent: parent}} }
	goals := map[string]*Goal{
		"company":  goal(""),
		"stock":    goal("company"),
		"margin":   goal("company"),
		"ops":      goal("stock"),
		"orphan":   goal("deleted"), // parent does not exist: shown as a root
		"loop-a":   goal("loop-b"),  // a cycle: both are roots
		"loop-b":   goal("loop-a"),
		"below":    goal("loop-a"), // serves a goal on a cycle
		"solo":     goal(""),
		"selfish":  goal("selfish"),
		"selfkids": goal("selfish"),
	}
	tests := []struct {
		focus string
		want  []shape
	}{
		{"", []shape{
			{"company", []shape{{"margin", nil}, {"stock", []shape{{"ops", nil}}}}},
			{"loop-a", []shape{{"below", nil}}},
			{"loop-b", nil},
			{"orphan", nil},
			{"selfish", []shape{{"selfkids", nil}}},
			{"solo", nil},
		}},
		{"stock", []shape{{"company", []shape{{"stock", []shape{{"ops", nil}}}}}}},
		{"ops", []shape{{"company", []shape{{"stock", []shape{{"ops", nil}}}}}}},
		{"company", []shape{{"company", []shape{{"margin", nil}, {"stock", []shape{{"ops", nil}}}}}}},
		{"below", []shape{{"loop-a", []shape{{"below", nil}}}}},
		{"loop-b", []shape{{"loop-b", nil}}},
		{"orphan", []shape{{"orphan", nil}}},
	}
	for _, tt := range tests {
		t.Run("focus="+tt.focus, func(t *testing.T) {
			got, err := AlignmentTree(goals, tt.focus)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, shapes(got)); d != "" {
				t.Errorf("tree (-want +got):\n%s", d)
			}
		})
	}
	if _, err := AlignmentTree(goals, "nope"); err == nil {
		t.Error("unknown focus: no error")
	}
}
