package gitstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCommitNewAndModified(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{
		"collab.yaml":           "kind: Workspace\n",
		"agreements/x.yaml":     "id: x\n",
		"agreements/other.yaml": "id: other\n",
		"z/keep.txt":            "keep\n",
	})
	r := open(t, dir)
	before := run(t, dir, "rev-parse", "HEAD")
	h := commitFiles(t, r, "Update x and add g\n\n\n",
		File{Path: "agreements/x.yaml", Data: []byte("id: x\nstatus: active\n")},
		File{Path: "goals/g.yaml", Data: []byte("id: g\n")},
	)
	fsck(t, dir)
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD")); got != h {
		t.Fatalf("HEAD = %s, Commit returned %s", got, h)
	}
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD~1")); got != strings.TrimSpace(before) {
		t.Errorf("parent = %s, want %s", got, before)
	}
	if diff := cmp.Diff([]string{"agreements/x.yaml", "goals/g.yaml"},
		lines(run(t, dir, "show", "--name-only", "--format=", "HEAD"))); diff != "" {
		t.Errorf("files in commit (-want +got):\n%s", diff)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("git status --porcelain = %q, want clean", got)
	}
	if got := run(t, dir, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%B"); got != "Repo User <repo@example.com>|Repo User <repo@example.com>|Update x and add g\n\n" {
		t.Errorf("git log = %q", got)
	}
	if got := run(t, dir, "cat-file", "-p", "HEAD:agreements/x.yaml"); got != "id: x\nstatus: active\n" {
		t.Errorf("committed content = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "goals/g.yaml")); string(got) != "id: g\n" {
		t.Errorf("work tree goals/g.yaml = %q", got)
	}
	if got := run(t, dir, "reflog", "-1", "--format=%gs"); got != "commit: Update x and add g\n" {
		t.Errorf("reflog = %q", got)
	}

	run(t, dir, "tag", "-a", "-m", "v1", "v1", "HEAD~1")
	for rev, want := range map[string]string{"v1": before, "HEAD~1": before, "HEAD": h, "main": h} {
		got, err := r.Resolve(rev)
		if err != nil || got.String() != strings.TrimSpace(want) {
			t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
		}
	}
	if _, err := r.Resolve("nosuch"); err == nil {
		t.Error("Resolve(nosuch) succeeded")
	}
	head, ok, err := r.Head()
	if err != nil || !ok || head.String() != h {
		t.Errorf("Head() = %s, %v, %v", head, ok, err)
	}
}

func TestDeleteFile(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "agreements/x.yaml": "x\n"})
	r := open(t, dir)
	commitFiles(t, r, "Delete x", File{Path: "agreements/x.yaml", Delete: true})
	fsck(t, dir)
	if diff := cmp.Diff([]string{"a.txt"}, lines(run(t, dir, "ls-tree", "-r", "--name-only", "HEAD"))); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, "agreements")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty folder left behind: %v", err)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("git status = %q", got)
	}
}

