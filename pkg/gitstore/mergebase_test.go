package gitstore

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// TestMergeBaseAsBefore compares MergeBase, on pairs of commits of random
// histories with merges and equal committer dates, with go-git's
// Commit.MergeBase (which gitstore used before, and whose first answer
// collab compares against) and with `git merge-base --all`.
func TestMergeBaseAsBefore(t *testing.T) {
	gittest.Hermetic(t)
	for _, seed := range []int64{1, 2, 3} {
		dir := gittest.NewRepo(t, nil)
		gittest.FastImport(t, dir, gittest.RandomHistory(seed, 60, []string{"a.yaml", "b.yaml"}))
		commits := gittest.Lines(gittest.Run(t, dir, "rev-list", "--all"))
		r := open(t, dir)
		st := filesystem.NewStorage(osfs.New(dir+"/.git"), cache.NewObjectLRUDefault())
		for i := 0; i < len(commits); i += 3 {
			for j := 1; j < len(commits); j += 5 {
				a, b := plumbing.NewHash(commits[i]), plumbing.NewHash(commits[j])
				got, err := r.MergeBase(a, b)
				if err != nil {
					t.Fatalf("MergeBase %s %s: %v", a, b, err)
				}
				ca, err := object.GetCommit(st, a)
				if err != nil {
					t.Fatal(err)
				}
				cb, err := object.GetCommit(st, b)
				if err != nil {
					t.Fatal(err)
				}
				bases, err := ca.MergeBase(cb)
				if err != nil {
					t.Fatal(err)
				}
				var want []plumbing.Hash
				for _, c := range bases {
					want = append(want, c.Hash)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("seed %d, MergeBase(%s, %s) against go-git (-go-git +gitstore):\n%s", seed, a, b, d)
				}
				gitAll := gittest.Lines(gittest.Run(t, dir, "merge-base", "--all", a.String(), b.String()))
				var gotAll []string
				for _, h := range got {
					gotAll = append(gotAll, h.String())
				}
				slices.Sort(gitAll)
				slices.Sort(gotAll)
				if strings.Join(gitAll, " ") != strings.Join(gotAll, " ") {
					t.Errorf("seed %d, MergeBase(%s, %s) = %v; git merge-base --all: %v", seed, a, b, gotAll, gitAll)
				}
			}
		}
		st.Close()
		r.Close()
	}
}
