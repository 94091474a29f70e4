package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

func TestGeneratedIsClean(t *testing.T) {
	w := writeWorkspace(t, t.TempDir(), wsgen.Files(200))
	check(t, w, nil)
}

// BenchmarkValidate validates a loaded workspace of 2,000 entity files
// (loading is not measured; compiling the schemas happens once, before).
func BenchmarkValidate(b *testing.B) {
	w := writeWorkspace(b, b.TempDir(), wsgen.Files(2000))
	if got := len(w.Files); got != 2001 {
		b.Fatalf("generated %d files, want 2001", got)
	}
	if l := Workspace(w, Options{AsOf: asOf}); len(l) != 0 {
		b.Fatalf("generated workspace is not clean: %v", l[0])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Workspace(w, Options{AsOf: asOf})
	}
}
