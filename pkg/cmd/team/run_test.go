package team

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// loadTeam reads team id from the workspace in dir.
func loadTeam(t *testing.T, dir, id string) *model.Team {
	t.Helper()
	w, err := workspace.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(w.Diags) > 0 {
		t.Fatalf("workspace does not load: %v", w.Diags)
	}
	return w.Teams[id]
}

func TestAddWritesTheTeam(t *testing.T) {
	dir := cmdtest.Workspace(t)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdTeam(ct.F), "add", "legal", "--title", "Legal", "--lead", "lena@acme.example",
		"--member", "lena@acme.example:Lena Berg:General Counsel", "--member", "omar@acme.example", "--reviewer", "@acme/legal")
	if err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("wrote teams/legal.yaml (not committed)\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	got := loadTeam(t, dir, "legal")
	if got == nil {
		t.Fatal("teams/legal.yaml was not written")
	}
	want := model.TeamSpec{Lead: "lena@acme.example", Reviewers: []string{"@acme/legal"},
		Members: []model.Member{{Email: "lena@acme.example", Name: "Lena Berg", Role: "General Counsel"}, {Email: "omar@acme.example"}}}
	if d := cmp.Diff(want, got.Spec); d != "" {
		t.Errorf("spec (-want +got):\n%s", d)
	}
}

func TestAddRefusesAnExistingTeam(t *testing.T) {
	dir := cmdtest.Workspace(t)
	before, _ := os.ReadFile(filepath.Join(dir, "teams", "sales.yaml"))
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdTeam(ct.F), "add", "sales", "--title", "Sales", "--lead", "maria@acme.example")
	if err == nil || !strings.Contains(err.Error(), `team "sales" already exists (teams/sales.yaml): use `+"`collab team member add`") {
		t.Fatalf("error = %v, want a refusal saying what to do", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "teams", "sales.yaml"))
	if d := cmp.Diff(string(before), string(after)); d != "" {
		t.Errorf("teams/sales.yaml changed (-before +after):\n%s", d)
	}
}

func TestMemberAddAndRm(t *testing.T) {
	dir := cmdtest.Workspace(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdTeam(ct.F), "member", "add", "sales", "zoe@acme.example:Zoe Park"); err != nil {
		t.Fatal(err)
	}
	if !loadTeam(t, dir, "sales").HasMember("zoe@acme.example") {
		t.Fatal("zoe was not added")
	}
	if err := ct.Run(NewCmdTeam(ct.F), "member", "rm", "sales", "zoe@acme.example"); err != nil {
		t.Fatal(err)
	}
	if loadTeam(t, dir, "sales").HasMember("zoe@acme.example") {
		t.Error("zoe was not removed")
	}
}

func TestMemberRefusals(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"add twice", []string{"member", "add", "sales", "sam@acme.example"}, "sam@acme.example is already a member of team sales"},
		{"remove the lead", []string{"member", "rm", "sales", "maria@acme.example"},
			"maria@acme.example is the lead of team sales: make someone else the lead first with `collab team edit sales`"},
		{"remove a stranger", []string{"member", "rm", "sales", "zoe@acme.example"}, "zoe@acme.example is not a member of team sales"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := cmdtest.Workspace(t)
			before, _ := os.ReadFile(filepath.Join(dir, "teams", "sales.yaml"))
			ct := cmdtest.New(dir)
			err := ct.Run(NewCmdTeam(ct.F), tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			after, _ := os.ReadFile(filepath.Join(dir, "teams", "sales.yaml"))
			if d := cmp.Diff(string(before), string(after)); d != "" {
				t.Errorf("teams/sales.yaml changed (-before +after):\n%s", d)
			}
		})
	}
}

func TestListJSON(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdTeam(ct.F), "list", "-o", "json"); err != nil {
		t.Fatal(err)
	}
	var got []model.Team
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	var ids []string
	for _, tm := range got {
		ids = append(ids, tm.Metadata.ID+" "+tm.Spec.Lead)
	}
	if d := cmp.Diff([]string{"product priya@acme.example", "sales maria@acme.example"}, ids); d != "" {
		t.Errorf("teams (-want +got):\n%s", d)
	}
}

func TestListTable(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdTeam(ct.F), "list"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"product", "Product", "priya@acme.example", "sales", "maria@acme.example"} {
		if !strings.Contains(ct.Out.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, ct.Out)
		}
	}
}

// TestShowJSON: the team profile at the factory's clock, with the goal the
// team owns and contributes to.
func TestShowJSON(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdTeam(ct.F), "show", "product", "-o", "json"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Team  model.Team       `json:"team"`
		Owes  []map[string]any `json:"owes"`
		Owed  []map[string]any `json:"owed"`
		Goals []map[string]any `json:"goals"`
		Maps  []map[string]any `json:"maps"`
	}
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	want := []map[string]any{{"id": "adoption", "title": "Feature X adopted by active accounts", "status": "active",
		"owner": "priya@acme.example", "owned": true, "contributes": true, "health": "on-track", "progress": 0.4}}
	if d := cmp.Diff(want, got.Goals); d != "" {
		t.Errorf("goals (-want +got):\n%s", d)
	}
	if got.Team.Metadata.ID != "product" || len(got.Owes) != 0 || len(got.Owed) != 0 || len(got.Maps) != 0 {
		t.Errorf("team %q owes %v owed %v maps %v; want product with none (the agreement is a draft)", got.Team.Metadata.ID, got.Owes, got.Owed, got.Maps)
	}
}

func TestShowRefusesUnknownTeam(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdTeam(ct.F), "show", "legal")
	if err == nil || !strings.Contains(err.Error(), "legal") {
		t.Fatalf("error = %v, want one naming the team", err)
	}
}
