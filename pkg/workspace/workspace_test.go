package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindWalksUp(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ConfigFile, "apiVersion: collab/v1\n")
	sub := filepath.Join(dir, "agreements", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find(sub)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs(dir)
	if got != want {
		t.Errorf("Find = %s, want %s", got, want)
	}
	if _, err := Find(t.TempDir()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find outside a workspace: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ConfigFile, "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: acme, title: ACME}\nspec: {policy: {minOptions: 3}}\n")
	write(t, dir, "teams/sales.yaml", "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: maria@acme.example\n  members: [{email: maria@acme.example}]\n")
	write(t, dir, "teams/broken.yaml", "apiVersion: collab/v1\nkind: Team\nkind: Goal\n")
	write(t, dir, "teams/notes.txt", "ignored\n")
	write(t, dir, "goals/g.yaml", "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: g, title: G}\nspec: {status: draft, owner: maria@acme.example, teams: [sales]}\n")
	w, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range w.Files {
		paths = append(paths, e.Path)
	}
	if diff := cmp.Diff([]string{"collab.yaml", "teams/broken.yaml", "teams/sales.yaml", "goals/g.yaml"}, paths); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if w.Policy().MinOptions != 3 || w.Policy().DueSoon != "14d" {
		t.Errorf("policy = %+v", w.Policy())
	}
	if !w.IsMember("sales", "maria@acme.example") || w.IsMember("sales", "x@acme.example") {
		t.Error("IsMember wrong")
	}
	if diff := cmp.Diff([]string{"sales"}, w.TeamsOf("maria@acme.example")); diff != "" {
		t.Error(diff)
	}
	if len(w.Diags) != 1 || w.Diags[0].File != "teams/broken.yaml" || w.Diags[0].Line != 3 {
		t.Errorf("diags = %v, want one duplicate-key error at teams/broken.yaml:3", w.Diags)
	}
	if _, err := w.Lookup("Team", "nope"); err == nil || err.Error() != `no team "nope" (known: broken, sales)` {
		t.Errorf("Lookup error = %v", err)
	}
	// Replace swaps in an edited file and re-indexes.
	w.Replace("teams/sales.yaml", []byte("apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: maria@acme.example\n  members: [{email: maria@acme.example}, {email: sam@acme.example}]\n"))
	if !w.IsMember("sales", "sam@acme.example") {
		t.Error("Replace did not re-index")
	}
}