func TestUserChangesStayAndAreNotCommitted(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "b.txt": "b\n", "agreements/x.yaml": "x\n"})
	write(t, dir, "secret.txt", "password\n")
	write(t, dir, "b.txt", "b staged\n")
	run(t, dir, "add", "secret.txt", "b.txt")
	write(t, dir, "a.txt", "a edited, not staged\n")
	stagedBefore := run(t, dir, "ls-files", "-s", "secret.txt", "b.txt", "a.txt")

	r := open(t, dir)
	commitFiles(t, r, "Change x", File{Path: "agreements/x.yaml", Data: []byte("x2\n")})
	fsck(t, dir)

	if diff := cmp.Diff([]string{"agreements/x.yaml"}, lines(run(t, dir, "show", "--name-only", "--format=", "HEAD"))); diff != "" {
		t.Errorf("commit holds (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b.txt", "secret.txt"}, lines(run(t, dir, "diff", "--cached", "--name-only"))); diff != "" {
		t.Errorf("staged after (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.txt"}, lines(run(t, dir, "diff", "--name-only"))); diff != "" {
		t.Errorf("unstaged after (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(stagedBefore, run(t, dir, "ls-files", "-s", "secret.txt", "b.txt", "a.txt")); diff != "" {
		t.Errorf("other index entries changed (-before +after):\n%s", diff)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(got) != "a edited, not staged\n" {
		t.Errorf("a.txt = %q", got)
	}
	if got := run(t, dir, "status", "--porcelain", "--", "agreements"); got != "" {
		t.Errorf("status of committed path = %q", got)
	}
}

func TestCheckUnmodified(t *testing.T) {
	hermetic(t)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		dirty bool
	}{
		{"clean", func(t *testing.T, dir string) {}, false},
		{"clean after touch", func(t *testing.T, dir string) {
			future := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(dir, "agreements/x.yaml"), future, future)
		}, false},
		{"unstaged", func(t *testing.T, dir string) { write(t, dir, "agreements/x.yaml", "changed\n") }, true},
		{"unstaged same size", func(t *testing.T, dir string) { write(t, dir, "agreements/x.yaml", "y\n") }, true},
		{"staged", func(t *testing.T, dir string) {
			write(t, dir, "agreements/x.yaml", "changed\n")
			run(t, dir, "add", "agreements/x.yaml")
		}, true},
		{"staged then reverted in work tree", func(t *testing.T, dir string) {
			write(t, dir, "agreements/x.yaml", "changed\n")
			run(t, dir, "add", "agreements/x.yaml")
			write(t, dir, "agreements/x.yaml", "x\n")
		}, true},
		{"deleted", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "agreements/x.yaml")) }, true},
		{"git rm", func(t *testing.T, dir string) { run(t, dir, "rm", "-q", "agreements/x.yaml") }, true},
		{"untracked new", func(t *testing.T, dir string) { write(t, dir, "agreements/new.yaml", "new\n") }, true},
		{"staged new", func(t *testing.T, dir string) {
			write(t, dir, "agreements/new.yaml", "new\n")
			run(t, dir, "add", "agreements/new.yaml")
		}, true},
		{"intent to add", func(t *testing.T, dir string) {
			write(t, dir, "agreements/new.yaml", "new\n")
			run(t, dir, "add", "-N", "agreements/new.yaml")
		}, true},
		{"other file changed", func(t *testing.T, dir string) { write(t, dir, "a.txt", "other\n") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, map[string]string{"a.txt": "a\n", "agreements/x.yaml": "x\n"})
			tc.setup(t, dir)
			r := open(t, dir)
			tx, err := r.Begin(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Release()
			err = tx.CheckUnmodified("agreements/x.yaml", "agreements/new.yaml")
			var de *DirtyError
			if tc.dirty != errors.As(err, &de) {
				t.Fatalf("CheckUnmodified = %v, want dirty=%v", err, tc.dirty)
			}
			if !tc.dirty && err != nil {
				t.Fatal(err)
			}
			if tc.dirty && !strings.Contains(err.Error(), "has changes that collab did not make; commit or stash them first") {
				t.Errorf("message = %q", err)
			}
		})
	}
}

func TestDirtyErrorMessage(t *testing.T) {
	got := (&DirtyError{Paths: []string{"agreements/x.yaml"}}).Error()
	want := "agreements/x.yaml has changes that collab did not make; commit or stash them first"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUnbornBranch(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	r := open(t, dir)
	if _, ok, err := r.Head(); ok || err != nil {
		t.Fatalf("Head() on unborn = %v, %v", ok, err)
	}
	h := commitFiles(t, r, "Start workspace", File{Path: "collab.yaml", Data: []byte("kind: Workspace\n")})
	fsck(t, dir)
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "main")); got != h {
		t.Errorf("main = %s, want %s", got, h)
	}
	if got := run(t, dir, "rev-list", "--parents", "HEAD"); got != h+"\n" {
		t.Errorf("rev-list = %q", got)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
	if got := run(t, dir, "reflog", "-1", "--format=%gs"); got != "commit (initial): Start workspace\n" {
		t.Errorf("reflog = %q", got)
	}
}

func TestSubdirectoryStart(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"agreements/x.yaml": "x\n"})
	r := open(t, filepath.Join(dir, "agreements"))
	want, _ := filepath.EvalSymlinks(dir)
	if got, _ := filepath.EvalSymlinks(r.Root()); got != want {
		t.Fatalf("Root() = %s, want %s", r.Root(), dir)
	}
	commitFiles(t, r, "Change x", File{Path: "agreements/x.yaml", Data: []byte("x2\n")})
	fsck(t, dir)
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNoRepo) {
		t.Errorf("Open outside a repository: %v, want ErrNoRepo", err)
	}
}

