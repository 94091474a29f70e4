package initcmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/schema"
)

// files lists the files under dir, slash-separated, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInitWritesAValidWorkspace(t *testing.T) {
	parent := t.TempDir()
	ct := cmdtest.New(parent)
	if err := ct.Run(NewCmdInit(ct.F, nil), "acme", "--name", "ACME Corp"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "acme")
	want := []string{
		".collab/schema/agreement.schema.json", ".collab/schema/goal.schema.json",
		".collab/schema/stakeholdermap.schema.json", ".collab/schema/team.schema.json",
		".collab/schema/workspace.schema.json",
		"agreements/.gitkeep", "collab.yaml", "goals/.gitkeep", "maps/.gitkeep", "teams/.gitkeep",
	}
	if d := cmp.Diff(want, files(t, dir)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	for _, n := range schema.Names {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(schema.CopyPath(n))))
		want, _ := schema.Get(n)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is not the binary's schema (err %v)", schema.CopyPath(n), err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "collab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(cfg), "\n"); first != "# yaml-language-server: $schema=.collab/schema/workspace.schema.json" {
		t.Errorf("collab.yaml starts with %q, want the modeline", first)
	}
	w, err := workspace.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if d := cmp.Diff([]string{"acme-corp", "ACME Corp"}, []string{w.Config.Metadata.ID, w.Config.Metadata.Title}); d != "" {
		t.Errorf("metadata (-want +got):\n%s", d)
	}
	if len(w.Diags) != 0 {
		t.Errorf("the new workspace does not load cleanly: %v", w.Diags)
	}
	if !strings.HasPrefix(ct.Out.String(), `Initialized collab workspace "ACME Corp" in `+dir) {
		t.Errorf("stdout = %q", ct.Out)
	}
}

// TestInitCommits: without --no-commit the files are the first commit of a
// new repository, reported like git does.
func TestInitCommits(t *testing.T) {
	// Both identities: a machine without a global git identity (a fresh CI
	// machine) would otherwise refuse to commit.
	t.Setenv("GIT_AUTHOR_NAME", "Priya Natarajan")
	t.Setenv("GIT_AUTHOR_EMAIL", "priya@acme.example")
	t.Setenv("GIT_COMMITTER_NAME", "Priya Natarajan")
	t.Setenv("GIT_COMMITTER_EMAIL", "priya@acme.example")
	parent := t.TempDir()
	ct := cmdtest.New(parent)
	ct.F.NoCommit = false
	if err := ct.Run(NewCmdInit(ct.F, nil), "acme", "--name", "ACME Corp"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "acme")
	first := strings.SplitN(ct.Out.String(), "\n", 2)[0]
	if !regexp.MustCompile(`^\[[0-9a-f]{7}\] \S+\(acme-corp\): initialize workspace ACME Corp$`).MatchString(first) {
		t.Errorf("first line = %q, want the commit", first)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Errorf("no repository: %v", err)
	}
}

func TestInitRefusesAnExistingWorkspace(t *testing.T) {
	dir := cmdtest.Workspace(t)
	before, err := os.ReadFile(filepath.Join(dir, "collab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	err = ct.Run(NewCmdInit(ct.F, nil))
	if err == nil || !strings.Contains(err.Error(), "already holds a collab workspace (collab.yaml)") {
		t.Fatalf("error = %v, want a refusal", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "collab.yaml"))
	if d := cmp.Diff(string(before), string(after)); d != "" {
		t.Errorf("collab.yaml changed (-before +after):\n%s", d)
	}
}

// TestInitVSCode: --vscode maps each kind's files to the schema copy, and
// is refused before anything is written when a settings file exists.
func TestInitVSCode(t *testing.T) {
	parent := t.TempDir()
	ct := cmdtest.New(parent)
	if err := ct.Run(NewCmdInit(ct.F, nil), "acme", "--vscode"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(parent, "acme", ".vscode", "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schemas map[string]string `json:"yaml.schemas"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("settings.json: %v\n%s", err, b)
	}
	want := map[string]string{
		"./.collab/schema/workspace.schema.json":      "collab.yaml",
		"./.collab/schema/team.schema.json":           "teams/*.yaml",
		"./.collab/schema/goal.schema.json":           "goals/*.yaml",
		"./.collab/schema/agreement.schema.json":      "agreements/*.yaml",
		"./.collab/schema/stakeholdermap.schema.json": "maps/*.yaml",
	}
	if d := cmp.Diff(want, got.Schemas); d != "" {
		t.Errorf("yaml.schemas (-want +got):\n%s", d)
	}
	for p := range want {
		if _, err := os.Stat(filepath.Join(parent, "acme", filepath.FromSlash(p))); err != nil {
			t.Errorf("yaml.schemas names a missing file: %v", err)
		}
	}

	other := filepath.Join(parent, "other", ".vscode")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "settings.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct = cmdtest.New(parent)
	err = ct.Run(NewCmdInit(ct.F, nil), "other", "--vscode")
	if err == nil || !strings.Contains(err.Error(), "without --vscode") {
		t.Fatalf("error = %v, want a refusal saying what to do", err)
	}
	if _, err := os.Stat(filepath.Join(parent, "other", "collab.yaml")); err == nil {
		t.Errorf("the refused init wrote collab.yaml")
	}
}
