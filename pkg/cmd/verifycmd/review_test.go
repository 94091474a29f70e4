package verifycmd

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmd/agree"
	"github.com/collab-tools/collab/pkg/cmd/validate"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/ghreview"
	"github.com/collab-tools/collab/pkg/ghreview/ghreviewtest"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// The CI bot that commits acceptances given by approving a pull request.
const (
	botName  = "github-actions[bot]"
	botEmail = "41898282+github-actions[bot]@users.noreply.github.com"
)

// story is a repository where agreement launch has three parties
// (product, sales, support) whose members have GitHub user names, and a
// fake GitHub API serving its reviews.
type story struct {
	t    *testing.T
	dir  string
	fake *ghreviewtest.Server
	ref  ghreview.Ref // the review of pull request 42 the story uses
}

func newStory(t *testing.T) *story {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("git not installed")
		}
		t.Skip("git not installed")
	}
	s := &story{t: t, dir: cmdtest.Workspace(t), fake: ghreviewtest.New(t),
		ref: ghreview.Ref{Owner: "acme", Repo: "plans", Number: 42, ID: 2011223344}}
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GITHUB_API_URL", s.fake.URL)
	t.Setenv("GITHUB_TOKEN", ghreviewtest.Token)
	t.Setenv("GH_TOKEN", "")
	t.Setenv("GITHUB_REPOSITORY", "acme/plans")
	s.edit("teams/product.yaml", "role: VP Product}", "role: VP Product, github: priya-n}")
	s.edit("teams/sales.yaml", "role: Director of Sales Enablement}", "role: Director of Sales Enablement, github: sam-ortiz}")
	s.write("teams/support.yaml", `apiVersion: collab/v1
kind: Team
metadata: {id: support, title: Support}
spec:
  lead: ana@acme.example
  members:
    - {email: ana@acme.example, name: Ana Silva, role: Head of Support, github: ana-silva}
    - {email: bo@acme.example, name: Bo Chen, role: Support Engineer, github: bo-chen}
`)
	s.edit("agreements/launch.yaml", "    - {team: sales, owner: sam@acme.example}\n",
		"    - {team: sales, owner: sam@acme.example}\n    - {team: support, owner: ana@acme.example}\n")
	s.edit("agreements/launch.yaml", "      dependsOn: [deliver-feature]\n", `      dependsOn: [deliver-feature]
    - id: train-support
      party: support
      owner: ana@acme.example
      deliverable: Support trained on Feature X
      due: 2026-03-14
`)
	s.git("init", "-q", "-b", "main")
	s.git("add", ".")
	s.as("Priya Natarajan", "priya@acme.example")
	s.git("commit", "-q", "-m", "workspace")
	s.git("tag", "base")
	// Priya proposes the agreement with a sharper metric: the terms differ
	// from base's.
	s.edit("agreements/launch.yaml", "status: draft", "status: proposed")
	s.edit("agreements/launch.yaml", "30% of active accounts by June", "35% of active accounts by June")
	s.git("commit", "-q", "-am", "propose launch")
	s.git("tag", "proposed")
	return s
}

func (s *story) path(p string) string { return filepath.Join(s.dir, filepath.FromSlash(p)) }

