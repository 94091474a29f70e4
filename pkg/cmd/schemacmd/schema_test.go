package schemacmd

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/schema"
)

func TestSchemaLists(t *testing.T) {
	ct := cmdtest.New(t.TempDir())
	if err := ct.Run(NewCmdSchema(ct.F)); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(ct.Out.String()), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 || fields[1] != schema.URL(fields[0]) {
			t.Errorf("line %q: want NAME and its schema URL", line)
			continue
		}
		names = append(names, fields[0])
	}
	if d := cmp.Diff(schema.Names, names); d != "" {
		t.Errorf("kinds (-want +got):\n%s", d)
	}
}

// TestSchemaPrints checks that each kind, named as a user would, prints
// its embedded schema: JSON whose $id is the schema's URL.
func TestSchemaPrints(t *testing.T) {
	tests := []struct{ arg, name string }{
		{"agreement", "agreement"},
		{"Agreement", "agreement"},
		{"goal", "goal"},
		{"team", "team"},
		{"map", "stakeholdermap"},
		{"workspace", "workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			ct := cmdtest.New(t.TempDir())
			if err := ct.Run(NewCmdSchema(ct.F), tt.arg); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				ID string `json:"$id"`
			}
			if err := json.Unmarshal(ct.Out.Bytes(), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if doc.ID != schema.URL(tt.name) {
				t.Errorf("$id = %q, want %q", doc.ID, schema.URL(tt.name))
			}
		})
	}
}

func TestSchemaRefusesUnknownKind(t *testing.T) {
	ct := cmdtest.New(t.TempDir())
	err := ct.Run(NewCmdSchema(ct.F), "budget")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `"budget"`) {
		t.Fatalf("error = %v, want a usage error naming the kind", err)
	}
	if ct.Out.Len() != 0 {
		t.Errorf("printed %q", ct.Out)
	}
}

// TestSchemaWrite: --write puts the binary's schemas in .collab/schema/ of
// the workspace found from a subfolder, and rewrites only stale copies.
func TestSchemaWrite(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "collab.yaml"), []byte("kind: Workspace\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "goals")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(sub)
	if err := ct.Run(NewCmdSchema(ct.F), "--write"); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range schema.Names {
		want = append(want, "wrote "+schema.CopyPath(n))
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(schema.CopyPath(n))))
		b, _ := schema.Get(n)
		if err != nil || string(got) != string(b) {
			t.Errorf("%s: not the binary's schema (err %v)", n, err)
		}
	}
	if d := cmp.Diff(want, strings.Split(strings.TrimSpace(ct.Out.String()), "\n")); d != "" {
		t.Errorf("output (-want +got):\n%s", d)
	}

	stale := filepath.Join(root, ".collab", "schema", "goal.schema.json")
	if err := os.WriteFile(stale, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct = cmdtest.New(root)
	if err := ct.Run(NewCmdSchema(ct.F), "--write"); err != nil {
		t.Fatal(err)
	}
	if got := ct.Out.String(); got != "wrote .collab/schema/goal.schema.json\n" {
		t.Errorf("second --write printed %q, want only the stale copy", got)
	}
	ct = cmdtest.New(root)
	if err := ct.Run(NewCmdSchema(ct.F), "--write", "goal"); err != nil {
		t.Fatal(err)
	}
	if ct.Out.Len() != 0 || !strings.Contains(ct.ErrOut.String(), "up to date") {
		t.Errorf("up-to-date --write: stdout %q, stderr %q", ct.Out, ct.ErrOut)
	}
}
