package gitstore

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gitSays runs git in dir with the test's environment: its output without
// the final newline, and whether it succeeded.
func gitSays(dir string, args ...string) (string, bool) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	return strings.TrimSuffix(string(out), "\n"), err == nil
}

// identLine is an identity as compared: name, email and, when the
// environment sets the date, the date.
func identLine(s Signature, withDate bool) string {
	line := s.Name + " <" + s.Email + ">"
	if withDate {
		line += " " + gitDate(s.When)
	}
	return line
}

// TestInProcessConfigAsGitReadsIt is the differential table: for each
// setup, the identity and settings collab reads in the process are what
// git says (git var GIT_AUTHOR_IDENT / GIT_COMMITTER_IDENT without the
// time, git config --get), and git is run only where the setup needs it.
func TestInProcessConfigAsGitReadsIt(t *testing.T) {
	type env = map[string]string
	for _, tc := range []struct {
		name    string
		global  string // ~/.gitconfig
		xdg     string // $XDG_CONFIG_HOME/git/config
		local   string // appended to the repository's config
		wt      string // the work tree's config.worktree
		files   map[string]string
		env     env
		linked  bool // work in a linked work tree
		askGit  bool // the setup needs git: collab must ask it
		noIdent bool // git has no identity to give
	}{
		{name: "environment only", env: env{"GIT_AUTHOR_NAME": "Env A", "GIT_AUTHOR_EMAIL": "a@env", "GIT_COMMITTER_NAME": "Env C", "GIT_COMMITTER_EMAIL": "c@env"}},
		{name: "user in global", global: "[user]\n\tname = Global\n\temail = g@example.com\n"},
		{name: "user in XDG config", xdg: "[user]\n\tname = Xdg\n\temail = x@example.com\n"},
		{name: "global over XDG", xdg: "[user]\n\tname = Xdg\n\temail = x@example.com\n", global: "[user]\n\temail = g@example.com\n"},
		{name: "local over global", global: "[user]\n\tname = Global\n\temail = g@example.com\n", local: "[user]\n\temail = local@example.com\n"},
		// extensions.worktreeConfig: go-git cannot open such a repository
		// (Open refuses it); pkg/gitconfig's tests cover it.
		{name: "user in the common config, from a linked work tree", global: "[user]\n\tname = Global\n\temail = g@example.com\n",
			local: "[user]\n\tname = Common\n", linked: true},
		{name: "config.worktree without the extension", local: "[user]\n\tname = Local\n\temail = l@example.com\n", wt: "[user]\n\tname = Ignored\n"},
		{name: "author.* and committer.* over user.*", global: "[user]\n\tname = User\n\temail = u@example.com\n[author]\n\tname = Author\n[committer]\n\temail = committer@example.com\n"},
		{name: "GIT_AUTHOR_* over author.*", global: "[author]\n\tname = Author\n\temail = a@example.com\n[user]\n\tname = U\n\temail = u@example.com\n",
			env: env{"GIT_AUTHOR_NAME": "Env", "GIT_AUTHOR_EMAIL": "env@example.com"}},
		{name: "GIT_CONFIG_COUNT", global: "[user]\n\tname = Global\n\temail = g@example.com\n",
			env: env{"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "user.email", "GIT_CONFIG_VALUE_0": "count@example.com", "GIT_CONFIG_KEY_1": "Author.Name", "GIT_CONFIG_VALUE_1": "Counted"}},
		{name: "git -c (GIT_CONFIG_PARAMETERS) after GIT_CONFIG_COUNT", global: "[user]\n\tname = Global\n\temail = g@example.com\n",
			env: env{"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Count", "GIT_CONFIG_PARAMETERS": `'user.name'='Dash C'\''s' 'core.autocrlf'='input'`}},
		{name: "quoted value with escapes and #", global: "[user]\n\tname = \"Pat \\\"P\\\" # Morgan\" # a comment\n\temail = pat@example.com ; another\n"},
		{name: "continuation line", global: "[user]\n\tname = Pat \\\n    Morgan\n\temail = \"pat\\\n@example.com\"\n"},
		{name: "mixed-case section and keys", global: "[USER]\n\tNaMe = Mixed\n\tEMAIL = m@example.com\n[Core]\n\tAutoCRLF = Input\n"},
		{name: "subsections are other keys", global: "[user]\n\tname = Plain\n\temail = p@example.com\n[user \"x\"]\n\tname = Sub\n[user.y]\n\temail = sub@example.com\n"},
		{name: "crud around the name", global: "[user]\n\tname = \" .Pat <Morgan>; \"\n\temail = \"<pat@example.com>\"\n"},
		{name: "EMAIL when no email is configured", global: "[user]\n\tname = Pat\n", env: env{"EMAIL": " pat@env.example "}},
		{name: "CRLF line ends", global: "[user]\r\n\tname = Crlf\r\n\temail = c@example.com\r\n[core]\r\n\tautocrlf = true\r\n"},
		{name: "core.autocrlf true", local: "[user]\n\tname = A\n\temail = a@b\n[core]\n\tautocrlf = true\n\teol = crlf\n"},
		{name: "core.autocrlf input", local: "[user]\n\tname = A\n\temail = a@b\n[core]\n\tautocrlf = input\n"},
		{name: "core.autocrlf false, last value wins", local: "[user]\n\tname = A\n\temail = a@b\n[core]\n\tautocrlf = true\n[core]\n\tautocrlf = false\n"},
		{name: "core.autocrlf yes", local: "[user]\n\tname = A\n\temail = a@b\n[core]\n\tautocrlf = yes\n"},
		{name: "core.autocrlf without a value", local: "[user]\n\tname = A\n\temail = a@b\n[core]\n\tautocrlf\n"},
		{name: "commit.gpgSign true", local: "[user]\n\tname = A\n\temail = a@b\n[commit]\n\tgpgSign = true\n"},
		{name: "commit.gpgSign on the command line", local: "[user]\n\tname = A\n\temail = a@b\n", env: env{"GIT_CONFIG_PARAMETERS": `'commit.gpgsign'=`}},
		{name: "system file", env: env{"GIT_CONFIG_NOSYSTEM": "0", "GIT_CONFIG_SYSTEM": "$HOME/system"},
			files: map[string]string{"system": "[user]\n\tname = System\n\temail = s@example.com\n"}, global: "[user]\n\temail = g@example.com\n"},
		{name: "GIT_CONFIG_GLOBAL replaces the global files", env: env{"GIT_CONFIG_GLOBAL": "$HOME/other"},
			files: map[string]string{"other": "[user]\n\tname = Other\n\temail = o@example.com\n"}, global: "[user]\n\tname = Ignored\n\temail = i@example.com\n"},
		{name: "GIT_AUTHOR_DATE in git's form", global: "[user]\n\tname = A\n\temail = a@b\n", env: env{"GIT_AUTHOR_DATE": "@1700000000 +0530", "GIT_COMMITTER_DATE": "@1700000001 -0100"}},

		// left to git
		{name: "include", askGit: true, global: "[include]\n\tpath = ~/inc\n", files: map[string]string{"inc": "[user]\n\tname = Included\n\temail = inc@example.com\n"}},
		{name: "includeIf", askGit: true, global: "[user]\n\tname = G\n\temail = g@example.com\n[includeIf \"gitdir:~/\"]\n\tpath = ~/inc\n", files: map[string]string{"inc": "[author]\n\temail = work@example.com\n"}},
		{name: "include on the command line", askGit: true, global: "[user]\n\tname = G\n\temail = g@example.com\n",
			env: env{"GIT_CONFIG_PARAMETERS": `'include.path'='$HOME/inc'`}, files: map[string]string{"inc": "[user]\n\tname = Included\n"}},
		{name: "GIT_CONFIG is set", askGit: true, global: "[user]\n\tname = G\n\temail = g@example.com\n", env: env{"GIT_CONFIG": "$HOME/.gitconfig"}},
		{name: "GIT_AUTHOR_DATE in another form", askGit: true, global: "[user]\n\tname = A\n\temail = a@b\n", env: env{"GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z"}},
		{name: "no identity", askGit: true, noIdent: true, global: "[user]\n\tuseConfigOnly = true\n"},
		{name: "useConfigOnly with a name only", askGit: true, noIdent: true, global: "[user]\n\tuseConfigOnly = true\n\tname = Only Name\n"},
		{name: "author.email only: the committer has none", askGit: true, global: "[user]\n\tname = N\n[author]\n\temail = a@example.com\n"},
		{name: "empty GIT_AUTHOR_NAME", askGit: true, noIdent: true, global: "[user]\n\tname = N\n\temail = n@example.com\n", env: env{"GIT_AUTHOR_NAME": ""}},
		{name: "user.name without a value", askGit: true, noIdent: true, global: "[user]\n\tname\n\temail = n@example.com\n"},
		{name: "a line git rejects", askGit: true, noIdent: true, global: "[user]\n\tname = \"unterminated\n"},
		{name: "bad boolean in user.useConfigOnly", askGit: true, noIdent: true, global: "[user]\n\tname = N\n\temail = n@example.com\n\tuseConfigOnly = maybe\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := hermetic(t)
			for k, v := range tc.env {
				t.Setenv(k, strings.ReplaceAll(v, "$HOME", home))
			}
			for p, data := range tc.files {
				write(t, home, p, data)
			}
			if tc.global != "" {
				write(t, home, ".gitconfig", tc.global)
			}
			if tc.xdg != "" {
				write(t, home, ".config/git/config", tc.xdg)
			}
			dir := filepath.Join(home, "repo")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("git", "init", "-q", "-b", "main", dir)
			cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_PARAMETERS=", "GIT_CONFIG_COUNT=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git init: %v\n%s", err, out)
			}
			gitDir := filepath.Join(dir, ".git")
			if tc.linked {
				// a commit to branch from, made by git with an identity of its own
				cmd := exec.Command("git", "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "--allow-empty", "-m", "init")
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_PARAMETERS=", "GIT_CONFIG_COUNT=0")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git commit: %v\n%s", err, out)
				}
				cmd = exec.Command("git", "worktree", "add", "-q", filepath.Join(home, "linked"))
				cmd.Dir = dir
				cmd.Env = cmd.Environ()
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git worktree add: %v\n%s", err, out)
				}
				dir, gitDir = filepath.Join(home, "linked"), filepath.Join(gitDir, "worktrees", "linked")
			}
			if tc.local != "" {
				f, err := os.OpenFile(filepath.Join(home, "repo", ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(tc.local)
				f.Close()
			}
			if tc.wt != "" {
				write(t, gitDir, "config.worktree", tc.wt)
			}

			before := gitRuns.Load()
			r := open(t, dir)
			withDate := os.Getenv("GIT_AUTHOR_DATE") != ""
			for _, v := range []struct {
				name string
				get  func() (Signature, error)
			}{{"GIT_AUTHOR_IDENT", r.Author}, {"GIT_COMMITTER_IDENT", r.Committer}} {
				out, ok := gitSays(dir, "var", v.name)
				got, err := v.get()
				if !ok {
					if !errors.Is(err, ErrNoIdentity) {
						t.Errorf("%s: git has none, collab: %+v, %v", v.name, got, err)
					}
					continue
				}
				want, err2 := parseIdent(out)
				if errors.Is(err2, ErrNoIdentity) {
					// git writes an empty email as "<>"; collab refuses it
					if !errors.Is(err, ErrNoIdentity) {
						t.Errorf("%s: git says %q, collab: %+v, %v", v.name, out, got, err)
					}
					continue
				}
				if err2 != nil {
					t.Fatal(err2)
				}
				if err != nil {
					t.Errorf("%s: git says %q, collab: %v", v.name, out, err)
					continue
				}
				if d := cmp.Diff(identLine(want, withDate), identLine(got, withDate)); d != "" {
					t.Errorf("%s (-git +collab):\n%s", v.name, d)
				}
			}
			if tc.noIdent {
				if _, ok := gitSays(dir, "var", "GIT_AUTHOR_IDENT"); ok {
					t.Error("the setup meant to leave git without an identity gives one")
				}
			}
			if !tc.noIdent {
				m, err := r.writeConfig()
				if err != nil {
					t.Fatalf("writeConfig: %v", err)
				}
				want := map[string]string{}
				if v, ok := gitSays(dir, "config", "--get", "core.autocrlf"); ok {
					want["core.autocrlf"] = strings.ToLower(v)
					if !strings.EqualFold(v, "input") {
						want["core.autocrlf"], _ = gitSays(dir, "config", "--bool", "--get", "core.autocrlf")
					}
				}
				if v, ok := gitSays(dir, "config", "--get", "core.eol"); ok {
					want["core.eol"] = v
				}
				if v, ok := gitSays(dir, "config", "--bool", "--get", "commit.gpgsign"); ok {
					want["commit.gpgsign"] = v
				}
				got := map[string]string{}
				for k, v := range m {
					got[k] = v
				}
				if v, set := m["commit.gpgsign"]; set {
					b, err := gitBool("commit.gpgsign", v, set)
					if err != nil {
						t.Fatal(err)
					}
					got["commit.gpgsign"] = map[bool]string{true: "true", false: "false"}[b]
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("settings (-git +collab):\n%s", d)
				}
				for _, key := range []string{"user.name", "user.email", "core.autocrlf", "User.Email"} {
					want, _ := gitSays(dir, "config", "--get", key)
					if got, err := r.Config(key); err != nil || got != want {
						t.Errorf("Config(%s) = %q, %v; git config --get says %q", key, got, err, want)
					}
				}
			}
			if ran := gitRuns.Load() - before; tc.askGit && ran == 0 {
				t.Errorf("collab ran no git process, but this setup needs git")
			} else if !tc.askGit && ran != 0 {
				t.Errorf("collab ran %d git processes where it can read the configuration itself", ran)
			}
		})
	}
}

