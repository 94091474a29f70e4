package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if os.Getenv("GITSTORE_TEST_HELPER") == "append" {
		os.Exit(helperAppend())
	}
	os.Exit(m.Run())
}

// helperAppend is one of the concurrent committer processes: it appends a
// line to shared.txt and commits it. Exit 0: committed; 3: busy; 1: error.
func helperAppend() int {
	if ns, err := strconv.ParseInt(os.Getenv("GITSTORE_TEST_START"), 10, 64); err == nil {
		time.Sleep(time.Until(time.Unix(0, ns)))
	}
	id := os.Getenv("GITSTORE_TEST_ID")
	r, err := Open(os.Getenv("GITSTORE_TEST_REPO"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer r.Close()
	if d, err := time.ParseDuration(os.Getenv("GITSTORE_TEST_TIMEOUT")); err == nil {
		r.LockTimeout = d
	}
	tx, err := r.Begin(context.Background())
	if errors.Is(err, ErrBusy) {
		fmt.Println("busy")
		return 3
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer tx.Release()
	if err := tx.CheckUnmodified("shared.txt"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	data, err := os.ReadFile(filepath.Join(r.Root(), "shared.txt"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	line := "line from process " + id + "\n"
	h, err := tx.Commit("Append line "+id, []File{{Path: "shared.txt", Data: append(data, line...)}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ok", h)
	return 0
}

// hermetic makes git and Author see only what the test sets up.
func hermetic(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
		"GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return home
}

func run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func write(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newRepo makes a repository on branch main with user.name/email set and,
// when files are given, one commit holding them.
func newRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	run(t, dir, "config", "user.name", "Repo User")
	run(t, dir, "config", "user.email", "repo@example.com")
	if len(files) > 0 {
		for p, d := range files {
			write(t, dir, p, d)
		}
		run(t, dir, "add", "-A")
		run(t, dir, "commit", "-q", "-m", "initial")
	}
	return dir
}

func open(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// commitFiles runs one whole transaction.
func commitFiles(t testing.TB, r *Repo, msg string, files ...File) string {
	t.Helper()
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if err := tx.CheckUnmodified(paths...); err != nil {
		t.Fatal(err)
	}
	h, err := tx.Commit(msg, files)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func fsck(t testing.TB, dir string) {
	t.Helper()
	if out := run(t, dir, "fsck", "--strict", "--no-progress"); strings.TrimSpace(out) != "" {
		t.Errorf("git fsck --strict: %s", out)
	}
}
