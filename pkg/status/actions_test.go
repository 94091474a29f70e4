package status

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// TestActionItems: open action items need action when due within the
// window or undated; past their due date they are overdue; done ones and
// those of a retired agreement are not listed. Compute puts them in their
// sections, with the owner as the person who acts.
func TestActionItems(t *testing.T) {
	a := launch()
	a.Spec.Checkins = []model.AgreementCheckin{
		{Date: "2026-03-04", By: "pat@acme.example", Note: "kick-off"},
		{Date: "2026-03-18", By: "pat@acme.example", Actions: []model.ActionItem{
			{Owner: "sam@acme.example", Text: "Brief the reps", Due: "2026-03-20"},
			{Owner: "leo@acme.example", Text: "Fix the export", Due: "2026-03-19", Done: "2026-03-19"},
			{Owner: "priya@acme.example", Text: "Tell support"},
			{Owner: "dev@acme.example", Text: "Pipeline dashboard", Due: "2026-04-30"},
			{Owner: "leo@acme.example", Text: "Release notes", Due: "2026-03-25"},
		}},
	}
	needs, late := ActionItems(a, "2026-03-23", 7)
	wantNeeds := []Item{
		{Kind: KindAction, Agreement: "launch", Action: 3, Teams: []string{"product", "sales"}, People: []string{"priya@acme.example"},
			Text: "action 3 from the 2026-03-18 check-in: Tell support, no due date", Next: "collab agree action-done launch 3"},
		{Kind: KindAction, Agreement: "launch", Action: 5, Teams: []string{"product", "sales"}, People: []string{"leo@acme.example"},
			Date: "2026-03-25", Days: 2, Text: "action 5 from the 2026-03-18 check-in: Release notes, due in 2 days", Next: "collab agree action-done launch 5"},
	}
	wantLate := []Item{
		{Kind: KindAction, Agreement: "launch", Action: 1, Teams: []string{"product", "sales"}, People: []string{"sam@acme.example"},
			Date: "2026-03-20", Days: -3, Text: "action 1 from the 2026-03-18 check-in: Brief the reps, 3 days late", Next: "collab agree action-done launch 1"},
	}
	if d := cmp.Diff(wantNeeds, needs); d != "" {
		t.Errorf("needs action (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantLate, late); d != "" {
		t.Errorf("overdue (-want +got):\n%s", d)
	}

	s := Compute(Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": a}}, Options{AsOf: "2026-03-23", Within: 7, Person: "sam@acme.example"})
	var actions []Item
	for _, it := range append(s.NeedsAction, s.Overdue...) {
		if it.Kind == KindAction {
			actions = append(actions, it)
		}
	}
	if d := cmp.Diff(wantLate, actions); d != "" {
		t.Errorf("Compute for sam: action items (-want +got):\n%s", d)
	}
	all := Compute(Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": a}}, Options{AsOf: "2026-03-23", Within: 7})
	if n := all.Count(FailOverdue); n != 1 {
		t.Errorf("--fail-on overdue counts %d, want 1 (the overdue commitment, not the action item)", n)
	}

	a.Spec.Status = model.AgreementRetired
	if needs, late := ActionItems(a, "2026-03-23", 7); needs != nil || late != nil {
		t.Errorf("a retired agreement lists action items: %v %v", needs, late)
	}
}
