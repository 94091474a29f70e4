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
