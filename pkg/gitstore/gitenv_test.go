package gitstore

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// Inside a hook, git moves its object store and index: a push's
// quarantine (GIT_OBJECT_DIRECTORY, with the repository's own store in
// GIT_ALTERNATE_OBJECT_DIRECTORIES), a partial commit's index
// (GIT_INDEX_FILE). Reads follow them as git does; a write, which would
// put its objects and index where git would not look, is refused.
func TestGitEnvironment(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	own := filepath.Join(dir, ".git", "objects")
	quarantine := t.TempDir()
	blob := func(data string, env ...string) plumbing.Hash {
		t.Helper()
		cmd := exec.Command("git", "hash-object", "-w", "--stdin")
		cmd.Dir, cmd.Env, cmd.Stdin = dir, append(os.Environ(), env...), strings.NewReader(data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		return plumbing.NewHash(strings.TrimSpace(string(out)))
	}
	qenv := []string{"GIT_OBJECT_DIRECTORY=" + quarantine, "GIT_ALTERNATE_OBJECT_DIRECTORIES=" + own}
	pushed := blob("pushed\n", qenv...)
	committed := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD:a.txt"))

	// Without the environment the quarantined object is not there, as for git.
	if _, err := open(t, dir).ReadBlob(pushed, 0); err == nil {
		t.Fatal("the quarantined object is readable without the hook's environment")
	}
	for _, kv := range qenv {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	r := open(t, dir)
	for h, want := range map[plumbing.Hash]string{pushed: "pushed\n", plumbing.NewHash(committed): "a\n"} {
		if got, err := r.ReadBlob(h, 0); err != nil || string(got) != want {
			t.Errorf("ReadBlob(%s) in the quarantine = %q, %v; want %q", h, got, err, want)
		}
	}
	if _, err := r.Begin(context.Background()); err == nil || !strings.Contains(err.Error(), "GIT_OBJECT_DIRECTORY") {
		t.Errorf("Begin with GIT_OBJECT_DIRECTORY elsewhere: %v, want a refusal naming it", err)
	}
	t.Setenv("GIT_OBJECT_DIRECTORY", own) // the repository's own: writes go on
	t.Setenv("GIT_ALTERNATE_OBJECT_DIRECTORIES", "")
	tx, err := open(t, dir).Begin(context.Background())
	if err != nil {
		t.Fatalf("Begin with GIT_OBJECT_DIRECTORY naming the repository's own store: %v", err)
	}
	tx.Release()

	// An index of git's making elsewhere: read where GIT_INDEX_FILE says,
	// never written.
	alt := filepath.Join(t.TempDir(), "index")
	write(t, dir, "b.txt", "b\n")
	old := time.Now().Add(-time.Minute) // not racily clean
	if err := os.Chtimes(filepath.Join(dir, "b.txt"), old, old); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "add", "b.txt")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "GIT_INDEX_FILE="+alt)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	fi, err := os.Stat(filepath.Join(dir, "b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	st := KnownStat{Size: fi.Size(), Mtime: fi.ModTime(), Ino: uint64(statOf(fi).ino)}
	unchanged := func() bool {
		t.Helper()
		x, err := open(t, dir).ReadIndex()
		if err != nil {
			t.Fatal(err)
		}
		_, ok := x.Unchanged("b.txt", st)
		return ok
	}
	if unchanged() {
		t.Fatal("the repository's own index holds b.txt")
	}
	t.Setenv("GIT_INDEX_FILE", alt)
	if !unchanged() {
		t.Error("the index GIT_INDEX_FILE names, which holds b.txt, was not read")
	}
	if _, err := open(t, dir).Begin(context.Background()); err == nil || !strings.Contains(err.Error(), "GIT_INDEX_FILE") {
		t.Errorf("Begin with GIT_INDEX_FILE elsewhere: %v, want a refusal naming it", err)
	}
	t.Setenv("GIT_INDEX_FILE", filepath.Join(dir, ".git", "index"))
	tx, err = open(t, dir).Begin(context.Background())
	if err != nil {
		t.Fatalf("Begin with GIT_INDEX_FILE naming the repository's index: %v", err)
	}
	tx.Release()
}
