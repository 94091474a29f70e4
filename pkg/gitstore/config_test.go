package gitstore

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The settings a commit reads come from one git run, with git's reading of
// booleans: a key without "=" is true, numbers count, the last value wins.
func TestWriteConfigReadsAsGitDoes(t *testing.T) {
	if gitBinary() == "" {
		t.Skip("git is not installed")
	}
	for _, tc := range []struct {
		name     string
		config   string
		autocrlf string
		gpg      bool
		wantErr  bool
	}{
		{"none", "", "", false, false},
		{"set", "[core]\n\tautocrlf = input\n\teol = lf\n[commit]\n\tgpgSign = yes\n", "input", true, false},
		{"no value", "[core]\n\tautocrlf\n[commit]\n\tgpgsign\n", "true", true, false},
		{"last wins", "[commit]\n\tgpgsign = true\n[commit]\n\tgpgsign = 0\n", "", false, false},
		{"bad bool", "[commit]\n\tgpgsign = maybe\n", "", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, map[string]string{"a.txt": "a\n"})
			if tc.config != "" {
				f, err := os.OpenFile(filepath.Join(dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(tc.config)
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
			}
			r := open(t, dir)
			gpg, err := r.signing()
			if (err != nil) != tc.wantErr {
				t.Fatalf("signing: %v, want error %v", err, tc.wantErr)
			}
			if gpg != tc.gpg {
				t.Errorf("signing = %v, want %v", gpg, tc.gpg)
			}
			if tc.wantErr {
				return
			}
			want, err := r.gitRun("", nil, "config", "--bool", "--get", "commit.gpgsign")
			if exitCode(err) != 1 && err != nil {
				t.Fatal(err)
			}
			if gitOut := want == "true\n"; gitOut != gpg {
				t.Errorf("git config --bool says %q, collab %v", want, gpg)
			}
			tx, err := r.Begin(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Release()
			if _, err := tx.eol("x.txt"); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.autocrlf, tx.autocrlf); d != "" {
				t.Errorf("core.autocrlf (-want +got):\n%s", d)
			}
		})
	}
}

// The identity is asked of git once per process and repository, and asked
// again when the environment or a config file changes.
func TestIdentityAskedAgainWhenItsSourcesChange(t *testing.T) {
	if gitBinary() == "" {
		t.Skip("git is not installed")
	}
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	email := func() string {
		t.Helper()
		a, err := open(t, dir).Author()
		if err != nil {
			t.Fatal(err)
		}
		if time.Since(a.When) > time.Minute {
			t.Errorf("author date %v is not now", a.When)
		}
		return a.Email
	}
	first := email()
	if again := email(); again != first {
		t.Fatalf("same sources, other identity: %q then %q", first, again)
	}
	run(t, dir, "config", "user.email", "changed@example.com")
	if got := email(); got != "changed@example.com" {
		t.Errorf("after git config user.email: %q", got)
	}
	t.Setenv("GIT_AUTHOR_EMAIL", "env@example.com")
	if got := email(); got != "env@example.com" {
		t.Errorf("with GIT_AUTHOR_EMAIL: %q", got)
	}
}
