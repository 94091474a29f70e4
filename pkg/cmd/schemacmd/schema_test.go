package schemacmd

import (
	"encoding/json"
	"errors"
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
