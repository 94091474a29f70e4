package gitstore

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// fastImport feeds a fast-import stream to git in dir.
func fastImport(t testing.TB, dir, stream string) {
	t.Helper()
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stream)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

// randomHistory writes a fast-import stream of n commits over the given
// files: branches, merges that take either side or change the file
// themselves, equal and out-of-order committer dates.
func randomHistory(seed int64, n int, files []string) string {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	type state map[string]string
	trees := []state{}
	tips := []int{} // commit index of each branch tip
	date := int64(1_700_000_000)
	data := func(s string) { fmt.Fprintf(&b, "data %d\n%s\n", len(s), s) }
	for i := 0; i < n; i++ {
		st := state{}
		var parents []int
		var after func()
		switch {
		case i == 0:
			after = func() { tips = append(tips, 0) }
		case len(tips) > 1 && rng.Intn(4) == 0: // merge two branches
			x := rng.Intn(len(tips))
			y := (x + 1 + rng.Intn(len(tips)-1)) % len(tips)
			parents = []int{tips[x], tips[y]}
			after = func() {
				tips[x] = i
				tips = append(tips[:y], tips[y+1:]...)
			}
		case rng.Intn(6) == 0: // new branch from an older commit
			parents = []int{rng.Intn(i)}
			after = func() { tips = append(tips, i) }
		default:
			k := rng.Intn(len(tips))
			parents = []int{tips[k]}
			after = func() { tips[k] = i }
		}
		if len(parents) > 0 {
			for k, v := range trees[parents[0]] {
				st[k] = v
			}
		}
		if len(parents) == 2 {
			other := trees[parents[1]]
			for _, f := range files {
				switch rng.Intn(3) {
				case 0:
					if v, ok := other[f]; ok {
						st[f] = v
					} else {
						delete(st, f)
					}
				case 1:
					if rng.Intn(3) == 0 {
						st[f] = fmt.Sprintf("merge %d\n", i)
					}
				}
			}
		} else {
			for _, f := range files {
				if rng.Intn(len(files)) == 0 {
					if _, ok := st[f]; ok && rng.Intn(8) == 0 {
						delete(st, f)
					} else {
						st[f] = fmt.Sprintf("content %d\n", i)
					}
				}
			}
		}
		trees = append(trees, st)
		// Mostly increasing dates, with ties and some going backwards.
		switch rng.Intn(5) {
		case 0:
		case 1:
			date -= int64(rng.Intn(300))
		default:
			date += int64(rng.Intn(600) + 1)
		}
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\n", i+1)
		fmt.Fprintf(&b, "committer C <c@example.com> %d +0000\n", date)
		data(fmt.Sprintf("commit %d", i))
		if len(parents) > 0 {
			fmt.Fprintf(&b, "from :%d\n", parents[0]+1)
		}
		if len(parents) == 2 {
			fmt.Fprintf(&b, "merge :%d\n", parents[1]+1)
		}
		b.WriteString("deleteall\n")
		keys := make([]string, 0, len(st))
		for k := range st {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "M 100644 inline %s\n", k)
			data(st[k])
		}
		b.WriteString("\n")
		after()
	}
	// The final commit merges every remaining tip so all of history is reachable.
	if len(tips) > 1 {
		date += 60
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\ncommitter C <c@example.com> %d +0000\n", n+1, date)
		data("final merge")
		fmt.Fprintf(&b, "from :%d\n", tips[0]+1)
		for _, tip := range tips[1:] {
			fmt.Fprintf(&b, "merge :%d\n", tip+1)
		}
		b.WriteString("\n")
	}
	b.WriteString("done\n")
	return b.String()
}

