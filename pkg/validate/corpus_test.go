package validate

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/workspace"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus/*/expected.txt from the current output (review the diff by hand)")

// TestCorpus validates each workspace under testdata/corpus and compares the
// diagnostics, one `path:line:col: severity: message` line each, with the
// case's expected.txt.
func TestCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/corpus/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no corpus cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			w, err := workspace.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer w.FS.Close()
			var b strings.Builder
			for _, d := range Workspace(w, Options{AsOf: asOf}) {
				b.WriteString(d.String() + "\n")
			}
			got := b.String()
			file := filepath.Join(dir, "expected.txt")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestCorpus -update and review the file)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s (-want +got):\n%s", file, d)
			}
		})
	}
}
