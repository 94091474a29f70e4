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

// BenchmarkDir reads and validates a workspace of 2,000 entity files as
// collab validate does (reading is measured, unlike BenchmarkValidate).
func BenchmarkDir(b *testing.B) {
	dir := b.TempDir()
	writeWorkspace(b, dir, wsgen.Files(2000)).Close()
	b.ReportAllocs()
	for b.Loop() {
		w, l, err := Dir(dir, Options{AsOf: asOf})
		if err != nil || len(l) != 0 || len(w.Files) != 2001 {
			b.Fatalf("err %v, %d diagnostics, %d files", err, len(l), len(w.Files))
		}
		w.Close()
	}
}

// manyKeys is a team file of almost yamldoc.MaxSize bytes with as many
// short keys as fit in one mapping: metadata.labels (a map) or spec (a
// struct, the keys unknown fields): the worst cases for comparing keys
// pairwise.
func manyKeys(in string) (string, int) {
	head := "apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: sales\n  title: Sales\n"
	mid := "spec:\n  lead: maria@acme.example\n  members:\n    - {email: maria@acme.example}\n"
	indent := "  "
	if in == "labels" {
		head, indent = head+"  labels:\n", "    "
	} else {
		head, mid = head+mid, ""
	}
	var b strings.Builder
	b.WriteString(head)
	n := 0
	for ; ; n++ {
		line := fmt.Sprintf("%sk%x: v\n", indent, n)
		if b.Len()+len(line)+len(mid) > yamldoc.MaxSize {
			break
		}
		b.WriteString(line)
	}
	b.WriteString(mid)
	return b.String(), n
}

// BenchmarkValidateManyKeys loads and validates a workspace whose one team
// file is at the size cap with about 80,000 keys in one mapping (loading is
// measured: decoding is where yaml.v3 compares keys pairwise).
func BenchmarkValidateManyKeys(b *testing.B) {
	for _, in := range []string{"labels", "unknown-fields"} {
		b.Run(in, func(b *testing.B) {
			src, n := manyKeys(in)
			dir := b.TempDir()
			writeWorkspace(b, dir, map[string]string{
				"collab.yaml":      "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: big, title: Big}\nspec: {}\n",
				"teams/sales.yaml": src,
			})
			want := 0 // labels: valid
			if in != "labels" {
				want = n // one schema error per unknown field
			}
			b.ReportMetric(float64(n), "keys")
			for b.Loop() {
				w, err := workspace.Load(dir)
				if err != nil {
					b.Fatal(err)
				}
				if l := Workspace(w, Options{AsOf: asOf}); len(l) != want || w.Teams["sales"] == nil {
					b.Fatalf("%d diagnostics, want %d; team decoded: %v", len(l), want, w.Teams["sales"] != nil)
				}
				w.FS.Close()
			}
		})
	}
}
