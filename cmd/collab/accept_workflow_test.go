package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/ghreview"
	"github.com/collab-tools/collab/pkg/ghreview/ghreviewtest"
)

// workflowStep is the step of examples/github/collab-accept.yml that
// records the acceptances: its script and the names of its environment.
func workflowStep(t *testing.T) (script string, env []string) {
	t.Helper()
	data, err := os.ReadFile("../../examples/github/collab-accept.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Env  map[string]string `yaml:"env"`
				Run  string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	for _, s := range wf.Jobs["accept"].Steps {
		if s.Name == "Accept for the reviewer's parties" {
			for k, v := range s.Env {
				if !strings.HasPrefix(v, "${{ github.") {
					t.Errorf("env %s = %q: every value comes from the event or the token", k, v)
				}
				env = append(env, k)
			}
			return s.Run, env
		}
	}
	t.Fatal("collab-accept.yml has no step \"Accept for the reviewer's parties\"")
	return "", nil
}

// TestAcceptWorkflow runs the script of collab-accept.yml as GitHub
// Actions would, with collab, git and jq, against a pull request branch in
// a local remote and a fake GitHub API: the approval of Pat (operations)
// becomes an acceptance commit on the branch, pushed, that verify --github
// confirms; an approval by a login no member has changes nothing.
func TestAcceptWorkflow(t *testing.T) {
	for _, tool := range []string{"git", "bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("COLLAB_CI") != "" {
				t.Fatalf("%s not installed", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	script, names := workflowStep(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wrapper := "#!/bin/sh\n" + childEnv + "=1 exec '" + self + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "collab"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	fake := ghreviewtest.New(t)
	base := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + tmp, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1",
		"GITHUB_API_URL=" + fake.URL, "GITHUB_REPOSITORY=acme/plans",
	}
	run := func(dir string, env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, append(append([]string(nil), base...), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	as := func(name, email string) []string {
		return []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_COMMITTER_NAME=" + name, "GIT_COMMITTER_EMAIL=" + email}
	}

	// The repository on GitHub: main, and Helen's pull request renaming the
	// capex agreement, which operations has yet to accept.
	origin := filepath.Join(tmp, "origin.git")
	run(tmp, nil, "git", "init", "-q", "--bare", "-b", "main", origin)
	work := filepath.Join(tmp, "work")
	examples, err := filepath.Abs("../../examples/acme")
	if err != nil {
		t.Fatal(err)
	}
	run(tmp, nil, "cp", "-r", examples, work)
	run(work, nil, "git", "init", "-q", "-b", "main")
	run(work, nil, "git", "add", "-A")
	run(work, as("Helen Brandt", "helen@acme.example"), "git", "commit", "-q", "-m", "acme")
	baseSHA := run(work, nil, "git", "rev-parse", "HEAD")
	run(work, nil, "git", "checkout", "-q", "-b", "capex-title")
	run(work, nil, "sed", "-i", "s/^  title: .*$/  title: Capex approval 2026 (all sites)/", "agreements/capex-approval-2026.yaml")
	run(work, as("Helen Brandt", "helen@acme.example"), "git", "commit", "-q", "-am", "rename capex")
	head := run(work, nil, "git", "rev-parse", "HEAD")
	run(work, nil, "git", "push", "-q", origin, "main", "capex-title")

	// The runner's checkout of the pull request's branch.
	checkout := filepath.Join(tmp, "checkout")
	run(tmp, nil, "git", "clone", "-q", "-b", "capex-title", origin, checkout)

	ref := ghreview.Ref{Owner: "acme", Repo: "plans", Number: 7, ID: 4242}
	step := func(login string) string {
		t.Helper()
		fake.Add(ref, login, ghreview.Approved, head)
		values := map[string]string{"GITHUB_TOKEN": ghreviewtest.Token, "REVIEWER": login, "REVIEW_URL": ghreviewtest.URL(ref),
			"BASE_SHA": baseSHA, "HEAD_REF": "capex-title"}
		var env []string
		for _, n := range names {
			v, ok := values[n]
			if !ok {
				t.Fatalf("the step's env %s is not set by this test", n)
			}
			env = append(env, n+"="+v)
		}
		return run(checkout, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	}

	// A login no member has: a notice, nothing pushed.
	out := step("someone-else")
	if !strings.Contains(out, "No team member has the GitHub user name someone-else") {
		t.Errorf("unknown reviewer: output\n%s", out)
	}
	if got := run(checkout, nil, "git", "ls-remote", origin, "refs/heads/capex-title"); !strings.HasPrefix(got, head) {
		t.Errorf("the branch moved: %s", got)
	}

	// Pat, lead of operations, approves: the acceptance is pushed.
	step("pat-morgan")
	pushed := run(checkout, nil, "git", "ls-remote", origin, "refs/heads/capex-title")
	if strings.HasPrefix(pushed, head) {
		t.Fatal("nothing was pushed")
	}
	msg := run(checkout, nil, "git", "log", "-1", "--format=%an%n%B", "origin/capex-title")
	for _, want := range []string{"github-actions[bot]", "agree(capex-approval-2026): accept for operations by pat@acme.example", "Collab-Review: " + ghreviewtest.URL(ref), "Collab-Accepted-By: pat@acme.example"} {
		if !strings.Contains(msg, want) {
			t.Errorf("pushed commit lacks %q:\n%s", want, msg)
		}
	}
	if got := run(checkout, nil, "git", "show", "origin/capex-title:agreements/capex-approval-2026.yaml"); !strings.Contains(got, "status: active") {
		t.Errorf("capex-approval-2026 is not active after the approval:\n%s", got)
	}
	out = run(checkout, []string{"GITHUB_TOKEN=" + ghreviewtest.Token}, "collab", "verify", "--github", baseSHA+"..origin/capex-title")
	if !strings.Contains(out, "every change was made by someone allowed to") {
		t.Errorf("verify --github:\n%s", out)
	}

	// A second run for the same approval finds nothing left to accept.
	run(checkout, nil, "git", "pull", "-q", "--ff-only")
	out = step("pat-morgan")
	if !strings.Contains(out, "pat-morgan's parties have nothing to accept") {
		t.Errorf("second run: output\n%s", out)
	}
}