func TestLinkedWorktree(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"agreements/x.yaml": "x\n"})
	wt := filepath.Join(t.TempDir(), "wt")
	run(t, dir, "worktree", "add", "-q", "-b", "feature", wt)
	mainBefore := run(t, dir, "rev-parse", "main")
	mainIndex, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))

	r := open(t, wt)
	if got, _ := filepath.EvalSymlinks(r.Root()); got != mustEval(t, wt) {
		t.Fatalf("Root() = %s, want %s", r.Root(), wt)
	}
	h := commitFiles(t, r, "Change x on feature", File{Path: "agreements/x.yaml", Data: []byte("x2\n")})
	fsck(t, dir)
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "feature")); got != h {
		t.Errorf("feature = %s, want %s", got, h)
	}
	if got := run(t, dir, "rev-parse", "main"); got != mainBefore {
		t.Errorf("main moved: %s", got)
	}
	if got := run(t, wt, "status", "--porcelain"); got != "" {
		t.Errorf("worktree status = %q", got)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("main worktree status = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ".git", "index")); string(got) != string(mainIndex) {
		t.Error("main work tree's index changed")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "agreements/x.yaml")); string(got) != "x\n" {
		t.Errorf("main work tree file changed: %q", got)
	}
	if got := run(t, wt, "ls-files", "-s", "agreements/x.yaml"); !strings.Contains(got, strings.TrimSpace(run(t, wt, "rev-parse", "HEAD:agreements/x.yaml"))) {
		t.Errorf("worktree index entry = %q", got)
	}
}

func mustEval(t *testing.T, p string) string {
	t.Helper()
	e, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestBusy(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	lock := filepath.Join(dir, ".git", "index.lock")
	r := open(t, dir)
	r.LockTimeout = 300 * time.Millisecond
	for _, tc := range []struct {
		name    string
		age     time.Duration
		holder  bool     // a running process has the lock open
		waits   bool     // Begin waits for the whole timeout
		message []string // parts of the message, in order
	}{
		{name: "held open", holder: true, waits: true,
			message: []string{"repository busy: " + lock + " exists, made 0s ago and held open by process ", "; wait for it to finish"}},
		{name: "fresh, not open", waits: true,
			message: []string{"repository busy: " + lock + " exists, made 0s ago and no running process has it open. ", "remove it with\n  rm '" + lock + "'\n"}},
		{name: "old, not open", age: time.Hour, // reported at once
			message: []string{"repository busy: " + lock + " exists, made 1h0m0s ago and no running process has it open. ", "rm '" + lock + "'"}},
		{name: "old, held open", age: time.Hour, holder: true, waits: true,
			message: []string{"made 1h0m0s ago and held open by process "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(lock, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(lock)
			if tc.age > 0 {
				old := time.Now().Add(-tc.age)
				if err := os.Chtimes(lock, old, old); err != nil {
					t.Fatal(err)
				}
			}
			if tc.holder {
				if runtime.GOOS != "linux" {
					t.Skip("telling the holder needs /proc")
				}
				f, err := os.Open(lock)
				if err != nil {
					t.Fatal(err)
				}
				// a process that keeps the lock open, as git does while it works
				cmd := exec.Command("sleep", "10")
				cmd.ExtraFiles = []*os.File{f}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				f.Close()
				defer func() { cmd.Process.Kill(); cmd.Wait() }()
			}
			start := time.Now()
			_, err := r.Begin(context.Background())
			if !errors.Is(err, ErrBusy) {
				t.Fatalf("Begin = %v, want ErrBusy", err)
			}
			if el := time.Since(start); (el >= 300*time.Millisecond) != tc.waits {
				t.Errorf("gave up after %v; want waiting for the 300ms timeout: %v", el, tc.waits)
			}
			rest := err.Error()
			for _, m := range tc.message {
				i := strings.Index(rest, m)
				if i < 0 {
					t.Fatalf("message %q lacks %q", err, m)
				}
				rest = rest[i+len(m):]
			}
			if _, err := os.Stat(lock); err != nil {
				t.Errorf("someone else's lock was removed: %v", err)
			}
		})
	}

	// our own lock makes git wait, and Release removes it
	os.Remove(lock)
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "a.txt", "b\n")
	cmd := exec.Command("git", "add", "a.txt")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "index.lock") {
		t.Errorf("git add while collab holds the lock: %v %s", err, out)
	}
	tx.Release()
	tx.Release()
	if _, err := os.Stat(lock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock left after Release: %v", err)
	}
}

