package verify

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// team decodes a team file with the given lead and members.
func team(id, lead string, members ...string) *model.Team {
	yaml := "apiVersion: collab/v1\nkind: Team\nmetadata: {id: " + id + ", title: T}\nspec:\n  lead: " + lead + "\n  members:\n"
	for _, m := range append([]string{lead}, members...) {
		yaml += "    - email: " + m + "\n"
	}
	return workspace.Decode("teams/"+id+".yaml", []byte(yaml)).(*model.Team)
}

// TestRulesCheck covers the goal, map, team and workspace rules through the
// dispatcher (the agreement rules have their own table test).
func TestRulesCheck(t *testing.T) {
	g := &model.Goal{}
	g.Metadata.ID = "margin"
	g.Spec.Owner, g.Spec.Teams = "dana@acme.example", []string{"ops"}
	g2 := *g
	g2.Spec.Status = model.GoalAchieved
	a := &model.Agreement{}
	a.Metadata.ID = "launch"
	a.Spec.Owner, a.Spec.Parties = "pat@acme.example", []model.Party{{Team: "sales"}}
	m := &model.StakeholderMap{}
	m.Metadata.ID = "launch"
	m.Spec.Subject = "agreement/launch"
	unknown := &model.StakeholderMap{}
	unknown.Spec.Subject = "goal/nope"
	sales := team("sales", "maria@acme.example", "sam@acme.example")
	sales2 := team("sales", "maria@acme.example", "sam@acme.example", "eve@acme.example")
	cfg := &model.Workspace{}
	owned := &model.Workspace{}
	owned.Spec.Owners = []string{"ceo@acme.example"}
	r := Rules{
		Config:     cfg,
		Teams:      map[string]*model.Team{"sales": sales, "ops": team("ops", "victor@acme.example")},
		Agreements: map[string]*model.Agreement{"launch": a},
		Goals:      map[string]*model.Goal{"margin": g},
	}
	withOwners := r
	withOwners.Config = owned
	tests := []struct {
		name     string
		rules    Rules
		path     string
		old, new any
		actor    string
		want     []model.Refusal
	}{
		{"goal changed by a team member", r, "goals/margin.yaml", g, &g2, "victor@acme.example", nil},
		{"goal changed by an outsider", r, "goals/margin.yaml", g, &g2, "sam@acme.example",
			[]model.Refusal{{Change: "change goal margin", Who: "the goal owner or a member of one of its teams", People: []string{"dana@acme.example", "victor@acme.example"}}}},
		{"goal deleted by a team member", r, "goals/margin.yaml", g, nil, "victor@acme.example",
			[]model.Refusal{{Change: "delete goal margin", Who: "the goal owner", People: []string{"dana@acme.example"}}}},
		{"map changed by a party member", r, "maps/launch.yaml", m, m, "sam@acme.example", nil},
		{"map added by an outsider", r, "maps/launch.yaml", nil, m, "victor@acme.example",
			[]model.Refusal{{Change: "add stakeholder map launch", Who: "the owner or a member of a party (agreement) or team (goal) of the map's subject",
				People: []string{"maria@acme.example", "pat@acme.example", "sam@acme.example"}}}},
		{"map of an unknown subject is left to validation", r, "maps/x.yaml", nil, unknown, "victor@acme.example", nil},
		{"member added by the lead", r, "teams/sales.yaml", sales, sales2, "maria@acme.example", nil},
		{"member added by a member", r, "teams/sales.yaml", sales, sales2, "sam@acme.example",
			[]model.Refusal{{Change: "change team sales", Who: "the team lead or a workspace owner", People: []string{"maria@acme.example"}}}},
		{"member added by a workspace owner", withOwners, "teams/sales.yaml", sales, sales2, "ceo@acme.example", nil},
		{"team added while no owner is named", r, "teams/sales.yaml", nil, sales, "eve@acme.example", nil},
		{"team added by a non-owner", withOwners, "teams/sales.yaml", nil, sales, "maria@acme.example",
			[]model.Refusal{{Change: "add team sales", Who: "a workspace owner (while none is named, anyone)", People: []string{"ceo@acme.example"}}}},
		{"policy changed by a team member while no owner is named", r, "collab.yaml", cfg, owned, "sam@acme.example", nil},
		{"policy changed by someone in no team", r, "collab.yaml", cfg, owned, "eve@acme.example",
			[]model.Refusal{{Change: "change collab.yaml", Who: "a workspace owner (spec.owners in collab.yaml; while none is named, any member of a team)",
				People: []string{"maria@acme.example", "sam@acme.example", "victor@acme.example"}}}},
		{"policy changed by a non-owner", withOwners, "collab.yaml", owned, cfg, "maria@acme.example",
			[]model.Refusal{{Change: "change collab.yaml", Who: "a workspace owner (spec.owners in collab.yaml; while none is named, any member of a team)",
				People: []string{"ceo@acme.example"}}}},
		{"a file outside the workspace folders", r, "docs/x.yaml", nil, nil, "eve@acme.example", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rules.Check(tt.path, tt.old, tt.new, tt.actor)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFirstDifference(t *testing.T) {
	tests := []struct {
		old, new string
		want     int
	}{
		{"a\nb\nc\n", "a\nB\nc\n", 2},
		{"a\nb\n", "a\nb\nc\n", 3},
		{"", "a\n", 1},
		{"a\nb\nc\n", "a\nb\n", 2},
	}
	for _, tt := range tests {
		if got := firstDifference([]byte(tt.old), []byte(tt.new)); got != tt.want {
			t.Errorf("firstDifference(%q, %q) = %d, want %d", tt.old, tt.new, got, tt.want)
		}
	}
	if got := firstDifference([]byte("a\n"), nil); got != 0 {
		t.Errorf("deleted file: %d, want 0", got)
	}
}

// TestPermissionsDocumented: docs/permissions.md shows every row of the
// agreement and goal tables as the code has them.
func TestPermissionsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/permissions.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, p := range agreement.Permissions {
		rows = append(rows, "| "+p.Change+" | "+p.Who+" | "+p.Commands+" |")
	}
	for _, p := range goal.Permissions {
		rows = append(rows, "| "+p.Change+" | "+p.Who+" | "+p.Commands+" |")
	}
	for _, row := range rows {
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/permissions.md lacks the row\n%s", row)
		}
	}
}
