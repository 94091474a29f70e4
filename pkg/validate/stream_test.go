package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// sameAsWorkspace checks that Dir, which reads and checks each file once
// and drops its tree, finds what Load and Workspace find, in the same
// order, and lists the same files; it returns the diagnostics.
func sameAsWorkspace(t *testing.T, dir string, asOf model.Date) diag.List {
	t.Helper()
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want := Workspace(w, Options{AsOf: asOf})
	sameAsDir(t, w, asOf, want)
	return want
}

// sameAsDir checks that Dir finds want, what Workspace finds in w, and
// lists the files of w.
func sameAsDir(t *testing.T, w *workspace.Workspace, asOf model.Date, want diag.List) {
	t.Helper()
	sw, got, err := Dir(w.Dir, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	defer sw.Close()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: Dir differs from Load and Workspace (-Workspace +Dir):\n%s", w.Dir, d)
	}
	paths := func(w *workspace.Workspace) []string {
		var out []string
		for _, e := range w.Files {
			out = append(out, e.Path)
		}
		return out
	}
	if d := cmp.Diff(paths(w), paths(sw)); d != "" {
		t.Errorf("%s: files (-Load +Dir):\n%s", w.Dir, d)
	}
}

func TestDirExamplesAndCorpus(t *testing.T) {
	for _, asOf := range []model.Date{"", "2026-04-15", "2027-01-01"} {
		if l := sameAsWorkspace(t, "../../examples/acme", asOf); asOf == "2026-04-15" && len(l) != 0 {
			t.Errorf("examples/acme is not clean: %v", l[0])
		}
	}
	dirs, err := filepath.Glob("testdata/corpus/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no corpus cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			// The expected output is fixed by TestCorpus.
			want, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, d := range sameAsWorkspace(t, dir, asOf) {
				b.WriteString(d.String() + "\n")
			}
			if d := cmp.Diff(string(want), b.String()); d != "" {
				t.Errorf("(-expected.txt +Dir):\n%s", d)
			}
		})
	}
}