func TestBranchMovedDuringCommit(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "agreements/x.yaml": "x\n"})
	r := open(t, dir)
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	indexBefore, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))
	// update-ref does not take index.lock, so it can move the branch now
	other := strings.TrimSpace(run(t, dir, "commit-tree", "-p", "HEAD", "-m", "elsewhere", "HEAD^{tree}"))
	run(t, dir, "update-ref", "refs/heads/main", other)

	_, err = tx.Commit("Change x", []File{{Path: "agreements/x.yaml", Data: []byte("x2\n")}, {Path: "new.yaml", Data: []byte("n\n")}})
	if !errors.Is(err, ErrRefChanged) {
		t.Fatalf("Commit = %v, want ErrRefChanged", err)
	}
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "main")); got != other {
		t.Errorf("main = %s, want %s", got, other)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "agreements/x.yaml")); string(got) != "x\n" {
		t.Errorf("work tree not restored: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "new.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("new file not removed: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ".git", "index")); string(got) != string(indexBefore) {
		t.Error("index changed after a failed compare-and-swap")
	}
	tx.Release()
	// collab's commit is left unreferenced (dangling), which is harmless
	if out := run(t, dir, "fsck", "--strict", "--no-progress", "--no-dangling"); out != "" {
		t.Errorf("git fsck: %s", out)
	}
}

// TestIndexReadyBeforeRefMoves checks the order of a commit's last steps:
// when the branch moves, index.lock already holds the new index, so no
// crash can leave a stale index in place under the new commit.
func TestIndexReadyBeforeRefMoves(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	r := open(t, dir)
	var seen []string
	refMoved = func() {
		b, err := os.ReadFile(filepath.Join(dir, ".git", "index.lock"))
		if err != nil {
			seen = append(seen, err.Error())
			return
		}
		idx, _, err := readIndexBytes(b)
		if err != nil {
			seen = append(seen, err.Error())
			return
		}
		for _, e := range idx.Entries {
			seen = append(seen, e.Name+" "+e.Hash.String())
		}
	}
	defer func() { refMoved = nil }()
	commitFiles(t, r, "Change a", File{Path: "a.txt", Data: []byte("a2\n")})
	want := []string{"a.txt " + BlobHash([]byte("a2\n")).String()}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("index.lock when the branch moved (-want +got):\n%s", diff)
	}
	if out := run(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status after the commit: %s", out)
	}
}

// TestIndexWriteFails checks that a commit whose index cannot be written
// commits nothing and puts the work tree back.
func TestIndexWriteFails(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	r := open(t, dir)
	head := run(t, dir, "rev-parse", "HEAD")
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	tx.lock.Close() // writing the index into the lock now fails
	_, err = tx.Commit("Change a", []File{{Path: "a.txt", Data: []byte("a2\n")}})
	if err == nil || !strings.Contains(err.Error(), "nothing was committed") {
		t.Fatalf("Commit = %v, want an error saying nothing was committed", err)
	}
	tx.Release()
	if got := run(t, dir, "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved to %s", got)
	}
	if out := run(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status after the failed commit: %s", out)
	}
}

func TestPackedRefsAndIndexV4(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "agreements/x.yaml": "x\n", "b/c/d.txt": "d\n"})
	run(t, dir, "pack-refs", "--all")
	run(t, dir, "update-index", "--index-version", "4")
	r := open(t, dir)
	commitFiles(t, r, "one", File{Path: "agreements/x.yaml", Data: []byte("x2\n")})
	commitFiles(t, r, "two", File{Path: "agreements/y.yaml", Data: []byte("y\n")})
	fsck(t, dir)
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
	if got := run(t, dir, "rev-list", "--count", "HEAD"); got != "3\n" {
		t.Errorf("commits = %q", got)
	}
	if diff := cmp.Diff([]string{"a.txt", "agreements/x.yaml", "agreements/y.yaml", "b/c/d.txt"}, lines(run(t, dir, "ls-files"))); diff != "" {
		t.Errorf("ls-files (-want +got):\n%s", diff)
	}
}

