package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// FuzzWrite runs random sequences of writes, with text from the fuzzer in
// names, notes and ids, on a generated workspace in a git repository.
// Whatever each write does (commit or refuse), afterwards the work tree is
// exactly HEAD (nothing written without a commit, nothing left behind), the
// workspace validates, and `git fsck --strict` is clean: every commit holds
// a valid workspace that git reads.
func FuzzWrite(f *testing.F) {
	if _, err := exec.LookPath("git"); err != nil {
		f.Skip("git not installed")
	}
	base := fuzzBase(f)
	f.Add([]byte{0, 3, 1, 7}, "Kim Lee", "on track")
	f.Add([]byte{1, 2, 3, 9, 0, 1}, "Zoë \"Z\" O'Neil", "line one\nline two")
	f.Add([]byte{3, 1, 0, 1, 1, 4}, "\x1b[2J", "yes")
	f.Fuzz(func(t *testing.T, ops []byte, name, note string) {
		if len(ops) > 12 {
			ops = ops[:12] // a sequence of at most 6 writes
		}
		dir := fuzzRepo(t, base)
		run := func(env []string, args ...string) (string, int) {
			for _, kv := range env {
				k, v, _ := strings.Cut(kv, "=")
				os.Setenv(k, v)
			}
			defer func() {
				for _, kv := range env {
					k, _, _ := strings.Cut(kv, "=")
					os.Unsetenv(k)
				}
			}()
			ios, _, out, errOut := iostreams.Test()
			code := root.Main(cmdutil.New(ios), append([]string{"-C", dir}, args...))
			return out.String() + errOut.String(), code
		}
		git := func(args ...string) string {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			var b bytes.Buffer
			cmd.Stdout, cmd.Stderr = &b, &b
			if err := cmd.Run(); err != nil {
				t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, b.String())
			}
			return b.String()
		}
		for i := 0; i+1 < len(ops); i += 2 {
			k := int(ops[i+1]) % 20 // teams and goals 0..19
			team, lead := fmt.Sprintf("t%03d", k), fmt.Sprintf("GIT_AUTHOR_EMAIL=p%03d-0@acme.example", k)
			var args []string
			var env []string
			switch ops[i] % 4 {
			case 0:
				args, env = []string{"team", "member", "add", team, fmt.Sprintf("n%d@acme.example:%s", i, name)}, []string{lead}
			case 1:
				args = []string{"goal", "checkin", fmt.Sprintf("g%04d", k), "--value", fmt.Sprintf("kr-a=%d", ops[i+1]), "--note", note, "--as-of", "2026-03-10"}
				env = []string{fmt.Sprintf("GIT_AUTHOR_EMAIL=p%03d-1@acme.example", k)}
			case 2:
				args, env = []string{"team", "add", name, "--title", note, "--lead", "p000-0@acme.example"}, []string{"GIT_AUTHOR_EMAIL=p000-0@acme.example"}
			case 3:
				args, env = []string{"team", "member", "rm", team, fmt.Sprintf("p%03d-%d@acme.example", k, 1+int(ops[i+1])%4)}, []string{lead}
			}
			out, code := run(env, args...)
			if code != 0 && code != 1 && code != 2 {
				t.Fatalf("collab %q: exit %d\n%s", args, code, out)
			}
			if st := git("status", "--porcelain", "--untracked-files=all"); st != "" {
				t.Fatalf("collab %q (exit %d) left the work tree unlike HEAD:\n%s\n%s", args, code, st, out)
			}
			if out, code := run(nil, "validate", "--as-of", "2026-03-10"); code != 0 {
				t.Fatalf("after collab %q, HEAD does not validate:\n%s", args, out)
			}
		}
		if out := git("fsck", "--strict", "--no-dangling", "--no-progress"); out != "" {
			t.Fatalf("git fsck --strict:\n%s", out)
		}
	})
}

// fuzzBase makes a generated workspace, committed in a git repository with
// a hermetic configuration, for fuzzRepo to copy.
func fuzzBase(f *testing.F) string {
	base := f.TempDir()
	home := filepath.Join(base, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		f.Fatal(err)
	}
	for k, v := range map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_CACHE_HOME": filepath.Join(home, ".cache"), "GIT_CONFIG_NOSYSTEM": "1", "COLLAB_NO_CACHE": "1",
		"GIT_DIR": "", "GIT_WORK_TREE": "", "GIT_INDEX_FILE": "", "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_EMAIL": ""} {
		f.Setenv(k, v)
		if v == "" {
			os.Unsetenv(k)
		}
	}
	cfg := "[user]\n\tname = Fuzz\n\temail = p000-0@acme.example\n[init]\n\tdefaultBranch = main\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644); err != nil {
		f.Fatal(err)
	}
	ws := filepath.Join(base, "ws")
	if err := wsgen.Write(ws, wsgen.Files(150)); err != nil {
		f.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "generated"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = ws
		if out, err := cmd.CombinedOutput(); err != nil {
			f.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return ws
}

// fuzzRepo copies the repository base into a new folder.
func fuzzRepo(t *testing.T, base string) string {
	dir := filepath.Join(t.TempDir(), "ws")
	if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	return dir
}
