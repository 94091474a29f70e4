package schema

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestModeline(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"workspace", "collab.yaml", "# yaml-language-server: $schema=.collab/schema/workspace.schema.json\n"},
		{"agreement", "agreements/x.yaml", "# yaml-language-server: $schema=../.collab/schema/agreement.schema.json\n"},
		{"StakeholderMap", "maps/m.yaml", "# yaml-language-server: $schema=../.collab/schema/stakeholdermap.schema.json\n"},
	}
	for _, tt := range tests {
		if got := Modeline(tt.name, tt.file); got != tt.want {
			t.Errorf("Modeline(%q, %q) = %q, want %q", tt.name, tt.file, got, tt.want)
		}
	}
	data := []byte("apiVersion: collab/v1\n")
	once := WithModeline("goal", "goals/g.yaml", data)
	if want := "# yaml-language-server: $schema=../.collab/schema/goal.schema.json\napiVersion: collab/v1\n"; string(once) != want {
		t.Errorf("WithModeline = %q, want %q", once, want)
	}
	if twice := WithModeline("goal", "goals/g.yaml", once); string(twice) != string(once) {
		t.Errorf("a second WithModeline changed the file: %q", twice)
	}
}

func TestStaleCopies(t *testing.T) {
	goal, _ := Get("goal")
	fsys := fstest.MapFS{
		CopyPath("goal"):      {Data: goal},
		CopyPath("agreement"): {Data: []byte(`{"old": true}`)},
	}
	got, err := StaleCopies(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{".collab/schema/agreement.schema.json"}, got); d != "" {
		t.Errorf("stale (-want +got):\n%s", d)
	}
	if !HasCopy(fsys, "goal") || HasCopy(fsys, "team") {
		t.Errorf("HasCopy: want goal only")
	}
}