func TestUnsupportedFormats(t *testing.T) {
	hermetic(t)
	for key, val := range map[string]string{
		"extensions.objectFormat": "sha256",
		"extensions.refStorage":   "reftable",
	} {
		dir := newRepo(t, nil)
		run(t, dir, "config", "core.repositoryformatversion", "1")
		run(t, dir, "config", key, val)
		_, err := Open(dir)
		if err == nil || !strings.Contains(err.Error(), val) {
			t.Errorf("Open with %s=%s: %v", key, val, err)
		}
	}
}

func TestInit(t *testing.T) {
	home := hermetic(t)
	dir := filepath.Join(t.TempDir(), "ws")
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := run(t, dir, "symbolic-ref", "HEAD"); got != "refs/heads/main\n" {
		t.Errorf("HEAD = %q", got)
	}
	run(t, dir, "config", "user.name", "U")
	run(t, dir, "config", "user.email", "u@example.com")
	commitFiles(t, r, "first", File{Path: "collab.yaml", Data: []byte("k: v\n")})
	fsck(t, dir)

	write(t, home, ".gitconfig", "[init]\n\tdefaultBranch = trunk\n")
	dir2 := t.TempDir()
	r2, err := Init(dir2)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if got := run(t, dir2, "symbolic-ref", "HEAD"); got != "refs/heads/trunk\n" {
		t.Errorf("HEAD = %q", got)
	}
}

