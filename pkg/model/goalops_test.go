package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatNumber(t *testing.T) {
	got := []string{FormatNumber(97), FormatNumber(95.5), FormatNumber(1500000), FormatNumber(-0.25), FormatNumber(41.0)}
	if d := cmp.Diff([]string{"97", "95.5", "1500000", "-0.25", "41"}, got); d != "" {
		t.Error(d)
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
