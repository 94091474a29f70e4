package workspace_test

import (
	"testing"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// BenchmarkLoadFor loads what each show reads from a generated workspace
// of 2,000 entity files.
func BenchmarkLoadFor(b *testing.B) {
	dir := b.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(2000)); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		kind model.Kind
		id   string
	}{{model.KindAgreement, "a0001"}, {model.KindGoal, "g0001"}, {model.KindTeam, "t001"}, {model.KindStakeholderMap, "m0001"}} {
		b.Run(string(c.kind), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w, err := workspace.LoadFor(dir, c.kind, c.id)
				if err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
		})
	}
}