func pathLog(t *testing.T, r *Repo, paths []string, opts LogOptions) []string {
	t.Helper()
	head, _, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = r.PathLog(head, paths, opts, func(e LogEntry) error {
		got = append(got, e.Commit.Hash.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestPathLogMatchesGit compares PathLog with `git log --format=%H -- PATH`
// on random histories with merges, deletions and clock skew.
func TestPathLogMatchesGit(t *testing.T) {
	hermetic(t)
	files := []string{"agreements/a.yaml", "agreements/b.yaml", "teams/t.yaml", "collab.yaml"}
	for seed := int64(1); seed <= 8; seed++ {
		dir := newRepo(t, nil)
		fastImport(t, dir, randomHistory(seed, 120, files))
		if seed%2 == 0 {
			// Commit headers from the commit-graph, and a newer commit
			// outside it read as an object.
			run(t, dir, "commit-graph", "write", "--reachable")
			run(t, dir, "checkout", "-q", "main")
			write(t, dir, "agreements/a.yaml", "after the graph\n")
			run(t, dir, "add", "-A")
			run(t, dir, "commit", "-q", "-m", "after the graph")
		}
		r := open(t, dir)
		queries := [][]string{{"agreements/a.yaml"}, {"teams/t.yaml"}, {"agreements"}, {"agreements/b.yaml", "collab.yaml"}, {"missing.yaml"}, {""}}
		for _, q := range queries {
			args := append([]string{"log", "--format=%H", "--"}, q...)
			if q[0] == "" {
				args = []string{"log", "--format=%H", "--", "."}
			}
			want := lines(run(t, dir, args...))
			got := pathLog(t, r, q, LogOptions{})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("seed %d, paths %q: PathLog differs from git log (-git +PathLog):\n%s", seed, q, diff)
			}
		}
	}
}

func TestPathLogLimits(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	fastImport(t, dir, randomHistory(42, 80, []string{"agreements/a.yaml", "teams/t.yaml"}))
	r := open(t, dir)
	want := lines(run(t, dir, "log", "--format=%H", "-n", "3", "--", "agreements/a.yaml"))
	if diff := cmp.Diff(want, pathLog(t, r, []string{"agreements/a.yaml"}, LogOptions{Max: 3})); diff != "" {
		t.Errorf("-n 3 (-git +PathLog):\n%s", diff)
	}
	since := time.Unix(1_700_000_000+6000, 0)
	got := pathLog(t, r, []string{"agreements/a.yaml"}, LogOptions{Since: since})
	all := pathLog(t, r, []string{"agreements/a.yaml"}, LogOptions{})
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("--since kept %d of %d commits; want some but not all", len(got), len(all))
	}
	for _, h := range got {
		c, err := r.repo.CommitObject(plumbing.NewHash(h))
		if err != nil {
			t.Fatal(err)
		}
		if c.Committer.When.Before(since) {
			t.Errorf("%s is from %s, before --since %s", h[:7], c.Committer.When, since)
		}
	}
}

func TestChangedFilesAndFiles(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"ws/teams/a.yaml": "a\n", "ws/teams/b.yaml": "b\n", "ws/goals/g.yaml": "g\n", "README": "x\n"})
	first := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
	write(t, dir, "ws/teams/a.yaml", "a2\n")
	write(t, dir, "ws/maps/m.yaml", "m\n")
	write(t, dir, "README", "y\n")
	run(t, dir, "rm", "-q", "ws/goals/g.yaml")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "second")
	second := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
	r := open(t, dir)
	got, err := r.ChangedFiles(plumbing.NewHash(first), plumbing.NewHash(second), []string{"ws"})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range got {
		state := "modified"
		if c.Old.IsZero() {
			state = "added"
		} else if c.New.IsZero() {
			state = "deleted"
		}
		paths = append(paths, c.Path+" "+state)
	}
	want := []string{"ws/goals/g.yaml deleted", "ws/maps/m.yaml added", "ws/teams/a.yaml modified"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("ChangedFiles (-want +got):\n%s", diff)
	}
	files, err := r.Files(plumbing.NewHash(second), "ws/teams")
	if err != nil {
		t.Fatal(err)
	}
	if files["ws/teams/a.yaml"] != BlobHash([]byte("a2\n")) || len(files) != 2 {
		t.Errorf("Files = %v", files)
	}
	base, err := r.MergeBase(plumbing.NewHash(first), plumbing.NewHash(second))
	if err != nil || base.String() != first {
		t.Errorf("MergeBase = %s, %v; want %s", base, err, first)
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

// TestChangedFilesMatchesGit compares ChangedFiles with git diff-tree -r on
// changes that exercise the raw tree comparison: git's tree order around a
// folder's name, files replaced by folders and back, mode-only changes,
// symlinks and the empty tree.
func TestChangedFilesMatchesGit(t *testing.T) {
	base := map[string]string{
		"ws/teams/a.yaml": "a\n", "ws/teams/b.yaml": "b\n", "ws/goals/g.yaml": "g\n", "README": "x\n",
		"ws/t.yaml": "t\n", "ws/t-1.yaml": "t1\n", "ws/t/x.yaml": "x\n", "ws/f": "f\n",
	}
	tests := []struct {
		name      string
		shell     string // run in the work tree before the second commit
		fromEmpty bool
	}{
		{name: "edit, add and remove", shell: "echo a2 > ws/teams/a.yaml && mkdir ws/maps && echo m > ws/maps/m.yaml && git rm -q ws/goals/g.yaml && echo y > README"},
		{name: "names sorting around a folder", shell: "echo t2 > ws/t.yaml && echo t3 > ws/t-1.yaml && echo x2 > ws/t/x.yaml && echo n > ws/t.a"},
		{name: "files sorting before a folder of their prefix removed", shell: "git rm -q ws/t.yaml ws/t-1.yaml && echo x2 > ws/t/x.yaml"},
		{name: "folder becomes a file", shell: "git rm -q -r ws/t && echo now-a-file > ws/t && echo t2 > ws/t.yaml"},
		{name: "file becomes a folder", shell: "git rm -q ws/f && mkdir ws/f && echo g > ws/f/g.yaml"},
		{name: "mode only", shell: "chmod +x ws/teams/b.yaml"},
		{name: "symlink", shell: "ln -s teams/a.yaml ws/link.yaml"},
		{name: "folder removed", shell: "git rm -q -r ws/teams"},
		{name: "outside the folder only", shell: "echo z > README"},
		{name: "from the empty tree", shell: "echo a2 > ws/teams/a.yaml", fromEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hermetic(t)
			dir := newRepo(t, base)
			first := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
			cmd := exec.Command("sh", "-c", tt.shell)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", tt.shell, err, out)
			}
			run(t, dir, "add", "-A")
			run(t, dir, "commit", "-q", "--allow-empty", "-m", "second")
			second := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
			old, oldTree := plumbing.NewHash(first), first
			if tt.fromEmpty {
				old, oldTree = plumbing.ZeroHash, emptyTree.String()
			}
			var want []string
			for _, l := range lines(run(t, dir, "diff-tree", "-r", "--no-renames", "--name-status", oldTree, second, "--", "ws")) {
				status, p, _ := strings.Cut(l, "\t")
				want = append(want, status+" "+p)
			}
			r := open(t, dir)
			changes, err := r.ChangedFiles(old, plumbing.NewHash(second), []string{"ws"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				status := "M"
				if c.Old.IsZero() {
					status = "A"
				} else if c.New.IsZero() {
					status = "D"
				}
				got = append(got, status+" "+c.Path)
			}
			// git lists a path replaced by a folder as D before the folder's A.
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ChangedFiles (-git diff-tree +got):\n%s", diff)
			}
		})
	}
}

// TestMergeBaseUnrelated names ErrNoMergeBase for commits without shared
// history, so that collab diff A...B can say what to do instead.
func TestMergeBaseUnrelated(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	first := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
	run(t, dir, "checkout", "-q", "--orphan", "other")
	write(t, dir, "b.txt", "b\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "unrelated")
	second := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
	r := open(t, dir)
	if _, err := r.MergeBase(plumbing.NewHash(first), plumbing.NewHash(second)); !errors.Is(err, ErrNoMergeBase) {
		t.Errorf("MergeBase of unrelated commits: %v; want ErrNoMergeBase", err)
	}
}
