package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/workspace"
)

// TestExamplesAcme: the bundled example workspace is clean, as of a date
// inside its story, and every file decodes into its struct.
func TestExamplesAcme(t *testing.T) {
	w, err := workspace.Load("../../examples/acme")
	if err != nil {
		t.Fatal(err)
	}
	defer w.FS.Close()
	if len(w.Files) < 20 {
		t.Fatalf("examples/acme holds %d files; expected a whole workspace", len(w.Files))
	}
	for _, d := range Workspace(w, Options{AsOf: "2026-04-15"}) {
		t.Errorf("%s [%s]", d, d.Code)
	}
	for _, e := range w.Files {
		if e.Value == nil {
			t.Errorf("%s could not be decoded", e.Path)
		}
	}
}