// Without git, the same reader gives the identity (include sections
// ignored) and refuses a repository that asks for signed commits, a key
// without a value (true to git) included.
func TestWithoutGitReadsTheConfigItself(t *testing.T) {
	home := hermetic(t)
	old := gitBinary
	gitBinary = func() string { return "" }
	defer func() { gitBinary = old }()
	write(t, home, ".gitconfig", "[User]\n\tName = \"Pat \\\"P\\\" Morgan\" # comment\n\temail = pat@acme.example\n[include]\n\tpath = ~/missing\n")
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	run(t, dir, "config", "--unset", "user.name")
	run(t, dir, "config", "--unset", "user.email")
	r := open(t, dir)
	a, err := r.Author()
	if err != nil || a.Name != `Pat "P" Morgan` || a.Email != "pat@acme.example" {
		t.Errorf("Author = %+v, %v", a, err)
	}
	if sign, err := r.signing(); sign || err != nil {
		t.Errorf("signing without commit.gpgSign: %v, %v", sign, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("[commit]\n\tgpgsign\n")
	f.Close()
	if _, err := open(t, dir).signing(); err == nil || !strings.Contains(err.Error(), "commit.gpgSign") {
		t.Errorf("signing with commit.gpgsign set without a value: %v, want the refusal", err)
	}
}

// BenchmarkIdentity: the author and committer of a commit and the commit
// settings, read in the process and asked of git (three processes).
func BenchmarkIdentity(b *testing.B) {
	home := hermetic(b)
	write(b, home, ".gitconfig", "[user]\n\tname = Pat Morgan\n\temail = pat@acme.example\n")
	dir := newRepo(b, map[string]string{"a.txt": "a\n"})
	r := open(b, dir)
	b.Run("in process", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.identity("AUTHOR", nil); err != nil {
				b.Fatal(err)
			}
			if _, err := r.identity("COMMITTER", nil); err != nil {
				b.Fatal(err)
			}
			if _, err := r.writeConfigInProcess(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("git", func(b *testing.B) {
		for b.Loop() {
			for _, v := range []string{"GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"} {
				if _, err := r.askIdent(v); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := r.writeConfigFromGit(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// core.hooksPath set in an included file counts, as git counts it: the
// reader leaves the include to git.
func TestHooksDirFromAnInclude(t *testing.T) {
	home := hermetic(t)
	write(t, home, ".gitconfig", "[include]\n\tpath = ~/hooks.inc\n")
	write(t, home, "hooks.inc", "[core]\n\thooksPath = "+filepath.Join(home, "myhooks")+"\n")
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	want := strings.TrimSpace(run(t, dir, "rev-parse", "--git-path", "hooks"))
	got, err := open(t, dir).HooksDir()
	if err != nil || got != want || want != filepath.Join(home, "myhooks") {
		t.Errorf("HooksDir = %q, %v; git says %q", got, err, want)
	}
}
