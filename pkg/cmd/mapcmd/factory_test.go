package mapcmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

const launchMap = `apiVersion: collab/v1
kind: StakeholderMap
metadata:
  id: launch
  title: Stakeholders of Feature X launch plan
spec:
  subject: agreement/launch
  stakeholders:
    - person: priya@acme.example
      team: product
      roles: [decision-maker]
      raci: A
      influence: high
      interest: high
      note: Owner of the agreement, accountable for the whole effort.
    - team: product
      roles: [implementer]
      raci: R
      influence: medium
      interest: high
    - person: sam@acme.example
      team: sales
      roles: [implementer]
      raci: R
      influence: medium
      interest: high
      note: Owner of the sales party.
`

// withMap returns the test workspace with map launch made by `map new`.
func withMap(t *testing.T) (dir, file string) {
	t.Helper()
	dir = cmdtest.Workspace(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdNew(ct.F, nil), "launch", "--for", "agreement/launch"); err != nil {
		t.Fatalf("map new: %v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("wrote maps/launch.yaml (not committed)\n", ct.Out.String()); d != "" {
		t.Errorf("map new stdout (-want +got):\n%s", d)
	}
	return dir, filepath.Join(dir, "maps", "launch.yaml")
}

// TestNewPrefills: a new map holds the agreement owner as A and each party
// as R, its owner by name.
func TestNewPrefills(t *testing.T) {
	_, file := withMap(t)
	if d := cmp.Diff(launchMap, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("maps/launch.yaml (-want +got):\n%s", d)
	}
}

func TestNewRefusesExisting(t *testing.T) {
	dir, file := withMap(t)
	if err := os.WriteFile(file, []byte(launchMap+"# kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdNew(ct.F, nil), "launch", "--for", "agreement/launch", "--empty")
	want := "stakeholder map \"launch\" already exists (maps/launch.yaml): change it with `collab map add launch`"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(launchMap+"# kept\n", cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused new changed the map (-want +got):\n%s", d)
	}
}

func TestAddAndRm(t *testing.T) {
	dir, file := withMap(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdAdd(ct.F, nil), "launch", "--person", "grace@acme.example", "--role", "expert", "--raci", "C"); err != nil {
		t.Fatalf("map add: %v\n%s", err, ct.ErrOut)
	}
	grace := "    - person: grace@acme.example\n      team: sales\n      roles: [expert]\n      raci: C\n"
	if d := cmp.Diff(launchMap+grace, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after add (-want +got):\n%s", d)
	}
	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdRm(ct.F, nil), "launch", "sam@acme.example"); err != nil {
		t.Fatalf("map rm: %v\n%s", err, ct.ErrOut)
	}
	sam := "    - person: sam@acme.example\n      team: sales\n      roles: [implementer]\n      raci: R\n      influence: medium\n      interest: high\n      note: Owner of the sales party.\n"
	if d := cmp.Diff(strings.Replace(launchMap, sam, "", 1)+grace, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after rm (-want +got):\n%s", d)
	}
}

// TestRmRefusesAccountable: the map must keep its one A.
func TestRmRefusesAccountable(t *testing.T) {
	dir, file := withMap(t)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdRm(ct.F, nil), "launch", "priya@acme.example")
	want := "the change would make the workspace invalid; nothing was written:\n" +
		"  maps/launch.yaml:8:3: error: spec.stakeholders: no stakeholder is accountable; mark exactly one with raci: A (the one leader who decides)"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(launchMap, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused rm changed the map (-want +got):\n%s", d)
	}
}

func TestListJSON(t *testing.T) {
	dir, _ := withMap(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdList(ct.F, nil), "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	var got []map[string]any
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	want := []map[string]any{{
		"id": "launch", "title": "Stakeholders of Feature X launch plan", "subject": "agreement/launch",
		"stakeholders": 3.0, "teams": 2.0, "accountable": "priya@acme.example", "resistant": 0.0,
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("list (-want +got):\n%s", d)
	}
}

func TestShowJSON(t *testing.T) {
	dir, _ := withMap(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdShow(ct.F, nil), "launch", "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	type holder struct{ Person, Team, Raci, Quadrant string }
	var got struct {
		ID, Subject, SubjectTitle string
		Stakeholders              []holder
		ByRole                    []struct {
			Role         string
			Stakeholders []holder
		}
	}
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	priya := holder{"priya@acme.example", "product", "A", "manage closely"}
	product := holder{"", "product", "R", "keep informed"}
	sam := holder{"sam@acme.example", "sales", "R", "keep informed"}
	want := got
	want.ID, want.Subject, want.SubjectTitle = "launch", "agreement/launch", "Feature X launch plan"
	want.Stakeholders = []holder{priya, product, sam}
	want.ByRole = []struct {
		Role         string
		Stakeholders []holder
	}{{"decision-maker", []holder{priya}}, {"implementer", []holder{product, sam}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("show (-want +got):\n%s", d)
	}
}
