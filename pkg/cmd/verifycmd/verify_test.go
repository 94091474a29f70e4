package verifycmd

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/diag"
)

// commit matches the abbreviated hash a diagnostic names.
var commit = regexp.MustCompile(`commit [0-9a-f]{7,}`)

// repo makes the test workspace a git repository with one commit, tagged
// base, then commits a new member of team product as author (name, email),
// tagged head.
func repo(t *testing.T, name, email string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := cmdtest.Workspace(t)
	git := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		cmd.Env = append(cmd.Env, env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	as := func(n, e string) []string {
		return []string{"GIT_AUTHOR_NAME=" + n, "GIT_AUTHOR_EMAIL=" + e, "GIT_COMMITTER_NAME=" + n, "GIT_COMMITTER_EMAIL=" + e}
	}
	git(nil, "init", "-q", "-b", "main")
	git(nil, "add", ".")
	git(as("Priya Natarajan", "priya@acme.example"), "commit", "-q", "-m", "workspace")
	git(nil, "tag", "base")
	file := filepath.Join(dir, "teams", "product.yaml")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	member := "    - {email: tomas@acme.example, name: Tomás Ruiz, role: Product Designer}\n"
	b = []byte(strings.Replace(string(b), member, member+"    - {email: nina@acme.example, name: Nina Berg, role: Engineer}\n", 1))
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	git(as(name, email), "commit", "-q", "-am", "add nina")
	git(nil, "tag", "head")
	return dir
}

func TestVerifyAllowed(t *testing.T) {
	ct := cmdtest.New(repo(t, "Priya Natarajan", "priya@acme.example"))
	if err := ct.Run(NewCmdVerify(ct.F, nil), "base..head"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff("base..head: every change was made by someone allowed to\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestVerifyRefusesNonLead(t *testing.T) {
	dir := repo(t, "Maria Lopez", "maria@acme.example")
	before, err := os.ReadFile(filepath.Join(dir, "teams", "product.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	err = ct.Run(NewCmdVerify(ct.F, nil), "base..head")
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	want := "teams/product.yaml:15:1: error: commit HASH by Maria Lopez <maria@acme.example>: maria@acme.example may not change team product: only the team lead or a workspace owner may (priya@acme.example)\n"
	if d := cmp.Diff(want, commit.ReplaceAllString(ct.Out.String(), "commit HASH")); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff("base..head: 1 changes made by someone not allowed to\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	after, err := os.ReadFile(filepath.Join(dir, "teams", "product.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(before), string(after)); d != "" {
		t.Errorf("verify changed the work tree (-want +got):\n%s", d)
	}
}

func TestVerifyJSON(t *testing.T) {
	ct := cmdtest.New(repo(t, "Maria Lopez", "maria@acme.example"))
	err := ct.Run(NewCmdVerify(ct.F, nil), "base..head", "--format", "json")
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	var got []diag.Diagnostic
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	if len(got) != 1 {
		t.Fatalf("diagnostics = %+v, want one", got)
	}
	got[0].Message = commit.ReplaceAllString(got[0].Message, "commit HASH")
	want := diag.Diagnostic{
		File: "teams/product.yaml", Line: 15, Col: 1, Severity: diag.Error, Code: "not-permitted",
		Message: "commit HASH by Maria Lopez <maria@acme.example>: maria@acme.example may not change team product: only the team lead or a workspace owner may (priya@acme.example)",
	}
	if d := cmp.Diff(want, got[0]); d != "" {
		t.Errorf("diagnostic (-want +got):\n%s", d)
	}
	if d := cmp.Diff("", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestVerifyRefusesBadRange(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdVerify(ct.F, nil), "main")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a usage error", err)
	}
}
