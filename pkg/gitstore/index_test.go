package gitstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/gitindex"
)

func decodeIndex(t *testing.T, dir string) *gitindex.Index {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := gitindex.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// checkAsGit checks that git sees the index collab wrote as its own commit
// would leave it: nothing staged or modified, every object there, and a
// cache tree that, where valid, names HEAD's trees with the right counts
// (git write-tree trusts it, so a wrong one would make a wrong tree).
func checkAsGit(t *testing.T, dir string) *gitindex.Index {
	t.Helper()
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("git status = %q", got)
	}
	if got := run(t, dir, "diff-index", "--cached", "HEAD"); got != "" {
		t.Errorf("git diff-index --cached HEAD = %q", got)
	}
	fsck(t, dir)
	// HEAD's files, read without the cache tree, are the index's.
	var tree []string
	for _, l := range lines(run(t, dir, "ls-tree", "-r", "HEAD")) {
		mode, rest, _ := strings.Cut(l, " ")
		_, rest, _ = strings.Cut(rest, " ")
		hash, name, _ := strings.Cut(rest, "\t")
		tree = append(tree, mode+" "+hash+" 0\t"+name)
	}
	if diff := cmp.Diff(lines(run(t, dir, "ls-files", "-s")), tree); diff != "" {
		t.Errorf("HEAD's files (-index +HEAD):\n%s", diff)
	}
	x := decodeIndex(t, dir)
	var walk func(n *gitindex.CacheTree, d string)
	walk = func(n *gitindex.CacheTree, d string) {
		if n.Valid() {
			if want := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD:"+d)); n.Hash.String() != want {
				t.Errorf("cache tree %q: %s, HEAD has %s", d, n.Hash, want)
			}
			spec := "."
			if d != "" {
				spec = d + "/"
			}
			if want := len(lines(run(t, dir, "ls-files", "--", spec))); n.Count != want {
				t.Errorf("cache tree %q: %d entries, the index has %d", d, n.Count, want)
			}
		}
		for _, s := range n.Sub {
			walk(s, strings.TrimPrefix(d+"/"+s.Name, "/"))
		}
	}
	if x.Tree != nil {
		walk(x.Tree, "")
	}
	if got, want := strings.TrimSpace(run(t, dir, "write-tree")), strings.TrimSpace(run(t, dir, "rev-parse", "HEAD^{tree}")); got != want {
		t.Errorf("git write-tree = %s, HEAD's tree is %s", got, want)
	}
	return x
}

// TestCacheTreeKept checks that collab's commits keep git's cache tree
// valid where it was (git commit leaves it whole), for changes, additions,
// deletions, a new folder and a folder emptied.
func TestCacheTreeKept(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a/b/f": "f\n", "a/c": "c\n", "a/d": "d\n", "top": "t\n", "z/y": "y\n"})
	r := open(t, dir)
	steps := []struct {
		name  string
		files []File
		valid []string // folders whose node must be valid after the step
	}{
		{"change", []File{{Path: "a/c", Data: []byte("c2\n")}}, []string{"", "a", "a/b", "z"}},
		{"add", []File{{Path: "a/b/g", Data: []byte("g\n")}}, []string{"", "a", "a/b", "z"}},
		{"delete", []File{{Path: "a/d", Delete: true}}, []string{"", "a", "a/b", "z"}},
		{"two folders", []File{{Path: "a/b/f", Data: []byte("f2\n")}, {Path: "z/y", Data: []byte("y2\n")}}, []string{"", "a", "a/b", "z"}},
		{"new folder", []File{{Path: "a/n/m", Data: []byte("m\n")}}, []string{"a/b", "z"}},
		{"emptied folder", []File{{Path: "z/y", Delete: true}}, []string{"a/b"}},
	}
	run(t, dir, "write-tree") // the cache tree whole, as after git commit
	for _, s := range steps {
		commitFiles(t, r, s.name, s.files...)
		x := checkAsGit(t, dir)
		for _, d := range s.valid {
			if !x.Tree.Lookup(d).Valid() {
				t.Errorf("%s: cache tree of %q invalid", s.name, d)
			}
		}
	}
}

