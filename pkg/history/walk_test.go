package history

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/gitstore"
)

var (
	hermetic      = gittest.Hermetic
	run           = gittest.Run
	lines         = gittest.Lines
	write         = gittest.Write
	newRepo       = gittest.NewRepo
	fastImport    = gittest.FastImport
	randomHistory = gittest.RandomHistory
)

// openGit opens the repository in dir for the walker's tests.
func openGit(t testing.TB, dir string) *gitstore.Repo {
	t.Helper()
	g, err := gitstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// pathLog lists the commits walk lists for paths from HEAD.
func pathLog(t *testing.T, g *gitstore.Repo, paths []string, opts walkOptions) []string {
	t.Helper()
	head, _, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = newWalker(g, paths).walk(head, opts, func(e walkEntry) error {
		got = append(got, e.commit.Hash.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestWalkMatchesGit compares walk with `git log --format=%H -- PATH` on
// random histories with merges, deletions and clock skew, with and without
// git's commit-graph, and with a range A..HEAD.
func TestWalkMatchesGit(t *testing.T) {
	hermetic(t)
	files := []string{"agreements/a.yaml", "agreements/b.yaml", "teams/t.yaml", "collab.yaml"}
	for seed := int64(1); seed <= 8; seed++ {
		dir := newRepo(t, nil)
		fastImport(t, dir, randomHistory(seed, 120, files))
		if seed%2 == 0 {
			// Commit headers from the commit-graph (with changed-path
			// filters for every other seed), and a newer commit outside it
			// read as an object.
			graph := []string{"commit-graph", "write", "--reachable"}
			if seed%4 == 0 {
				graph = append(graph, "--changed-paths")
			}
			run(t, dir, graph...)
			run(t, dir, "checkout", "-q", "main")
			write(t, dir, "agreements/a.yaml", "after the graph\n")
			run(t, dir, "add", "-A")
			run(t, dir, "commit", "-q", "-m", "after the graph")
		}
		g := openGit(t, dir)
		// A commit from the middle of history, on some branch.
		hide := strings.TrimSpace(run(t, dir, "rev-list", "--skip=40", "-n", "1", "HEAD"))
		queries := [][]string{{"agreements/a.yaml"}, {"teams/t.yaml"}, {"agreements"}, {"agreements/b.yaml", "collab.yaml"}, {"missing.yaml"}, {""}}
		for _, q := range queries {
			gitPaths := q
			if q[0] == "" {
				gitPaths = []string{"."}
			}
			want := lines(run(t, dir, append([]string{"log", "--format=%H", "--"}, gitPaths...)...))
			if diff := cmp.Diff(want, pathLog(t, g, q, walkOptions{})); diff != "" {
				t.Errorf("seed %d, paths %q: walk differs from git log (-git +walk):\n%s", seed, q, diff)
			}
			want = lines(run(t, dir, append([]string{"log", "--format=%H", hide + "..HEAD", "--"}, gitPaths...)...))
			if diff := cmp.Diff(want, pathLog(t, g, q, walkOptions{hide: plumbing.NewHash(hide)})); diff != "" {
				t.Errorf("seed %d, paths %q, %s..HEAD: walk differs from git log (-git +walk):\n%s", seed, q, hide[:7], diff)
			}
		}
	}
}

func TestWalkLimits(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	fastImport(t, dir, randomHistory(42, 80, []string{"agreements/a.yaml", "teams/t.yaml"}))
	g := openGit(t, dir)
	want := lines(run(t, dir, "log", "--format=%H", "-n", "3", "--", "agreements/a.yaml"))
	if diff := cmp.Diff(want, pathLog(t, g, []string{"agreements/a.yaml"}, walkOptions{max: 3})); diff != "" {
		t.Errorf("-n 3 (-git +walk):\n%s", diff)
	}
	since := time.Unix(1_700_000_000+6000, 0)
	got := pathLog(t, g, []string{"agreements/a.yaml"}, walkOptions{since: since})
	all := pathLog(t, g, []string{"agreements/a.yaml"}, walkOptions{})
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("--since kept %d of %d commits; want some but not all", len(got), len(all))
	}
	for _, h := range got {
		c, err := g.CommitObject(plumbing.NewHash(h))
		if err != nil {
			t.Fatal(err)
		}
		if c.Committer.When.Before(since) {
			t.Errorf("%s is from %s, before --since %s", h[:7], c.Committer.When, since)
		}
	}
}

// changeList renders changes as git diff-tree --name-status does.
func changeList(changes []fileChange) []string {
	var out []string
	for _, c := range changes {
		status := "M"
		if c.old.IsZero() {
			status = "A"
		} else if c.new.IsZero() {
			status = "D"
		}
		out = append(out, status+" "+c.path)
	}
	return out
}

// TestChangedFilesMatchesGit compares changedFiles with git diff-tree -r on
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
				old, oldTree = plumbing.ZeroHash, gitstore.EmptyTree.String()
			}
			var want []string
			for _, l := range lines(run(t, dir, "diff-tree", "-r", "--no-renames", "--name-status", oldTree, second, "--", "ws")) {
				status, p, _ := strings.Cut(l, "\t")
				want = append(want, status+" "+p)
			}
			changes, err := newWalker(openGit(t, dir), []string{"ws"}).changedFiles(old, plumbing.NewHash(second))
			if err != nil {
				t.Fatal(err)
			}
			got := changeList(changes)
			// git lists a path replaced by a folder as D before the folder's A.
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("changedFiles (-git diff-tree +got):\n%s", diff)
			}
		})
	}
}

