package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// childEnv makes the test binary run as collab.
const childEnv = "COLLAB_TEST_RUN_MAIN"

// TestCrashes kills writes at random points, with SIGKILL (a crash) and
// SIGINT (Ctrl-C), on a generated workspace, and checks after each that
// nothing is lost or blocked for good: `git fsck --strict` is clean, HEAD is
// a commit, nothing is staged (a stale index would make the next `git
// commit` revert collab's change), every file is valid, no temp file is
// left for `git add -A` to pick up, and the next write succeeds or names the
// stale lock with the command that removes it. After SIGINT no lock or
// temp file is left at all. The loop is bounded in time.
func TestCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("crash injection is skipped with -short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	tmp := t.TempDir()
	home := filepath.Join(tmp, "home")
	dir := filepath.Join(tmp, "ws")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "[user]\n\tname = Pat Morgan\n\temail = p000-2@acme.example\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "GIT_CONFIG_NOSYSTEM=1")
	// collab runs as the owner of the goal it checks in on (see wsgen).
	collab := func(goal int, args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], append([]string{"goal", "checkin", fmt.Sprintf("g%04d", goal)}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(env, childEnv+"=1", fmt.Sprintf("GIT_AUTHOR_EMAIL=p%03d-1@acme.example", goal))
		return cmd
	}
	run := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		if name == "collab" {
			cmd.Path = os.Args[0]
			cmd.Env = append(env, childEnv+"=1")
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	must := func(name string, args ...string) string {
		t.Helper()
		out, err := run(name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}
	if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
		t.Fatal(err)
	}
	must("git", "init", "-q", "-b", "main")
	must("git", "add", "-A")
	must("git", "commit", "-q", "-m", "generated")

	// A write to kill: a check-in on one of the first 20 goals.
	checkin := func(i int) *exec.Cmd {
		return collab(i%20, "--value", fmt.Sprintf("kr-a=%d", 100+i), "--as-of", "2026-03-10")
	}
	start := time.Now()
	if out, err := checkin(0).CombinedOutput(); err != nil {
		t.Fatalf("an uninterrupted write failed: %v\n%s", err, out)
	}
	span := time.Since(start) // kills fall anywhere in the length of a write

	lockRE := regexp.MustCompile(`rm '([^']+)'`)
	deadline := time.Now().Add(20 * time.Second)
	stale, landed, window := 0, 0, 0
	i := 1
	for ; i <= 60 && (i <= 6 || time.Now().Before(deadline)); i++ {
		sig := syscall.SIGKILL
		if i%2 == 0 {
			sig = syscall.SIGINT
		}
		before := must("git", "rev-parse", "HEAD")
		cmd := checkin(i)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(span))))
		cmd.Process.Signal(sig)
		cmd.Wait()

		if sig == syscall.SIGINT {
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("run %d: SIGINT left %v", i, left)
			}
		}
		if out, err := run("git", "fsck", "--strict", "--no-dangling", "--no-progress"); err != nil || out != "" {
			t.Fatalf("run %d (%v): git fsck --strict: %v\n%s", i, sig, err, out)
		}
		moved := must("git", "rev-parse", "--verify", "-q", "HEAD^{commit}") != before
		if moved {
			landed++
		}

		// The next write succeeds, or names the stale lock; removing the
		// lock as told lets it succeed.
		next := func() (string, error) {
			out, err := collab(20+i%10, "--value", fmt.Sprintf("kr-b=%d", i), "--as-of", "2026-03-10").CombinedOutput()
			return string(out), err
		}
		// A write killed while it held both index.lock and the branch's
		// lock leaves both: the next write names one, then the other.
		out, err := next()
		indexLock := false
		for tries := 0; err != nil; tries++ {
			m := lockRE.FindStringSubmatch(out)
			if tries == 2 || m == nil || !strings.Contains(out, "no running process has it open") {
				t.Fatalf("run %d (%v): the next write failed without naming a stale lock: %v\n%s", i, sig, err, out)
			}
			stale++
			indexLock = indexLock || filepath.Base(m[1]) == "index.lock"
			if err := os.Remove(m[1]); err != nil {
				t.Fatal(err)
			}
			out, err = next()
		}
		// Nothing staged: the index agrees with HEAD, so a plain `git
		// commit` cannot undo collab's commit.
		// The one exception is a SIGKILL between the two renames that end a
		// commit (branch moved, index.lock not yet in place), as with git
		// itself: the stale-lock message tells the user to `git reset -q`,
		// which the test does, after checking that nothing else is staged.
		if out, err := run("git", "diff", "--cached", "--name-status"); err != nil || out != "" {
			if !(sig == syscall.SIGKILL && moved && indexLock && err == nil && strings.Count(out, "\n") == 1) {
				t.Fatalf("run %d (%v): the index differs from HEAD: %v\n%s", i, sig, err, out)
			}
			window++
			must("git", "reset", "-q")
		}
		if left := leftovers(t, dir); len(left) > 0 {
			t.Fatalf("run %d (%v): left after the next write: %v", i, sig, left)
		}
		if out, err := run("collab", "validate", "--as-of", "2026-03-10"); err != nil {
			t.Fatalf("run %d (%v): validate: %v\n%s", i, sig, err, out)
		}
		// A write cut short before its commit leaves its file changed in
		// the work tree: the user commits it with git.
		if out := must("git", "status", "--porcelain"); out != "" {
			must("git", "commit", "-q", "-a", "-m", "commit what a killed write left")
		}
	}
	t.Logf("%d writes killed at random points within %v: %d committed before the signal, %d stale locks removed, %d killed between moving the branch and installing the index", i-1, span, landed, stale, window)
}

// leftovers lists lock files in .git and temp files of writes in the work tree.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Name() == "objects" && d.IsDir() {
			return fs.SkipDir
		}
		if strings.HasSuffix(p, ".lock") || strings.Contains(d.Name(), ".collab-tmp-") {
			out = append(out, p)
		}
		return nil
	})
	return out
}
