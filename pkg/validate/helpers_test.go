package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// asOf is "today" in every test: tests never depend on the clock.
const asOf = model.Date("2026-03-10")

// base is a small clean workspace; each test changes a few lines of it.
var base = map[string]string{
	"collab.yaml": `apiVersion: collab/v1
kind: Workspace
metadata: {id: test, title: Test}
spec:
  policy: {minOptions: 3}
`,
	"teams/sales.yaml": `apiVersion: collab/v1
kind: Team
metadata: {id: sales, title: Sales}
spec:
  lead: maria@acme.example
  members:
    - email: maria@acme.example
    - email: sam@acme.example
`,
	"teams/product.yaml": `apiVersion: collab/v1
kind: Team
metadata: {id: product, title: Product}
spec:
  lead: priya@acme.example
  members:
    - email: priya@acme.example
    - email: leo@acme.example
`,
	"goals/adoption.yaml": `apiVersion: collab/v1
kind: Goal
metadata: {id: adoption, title: Feature X adoption}
spec:
  status: active
  owner: priya@acme.example
  teams: [product, sales]
  period: {start: 2026-01-01, end: 2026-06-30}
  keyResults:
    - id: adopt
      title: Active accounts using Feature X
      baseline: 0
      target: 30
      direction: increase
  checkins:
    - date: 2026-03-01
      by: priya@acme.example
      values: {adopt: 10}
`,
	"agreements/launch.yaml": `apiVersion: collab/v1
kind: Agreement
metadata: {id: launch, title: Feature X launch}
spec:
  status: active
  owner: maria@acme.example
  parties:
    - team: product
      owner: priya@acme.example
    - team: sales
      owner: sam@acme.example
  goals: [adoption]
  options:
    - {title: Single launch date, chosen: true}
    - {title: Phased rollout}
    - {title: Private beta}
  commitments:
    - id: ship
      party: product
      owner: priya@acme.example
      deliverable: Feature X generally available
      due: 2026-03-22
    - id: outreach
      party: sales
      owner: sam@acme.example
      deliverable: Outreach campaign starts
      due: 2026-03-23
      dependsOn: [ship]
  cadence: {every: 14d, next: 2026-03-18}
  review: {every: 90d, next: 2026-06-01}
  escalation: [maria@acme.example]
  acceptances:
    - party: product
      by: priya@acme.example
      date: 2026-02-10
      terms: "TERMS"
    - party: sales
      by: sam@acme.example
      date: 2026-02-11
      terms: "TERMS"
`,
	"maps/launch.yaml": `apiVersion: collab/v1
kind: StakeholderMap
metadata: {id: launch, title: Stakeholders of the launch}
spec:
  subject: agreement/launch
  stakeholders:
    - person: maria@acme.example
      roles: [decision-maker]
      raci: A
    - person: priya@acme.example
      team: product
      roles: [implementer]
      raci: R
    - team: sales
      roles: [implementer]
      raci: R
`,
}

// edit replaces old by new in one file of the base workspace; an empty old
// replaces (or, with an empty new, removes) the whole file.
type edit struct{ file, old, new string }

// build writes the base workspace with edits applied into a temp folder and
// loads it. In agreements, the word TERMS becomes the digest of the terms as
// written, so an acceptance is current unless the test says otherwise.
func build(t testing.TB, edits ...edit) *workspace.Workspace {
	t.Helper()
	files := map[string]string{}
	for k, v := range base {
		files[k] = v
	}
	for _, e := range edits {
		if e.old == "" {
			files[e.file] = e.new
			continue
		}
		src, ok := files[e.file]
		if !ok || !strings.Contains(src, e.old) {
			t.Fatalf("edit of %s: %q not found", e.file, e.old)
		}
		files[e.file] = strings.Replace(src, e.old, e.new, 1)
	}
	return writeWorkspace(t, t.TempDir(), files)
}

func writeWorkspace(t testing.TB, dir string, files map[string]string) *workspace.Workspace {
	t.Helper()
	for name, src := range files {
		if src == "" {
			continue
		}
		if strings.HasPrefix(name, "agreements/") && strings.Contains(src, "TERMS") {
			src = strings.ReplaceAll(src, "TERMS", digestOf(t, src))
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.FS.Close() })
	return w
}

func digestOf(t testing.TB, src string) string {
	var a model.Agreement
	if err := yaml.Unmarshal([]byte(src), &a); err != nil {
		return "000000000000" // broken on purpose; the test checks the diagnostics
	}
	return a.TermsDigest()
}

// check validates and compares with want, ignoring nothing. It also
// checks that Dir, which collab validate runs, finds the same.
func check(t *testing.T, w *workspace.Workspace, want diag.List) {
	t.Helper()
	got := Workspace(w, Options{AsOf: asOf})
	sameAsDir(t, w, asOf, got)
	if len(want) == 0 {
		want = nil
	}
	if len(got) == 0 {
		got = nil
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

// E and W build expected diagnostics.
func E(file string, line, col int, code, msg string) diag.Diagnostic {
	return diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Error, Code: code, Message: msg}
}

func W(file string, line, col int, code, msg string) diag.Diagnostic {
	return diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Warning, Code: code, Message: msg}
}

type tcase struct {
	name  string
	edits []edit
	want  diag.List
}

func run(t *testing.T, cases []tcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check(t, build(t, tc.edits...), tc.want)
		})
	}
}

func TestCleanWorkspace(t *testing.T) {
	check(t, build(t), nil)
}
