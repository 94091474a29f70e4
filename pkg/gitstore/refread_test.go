package gitstore

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// revParse is git's answer for rev in dir: the commit, or "" when git
// finds none.
func revParse(t *testing.T, dir, rev string) string {
	t.Helper()
	cmd := exec.Command("git", "rev-parse", "--verify", "-q", rev+"^{commit}")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// sameAsGit checks that Resolve gives git's answer for each rev, both in
// finding a commit and in which.
func sameAsGit(t *testing.T, dir string, revs []string) {
	t.Helper()
	r := open(t, dir)
	for _, rev := range revs {
		want := revParse(t, dir, rev)
		h, err := r.Resolve(rev)
		got := ""
		if err == nil {
			got = h.String()
		}
		if got != want {
			t.Errorf("in %s, Resolve(%q) = %q, %v; git rev-parse says %q", filepath.Base(dir), rev, got, err, want)
		}
	}
}

// TestRefsAsGitDoes compares Resolve with git rev-parse on refs stored in
// every way git stores them: loose, packed (git pack-refs --all, with
// peeled tags), loose over packed, symbolic (origin/HEAD, chains up to
// and past git's depth), pseudo refs with extra data, names that several
// of git's rules match, a branch named like an abbreviated hash, broken
// and malformed refs, and names git refuses.
func TestRefsAsGitDoes(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "1\n"})
	for i := 2; i <= 6; i++ {
		write(t, dir, "a.txt", fmt.Sprintf("%d\n", i))
		run(t, dir, "commit", "-qam", fmt.Sprintf("commit %d", i))
	}
	c := func(n int) string { return strings.TrimSpace(run(t, dir, "rev-parse", fmt.Sprintf("HEAD~%d", 6-n))) }
	run(t, dir, "branch", "side", c(2))
	run(t, dir, "branch", "both", c(3))
	run(t, dir, "tag", "-a", "-m", "both", "both", c(4)) // refs/tags/both comes before refs/heads/both
	run(t, dir, "tag", "-a", "-m", "v1", "v1", c(1))
	run(t, dir, "tag", "-a", "-m", "outer", "v1-outer", "v1")
	run(t, dir, "tag", "light", c(5))
	run(t, dir, "update-ref", "refs/remotes/origin/main", c(2))
	run(t, dir, "update-ref", "refs/remotes/origin/dev", c(3))
	run(t, dir, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/dev")
	run(t, dir, "update-ref", "refs/notes/x", c(1))
	run(t, dir, "update-ref", "refs/heads/deep/er/branch", c(4))
	short := c(6)[:7]
	run(t, dir, "branch", short, c(1)) // git prefers the ref to the hash
	run(t, dir, "pack-refs", "--all")
	// After packing: loose values over packed ones, and new loose refs.
	run(t, dir, "update-ref", "refs/heads/side", c(3))
	run(t, dir, "branch", "loose", c(2))
	chain := []string{"HEAD", "refs/heads/s1", "refs/heads/s2", "refs/heads/s3", "refs/heads/s4", "refs/heads/s5", "refs/heads/main"}
	for i := 1; i < len(chain)-1; i++ {
		run(t, dir, "symbolic-ref", chain[i], chain[i+1])
	}
	git := filepath.Join(dir, ".git")
	write(t, git, "FETCH_HEAD", c(2)+"\t\tbranch 'main' of ../x\n")
	write(t, git, "ORIG_HEAD", strings.ToUpper(c(3))+"\n")
	write(t, git, "refs/heads/broken", "not a hash\n")
	write(t, git, "refs/heads/trail", c(4)+"x\n")
	write(t, git, "refs/tags/broken", c(5)+"\n") // the tag is broken, the branch of the same name is found
	write(t, git, "refs/heads/nonl", c(5))
	write(t, git, "refs/heads/spaced", "ref:   refs/heads/side  \n")
	write(t, git, "refs/heads/dangling", "ref: refs/heads/nosuch\n")
	write(t, git, "refs/heads/badtarget", "ref: refs/heads/../../HEAD\n")
	if err := os.MkdirAll(filepath.Join(git, "refs", "heads", "dir", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, dir, []string{
		"HEAD", "main", "heads/main", "refs/heads/main", "side", "refs/heads/side", "loose", "both", "heads/both", "tags/both",
		"v1", "v1-outer", "tags/v1", "refs/tags/v1-outer", "light", "origin", "origin/HEAD", "origin/main", "origin/dev",
		"remotes/origin/dev", "notes/x", "refs/notes/x", "deep/er/branch", "heads/deep/er/branch", "er/branch",
		short, strings.ToUpper(short), c(6), c(6)[:5],
		"s1", "s2", "s3", "s4", "s5", "refs/heads/s1", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD",
		"broken", "trail", "nonl", "spaced", "dangling", "badtarget", "dir", "dir/x",
		"nosuch", "heads", "refs", "refs/heads", "../HEAD", "refs/heads/../HEAD", "main.lock", ".main", "main/", "a..b", "@", "-main",
	})
}

// TestWorktreeRefs compares Head and Resolve with git in linked work trees
// (git worktree add): HEAD, refs/bisect/, refs/worktree/ and
// refs/rewritten/ are each work tree's own, main-worktree/ and
// worktrees/<name>/ name another's, and branches are shared.
func TestWorktreeRefs(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "1\n"})
	for i := 2; i <= 4; i++ {
		write(t, dir, "a.txt", fmt.Sprintf("%d\n", i))
		run(t, dir, "commit", "-qam", fmt.Sprintf("commit %d", i))
	}
	wt := filepath.Join(t.TempDir(), "wt")
	run(t, dir, "worktree", "add", "-q", "-b", "feature", wt, "HEAD~2")
	wt2 := filepath.Join(t.TempDir(), "wt2")
	run(t, dir, "worktree", "add", "-q", "--detach", wt2, "HEAD~1")
	run(t, wt, "update-ref", "refs/bisect/bad", "HEAD~1")
	run(t, wt, "update-ref", "refs/worktree/mine", "HEAD")
	run(t, wt, "update-ref", "refs/rewritten/x", "HEAD~1")
	run(t, dir, "update-ref", "refs/bisect/bad", "HEAD~3")
	run(t, dir, "pack-refs", "--all")
	write(t, dir, "b.txt", "b\n")
	run(t, wt, "commit", "-q", "--allow-empty", "-m", "on feature")
	revs := []string{
		"HEAD", "main", "feature", "bisect/bad", "refs/bisect/bad", "refs/worktree/mine", "worktree/mine", "refs/rewritten/x",
		"main-worktree/HEAD", "main-worktree/refs/bisect/bad", "worktrees/wt/HEAD", "worktrees/wt2/HEAD", "worktrees/wt/refs/bisect/bad",
	}
	for _, d := range []string{dir, wt, wt2} {
		sameAsGit(t, d, revs)
		r := open(t, d)
		h, ok, err := r.Head()
		if want := revParse(t, d, "HEAD"); err != nil || !ok || h.String() != want {
			t.Errorf("Head() in %s = %s, %v, %v; git says %s", filepath.Base(d), h, ok, err, want)
		}
	}
	// An unborn branch in a work tree of its own.
	run(t, wt2, "checkout", "-q", "--orphan", "fresh")
	if h, ok, err := open(t, wt2).Head(); ok || err != nil {
		t.Errorf("Head() on an unborn branch = %s, %v, %v; want not found", h, ok, err)
	}
}