// TestIndexFlagsKept checks that a commit by collab keeps what the user
// set on other entries (--skip-worktree, --assume-unchanged, git add -N),
// keeps index version 4, and writes what git would write for the change.
func TestIndexFlagsKept(t *testing.T) {
	hermetic(t)
	files := map[string]string{"a/x": "x\n", "a/y": "y\n", "b/z": "z\n"}
	dir := newRepo(t, files)
	twin := newRepo(t, files)
	for _, d := range []string{dir, twin} {
		run(t, d, "update-index", "--index-version", "4")
		run(t, d, "update-index", "--skip-worktree", "a/y")
		run(t, d, "update-index", "--assume-unchanged", "b/z")
		write(t, d, "new", "n\n")
		run(t, d, "add", "-N", "new")
	}
	r := open(t, dir)
	commitFiles(t, r, "change", File{Path: "a/x", Data: []byte("x2\n")})
	// The same change made by git.
	write(t, twin, "a/x", "x2\n")
	run(t, twin, "add", "a/x")
	run(t, twin, "commit", "-qm", "change")

	x := decodeIndex(t, dir)
	if x.Version != 4 {
		t.Errorf("index version %d, want 4", x.Version)
	}
	for _, args := range [][]string{{"ls-files", "-s"}, {"ls-files", "-v"}, {"ls-files", "-t"}, {"rev-parse", "HEAD^{tree}"}, {"diff-index", "--cached", "HEAD"}, {"status", "--porcelain"}} {
		if diff := cmp.Diff(run(t, twin, args...), run(t, dir, args...)); diff != "" {
			t.Errorf("git %s (-git's commit +collab's):\n%s", strings.Join(args, " "), diff)
		}
	}
	fsck(t, dir)
}

// TestSplitIndexRefused checks that a split index is refused with what to
// do, and nothing is written.
func TestSplitIndexRefused(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a": "a\n"})
	run(t, dir, "update-index", "--split-index")
	r := open(t, dir)
	tx, err := r.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	_, err = tx.Commit("m", []File{{Path: "a", Data: []byte("a2\n")}})
	if !errors.Is(err, gitindex.ErrSplitIndex) || !strings.Contains(err.Error(), "git update-index --no-split-index") {
		t.Errorf("err = %v, want the split index refused", err)
	}
	if got := run(t, dir, "status", "--porcelain"); got != "" {
		t.Errorf("status = %q", got)
	}
}

// TestUntrackedCacheDropped checks that a commit by collab drops git's
// untracked cache, which git rebuilds, and git still lists untracked
// files right.
func TestUntrackedCacheDropped(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a/b": "b\n"})
	run(t, dir, "config", "core.untrackedCache", "true")
	run(t, dir, "update-index", "--untracked-cache")
	write(t, dir, "a/u", "u\n")
	run(t, dir, "status", "--porcelain")
	r := open(t, dir)
	commitFiles(t, r, "m", File{Path: "a/b", Data: []byte("b2\n")})
	if x := decodeIndex(t, dir); len(x.Dropped) != 0 {
		t.Errorf("extensions left to drop: %v", x.Dropped)
	}
	write(t, dir, "a/v", "v\n")
	if got, want := run(t, dir, "status", "--porcelain"), "?? a/u\n?? a/v\n"; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
}

// BenchmarkUncommitted is the check a write makes of a 20,000-file
// workspace whose index git wrote (cache tree whole), given the stat data
// the workspace load took.
func BenchmarkUncommitted(b *testing.B) {
	hermetic(b)
	files := make(map[string]string, 20000)
	var paths []string
	for i := range 20000 {
		p := "d" + strconv.Itoa(i%4) + "/f" + strconv.Itoa(i) + ".yaml"
		files[p] = "x\n"
		paths = append(paths, p)
	}
	dir := newRepo(b, files)
	r := open(b, dir)
	// The stat data a workspace load takes, which writes pass on.
	known := make(map[string]KnownStat, len(paths))
	for _, p := range paths {
		fi, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			b.Fatal(err)
		}
		known[p] = KnownStat{Size: fi.Size(), Mtime: fi.ModTime(), Ino: uint64(statOf(fi).ino)}
	}
	b.ResetTimer()
	for range b.N {
		tx, err := r.Begin(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		tx.KnowStats(func(p string) (KnownStat, bool) { k, ok := known[p]; return k, ok })
		ch, err := tx.Uncommitted(paths, []string{"", "d0", "d1", "d2", "d3"}, func(string) bool { return true })
		if err != nil || len(ch) != 0 {
			b.Fatal(ch, err)
		}
		tx.Release()
	}
}