// TestDirPlanted plants errors in a generated workspace, among them every
// check that Dir runs only once the files of a kind are all read (a team's
// own checks, parent cycles, successors), and errors that the schema and a
// reference check find on one node.
func TestDirPlanted(t *testing.T) {
	files := wsgen.Files(600)
	edit := func(path, old, new string) {
		t.Helper()
		src, ok := files[path]
		if !ok || !strings.Contains(src, old) {
			t.Fatalf("%s: %q not found", path, old)
		}
		files[path] = strings.Replace(src, old, new, 1)
	}
	// Teams: a lead who is not a member, a member twice, a bad reviewer;
	// an unknown field beside them.
	edit("teams/t003.yaml", "lead: p003-0@acme.example", "lead: nobody@acme.example\n  reviewers: [\"@a b\"]\n  color: red")
	edit("teams/t004.yaml", "p004-2@acme.example", "p004-1@acme.example")
	// A schema error and a reference error on one node: one diagnostic.
	edit("teams/t005.yaml", "lead: p005-0@acme.example", "lead: not-an-email")
	// A team that cannot be decoded: nobody is then "in no team".
	files["teams/t099.yaml"] = "apiVersion: collab/v1\nkind: Team\nmetadata: {id: t099, title: x}\nspec:\n  lead: [a, b]\n  members: 3\n"
	// Goals: a cycle of parents, one through three goals, an unknown parent
	// and team, an owner in no team.
	edit("goals/g0001.yaml", "teams: [t001, t002]", "teams: [t001, t002]\n  parent: g0010")
	edit("goals/g0002.yaml", "teams: [t002, t003]", "teams: [t002, t003]\n  parent: g0020")
	edit("goals/g0020.yaml", "parent: g0002", "parent: g0021")
	edit("goals/g0021.yaml", "parent: g0002", "parent: g0002")
	edit("goals/g0030.yaml", "parent: g0003", "parent: nope")
	edit("goals/g0031.yaml", "teams: [t031, t032]", "teams: [t031, t404]")
	edit("goals/g0032.yaml", "owner: p032-1@acme.example", "owner: stranger@acme.example")
	edit("goals/g0033.yaml", "metadata: {id: g0033", "metadata: {id: g0034")
	edit("goals/g0036.yaml", "metadata: {id: g0036", "metadata: {id: g9999")
	edit("goals/g0035.yaml", "target: 20", "target: twenty")
	// Agreements: superseded by one its parties never accepted; an owner
	// outside the party; an acceptance by a non-member.
	edit("agreements/a0002.yaml", "status: active", "status: superseded\n  supersededBy: a0003")
	edit("agreements/a0004.yaml", "owner: p004-1@acme.example}", "owner: p005-1@acme.example}")
	edit("agreements/a0005.yaml", "by: p005-1@acme.example", "by: p006-1@acme.example")
	edit("agreements/a0006.yaml", "status: active", "status: superseded\n  supersededBy: a9999")
	// Maps: a subject that does not exist; a subject whose teams are not on
	// the map.
	edit("maps/m0000.yaml", "subject: agreement/a0000", "subject: agreement/zzz")
	edit("maps/m0001.yaml", "subject: agreement/a0001", "subject: goal/g0050")
	// Files that cannot be read, or belong elsewhere.
	files["goals/broken.yaml"] = "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: broken\n"
	files["goals/alias.yaml"] = "a: &x 1\nb: *x\n"
	files["agreements/wrong.yaml"] = strings.Replace(files["goals/g0040.yaml"], "id: g0040", "id: wrong", 1)
	files["maps/Bad_Name.yaml"] = strings.Replace(files["maps/m0002.yaml"], "id: m0002", "id: Bad_Name", 1)

	dir := t.TempDir()
	writeWorkspace(t, dir, files).Close()
	got := sameAsWorkspace(t, dir, asOf)
	codes := map[string]int{}
	for _, d := range got {
		codes[d.Code]++
	}
	for _, c := range []string{CodeLeadNotMember, CodeDuplicateMember, CodeSchema, CodeParentCycle,
		CodeUnknownGoal, CodeUnknownTeam, CodeIDMismatch, CodeDuplicateID, CodeSuccessorNotAccepted, CodeUnknownAgreement, CodeNotMember,
		CodeAcceptanceNotMember, CodeUnknownSubject, CodeMissingStakeholder, CodeKindMismatch, CodeFileName,
		"yaml-syntax", "yaml-alias"} {
		if codes[c] == 0 {
			t.Errorf("no %s diagnostic among the planted errors: %v", c, codes)
		}
	}
	if codes[CodeParentCycle] != 5 {
		t.Errorf("%d parent-cycle diagnostics, want one for each of the 5 goals on a cycle", codes[CodeParentCycle])
	}
	if codes[CodeUnknownPerson] != 0 {
		t.Errorf("unknown-person reported while a team cannot be read: %v", codes)
	}
}

// TestDirKeepsNoTree: once Dir returns, no file holds its YAML tree, not
// even one read again to place a finding, and only the teams and
// collab.yaml (the policy) hold their values.
func TestDirKeepsNoTree(t *testing.T) {
	files := wsgen.Files(300)
	// A cycle, reported once every goal is read, parses g0001 again.
	files["goals/g0001.yaml"] = strings.Replace(files["goals/g0001.yaml"], "teams: [t001, t002]", "teams: [t001, t002]\n  parent: g0010", 1)
	dir := t.TempDir()
	writeWorkspace(t, dir, files).Close()
	w, l, err := Dir(dir, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(l) != 2 || l[0].Code != CodeParentCycle || l[0].Line == 0 {
		t.Fatalf("want a placed parent-cycle finding on g0001 and g0010, got %v", l)
	}
	for _, e := range w.Files {
		if e.Doc != nil {
			t.Errorf("%s keeps its tree", e.Path)
		}
		switch e.Value.(type) {
		case nil, *model.Team, *model.Workspace:
		default:
			t.Errorf("%s keeps its value %T", e.Path, e.Value)
		}
	}
	if len(w.Teams) == 0 {
		t.Error("no team kept")
	}
}

// TestDirOptions: Dir checks every file, so options that limit the checks
// are refused rather than ignored.
func TestDirOptions(t *testing.T) {
	if _, _, err := Dir("../../examples/acme", Options{Files: map[string]bool{}}); err == nil {
		t.Error("Dir accepted Options.Files")
	}
}
