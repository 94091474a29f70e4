package workspace

import (
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/model"
)

// A command on a workspace with this build's index waits for a memory
// limit that grows with the index, and puts the collector back as it
// found it; without an index it changes nothing.
func TestHoldGCFollowsTheIndex(t *testing.T) {
	gittest.Hermetic(t)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv(NoCacheEnv, "")
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
	HoldGC(repo)()
	check(limit, percent)
	restore := HoldGC(repo)
	check(limit, percent) // no index yet
	restore()

	time.Sleep(2100 * time.Millisecond) // files newer than 2 s are not indexed
	w, err := LoadCached(repo)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	size := IndexSize(repo)
	if size == 0 {
		t.Fatal("no index after a load")
	}
	restore = HoldGC(repo)
	check(gcBase+gcPerIndexByte*size, -1)
	restore()
	check(limit, percent)

	// A load through the index holds the collector until Close.
	w, err = OpenKinds(repo, model.KindGoal)
	if err != nil {
		t.Fatal(err)
	}
	check(gcBase+gcPerIndexByte*size, -1)
	w.Close()
	check(limit, percent)

	// Commands at once: the last one to finish puts the collector back.
	first, second := HoldGC(repo), HoldGC(repo)
	first()
	check(gcBase+gcPerIndexByte*size, -1)
	second()
	check(limit, percent)

	t.Setenv("GOGC", "100")
	restore = HoldGC(repo)
	check(limit, percent)
	restore()
}