// TestWalkBloomMatchesGit compares walk with git log on histories whose
// paths have bytes above 0x7f (version 1 filters hashed them as signed
// chars, version 2 as unsigned), with changed-path filters of each version
// git writes, and checks that the filters did rule commits out.
func TestWalkBloomMatchesGit(t *testing.T) {
	hermetic(t)
	files := []string{
		"agreements/a.yaml", "agreements/caf\xc3\xa9.yaml", "caf\xc3\xa9/\xc3\xa9t\xc3\xa9.yaml",
		"\xe6\x97\xa5\xe6\x9c\xac/\xe8\xaa\x9e.yaml", "teams/t.yaml", "deep/er/f.yaml",
	}
	queries := [][]string{
		{"agreements/caf\xc3\xa9.yaml"}, {"caf\xc3\xa9/\xc3\xa9t\xc3\xa9.yaml"}, {"\xe6\x97\xa5\xe6\x9c\xac"},
		{"deep/er/f.yaml"}, {"agreements/a.yaml", "caf\xc3\xa9"}, {"caf\xc3\xa9/none.yaml"},
	}
	for _, version := range []int{1, 2} {
		written := false
		for seed := int64(1); seed <= 3; seed++ {
			dir := newRepo(t, nil)
			fastImport(t, dir, randomHistory(seed, 150, files))
			run(t, dir, "checkout", "-q", "main")
			run(t, dir, "-c", fmt.Sprintf("commitGraph.changedPathsVersion=%d", version),
				"commit-graph", "write", "--reachable", "--changed-paths")
			g := openGit(t, dir)
			if cg := g.CommitGraph(); cg == nil || cg.BloomVersion() != version {
				break // this git does not write filters of this version
			}
			written = true
			ruledOut := 0
			for _, q := range queries {
				want := lines(run(t, dir, append([]string{"-c", "core.quotePath=false", "log", "--format=%H", "--"}, q...)...))
				head, _, err := g.Head()
				if err != nil {
					t.Fatal(err)
				}
				w := newWalker(g, q)
				var got []string
				if err := w.walk(head, walkOptions{}, func(e walkEntry) error {
					got = append(got, e.commit.Hash.String())
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("version %d, seed %d, paths %q: walk differs from git log (-git +walk):\n%s", version, seed, q, diff)
				}
				ruledOut += w.ruledOut
			}
			if ruledOut == 0 {
				t.Errorf("version %d, seed %d: the changed-path filters ruled no commit out", version, seed)
			}
		}
		if !written {
			t.Logf("this git does not write version %d changed-path filters; not tested", version)
		}
	}
}

// TestHiddenSetBounded: with the commit-graph's generation numbers, a range
// near the tip of a long line paints only the commits near it, not the
// history below.
func TestHiddenSetBounded(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\ncommitter C <c@example.com> %d +0000\ndata 2\nc\n", i+1, 1_700_000_000+i*60)
		if i > 0 {
			fmt.Fprintf(&b, "from :%d\n", i)
		}
		content := fmt.Sprintf("v%d\n", i)
		fmt.Fprintf(&b, "M 100644 inline agreements/a%d.yaml\ndata %d\n%s\n", i%3, len(content), content)
	}
	b.WriteString("done\n")
	fastImport(t, dir, b.String())
	run(t, dir, "checkout", "-q", "main")
	run(t, dir, "commit-graph", "write", "--reachable")
	write(t, dir, "agreements/a1.yaml", "after the graph\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "after the graph")
	g := openGit(t, dir)
	head, _, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	hide := plumbing.NewHash(strings.TrimSpace(run(t, dir, "rev-parse", "HEAD~5")))
	w := newWalker(g, []string{"agreements/a1.yaml"})
	w.graph = g.CommitGraph()
	hidden, err := w.hiddenSet(head, hide)
	if err != nil {
		t.Fatal(err)
	}
	if !hidden[hide] || len(hidden) > 3 {
		t.Errorf("hidden set of HEAD~5..HEAD holds %d commits (HEAD~5 in it: %v); want HEAD~5 and at most its parents", len(hidden), hidden[hide])
	}
	want := lines(run(t, dir, "log", "--format=%H", hide.String()+"..HEAD", "--", "agreements/a1.yaml"))
	if diff := cmp.Diff(want, pathLog(t, g, []string{"agreements/a1.yaml"}, walkOptions{hide: hide})); diff != "" {
		t.Errorf("HEAD~5..HEAD (-git +walk):\n%s", diff)
	}
}

// TestWalkSortedNeighbours compares walk with git log for paths whose
// folders hold names that sort right around them in git's tree order (a
// folder sorts as if it ended in "/": "a.b/" after "a-b" and "a.b", "a/"
// after "a.yaml"), non-ASCII names, and a folder of a hundred files packed
// in delta chains 50 deep, in each commit-graph state: the walk reads a
// tree only up to a name's place, from delta results kept as pieces.
func TestWalkSortedNeighbours(t *testing.T) {
	hermetic(t)
	files := []string{
		"x/a.yaml", "x/a-b", "x/a.b/f.yaml", "x/a/f.yaml", "x/a0", "x/\xc3\xa9.yaml", "x/z\xc3\xa9/f.yaml",
		"x-y/f.yaml", "x.y", "x0/f.yaml", "teams/t.yaml",
	}
	for i := range 100 {
		files = append(files, fmt.Sprintf("x/f%03d.yaml", i))
	}
	queries := [][]string{
		{"x/a.yaml"}, {"x/a"}, {"x/a/f.yaml"}, {"x/a.b"}, {"x/a.b/f.yaml"}, {"x/a-b"}, {"x/a0"},
		{"x/\xc3\xa9.yaml"}, {"x/z\xc3\xa9/f.yaml"}, {"x/f000.yaml"}, {"x/f099.yaml"}, {"x/f050.yaml", "x-y"},
		{"x"}, {"x.y"}, {"x0/f.yaml"}, {"x/a.c"}, {"x/f100.yaml"},
	}
	dir := newRepo(t, nil)
	fastImport(t, dir, randomHistory(11, 400, files))
	run(t, dir, "repack", "-a", "-d", "-f", "--depth=50", "--window=50")
	for _, state := range [][]string{nil, {"--reachable"}, {"--reachable", "--changed-paths"}} {
		run(t, dir, "checkout", "-q", "main")
		os.RemoveAll(filepath.Join(dir, ".git", "objects", "info", "commit-graph"))
		os.RemoveAll(filepath.Join(dir, ".git", "objects", "info", "commit-graphs"))
		if state != nil {
			run(t, dir, append([]string{"commit-graph", "write"}, state...)...)
		}
		g := openGit(t, dir)
		listed := 0
		for _, q := range queries {
			want := lines(run(t, dir, append([]string{"log", "--format=%H", "--"}, q...)...))
			if diff := cmp.Diff(want, pathLog(t, g, q, walkOptions{})); diff != "" {
				t.Errorf("commit-graph %q, paths %q: walk differs from git log (-git +walk):\n%s", state, q, diff)
			}
			listed += len(want)
		}
		if listed < 100 {
			t.Fatalf("commit-graph %q: git log listed %d commits in all; the history is too small to test", state, listed)
		}
	}
}
