package gitstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// copyRepo copies a repository with `cp -r`, which gives every file new
// stat data (inode, times) and the same content.
func copyRepo(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-r", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp -r: %v\n%s", err, out)
	}
	return dst
}

// nextSecond waits until just after the next whole second, so that files
// changed before are older than a lock taken after.
func nextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 50*time.Millisecond).Sub(now))
}

// countHashed records the files state reads to compare with the index.
func countHashed(t *testing.T) *[]string {
	var got []string
	hashed = func(p string) { got = append(got, p) }
	t.Cleanup(func() { hashed = nil })
	return &got
}

// writeOne is one collab write: every path checked with Uncommitted, then
// b.txt committed. It returns what Uncommitted found.
func writeOne(t *testing.T, dir string, paths []string, content string) []Change {
	t.Helper()
	tx, err := open(t, dir).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	ch, err := tx.Uncommitted(paths, []string{"", "agreements"}, func(p string) bool { return p != "b.txt" })
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.CheckUnmodified("b.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit("Change b", []File{{Path: "b.txt", Data: []byte(content)}}); err != nil {
		t.Fatal(err)
	}
	return ch
}

// debugStat parses `git ls-files --debug` into each path's stat fields.
func debugStat(out string) map[string]map[string]string {
	m := map[string]map[string]string{}
	var cur map[string]string
	for _, l := range lines(out) {
		if !strings.HasPrefix(l, "  ") {
			cur = map[string]string{}
			m[l] = cur
			continue
		}
		for _, f := range strings.Split(strings.TrimSpace(l), "\t") {
			k, v, _ := strings.Cut(f, ": ")
			cur[k] = v
		}
	}
	return m
}

// TestWriteRefreshesStatData checks that a write on a copied repository
// puts the new stat data of the files it hashed and found unchanged in
// git's index, as `git update-index --refresh` would, so that git and the
// next write need not hash them again.
func TestWriteRefreshesStatData(t *testing.T) {
	hermetic(t)
	files := map[string]string{"b.txt": "b\n", "m.txt": "mmmm\n"}
	for i := 0; i < 30; i++ {
		files[fmt.Sprintf("agreements/d%d/a%02d.yaml", i%3, i)] = "id: a" + strconv.Itoa(i) + "\n"
	}
	src := newRepo(t, files)
	write(t, src, "m.txt", "MMMM\n") // a change of the user's, same size
	dir, twin := copyRepo(t, src), copyRepo(t, src)
	if got := len(lines(run(t, dir, "diff-files", "--name-only"))); got != len(files) {
		t.Fatalf("after cp -r git diff-files lists %d files, want all %d", got, len(files))
	}
	var paths []string
	for _, p := range lines(run(t, dir, "ls-files")) {
		if p != "b.txt" {
			paths = append(paths, p)
		}
	}
	nextSecond()
	hashedFiles := countHashed(t)

	ch := writeOne(t, dir, paths, "b2\n")
	if diff := cmp.Diff([]Change{{Path: "m.txt", State: Modified, InHead: true}}, ch); diff != "" {
		t.Errorf("first write: Uncommitted (-want +got):\n%s", diff)
	}
	if got, want := len(*hashedFiles), len(paths)+1; got != want { // and b.txt, which it writes
		t.Errorf("first write hashed %d files, want %d", got, want)
	}

	// git sees the index as after its own refresh of the twin.
	cmd := exec.Command("git", "update-index", "-q", "--refresh")
	cmd.Dir = twin
	cmd.Run() // exits 1: m.txt needs update
	for _, args := range [][]string{{"diff-files", "--name-status"}, {"status", "--porcelain"}} {
		if got, want := run(t, dir, args...), run(t, twin, args...); got != want {
			t.Errorf("git %s = %q, after git's refresh %q", strings.Join(args, " "), got, want)
		}
	}
	if err := exec.Command("git", "-C", dir, "diff-files", "--quiet", "--", ".", ":!m.txt").Run(); err != nil {
		t.Errorf("git diff-files --quiet (but m.txt): %v", err)
	}
	fsck(t, dir)
	if got, want := run(t, dir, "write-tree"), run(t, dir, "rev-parse", "HEAD^{tree}"); got != want {
		t.Errorf("git write-tree = %s, HEAD's tree is %s", got, want)
	}

	// The stat data in the index are the files' own.
	stats := debugStat(run(t, dir, "ls-files", "--debug"))
	for _, p := range paths {
		fi, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		s := statOf(fi)
		want := map[string]string{
			"ctime": fmt.Sprintf("%d:%d", s.ctime.Unix(), s.ctime.Nanosecond()),
			"mtime": fmt.Sprintf("%d:%d", s.mtime.Unix(), s.mtime.Nanosecond()),
			"ino":   strconv.FormatUint(uint64(s.ino), 10),
			"size":  strconv.FormatInt(fi.Size(), 10),
		}
		got := map[string]string{}
		for k := range want {
			got[k] = stats[p][k]
		}
		if p == "m.txt" {
			if got["ino"] == want["ino"] {
				t.Errorf("m.txt, changed, has the work tree file's stat data in the index: %v", got)
			}
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: index stat data (-file +index):\n%s", p, diff)
		}
	}

	// The next write hashes only the file that differs (and b.txt when
	// the index was written in the tick b.txt was).
	*hashedFiles = nil
	writeOne(t, dir, paths, "b3\n")
	var again []string
	for _, p := range *hashedFiles {
		if p != "b.txt" {
			again = append(again, p)
		}
	}
	if diff := cmp.Diff([]string{"m.txt"}, again); diff != "" {
		t.Errorf("second write hashed (-want +got):\n%s", diff)
	}
}

