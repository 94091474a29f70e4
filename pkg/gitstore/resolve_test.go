package gitstore

import (
	"strings"
	"testing"
)

// TestResolveAsGitDoes compares Resolve with `git rev-parse REV^{commit}` on
// a history with a merge, an annotated tag of a tag, a remote branch, and
// abbreviated hashes.
func TestResolveAsGitDoes(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "1\n"})
	run(t, dir, "checkout", "-q", "-b", "side")
	write(t, dir, "b.txt", "side\n")
	run(t, dir, "add", "b.txt")
	run(t, dir, "commit", "-qm", "side work: fix the parser")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "a.txt", "2\n")
	run(t, dir, "commit", "-qam", "second on main")
	run(t, dir, "merge", "-q", "--no-ff", "-m", "merge side", "side")
	run(t, dir, "tag", "-a", "-m", "v1", "v1", "HEAD~1")
	run(t, dir, "tag", "-a", "-m", "outer", "v1-outer", "v1")
	run(t, dir, "tag", "light", "side")
	run(t, dir, "update-ref", "refs/remotes/origin/main", "HEAD^2")
	head := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))

	r := open(t, dir)
	revs := []string{
		"HEAD", "@", "main", "heads/main", "refs/heads/main", "side", "v1", "v1-outer",
		"tags/v1", "light", "origin/main", "refs/remotes/origin/main",
		"HEAD~", "HEAD~1", "HEAD~2", "HEAD^", "HEAD^1", "HEAD^2", "HEAD^2~1", "main^^",
		"HEAD^0", "v1^{}", "v1-outer^{commit}", "v1~1", "HEAD~0",
		"HEAD^{/fix the}", "HEAD^{/^second}", "main^{/!-merge}",
		head, head[:7], strings.ToUpper(head[:9]), head[:4],
	}
	for _, rev := range revs {
		want := strings.TrimSpace(run(t, dir, "rev-parse", "--verify", "-q", rev+"^{commit}"))
		got, err := r.Resolve(rev)
		if err != nil || got.String() != want {
			t.Errorf("Resolve(%q) = %s, %v; git says %s", rev, got, err, want)
		}
	}
	for _, rev := range []string{"nosuch", "HEAD~9", "HEAD^3", "HEAD^{tree}", "HEAD^{/no such message}", "HEAD@{1}", "main:a.txt", "0000000", "abc"} {
		if h, err := r.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) = %s; want an error", rev, h)
		}
	}
}