// TestIdentityAsGitSaysIt compares the author and committer collab commits
// as with git's own answer (git var) as the configuration grows, with git
// installed and, for the rules the fallback reads, without it.
func TestIdentityAsGitSaysIt(t *testing.T) {
	for _, withGit := range []bool{true, false} {
		t.Run(fmt.Sprintf("git installed %v", withGit), func(t *testing.T) {
			home := hermetic(t)
			if !withGit {
				old := gitBinary
				gitBinary = func() string { return "" }
				defer func() { gitBinary = old }()
			}
			dir := filepath.Join(home, "work", "repo")
			os.MkdirAll(dir, 0o755)
			run(t, dir, "init", "-q")
			if _, err := open(t, dir).Author(); !errors.Is(err, ErrNoIdentity) {
				t.Fatalf("Author with no identity: %v", err)
			}
			steps := []struct {
				name     string
				setup    func()
				fallback bool // the fallback without git reads this rule too
			}{
				{"XDG config", func() {
					write(t, home, ".config/git/config", "[user]\n\tname = Xdg\n\temail = xdg@example.com\n")
				}, true},
				{"global config", func() {
					write(t, home, ".gitconfig", "[user]\n\tname = Global\n\temail = global@example.com\n")
				}, true},
				{"repository config", func() { run(t, dir, "config", "user.email", "repo@example.com") }, true},
				{"committer.email", func() { run(t, dir, "config", "committer.email", "committer@example.com") }, true},
				{"includeIf gitdir", func() {
					write(t, home, "work.gitconfig", "[user]\n\tname = Work Name\n[author]\n\temail = work@example.com\n")
					write(t, home, ".gitconfig", "[user]\n\tname = Global\n\temail = global@example.com\n[includeIf \"gitdir:~/work/\"]\n\tpath = ~/work.gitconfig\n")
				}, false},
				{"GIT_AUTHOR_* (the committer stays the configured one)", func() {
					t.Setenv("GIT_AUTHOR_NAME", "Env Author")
					t.Setenv("GIT_AUTHOR_EMAIL", "env@example.com")
					t.Setenv("GIT_AUTHOR_DATE", "@1700000000 +0200")
				}, true},
				{"GIT_COMMITTER_*", func() {
					t.Setenv("GIT_COMMITTER_NAME", "Bot")
					t.Setenv("GIT_COMMITTER_EMAIL", "bot@example.com")
					t.Setenv("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
				}, true},
			}
			for _, st := range steps {
				if !withGit && !st.fallback {
					continue
				}
				st.setup()
				r := open(t, dir)
				for _, v := range []struct {
					name string
					get  func() (Signature, error)
				}{{"GIT_AUTHOR_IDENT", r.Author}, {"GIT_COMMITTER_IDENT", r.Committer}} {
					want, err := parseIdent(strings.TrimSpace(run(t, dir, "var", v.name)))
					if err != nil {
						t.Fatal(err)
					}
					got, err := v.get()
					if err != nil {
						t.Fatalf("%s: %s: %v", st.name, v.name, err)
					}
					if diff := cmp.Diff(want.Name+" <"+want.Email+">", got.Name+" <"+got.Email+">"); diff != "" {
						t.Errorf("%s: %s (-git +collab):\n%s", st.name, v.name, diff)
					}
				}
			}
			// git itself agrees on the author and committer of a collab commit
			h := commitFiles(t, open(t, dir), "m", File{Path: "f", Data: []byte("f\n")})
			if got := run(t, dir, "log", "-1", "--format=%an <%ae> %at %ai|%cn <%ce> %ct", h); got != "Env Author <env@example.com> 1700000000 2023-11-15 00:13:20 +0200|Bot <bot@example.com> 1704164645\n" {
				t.Errorf("git log = %q", got)
			}
		})
	}
}

func TestParseGitDate(t *testing.T) {
	for in, want := range map[string]int64{
		"@1700000000 +0200":               1700000000,
		"1700000000 -0500":                1700000000,
		"Tue, 14 Nov 2023 22:13:20 +0000": 1700000000,
		"2023-11-14T22:13:20Z":            1700000000,
		"2023-11-14 23:13:20 +0100":       1700000000,
	} {
		got, err := parseGitDate(in)
		if err != nil || got.Unix() != want {
			t.Errorf("parseGitDate(%q) = %v, %v; want unix %d", in, got, err, want)
		}
	}
	if _, err := parseGitDate("yesterday"); err == nil {
		t.Error("parseGitDate(yesterday) succeeded")
	}
}

func TestRejectsBadPaths(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	r := open(t, dir)
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	for _, p := range []string{"../x", "/abs", ".git/config", "a/.GIT/x", "a//b", "./a", ""} {
		if _, err := tx.Commit("m", []File{{Path: p, Data: []byte("x")}}); err == nil {
			t.Errorf("Commit(%q) succeeded", p)
		}
	}
}

func TestConcurrentProcesses(t *testing.T) {
	hermetic(t)
	// "wait" uses the default lock timeout, so every process should commit;
	// "impatient" gives up after a few milliseconds, so some get ErrBusy.
	for _, timeout := range []string{"", "5ms"} {
		name := "wait"
		if timeout != "" {
			name = "impatient"
		}
		t.Run(name, func(t *testing.T) { concurrentAppend(t, timeout) })
	}
}

func concurrentAppend(t *testing.T, timeout string) {
	dir := newRepo(t, map[string]string{"shared.txt": "start\n"})
	const n = 16
	start := time.Now().Add(500 * time.Millisecond).UnixNano()
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range cmds {
		c := exec.Command(os.Args[0], "-test.run=^$")
		outs[i] = &strings.Builder{}
		c.Stdout, c.Stderr = outs[i], outs[i]
		c.Env = append(os.Environ(),
			"GITSTORE_TEST_HELPER=append",
			"GITSTORE_TEST_REPO="+dir,
			"GITSTORE_TEST_ID="+strconv.Itoa(i),
			"GITSTORE_TEST_START="+strconv.FormatInt(start, 10),
			"GITSTORE_TEST_TIMEOUT="+timeout,
		)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = c
	}
	var okLines []string
	busy := 0
	for i, c := range cmds {
		err := c.Wait()
		code := c.ProcessState.ExitCode()
		switch {
		case err == nil:
			okLines = append(okLines, "line from process "+strconv.Itoa(i))
		case code == 3:
			busy++
		default:
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	t.Logf("%d committed, %d busy", len(okLines), busy)
	fsck(t, dir)
	if got := run(t, dir, "rev-list", "--count", "HEAD"); got != strconv.Itoa(len(okLines)+1)+"\n" {
		t.Errorf("commits on HEAD = %q, want %d", got, len(okLines)+1)
	}
	for _, l := range lines(run(t, dir, "rev-list", "--parents", "HEAD")) {
		if len(strings.Fields(l)) > 2 {
			t.Errorf("merge commit in history: %s", l)
		}
	}
	if got := run(t, dir, "rev-list", "--count", "--all"); got != strconv.Itoa(len(okLines)+1)+"\n" {
		t.Errorf("commits reachable from any ref = %q", got)
	}
	content := run(t, dir, "show", "HEAD:shared.txt")
	got := lines(content)
	if len(got) == 0 || got[0] != "start" {
		t.Fatalf("shared.txt = %q", content)
	}
	got = got[1:]
	sort.Strings(got)
	sort.Strings(okLines)
	if diff := cmp.Diff(okLines, got); diff != "" {
		t.Errorf("lines in shared.txt (-committed +present):\n%s", diff)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "index.lock")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("index.lock left behind: %v", err)
	}
}

func TestDetachedHead(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	run(t, dir, "checkout", "-q", "--detach")
	mainBefore := run(t, dir, "rev-parse", "main")
	r := open(t, dir)
	h := commitFiles(t, r, "On a detached HEAD", File{Path: "a.txt", Data: []byte("b\n")})
	fsck(t, dir)
	if got := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD")); got != h {
		t.Errorf("HEAD = %s, want %s", got, h)
	}
	if got := run(t, dir, "rev-parse", "main"); got != mainBefore {
		t.Errorf("main moved to %s", got)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
}

func TestIndexWithoutChecksum(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "b/c.txt": "c\n"})
	p := filepath.Join(dir, ".git", "index")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[len(b)-20:], make([]byte, 20)) // as index.skipHash writes it
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r := open(t, dir)
	commitFiles(t, r, "m", File{Path: "a.txt", Data: []byte("a2\n")})
	fsck(t, dir)
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
}