// TestUncommittedWithoutCacheTree checks that the answer Uncommitted gets
// from the cache tree (folders whose index entries are HEAD's) is the one
// it gets from HEAD's trees when the index has no cache tree.
func TestUncommittedWithoutCacheTree(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"g/a": "a\n", "g/b": "b\n", "g/c": "c\n", "g/s/d": "d\n", "h/e": "e\n", "h/f": "f\n", "top": "t\n"})
	write(t, dir, "g/a", "a2\n")  // modified
	write(t, dir, "h/new", "n\n") // untracked
	write(t, dir, "h/f", "f2\n")
	run(t, dir, "add", "h/f") // staged
	paths := []string{"g/a", "g/s/d", "h/e", "h/f", "h/new", "top"}
	dirs := []string{"", "g", "h", "g/s"}
	uncommitted := func() []Change {
		t.Helper()
		r := open(t, dir)
		tx, err := r.Begin(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Release()
		ch, err := tx.Uncommitted(paths, dirs, func(string) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
	x := decodeIndex(t, dir)
	if !x.Tree.Lookup("g").Valid() {
		t.Fatal("no valid cache tree for g")
	}
	with := uncommitted()
	x.Tree = nil
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), x.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	without := uncommitted()
	want := []Change{
		{Path: "g/a", State: Modified, InHead: true},
		{Path: "g/b", State: Deleted, InHead: true},
		{Path: "g/c", State: Deleted, InHead: true},
		{Path: "h/f", State: Staged, InHead: true},
		{Path: "h/new", State: Untracked},
	}
	if diff := cmp.Diff(want, with); diff != "" {
		t.Errorf("with the cache tree (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, without); diff != "" {
		t.Errorf("without it (-want +got):\n%s", diff)
	}
}

// TestRacyEntrySmudged checks the race git guards against when it writes
// an index: a file changed in the same tick as the index was written keeps
// stat data that looks clean. A commit by collab writes a later index, so
// it must mark such entries (size 0) for git to compare their contents.
func TestRacyEntrySmudged(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "aaaa\n", "b.txt": "b\n"})
	run(t, dir, "config", "core.trustctime", "false") // the content change below cannot keep the ctime
	tick := time.Now().Add(-10 * time.Second).Truncate(time.Second)
	// a.txt changes (same size) within the tick the index is written.
	write(t, dir, "a.txt", "bbbb\n")
	if err := os.Chtimes(filepath.Join(dir, "a.txt"), tick, tick); err != nil {
		t.Fatal(err)
	}
	x := decodeIndex(t, dir)
	fi, err := os.Lstat(filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	i, _ := x.Find("a.txt", 0)
	x.Entries[i].MtimeSec, x.Entries[i].MtimeNsec = uint32(tick.Unix()), 0
	x.Entries[i].Ino = statOf(fi).ino
	p := filepath.Join(dir, ".git", "index")
	if err := os.WriteFile(p, x.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, tick, tick); err != nil {
		t.Fatal(err)
	}
	commitFiles(t, open(t, dir), "b", File{Path: "b.txt", Data: []byte("b2\n")})
	if got, want := run(t, dir, "status", "--porcelain"), " M a.txt\n"; got != want {
		t.Errorf("git status = %q, want %q", got, want)
	}
}

// BenchmarkWrite20000 is the git side of one collab write at 20,000 files
// (40 folders of 500, as benchRepo makes them): Begin, Uncommitted over
// every path with the stat data a workspace load took, CheckUnmodified,
// Commit, Release. Compare with BenchmarkGitAddCommit20000.
func BenchmarkWrite20000(b *testing.B) {
	dir := benchRepoN(b, 20000)
	paths := strings.Split(strings.TrimSuffix(run(b, dir, "ls-files", "-z"), "\x00"), "\x00")
	known := make(map[string]KnownStat, len(paths))
	for _, p := range paths {
		fi, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			b.Fatal(err)
		}
		known[p] = KnownStat{Size: fi.Size(), Mtime: fi.ModTime(), Ino: uint64(statOf(fi).ino)}
	}
	const p = "agreements/d03/a00700.yaml"
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		c0 := cpuTime()
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		tx, err := r.Begin(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		tx.KnowStats(func(p string) (KnownStat, bool) { k, ok := known[p]; return k, ok })
		if ch, err := tx.Uncommitted(paths, []string{"", "agreements"}, func(string) bool { return true }); err != nil || len(ch) != 0 {
			b.Fatal(ch, err)
		}
		if err := tx.CheckUnmodified(p); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Commit("Check in "+strconv.Itoa(i), []File{{Path: p, Data: []byte("value: " + strconv.Itoa(i) + "\n")}}); err != nil {
			b.Fatal(err)
		}
		tx.Release()
		r.Close()
		cpu += cpuTime() - c0
		b.StopTimer()
		fi, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			b.Fatal(err)
		}
		known[p] = KnownStat{Size: fi.Size(), Mtime: fi.ModTime(), Ino: uint64(statOf(fi).ino)}
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkGitAddCommit20000 is the same change made with `git add FILE &&
// git commit`.
func BenchmarkGitAddCommit20000(b *testing.B) {
	dir := benchRepoN(b, 20000)
	const p = "agreements/d03/a00700.yaml"
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		write(b, dir, p, "value: "+strconv.Itoa(i)+"\n")
		b.StartTimer()
		c0 := cpuTime()
		run(b, dir, "add", p)
		run(b, dir, "commit", "-q", "-m", "Check in "+strconv.Itoa(i))
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// benchRepoN makes a repository with n files, 500 per folder, in one commit.
func benchRepoN(b *testing.B, n int) string {
	b.Helper()
	home := hermetic(b)
	// No automatic gc in the background after the first commit's 20,000
	// loose objects: it would run during the benchmark and its cleanup.
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[gc]\n\tauto = 0\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	files := make(map[string]string, n)
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("agreements/d%02d/a%05d.yaml", i/500, i)] = fmt.Sprintf("apiVersion: collab/v1\nkind: Agreement\nmetadata:\n  id: a%05d\n", i)
	}
	return newRepo(b, files)
}
