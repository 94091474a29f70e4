package status_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

type run struct {
	Out, Err string
	Code     int
}

// runStatus runs collab status with args in dir; full makes it load the
// whole workspace, as it did before it read only teams, goals and
// agreements.
func runStatus(dir string, full bool, args ...string) run {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	if full {
		f.WorkspaceOf = func(...model.Kind) (*workspace.Workspace, error) { return f.Workspace() }
	}
	code := root.Main(f, append([]string{"-C", dir, "status"}, args...))
	return run{out.String(), errOut.String(), code}
}

// compareStatus runs status at several dates, in every format and with
// the filters, with the load of its kinds and the whole load: the output
// must be the same byte for byte, and so must errors and exit codes when
// exact (no broken file of a kind status does not read).
func compareStatus(t *testing.T, dir, team, person string, exact bool) {
	t.Helper()
	printed := false
	for _, asOf := range []string{"2026-04-15"} {
		for _, filter := range [][]string{nil, {"--team", team}, {"--person", person}, {"--fail-on", "overdue,escalation"}} {
			for _, o := range []string{"table", "json", "yaml", "markdown"} {
				args := append([]string{"--as-of", asOf, "-o", o}, filter...)
				full, part := runStatus(dir, true, args...), runStatus(dir, false, args...)
				printed = printed || strings.Count(part.Out, "\n") > 10
				cmdline := strings.Join(args, " ")
				if exact {
					if d := cmp.Diff(full, part); d != "" {
						t.Errorf("collab status %s (-full +kinds):\n%s", cmdline, d)
					}
				} else if part.Out != full.Out {
					t.Errorf("collab status %s: output (-full +kinds):\n%s", cmdline, cmp.Diff(full.Out, part.Out))
				}
			}
		}
	}
	if !printed {
		t.Error("status printed next to nothing")
	}
}

// TestStatusReadsItsKinds: status prints what it printed when it loaded
// the whole workspace, on the acme example and a generated workspace,
// without and with the workspace index; a broken stakeholder map, which
// status does not read, changes nothing in its output.
func TestStatusReadsItsKinds(t *testing.T) {
	t.Setenv(workspace.NoCacheEnv, "1")
	acme := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	t.Run("acme", func(t *testing.T) {
		compareStatus(t, acme(t), "sales", "priya@acme.example", true)
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
			t.Fatal(err)
		}
		compareStatus(t, dir, "t001", "p001-3@acme.example", true)
	})
	t.Run("generated, index", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
			t.Fatal(err)
		}
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv(workspace.NoCacheEnv, "")
		if r := runStatus(dir, false, "--as-of", "2026-03-10"); r.Code != 0 {
			t.Fatalf("status: %+v", r)
		}
		compareStatus(t, dir, "t001", "p001-3@acme.example", true)
	})
	t.Run("broken map", func(t *testing.T) {
		dir := acme(t)
		if err := wsgen.Write(dir, map[string]string{"maps/broken.yaml": "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: broken\n"}); err != nil {
			t.Fatal(err)
		}
		compareStatus(t, dir, "sales", "priya@acme.example", false)
		if r := runStatus(dir, false, "--as-of", "2026-03-10"); strings.Contains(r.Err, "maps/broken.yaml") {
			t.Errorf("status reports a map it does not read:\n%s", r.Err)
		}
	})
}
