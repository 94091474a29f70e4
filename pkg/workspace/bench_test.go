package workspace_test

import (
	"testing"

	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// BenchmarkLoad loads a generated workspace of 2,000 entity files.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(2000)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		w, err := workspace.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		w.FS.Close()
	}
}

// BenchmarkLoadCached loads the same workspace with every file in the load
// cache.
func BenchmarkLoadCached(b *testing.B) {
	dir := b.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(2000)); err != nil {
		b.Fatal(err)
	}
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	b.Setenv(workspace.NoCacheEnv, "")
	defer workspace.SetRacyWindow(0)()
	w, err := workspace.LoadCached(dir) // writes the cache
	if err != nil {
		b.Fatal(err)
	}
	w.FS.Close()
	b.ReportAllocs()
	for b.Loop() {
		w, err := workspace.LoadCached(dir)
		if err != nil {
			b.Fatal(err)
		}
		w.FS.Close()
	}
}