// TestSymrefDepth follows HEAD through symbolic refs as far as git does.
func TestSymrefDepth(t *testing.T) {
	hermetic(t)
	for n := 1; n <= maxSymrefDepth+1; n++ {
		dir := newRepo(t, map[string]string{"a.txt": "1\n"})
		prev := "HEAD"
		for i := 1; i < n; i++ {
			next := fmt.Sprintf("refs/heads/link%d", i)
			write(t, dir, ".git/"+prev, "ref: "+next+"\n")
			prev = next
		}
		if n > 1 {
			write(t, dir, ".git/"+prev, "ref: refs/heads/main\n")
		}
		want := revParse(t, dir, "HEAD")
		h, ok, err := open(t, dir).Head()
		if got := h.String(); (want == "") != (err != nil) || (want != "" && (!ok || got != want)) {
			t.Errorf("%d symbolic refs: Head() = %s, %v, %v; git says %q", n, got, ok, err, want)
		}
	}
}

// TestShortHashesAsGitDoes compares Resolve of abbreviated hashes with git
// rev-parse on many objects, packed and loose, some in an alternate object
// store (git clone --shared): unique, ambiguous between commits (git
// refuses), and shared by a commit and other objects (git takes the
// commit).
func TestShortHashesAsGitDoes(t *testing.T) {
	hermetic(t)
	shared := newRepo(t, nil)
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "commit refs/heads/main\ncommitter A <a@example.com> %d +0000\ndata <<EOF\nc%d\nEOF\nM 644 inline f\ndata <<EOF\n%d\nEOF\n\n", 1_700_000_000+i, i, i)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = shared
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	dir := filepath.Join(t.TempDir(), "clone")
	run(t, shared, "clone", "-q", "--shared", shared, dir)
	run(t, dir, "config", "user.name", "A")
	run(t, dir, "config", "user.email", "a@example.com")
	for i := range 150 {
		write(t, dir, "f", fmt.Sprintf("loose %d\n", i))
		run(t, dir, "commit", "-qam", fmt.Sprintf("loose %d", i))
	}
	all := lines(run(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"))
	byPrefix := map[string]int{}
	for _, h := range all {
		byPrefix[h[:4]]++
	}
	var revs []string
	ambiguous := 0
	for _, h := range all {
		revs = append(revs, h[:4])
		if byPrefix[h[:4]] > 1 {
			ambiguous++
			revs = append(revs, h[:5], h[:12])
		}
	}
	if ambiguous == 0 {
		t.Fatal("no two objects share 4 digits: the test does not probe ambiguity")
	}
	sameAsGit(t, dir, revs)
}
