package history

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/collab-tools/collab/pkg/gitstore"
)

// benchHistoryRepo is the repository of bench/gen when COLLAB_BENCH_REPO
// names one (go run ./bench/gen -out DIR), else a smaller random history.
func benchHistoryRepo(b *testing.B) (dir, path string) {
	if d := os.Getenv("COLLAB_BENCH_REPO"); d != "" {
		return d, "agreements/a00042.yaml"
	}
	hermetic(b)
	var files []string
	for i := 0; i < 300; i++ {
		files = append(files, fmt.Sprintf("agreements/a%05d.yaml", i))
	}
	dir = newRepo(b, nil)
	fastImport(b, dir, randomHistory(7, 1000, files))
	run(b, dir, "gc", "-q")
	return dir, "agreements/a00042.yaml"
}

// BenchmarkWalk is the walk of `collab log ID` (no semantic diff).
// Compare with BenchmarkGitLogPath.
func BenchmarkWalk(b *testing.B) {
	dir, p := benchHistoryRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := gitstore.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		head, _, err := g.Head()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if err := newWalker(g, []string{p}).walk(head, walkOptions{}, func(walkEntry) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		g.Close()
		if n == 0 {
			b.Fatal("no commits listed")
		}
	}
}

// BenchmarkGitLogPath is `git log --format=%H -- PATH` on the same repository.
func BenchmarkGitLogPath(b *testing.B) {
	dir, p := benchHistoryRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("git", "log", "--format=%H", "--", p)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil || len(out) == 0 {
			b.Fatalf("git log: %v\n%s", err, out)
		}
	}
}
