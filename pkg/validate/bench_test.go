package validate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
	"github.com/collab-tools/collab/pkg/yamldoc"
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

// manyKeys is a team file of almost yamldoc.MaxSize bytes whose labels hold
// as many short keys as fit: the worst case for checking keys pairwise.
func manyKeys() (string, int) {
	head := "apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: sales\n  title: Sales\n  labels:\n"
	tail := "spec:\n  lead: maria@acme.example\n  members:\n    - {email: maria@acme.example}\n"
	var b strings.Builder
	b.WriteString(head)
	n := 0
	for ; ; n++ {
		line := fmt.Sprintf("    k%x: v\n", n)
		if b.Len()+len(line)+len(tail) > yamldoc.MaxSize {
			break
		}
		b.WriteString(line)
	}
	b.WriteString(tail)
	return b.String(), n
}

// BenchmarkValidateManyKeys loads and validates a workspace whose one team
// file is at the size cap with about 80,000 label keys (loading measured:
// decoding is where the keys were compared pairwise).
func BenchmarkValidateManyKeys(b *testing.B) {
	src, n := manyKeys()
	dir := b.TempDir()
	writeWorkspace(b, dir, map[string]string{
		"collab.yaml":      "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: big, title: Big}\nspec: {}\n",
		"teams/sales.yaml": src,
	})
	b.ReportMetric(float64(n), "keys")
	for b.Loop() {
		w, err := workspace.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if l := Workspace(w, Options{AsOf: asOf}); len(l) != 0 || len(w.Teams["sales"].Metadata.Labels) != n {
			b.Fatalf("%d labels decoded, want %d; diagnostics: %v", len(w.Teams["sales"].Metadata.Labels), n, l)
		}
		w.FS.Close()
	}
}