func (s *story) write(p, data string) {
	s.t.Helper()
	if err := os.WriteFile(s.path(p), []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *story) edit(p, old, new string) {
	s.t.Helper()
	b := cmdtest.ReadFile(s.t, s.path(p))
	if !strings.Contains(b, old) {
		s.t.Fatalf("%s has no %q", p, old)
	}
	s.write(p, strings.Replace(b, old, new, 1))
}

// as makes (name, email) the author and committer of what follows.
func (s *story) as(name, email string) {
	for _, k := range []string{"AUTHOR", "COMMITTER"} {
		s.t.Setenv("GIT_"+k+"_NAME", name)
		s.t.Setenv("GIT_"+k+"_EMAIL", email)
	}
}

func (s *story) git(args ...string) string {
	s.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = s.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// accept runs collab agree accept with args as the current git author.
func (s *story) accept(args ...string) error {
	s.t.Helper()
	ct := cmdtest.New(s.dir)
	ct.F.NoCommit = false
	ct.F.Identity = identity
	err := ct.Run(agree.NewCmdAccept(ct.F, nil), args...)
	if err != nil {
		return errors.New(err.Error() + "\n" + ct.ErrOut.String())
	}
	return nil
}

// identity is the git author the environment names.
func identity() (gitstore.Signature, error) {
	return gitstore.Signature{Name: os.Getenv("GIT_AUTHOR_NAME"), Email: os.Getenv("GIT_AUTHOR_EMAIL")}, nil
}

// terms is the terms digest of launch as the work tree has it.
func (s *story) terms() string {
	s.t.Helper()
	data := cmdtest.ReadFile(s.t, s.path("agreements/launch.yaml"))
	a, ok := workspace.Decode("agreements/launch.yaml", []byte(data)).(*model.Agreement)
	if !ok {
		s.t.Fatal("launch cannot be read")
	}
	return a.TermsDigest()
}

// verify runs collab verify base..HEAD with args; it returns stdout and
// whether the exit code was 1.
func (s *story) verify(args ...string) (string, bool) {
	s.t.Helper()
	ct := cmdtest.New(s.dir)
	err := ct.Run(NewCmdVerify(ct.F, nil), append([]string{"base..HEAD"}, args...)...)
	if err != nil && !errors.Is(err, cmdutil.ErrSilent) {
		s.t.Fatalf("verify: %v\n%s", err, ct.ErrOut)
	}
	return ct.Out.String(), err != nil
}

// byReview records support's acceptance by approving pull request 42 as
// ana-silva on the current head, committed by the bot.
func (s *story) byReview() {
	s.t.Helper()
	s.fake.Add(s.ref, "ana-silva", ghreview.Approved, s.git("rev-parse", "HEAD"))
	s.as(botName, botEmail)
	if err := s.accept("launch", "--party", "support", "--via-review", ghreviewtest.URL(s.ref)); err != nil {
		s.t.Fatal(err)
	}
}

// TestStoryThreeWaysToAccept: product accepts with the CLI, sales by a
// hand edit its member commits, support by approving the pull request;
// verify --github passes, and the agreement is active.
func TestStoryThreeWaysToAccept(t *testing.T) {
	s := newStory(t)
	s.as("Priya Natarajan", "priya@acme.example")
	if err := s.accept("launch", "--party", "product", "--summary", "Product ships Feature X by March 15"); err != nil {
		t.Fatal(err)
	}
	// Sam types the sales acceptance into the file and commits it with git.
	s.edit("agreements/launch.yaml", "  acceptances:\n", "  acceptances:\n"+
		"    - {party: sales, by: sam@acme.example, date: 2026-03-10, terms: "+s.terms()+", summary: Sales starts outreach the day after GA}\n")
	s.as("Sam Ortiz", "sam@acme.example")
	s.git("commit", "-q", "-am", "sales accepts launch")
	s.byReview()

	msg := s.git("log", "-1", "--format=%an <%ae>%n%B")
	for _, want := range []string{botName + " <" + botEmail + ">", "Collab-Review: " + ghreviewtest.URL(s.ref), "Collab-Accepted-By: ana@acme.example"} {
		if !strings.Contains(msg, want) {
			t.Errorf("acceptance commit lacks %q:\n%s", want, msg)
		}
	}
	launch := cmdtest.ReadFile(t, s.path("agreements/launch.yaml"))
	for _, want := range []string{"status: active", "- party: support\n      by: ana@acme.example\n"} {
		if !strings.Contains(launch, want) {
			t.Errorf("launch.yaml lacks %q:\n%s", want, launch)
		}
	}
	if out, failed := s.verify("--github"); failed || out != "" {
		t.Errorf("verify --github: exit 1 = %v, findings:\n%s", failed, out)
	}
	if s.fake.Requests == 0 {
		t.Error("verify --github did not ask the API")
	}
	// validate --verify --github agrees; without --github it reports the
	// bot's commit.
	ct := cmdtest.New(s.dir)
	if err := ct.Run(validate.NewCmdValidate(ct.F, nil), "--verify", "base..HEAD", "--github"); err != nil {
		t.Errorf("validate --verify --github: %v\n%s%s", err, ct.Out, ct.ErrOut)
	}
	ct = cmdtest.New(s.dir)
	if err := ct.Run(validate.NewCmdValidate(ct.F, nil), "--verify", "base..HEAD"); !errors.Is(err, cmdutil.ErrSilent) || !strings.Contains(ct.Out.String(), "for support by ana@acme.example") {
		t.Errorf("validate --verify: error = %v, want the bot's acceptance reported:\n%s", err, ct.Out)
	}
	// Without --github the bot's commit is judged like a hand edit.
	out, failed := s.verify()
	if !failed || !strings.Contains(out, "may not record an acceptance of agreement launch for support by ana@acme.example") ||
		!strings.Contains(out, "collab verify --github confirms it") {
		t.Errorf("verify without --github: exit 1 = %v, want the bot's acceptance reported:\n%s", failed, out)
	}
}

// TestVerifyGitHubRefuses: an acceptance committed by the bot whose review
// the API does not confirm is a finding, exit 1.
func TestVerifyGitHubRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *story)
		want   string
	}{
		{"review by another login", func(s *story) {
			s.fake.Add(s.ref, "bo-chen", ghreview.Approved, s.git("rev-parse", "HEAD~1"))
		}, "the review is by bo-chen, not by ana@acme.example's GitHub account ana-silva"},
		{"commented review", func(s *story) {
			s.fake.Add(s.ref, "ana-silva", "COMMENTED", s.git("rev-parse", "HEAD~1"))
		}, "the review is COMMENTED, not an approval"},
		{"changes requested", func(s *story) {
			s.fake.Add(s.ref, "ana-silva", "CHANGES_REQUESTED", s.git("rev-parse", "HEAD~1"))
		}, "the review is CHANGES_REQUESTED, not an approval"},
		{"review on an older head with other terms", func(s *story) {
			s.fake.Add(s.ref, "ana-silva", ghreview.Approved, s.git("rev-parse", "proposed"))
		}, "it was submitted on PROPOSED, whose terms are"},
		{"review of a change the base already holds", func(s *story) {
			s.fake.Add(s.ref, "ana-silva", ghreview.Approved, s.git("rev-parse", "base"))
		}, "it was submitted on BASE, which the base already holds: it approved an earlier change, not this one"},
		{"review of a pull request that did not change the agreement", func(s *story) {
			other := s.git("commit-tree", "base^{tree}", "-p", "base", "-m", "another pull request")
			s.git("tag", "other", other)
			s.fake.Add(s.ref, "ana-silva", ghreview.Approved, other)
		}, "it was submitted on OTHER, where agreements/launch.yaml is as the base has it"},
		{"missing review", func(s *story) { s.fake.Remove(s.ref) }, "the GitHub API has no such review"},
		{"review in another repository", func(s *story) { s.t.Setenv("GITHUB_REPOSITORY", "acme/other") },
			"the review is in acme/plans, not in this repository (acme/other)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStory(t)
			// The terms change once more in the pull request before the
			// approval: the head at "proposed" has older terms.
			s.edit("agreements/launch.yaml", "35% of active accounts by June", "40% of active accounts by June")
			s.git("commit", "-q", "-am", "raise the adoption target")
			s.byReview()
			tt.change(s)
			out, failed := s.verify("--github")
			want := tt.want
			for _, tag := range []string{"base", "proposed", "other"} {
				if strings.Contains(want, strings.ToUpper(tag)) {
					want = strings.ReplaceAll(want, strings.ToUpper(tag), s.git("rev-parse", "--short=7", tag))
				}
			}
			if !failed || !strings.Contains(out, want) || !strings.Contains(out, "error: commit ") {
				t.Errorf("verify --github: exit 1 = %v, want a finding with %q:\n%s", failed, want, out)
			}
			if !strings.Contains(out, "may not record an acceptance of agreement launch for support by ana@acme.example") {
				t.Errorf("the unconfirmed acceptance is not judged as the bot's:\n%s", out)
			}
		})
	}
}

// TestAcceptViaReviewRefuses: the command records nothing for a review
// that is no approval, by no member of the party, or on other terms.
func TestAcceptViaReviewRefuses(t *testing.T) {
	tests := []struct {
		name, login, state, at string
		want                   string
	}{
		{"not an approval", "ana-silva", "COMMENTED", "proposed", "is COMMENTED, not an approval"},
		{"unknown login", "mallory", ghreview.Approved, "proposed", "no member of a team has the GitHub user name mallory"},
		{"member of another party", "sam-ortiz", ghreview.Approved, "proposed", "sam@acme.example is not a member of team support"},
		{"terms changed since", "ana-silva", ghreview.Approved, "base", "the terms changed after the approval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStory(t)
			head := s.git("rev-parse", "HEAD")
			s.fake.Add(s.ref, tt.login, tt.state, s.git("rev-parse", tt.at))
			s.as(botName, botEmail)
			err := s.accept("launch", "--party", "support", "--via-review", ghreviewtest.URL(s.ref))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
			if got := s.git("rev-parse", "HEAD"); got != head {
				t.Errorf("HEAD moved to %s", got)
			}
		})
	}
}
