package history

import (
	"os"
	"testing"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// BenchmarkLogRun is `collab log a00042` on the repository of bench/gen:
// go run ./bench/gen -out /tmp/collab-bench
// COLLAB_BENCH_REPO=/tmp/collab-bench go test ./pkg/cmd/history -bench LogRun
func BenchmarkLogRun(b *testing.B) {
	dir := os.Getenv("COLLAB_BENCH_REPO")
	if dir == "" {
		b.Skip("set COLLAB_BENCH_REPO to a repository made by bench/gen")
	}
	for i := 0; i < b.N; i++ {
		ios, _, out, _ := iostreams.Test()
		f := cmdutil.New(ios)
		f.Dir = dir
		if err := logRun(&LogOptions{IO: f.IO, WorkDir: f.WorkDir, Target: "a00042", Output: cmdutil.Table}); err != nil {
			b.Fatal(err)
		}
		if out.Len() == 0 {
			b.Fatal("no output")
		}
	}
}

// BenchmarkLogRunWorkspace is `collab log` (every commit of the workspace)
// on the repository of bench/gen.
func BenchmarkLogRunWorkspace(b *testing.B) {
	dir := os.Getenv("COLLAB_BENCH_REPO")
	if dir == "" {
		b.Skip("set COLLAB_BENCH_REPO to a repository made by bench/gen")
	}
	for i := 0; i < b.N; i++ {
		ios, _, out, _ := iostreams.Test()
		f := cmdutil.New(ios)
		f.Dir = dir
		if err := logRun(&LogOptions{IO: f.IO, WorkDir: f.WorkDir, Output: cmdutil.Table}); err != nil {
			b.Fatal(err)
		}
		if out.Len() == 0 {
			b.Fatal("no output")
		}
	}
}
