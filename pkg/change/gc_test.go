package change

import (
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/workspace"
)

// A write with this build's index waits for a memory limit that grows with
// the index, and puts the collector back as it found it; without an index
// it changes nothing.
func TestGCForWriteFollowsTheIndex(t *testing.T) {
	gittest.Hermetic(t)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv(workspace.NoCacheEnv, "")
	repo := gittest.NewRepo(t, nil)
	if err := os.CopyFS(repo, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	limit, percent := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	check := func(wantLimit int64, wantPercent int) {
		t.Helper()
		if l := debug.SetMemoryLimit(-1); l != wantLimit {
			t.Errorf("memory limit %d, want %d", l, wantLimit)
		}
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		if p != wantPercent {
			t.Errorf("GC percent %d, want %d", p, wantPercent)
		}
	}
	gcForWrite(repo)()
	check(limit, percent)
	restore := gcForWrite(repo)
	check(limit, percent) // no index yet
	restore()

	time.Sleep(2100 * time.Millisecond) // files newer than 2 s are not indexed
	w, err := workspace.LoadCached(repo)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	size := workspace.IndexSize(repo)
	if size == 0 {
		t.Fatal("no index after a load")
	}
	restore = gcForWrite(repo)
	check(gcBase+gcPerIndexByte*size, -1)
	restore()
	check(limit, percent)

	// Writes at once: the last one to finish puts the collector back.
	first, second := gcForWrite(repo), gcForWrite(repo)
	first()
	check(gcBase+gcPerIndexByte*size, -1)
	second()
	check(limit, percent)

	t.Setenv("GOGC", "100")
	restore = gcForWrite(repo)
	check(limit, percent)
	restore()
}
