package goal

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// TestCheckMinutes: a goal check-in in someone else's name needs the owner
// or a teammate of that person.
func TestCheckMinutes(t *testing.T) {
	team := func(id string, emails ...string) *model.Team {
		tm := &model.Team{}
		tm.Metadata.ID = id
		for _, e := range emails {
			tm.Spec.Members = append(tm.Spec.Members, model.Member{Email: e})
		}
		return tm
	}
	teams := map[string]*model.Team{
		"product": team("product", "priya@acme.example", "leo@acme.example"),
		"sales":   team("sales", "sam@acme.example"),
	}
	goal := func(checkins ...model.GoalCheckin) *model.Goal {
		g := &model.Goal{}
		g.Metadata.ID = "adoption"
		g.Spec.Owner, g.Spec.Teams, g.Spec.Checkins = "pat@acme.example", []string{"product", "sales"}, checkins
		return g
	}
	old := goal(model.GoalCheckin{Date: "2026-03-01", By: "sam@acme.example"})
	tests := []struct {
		name  string
		by    string
		actor string
		want  *model.Refusal
	}{
		{"own check-in", "leo@acme.example", "leo@acme.example", nil},
		{"a teammate's minutes", "priya@acme.example", "leo@acme.example", nil},
		{"by the owner", "sam@acme.example", "pat@acme.example", nil},
		{"in another team's name", "sam@acme.example", "leo@acme.example",
			&model.Refusal{Change: "record a check-in of goal adoption on 2026-03-15 by sam@acme.example", Who: whoMinutes,
				People: []string{"pat@acme.example", "sam@acme.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			new := goal(old.Spec.Checkins[0], model.GoalCheckin{Date: "2026-03-15", By: tt.by})
			if d := cmp.Diff(tt.want, Check(old, new, teams, tt.actor)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	// Editing an existing check-in is not recording one in its author's name.
	edited := goal(model.GoalCheckin{Date: "2026-03-01", By: "sam@acme.example", Note: "typo fixed"})
	if rf := Check(old, edited, teams, "leo@acme.example"); rf != nil {
		t.Errorf("edit of an existing check-in: %+v", rf)
	}
}