// TestRefreshKeepsRacyEntry checks that a file whose stat data changed in
// the second the write took the lock is not refreshed: changed again after
// it was hashed, with the same size and mtime, git and collab must still
// see it modified, even once the index is written in a later second.
func TestRefreshKeepsRacyEntry(t *testing.T) {
	hermetic(t)
	src := newRepo(t, map[string]string{"a.txt": "aaaa\n", "b.txt": "b\n", "c.txt": "cccc\n"})
	dir := copyRepo(t, src)
	nextSecond()
	c := filepath.Join(dir, "c.txt")
	now := time.Now()
	if err := os.Chtimes(c, now, now); err != nil { // as touch does
		t.Fatal(err)
	}
	before, err := os.Lstat(c)
	if err != nil {
		t.Fatal(err)
	}
	hashedFiles := countHashed(t)
	tx, err := open(t, dir).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	paths := []string{"a.txt", "c.txt"}
	if ch, err := tx.Uncommitted(paths, []string{""}, func(p string) bool { return p != "b.txt" }); err != nil || len(ch) != 0 {
		t.Fatal(ch, err)
	}
	if diff := cmp.Diff(paths, *hashedFiles); diff != "" {
		t.Fatalf("hashed (-want +got):\n%s", diff)
	}
	// Changed after it was hashed: same size, same inode, same mtime.
	if err := os.WriteFile(c, []byte("dddd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(c, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, err := os.Lstat(c)
	if err != nil {
		t.Fatal(err)
	}
	if statOf(after).ctime.Unix() != statOf(before).ctime.Unix() {
		t.Log("the change fell in a later second than the touch; git would see it by its ctime anyway")
	}
	nextSecond() // the index is written in a later second than the change
	if _, err := tx.Commit("Change b", []File{{Path: "b.txt", Data: []byte("b2\n")}}); err != nil {
		t.Fatal(err)
	}
	if got, want := run(t, dir, "status", "--porcelain"), " M c.txt\n"; got != want {
		t.Errorf("git status = %q, want %q", got, want)
	}
	if got, want := run(t, dir, "diff-files", "--name-only"), "c.txt\n"; got != want {
		t.Errorf("git diff-files = %q, want %q (a.txt refreshed)", got, want)
	}
	tx2, err := open(t, dir).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Release()
	ch, err := tx2.Uncommitted(paths, []string{""}, func(p string) bool { return p != "b.txt" })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Change{{Path: "c.txt", State: Modified, InHead: true}}, ch); diff != "" {
		t.Errorf("collab after the write (-want +got):\n%s", diff)
	}
}
