package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
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
	if w.Policy().OptionsRequired() != 3 || w.Policy().DueSoon != "14d" {
		t.Errorf("policy = %+v", w.Policy())
	}
	if !w.Teams["sales"].HasMember("maria@acme.example") || w.Teams["sales"].HasMember("x@acme.example") {
		t.Error("sales members wrong")
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
	if !w.Teams["sales"].HasMember("sam@acme.example") {
		t.Error("Replace did not re-index")
	}
}

// TestLoadRefusesUnsafeFiles: every *.yaml entry of a kind folder is listed,
// and one that is not a regular file within the size limit is reported, not
// read. A file of another kind in a folder is kept but not decoded.
func TestLoadRefusesUnsafeFiles(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	team := "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: maria@acme.example\n  members: [{email: maria@acme.example}]\n"
	write(t, dir, "teams/sales.yaml", team)
	write(t, dir, "teams/goal.yaml", "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: goal, title: G}\n")
	write(t, dir, "teams/big.yaml", "a: "+strings.Repeat("x", yamldoc.MaxSize)+"\n")
	write(t, outside, "secret.yaml", team)
	if err := os.Symlink("sales.yaml", filepath.Join(dir, "teams/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "teams/out.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "teams/sub.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A kind folder that leads outside the workspace is not read, and says so.
	if err := os.Symlink(outside, filepath.Join(dir, "goals")); err != nil {
		t.Fatal(err)
	}
	w, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.FS.Close()
	type file struct {
		Path    string
		Kind    model.Kind
		Decoded bool
	}
	var got []file
	for _, e := range w.Files {
		got = append(got, file{e.Path, e.Kind, e.Value != nil})
	}
	want := []file{
		{"collab.yaml", model.KindWorkspace, false},
		{"teams/big.yaml", model.KindTeam, false},
		{"teams/goal.yaml", model.KindTeam, false},
		{"teams/link.yaml", model.KindTeam, false},
		{"teams/out.yaml", model.KindTeam, false},
		{"teams/sales.yaml", model.KindTeam, true},
		{"teams/sub.yaml", model.KindTeam, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	e := func(file string, line, col int, code, msg string) diag.Diagnostic {
		return diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Error, Code: code, Message: msg}
	}
	wantDiags := diag.List{
		e("goals", 0, 0, yamldoc.CodeRead, "folder cannot be read (openat goals: path escapes from parent); make it a plain folder inside the workspace"),
		e("collab.yaml", 0, 0, yamldoc.CodeRead, "file does not exist"),
		e("teams/big.yaml", 1, 1, yamldoc.CodeSize, "file is 1048580 bytes, over the 1048576 byte limit; split it or shorten it"),
		e("teams/link.yaml", 0, 0, yamldoc.CodeRead, "file is a symbolic link; replace it with a regular file"),
		e("teams/out.yaml", 0, 0, yamldoc.CodeRead, "file is a symbolic link; replace it with a regular file"),
		e("teams/sub.yaml", 0, 0, yamldoc.CodeRead, "cannot read file: teams/sub.yaml: not a regular file"),
	}
	if diff := cmp.Diff(wantDiags, w.Diags); diff != "" {
		t.Errorf("diags (-want +got):\n%s", diff)
	}
}

// TestLoadReportsValuesThatDoNotFit: a file whose value does not fit its
// field is an error at the value, never a file silently left out.
func TestLoadReportsValuesThatDoNotFit(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ConfigFile, "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: acme, title: ACME}\nspec: {}\n")
	write(t, dir, "goals/g.yaml", "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: g, title: G}\nspec:\n  owner: maria@acme.example\n  teams: sales\n")
	w, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.FS.Close()
	if w.Goals["g"] != nil {
		t.Error("the goal that cannot be decoded has a value")
	}
	want := diag.List{{File: "goals/g.yaml", Line: 6, Col: 10, Severity: diag.Error, Code: yamldoc.CodeDecode,
		Message: "cannot unmarshal !!str `sales` into []string; the file cannot be read until this value is fixed (collab validate explains it)"}}
	if d := cmp.Diff(want, w.Diags); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

func TestIDHint(t *testing.T) {
	teams := []string{"support", "sales", "product", "operations", "merchandising", "marketing", "it", "hr", "finance"}
	for _, tt := range []struct {
		id   string
		ids  []string
		want string
	}{
		{"salse", teams, "did you mean sales?"},
		{"markting", []string{"marketing", "merchandising"}, "did you mean marketing?"},
		{"x", teams, "did you mean hr or it?"},
		{"legal", teams, "none of the 9 is close: `collab team list` lists them"},
		{"legal", []string{"sales", "hr"}, "known: hr, sales"},
		{"legal", nil, "none exists yet"},
	} {
		if got := IDHint(model.KindTeam, tt.id, tt.ids); got != tt.want {
			t.Errorf("IDHint(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	if got := IDHint(model.KindAgreement, "nope", teams); got != "none of the 9 is close: `collab agree list` lists them" {
		t.Errorf("agreement hint: %q", got)
	}
	if teams[0] != "support" {
		t.Error("IDHint sorted its argument")
	}
}
