package gitconfig

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// TestLoadAsGitDoes compares every setting Load reads, in order, with
// `git config --list` run in the same repository with the same
// environment: the files git reads, their order, and the command line.
func TestLoadAsGitDoes(t *testing.T) {
	type env = map[string]string
	for _, tc := range []struct {
		name      string
		files     map[string]string // below HOME; "repo/.git/config" is appended to
		env       env
		linked    bool // read from a linked work tree
		uncertain string
	}{
		{name: "nothing"},
		{name: "global and XDG", files: map[string]string{".gitconfig": "[a]\n\tk = global\n", ".config/git/config": "[a]\n\tk = xdg\n"}},
		{name: "XDG_CONFIG_HOME elsewhere", env: env{"XDG_CONFIG_HOME": "$HOME/xdg"}, files: map[string]string{"xdg/git/config": "[a]\n\tk = xdg\n", ".config/git/config": "[a]\n\tk = not read\n"}},
		{name: "system, global, local", env: env{"GIT_CONFIG_NOSYSTEM": "false", "GIT_CONFIG_SYSTEM": "$HOME/sys"},
			files: map[string]string{"sys": "[a]\n\tk = system\n", ".gitconfig": "[a]\n\tk = global\n", "repo/.git/config": "[a]\n\tk = local\n"}},
		{name: "GIT_CONFIG_NOSYSTEM", env: env{"GIT_CONFIG_NOSYSTEM": "yes", "GIT_CONFIG_SYSTEM": "$HOME/sys"}, files: map[string]string{"sys": "[a]\n\tk = system\n"}},
		{name: "GIT_CONFIG_GLOBAL", env: env{"GIT_CONFIG_GLOBAL": "$HOME/g"}, files: map[string]string{"g": "[a]\n\tk = g\n", ".gitconfig": "[a]\n\tk = not read\n"}},
		{name: "GIT_CONFIG_GLOBAL=/dev/null", env: env{"GIT_CONFIG_GLOBAL": "/dev/null"}, files: map[string]string{".gitconfig": "[a]\n\tk = not read\n"}},
		{name: "worktree config", files: map[string]string{
			"repo/.git/config":          "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tworktreeConfig = true\n[a]\n\tk = local\n",
			"repo/.git/config.worktree": "[a]\n\tk = worktree\n"}},
		{name: "worktree config, extension off", files: map[string]string{"repo/.git/config.worktree": "[a]\n\tk = worktree\n"}},
		{name: "worktree config of a linked work tree", linked: true, files: map[string]string{
			"repo/.git/config":                           "[extensions]\n\tworktreeConfig = on\n[a]\n\tk = common\n",
			"repo/.git/config.worktree":                  "[a]\n\tk = main only\n",
			"repo/.git/worktrees/linked/config.worktree": "[a]\n\tk = linked\n"}},
		{name: "command line after the files", env: env{"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "A.Sub.K", "GIT_CONFIG_VALUE_0": "count", "GIT_CONFIG_KEY_1": "a.k", "GIT_CONFIG_VALUE_1": "",
			"GIT_CONFIG_PARAMETERS": `'a.k'='dash c' 'a.flag'=`}, files: map[string]string{"repo/.git/config": "[a]\n\tk = local\n"}},
		{name: "GIT_CONFIG_COUNT=0", env: env{"GIT_CONFIG_COUNT": "0"}},

		{name: "include", files: map[string]string{".gitconfig": "[include]\n\tpath = x\n"}, uncertain: "includes"},
		{name: "includeIf in the repository", files: map[string]string{"repo/.git/config": "[includeIf \"onbranch:main\"]\n\tpath = x\n"}, uncertain: "includes"},
		{name: "GIT_CONFIG", env: env{"GIT_CONFIG": "$HOME/x"}, uncertain: "GIT_CONFIG is set"},
		{name: "relative GIT_CONFIG_GLOBAL", env: env{"GIT_CONFIG_GLOBAL": "g"}, uncertain: "relative"},
		{name: "missing GIT_CONFIG_KEY_n", env: env{"GIT_CONFIG_COUNT": "1"}, uncertain: "missing config key"},
		{name: "bogus GIT_CONFIG_COUNT", env: env{"GIT_CONFIG_COUNT": "x"}, uncertain: "bogus count"},
		{name: "unreadable file", files: map[string]string{".gitconfig/x": "a directory in the way\n"}, uncertain: "directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := gittest.Hermetic(t)
			repo := filepath.Join(home, "repo")
			gittest.Run(t, home, "init", "-q", "-b", "main", repo)
			dir, gitDir := repo, filepath.Join(repo, ".git")
			if tc.linked {
				gittest.Run(t, repo, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "--allow-empty", "-m", "init")
				gittest.Run(t, repo, "worktree", "add", "-q", filepath.Join(home, "linked"))
				dir, gitDir = filepath.Join(home, "linked"), filepath.Join(gitDir, "worktrees", "linked")
			}
			for p, data := range tc.files {
				f, err := os.OpenFile(filepath.Join(home, p), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
				if errors.Is(err, os.ErrNotExist) {
					gittest.Write(t, home, p, data)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(data)
				f.Close()
			}
			for k, v := range tc.env {
				t.Setenv(k, strings.ReplaceAll(v, "$HOME", home))
			}
			c, err := Load(Sources{GitDir: gitDir, CommonDir: filepath.Join(repo, ".git"), SystemFile: "/etc/gitconfig"})
			if tc.uncertain != "" {
				if !errors.Is(err, ErrUncertain) || !strings.Contains(err.Error(), tc.uncertain) {
					t.Fatalf("Load: %v, want ErrUncertain saying %q", err, tc.uncertain)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("git", "config", "-z", "--list")
			cmd.Dir = dir
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(splitList(string(out)), list(c.Entries)); d != "" {
				t.Errorf("(-git config --list +Load):\n%s", d)
			}
		})
	}
}

// TestIdentRules checks the rules of Ident that need no repository: what
// it reads, and what it leaves to git.
func TestIdentRules(t *testing.T) {
	type env = map[string]string
	for _, tc := range []struct {
		name, config string
		env          env
		author       string // "" when left to git
		committer    string
	}{
		{"user", "[user]\n\tname = U\n\temail = u@x\n", nil, "U <u@x>", "U <u@x>"},
		{"role over user", "[user]\n\tname = U\n\temail = u@x\n[committer]\n\tname = C\n", nil, "U <u@x>", "C <u@x>"},
		{"env over role", "[author]\n\tname = A\n\temail = a@x\n", env{"GIT_AUTHOR_NAME": "E", "GIT_COMMITTER_NAME": "F", "GIT_COMMITTER_EMAIL": "f@x"}, "E <a@x>", "F <f@x>"},
		{"EMAIL", "[user]\n\tname = U\n", env{"EMAIL": "e@x"}, "U <e@x>", "U <e@x>"},
		{"EMAIL not used once an email is configured", "[user]\n\tname = U\n[author]\n\temail = a@x\n", env{"EMAIL": "e@x"}, "U <a@x>", ""},
		{"empty role value falls back to user", "[user]\n\tname = U\n\temail = u@x\n[author]\n\tname =\n", nil, "U <u@x>", "U <u@x>"},
		{"empty user name", "[user]\n\tname =\n\temail = u@x\n", nil, "", ""},
		{"nothing", "", nil, "", ""},
		{"name of crud only", "[user]\n\tname = \"..;\"\n\temail = u@x\n", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries, err := Parse([]byte(tc.config), "test")
			if err != nil {
				t.Fatal(err)
			}
			c := &Config{Entries: entries, env: func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }}
			for who, want := range map[string]string{"AUTHOR": tc.author, "COMMITTER": tc.committer} {
				name, email, err := c.Ident(who)
				got := name + " <" + email + ">"
				if err != nil {
					got = ""
					if !errors.Is(err, ErrUncertain) {
						t.Errorf("%s: %v does not match ErrUncertain", who, err)
					}
				}
				if got != want {
					t.Errorf("%s = %q (%v), want %q", who, got, err, want)
				}
			}
		})
	}
}
