package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// runList runs collab with args in dir; full makes the lists load the
// whole workspace, as they did before they read only their kinds.
func runList(dir string, full bool, args []string) showRun {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	if full {
		f.WorkspaceOf = func(...model.Kind) (*workspace.Workspace, error) { return f.Workspace() }
	}
	code := Main(f, append([]string{"-C", dir, "--as-of", "2026-04-10"}, args...))
	return showRun{out.String(), errOut.String(), code}
}

// listArgs are the lists with each of their filters (values that exist,
// and one that does not), in every output format.
func listArgs(team string) [][]string {
	filters := map[string][][]string{
		"goal":  {nil, {"--team", team}, {"--team", "nope"}, {"--team", team, "--status", "active"}},
		"agree": {nil, {"--team", team}, {"--team", "nope"}},
		"team":  {nil},
		"map":   {nil},
	}
	for _, s := range model.GoalStatuses {
		filters["goal"] = append(filters["goal"], []string{"--status", s})
	}
	for _, h := range []string{model.HealthDraft, model.HealthOnTrack, model.HealthAtRisk, model.HealthOffTrack,
		model.HealthStale, model.HealthAchieved, model.GoalMissed, model.GoalDropped, "nope"} {
		filters["goal"] = append(filters["goal"], []string{"--health", h})
	}
	for _, s := range append(model.AgreementStatuses, "nope") {
		filters["agree"] = append(filters["agree"], []string{"--status", s})
	}
	var out [][]string
	for noun, fs := range filters {
		for _, f := range fs {
			for _, o := range []string{"table", "json", "yaml"} {
				out = append(out, append(append([]string{noun, "list"}, f...), "-o", o))
			}
		}
	}
	return out
}

// compareLists runs every list of the workspace at dir with the load of
// its kinds and the full load: output, errors and exit code must be the
// same (exact), or, with broken files in the workspace, the output the
// same and what the narrow load reports a part of what the full load
// reports, exit code 1 exactly when something is reported.
func compareLists(t *testing.T, dir, team string, exact bool) {
	t.Helper()
	if os.Getenv(workspace.NoCacheEnv) == "" && os.Getenv("XDG_CACHE_HOME") == "" {
		t.Setenv(workspace.NoCacheEnv, "1") // no index unless the test made one
	}
	nonEmpty := map[string]bool{}
	for _, args := range listArgs(team) {
		full, part := runList(dir, true, args), runList(dir, false, args)
		cmdline := strings.Join(args, " ")
		if part.Out != "" {
			nonEmpty[args[0]] = true
		}
		if exact {
			if d := cmp.Diff(full, part); d != "" {
				t.Errorf("collab %s (-full +kinds):\n%s", cmdline, d)
			}
			continue
		}
		if part.Out != full.Out {
			t.Errorf("collab %s: output (-full +kinds):\n%s", cmdline, cmp.Diff(full.Out, part.Out))
		}
		for _, l := range strings.SplitAfter(part.Err, "\n") {
			if !strings.Contains(full.Err, l) {
				t.Errorf("collab %s: kinds reports %q, full does not:\n%s", cmdline, l, full.Err)
			}
		}
		if part.Code != full.Code && !(part.Code == 0 && part.Err == "") {
			t.Errorf("collab %s: exit code %d (full %d) with errors %q", cmdline, part.Code, full.Code, part.Err)
		}
	}
	for _, noun := range []string{"goal", "agree", "team", "map"} {
		if !nonEmpty[noun] {
			t.Errorf("collab %s list printed nothing", noun)
		}
	}
}

// TestListsReadTheirKinds: every list, with each filter and in every
// format, prints byte for byte what it printed when it loaded the whole
// workspace, on the acme example and a generated workspace, without and
// with the workspace index.
func TestListsReadTheirKinds(t *testing.T) {
	t.Run("acme", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
			t.Fatal(err)
		}
		compareLists(t, dir, "sales", true)
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
			t.Fatal(err)
		}
		compareLists(t, dir, "t001", true)
	})
	// The narrow and the full loads take turns writing the index: each
	// keeps the entries of the other's kinds.
	t.Run("generated, index", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
			t.Fatal(err)
		}
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv(workspace.NoCacheEnv, "")
		time.Sleep(2100 * time.Millisecond) // files newer than 2 s are not trusted
		if r := runList(dir, false, []string{"goal", "list"}); r.Code != 0 {
			t.Fatalf("goal list: %+v", r)
		}
		if _, err := os.Stat(workspace.CachePath(dir)); err != nil {
			t.Fatalf("no index: %v", err)
		}
		compareLists(t, dir, "t001", true)
	})
}

// TestListsBrokenFiles: a broken file of a kind a list does not read
// changes nothing in it; one of a kind it reads is reported, at its line,
// with exit code 1, as the full load reported it.
func TestListsBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	broken := map[string]string{
		"teams/broken.yaml":      "apiVersion: collab/v1\nkind: Team\nmetadata: {id: broken\n",
		"goals/broken.yaml":      "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: broken\n",
		"agreements/broken.yaml": "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: broken\n",
		"maps/broken.yaml":       "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: broken\n",
	}
	if err := wsgen.Write(dir, broken); err != nil {
		t.Fatal(err)
	}
	compareLists(t, dir, "sales", false)
	// What each list reads: goal list reads the teams only for --team.
	reads := func(args []string, file string) bool {
		folder, _, _ := strings.Cut(file, "/")
		switch args[0] {
		case "goal":
			return folder == "goals" || folder == "teams" && strings.Contains(strings.Join(args, " "), "--team")
		case "agree":
			return folder == "agreements"
		case "team":
			return folder == "teams"
		}
		return folder == "maps"
	}
	for _, args := range listArgs("sales") {
		part := runList(dir, false, args)
		cmdline := strings.Join(args, " ")
		if strings.Contains(cmdline, "-status nope") || strings.Contains(cmdline, "-health nope") {
			continue // a usage error, before any load (compared above)
		}
		for file := range broken {
			want := reads(args, file)
			if got := strings.Contains(part.Err, file+":"); got != want {
				t.Errorf("collab %s reports %s: %v, want %v\n%s", cmdline, file, got, want, part.Err)
			}
		}
		if part.Code != 1 {
			t.Errorf("collab %s: exit code %d, want 1 (a file it reads is broken)", cmdline, part.Code)
		}
	}
}
