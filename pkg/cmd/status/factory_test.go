package status

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// TestStatusThroughFactory runs the command through the factory on the
// small test workspace: the table, -o json, and a refused --team.
func TestStatusThroughFactory(t *testing.T) {
	dir := cmdtest.Workspace(t)

	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdStatus(ct.F, nil)); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if out := ct.Out.String(); !strings.Contains(out, "As of "+cmdtest.Today) {
		t.Errorf("the table does not say its date:\n%s", out)
	}

	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdStatus(ct.F, nil), "-o", "json", "--me"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	var s struct {
		AsOf        string           `json:"asOf"`
		Person      string           `json:"person"`
		NeedsAction []map[string]any `json:"needsAction"`
	}
	if err := json.Unmarshal(ct.Out.Bytes(), &s); err != nil {
		t.Fatalf("-o json: %v\n%s", err, ct.Out)
	}
	if s.AsOf != cmdtest.Today || s.Person != "priya@acme.example" || s.NeedsAction == nil {
		t.Errorf("-o json: asOf %q, person %q, needsAction %v", s.AsOf, s.Person, s.NeedsAction)
	}

	ct = cmdtest.New(dir)
	err := ct.Run(NewCmdStatus(ct.F, nil), "--team", "legal")
	if want := `--team "legal": no such team (known: product, sales)`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
