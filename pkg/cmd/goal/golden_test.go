package goal

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testAsOf is "today" in every test of this package.
const testAsOf = "2026-03-10"

// newWorkspace copies testdata/ws (hand-written files with comments) into a
// temporary git repository and returns its folder. Commands run there with
// --no-commit, so the files are compared as written.
func newWorkspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := os.CopyFS(dir, os.DirFS("testdata/ws"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	repo.Close()
	t.Setenv("GIT_AUTHOR_NAME", "Sofia Reyes")
	t.Setenv("GIT_AUTHOR_EMAIL", "sofia@acme.example")
	return dir
}

// runGoal runs `collab goal ARGS` in dir and returns stdout, stderr and the error.
func runGoal(t *testing.T, dir string, args ...string) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	f.Dir, f.NoCommit, f.AsOfFlag = dir, true, testAsOf
	cmd := NewCmdGoal(f)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

// TestGolden runs each writing verb on the hand-written goal files and
// compares the whole resulting file with testdata/golden/NAME.yaml. The
// golden files differ from their source only in the lines the verb must
// change; comments, blank lines and flow style stay.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		file string // the file the verb writes, compared with the golden
		args []string
		as   string // the git author, when not sofia: the owner of goal draft
	}{
		{"checkin", "goals/margin.yaml", []string{"checkin", "margin", "--value", "in-stock=95.5", "--value", "excess=2100",
			"--confidence", "high", "--note", "Reorder points recalculated: all core SKUs"}, ""},
		{"checkin-backdated", "goals/margin.yaml", []string{"checkin", "margin", "--value", "in-stock=93.5", "--date", "2026-02-15"}, ""},
		{"kr-add", "goals/margin.yaml", []string{"kr", "margin", "gross-margin", "--title", "Gross margin on core SKUs",
			"--unit", "%", "--baseline", "41", "--target", "43.5"}, ""},
		{"kr-update", "goals/margin.yaml", []string{"kr", "margin", "in-stock", "--target", "97.5", "--title", "In-stock rate, core SKUs"}, ""},
		{"kr-update-new-field", "goals/margin.yaml", []string{"kr", "margin", "excess", "--unit", "USD k", "--baseline", "2500000"}, ""},
		{"kr-update-flow", "goals/draft.yaml", []string{"kr", "draft", "ready", "--direction", "at-least"}, "victor@acme.example"},
		{"activate", "goals/draft.yaml", []string{"activate", "draft"}, "victor@acme.example"},
		{"close", "goals/margin.yaml", []string{"close", "margin", "--status", "missed", "--note", "Port delays"}, ""},
		{"new", "goals/stock.yaml", []string{"new", "stock", "--title", "Stock: fewer stock-outs", "--owner", "sofia@acme.example",
			"--team", "merchandising", "--team", "operations", "--parent", "margin", "--start", "2026-04-01", "--end", "2026-09-30",
			"--checkin-every", "2w"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newWorkspace(t)
			if tt.as != "" {
				t.Setenv("GIT_AUTHOR_EMAIL", tt.as)
			}
			stdout, stderr, err := runGoal(t, dir, tt.args...)
			if err != nil {
				t.Fatalf("goal %s: %v\nstderr: %s", strings.Join(tt.args, " "), err, stderr)
			}
			if want := "wrote " + tt.file + " (not committed)\n"; stdout != want {
				t.Errorf("stdout = %q, want %q", stdout, want)
			}
			got, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", tt.name+".yaml")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.file, d)
			}
		})
	}
}
