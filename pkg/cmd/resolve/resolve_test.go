package resolve

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/merge"
)

const (
	current = "      current: 12\n"
	title   = "  title: Feature X adopted by active accounts\n"
)

// retitle changes the title of the goal to s.
func retitle(s string) func(string) string {
	return func(base string) string { return strings.Replace(base, title, "  title: "+s+"\n", 1) }
}

// checkin is a check-in of key result accounts, as the goal file writes it.
func checkin(date, value string) string {
	return "    - date: " + date + "\n      by: priya@acme.example\n      values: {accounts: " + value + "}\n      confidence: medium\n"
}

type gitRepo struct {
	t   *testing.T
	dir string
}

func (g gitRepo) run(args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = g.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Priya Natarajan", "GIT_AUTHOR_EMAIL=priya@acme.example",
		"GIT_COMMITTER_NAME=Priya Natarajan", "GIT_COMMITTER_EMAIL=priya@acme.example")
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || args[0] != "merge" {
			g.t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return string(out)
}

// edit commits goal adoption as text.
func (g gitRepo) edit(text string) {
	g.t.Helper()
	if err := os.WriteFile(filepath.Join(g.dir, "goals", "adoption.yaml"), []byte(text), 0o644); err != nil {
		g.t.Fatal(err)
	}
	g.run("commit", "-q", "-am", "edit adoption")
}

// conflicted commits the test workspace, then goal adoption changed on
// branch main by ours and on branch feature by theirs, and merges feature
// into main, which stops with a conflict.
func conflicted(t *testing.T, ours, theirs func(base string) string) (g gitRepo, base string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	g = gitRepo{t, cmdtest.Workspace(t)}
	b, err := os.ReadFile(filepath.Join(g.dir, "goals", "adoption.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base = string(b)
	g.run("init", "-q", "-b", "main")
	g.run("add", ".")
	g.run("commit", "-q", "-m", "workspace")
	g.run("checkout", "-q", "-b", "feature")
	g.edit(theirs(base))
	g.run("checkout", "-q", "main")
	g.edit(ours(base))
	if out := g.run("merge", "-q", "feature"); !strings.Contains(out, "CONFLICT") {
		t.Fatalf("git merge did not stop on a conflict:\n%s", out)
	}
	return g, base
}

func (g gitRepo) read() string {
	g.t.Helper()
	return cmdtest.ReadFile(g.t, filepath.Join(g.dir, "goals", "adoption.yaml"))
}

// TestResolveMerges: a check-in added on each side is a text conflict for
// git; resolve keeps both check-ins, the latest reading as current, and
// stages the file.
func TestResolveMerges(t *testing.T) {
	reading := func(date, value string) func(string) string {
		return func(base string) string {
			return strings.Replace(base, current, "      current: "+value+"\n", 1) + checkin(date, value)
		}
	}
	g, base := conflicted(t, reading("2026-03-05", "13"), reading("2026-03-08", "14"))
	ct := cmdtest.New(g.dir)
	if err := ct.Run(NewCmdResolve(ct.F, nil)); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("goals/adoption.yaml: merged and staged\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	want := strings.Replace(base, current, "      current: 14\n", 1) + checkin("2026-03-05", "13") + checkin("2026-03-08", "14")
	if d := cmp.Diff(want, g.read()); d != "" {
		t.Errorf("goals/adoption.yaml (-want +got):\n%s", d)
	}
	if d := cmp.Diff("", g.run("ls-files", "--unmerged")); d != "" {
		t.Errorf("still unmerged in the index (-want +got):\n%s", d)
	}
}

// TestResolveLeavesHandResolvedFile: a file without markers was resolved by
// hand; resolve leaves it as it is and exits 1.
func TestResolveLeavesHandResolvedFile(t *testing.T) {
	g, base := conflicted(t, retitle("Ours"), retitle("Theirs"))
	byHand := strings.Replace(base, title, "  title: Both\n", 1)
	if err := os.WriteFile(filepath.Join(g.dir, "goals", "adoption.yaml"), []byte(byHand), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(g.dir)
	err := ct.Run(NewCmdResolve(ct.F, nil))
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	want := "goals/adoption.yaml: no conflict markers left, so it was resolved by hand: check it with collab validate, then git add it\n" + merge.Hint + "\n"
	if d := cmp.Diff(want, ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	if d := cmp.Diff(byHand, g.read()); d != "" {
		t.Errorf("resolve changed a file resolved by hand (-want +got):\n%s", d)
	}
}

// TestResolveConflictLeftForAPerson: the same field changed on both sides
// is marked, listed, and left unstaged.
func TestResolveConflictLeftForAPerson(t *testing.T) {
	g, _ := conflicted(t, retitle("Ours"), retitle("Theirs"))
	ct := cmdtest.New(g.dir)
	err := ct.Run(NewCmdResolve(ct.F, nil), "goals/adoption.yaml")
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	if d := cmp.Diff("goals/adoption.yaml:6: conflict: metadata.title: changed on both sides\n"+merge.Hint+"\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	if !merge.HasMarkers([]byte(g.read())) {
		t.Errorf("no markers left in the file:\n%s", g.read())
	}
	if g.run("ls-files", "--unmerged") == "" {
		t.Error("the file was staged with a conflict in it")
	}
}

func TestResolveRefusesFileWithoutConflict(t *testing.T) {
	g, _ := conflicted(t, retitle("Ours"), retitle("Theirs"))
	before := g.read()
	ct := cmdtest.New(g.dir)
	err := ct.Run(NewCmdResolve(ct.F, nil), "agreements/launch.yaml")
	want := "agreements/launch.yaml: no conflicts in git's index for this collab file, nothing to resolve"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(before, g.read()); d != "" {
		t.Errorf("the conflicted file changed (-want +got):\n%s", d)
	}
}