func TestHooksDir(t *testing.T) {
	home := hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	real := func(p string) string {
		t.Helper()
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	check := func(name, wtDir string) {
		t.Helper()
		want := real(filepath.Join(wtDir, strings.TrimSpace(run(t, wtDir, "rev-parse", "--git-path", "hooks"))))
		if filepath.IsAbs(strings.TrimSpace(run(t, wtDir, "rev-parse", "--git-path", "hooks"))) {
			want = real(strings.TrimSpace(run(t, wtDir, "rev-parse", "--git-path", "hooks")))
		}
		got, err := open(t, wtDir).HooksDir()
		if err != nil {
			t.Fatal(err)
		}
		if got = real(got); got != want {
			t.Errorf("%s: HooksDir = %s; git says %s", name, got, want)
		}
	}
	check("default", dir)
	wt := filepath.Join(t.TempDir(), "linked")
	run(t, dir, "worktree", "add", "-q", wt)
	check("linked work tree", wt)
	run(t, dir, "config", "core.hooksPath", ".githooks")
	check("relative core.hooksPath", dir)
	run(t, dir, "config", "--unset", "core.hooksPath")
	write(t, home, ".gitconfig", "[core]\n\thooksPath = ~/hooks\n")
	check("global ~/ core.hooksPath", dir)
}

// TestAssumeUnchanged checks that a commit keeps the --assume-unchanged
// flags of other files (go-git's index code drops them) and that edits to
// such a file are refused, as git would not commit them.
func TestAssumeUnchanged(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n"})
	run(t, dir, "update-index", "--assume-unchanged", "a.txt", "b.txt")
	write(t, dir, "b.txt", "local edit\n")
	r := open(t, dir)
	commitFiles(t, r, "Change c", File{Path: "c.txt", Data: []byte("c2\n")})
	if got, want := run(t, dir, "ls-files", "-v"), "h a.txt\nh b.txt\nH c.txt\n"; got != want {
		t.Errorf("git ls-files -v = %q, want %q", got, want)
	}
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	if err := tx.CheckUnmodified("a.txt", "b.txt"); err == nil || err.Error() != "b.txt (marked --assume-unchanged) has changes that collab did not make; commit or stash them first" {
		t.Errorf("CheckUnmodified = %v", err)
	}
}
