package root

import (
	"fmt"
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

// showRun is what one run of collab printed and returned.
type showRun struct {
	Out, Err string
	Code     int
}

// runShow runs collab with args in dir; full makes the shows load the
// whole workspace, as they did before they read only what they show, or
// take loaded, the whole workspace loaded once (when it has no problems to
// report, the same).
func runShow(dir string, full bool, loaded *workspace.Workspace, args []string) showRun {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	switch {
	case full && loaded != nil:
		f.WorkspaceFor = func(model.Kind, string) (*workspace.Workspace, error) { return loaded, nil }
	case full:
		f.WorkspaceFor = func(model.Kind, string) (*workspace.Workspace, error) { return f.Workspace() }
	}
	code := Main(f, append([]string{"-C", dir, "--as-of", "2026-04-10"}, args...))
	return showRun{out.String(), errOut.String(), code}
}

// showArgs are the show commands of every entity of the workspace at dir,
// in every output format, and of ids that do not exist.
func showArgs(t *testing.T, dir string) [][]string {
	t.Helper()
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	noun := map[model.Kind]string{model.KindTeam: "team", model.KindGoal: "goal", model.KindAgreement: "agree", model.KindStakeholderMap: "map"}
	var out [][]string
	add := func(k model.Kind, id string) {
		for _, o := range []string{"table", "json", "yaml"} {
			out = append(out, []string{noun[k], "show", id, "-o", o})
		}
		if k == model.KindStakeholderMap {
			for _, f := range []string{"mermaid", "dot", "grid"} {
				out = append(out, []string{"map", "render", id, "--format", f})
			}
		}
	}
	for _, e := range w.Files[1:] {
		if e.Kind != "" {
			add(e.Kind, e.ID)
		}
	}
	for _, k := range model.EntityKinds {
		for _, id := range []string{"nope", "../teams/sales", ""} {
			add(k, id)
		}
	}
	return out
}

// compareShows runs every show of the workspace at dir with the partial
// and the full load: output, errors and exit code must be the same. With
// broken files in the workspace (exact false), a partial load does not
// report those the show does not read: then the output must be the same,
// what the partial load reports a part of what the full load reports, and
// the exit code 1 exactly when something is reported.
//
// A workspace without problems is loaded once for all the shows.
func compareShows(t *testing.T, dir string, exact bool) {
	t.Helper()
	if os.Getenv(workspace.NoCacheEnv) == "" && os.Getenv("XDG_CACHE_HOME") == "" {
		t.Setenv(workspace.NoCacheEnv, "1") // no index unless the test made one
	}
	loaded, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Diags) > 0 {
		loaded = nil
	}
	for _, args := range showArgs(t, dir) {
		full, part := runShow(dir, true, loaded, args), runShow(dir, false, nil, args)
		cmdline := strings.Join(args, " ")
		if args[2] != "" && args[2] != "nope" && !strings.Contains(args[2], "/") && part.Out == "" && part.Code == 0 {
			t.Errorf("collab %s printed nothing", cmdline)
		}
		if exact {
			if d := cmp.Diff(full, part); d != "" {
				t.Errorf("collab %s (-full +partial):\n%s", cmdline, d)
			}
			continue
		}
		if part.Out != full.Out {
			t.Errorf("collab %s: output (-full +partial):\n%s", cmdline, cmp.Diff(full.Out, part.Out))
		}
		for _, l := range strings.SplitAfter(part.Err, "\n") {
			if !strings.Contains(full.Err, l) {
				t.Errorf("collab %s: partial reports %q, full does not:\n%s", cmdline, l, full.Err)
			}
		}
		if (part.Code != 0) != (part.Err != "") {
			t.Errorf("collab %s: exit code %d with errors %q", cmdline, part.Code, part.Err)
		}
	}
}

// TestShowsReadWhatTheyShow: every show of every entity of the acme example
// and of a generated workspace prints, byte for byte, what it printed when
// it loaded the whole workspace, in every format; unknown ids get the same
// "did you mean".
func TestShowsReadWhatTheyShow(t *testing.T) {
	t.Run("acme", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
			t.Fatal(err)
		}
		compareShows(t, dir, true)
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
			t.Fatal(err)
		}
		compareShows(t, dir, true)
	})
	// The same with the workspace index, which a show takes the values of
	// the files it scans from when their Stat matches.
	t.Run("generated, index", func(t *testing.T) {
		dir := t.TempDir()
		if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
			t.Fatal(err)
		}
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv(workspace.NoCacheEnv, "")
		time.Sleep(2100 * time.Millisecond) // files newer than 2 s are not trusted
		if r := runShow(dir, false, nil, []string{"agree", "list"}); r.Code != 0 {
			t.Fatalf("agree list: %+v", r)
		}
		if _, err := os.Stat(workspace.CachePath(dir)); err != nil {
			t.Fatalf("no index: %v", err)
		}
		compareShows(t, dir, true)
	})
}

// TestShowsHostile: the acme example with files that name themselves, a
// cycle of parents without key results (the roll-up of cycle-b walks
// cycle-a to deep), goals and
// agreements that name an id only in free text or only through an escape,
// references to files that do not exist, a file of the wrong kind, and a
// file that cannot be parsed among the candidates of a scan and one that
// is not: the shows print what the full load printed, and report the
// broken file when they may have read it.
func TestShowsHostile(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	goal := func(id, spec string) string {
		return fmt.Sprintf("apiVersion: collab/v1\nkind: Goal\nmetadata:\n  id: %s\n  title: Goal %s\nspec:\n  status: active\n  owner: sam@acme.example\n  teams: [sales]\n%s", id, id, spec)
	}
	files := map[string]string{
		"goals/selfish.yaml":    goal("selfish", "  parent: selfish\n"),
		"goals/cycle-a.yaml":    goal("cycle-a", "  parent: cycle-b\n"),
		"goals/cycle-b.yaml":    goal("cycle-b", "  parent: cycle-a\n"),
		"goals/cycle-c.yaml":    goal("cycle-c", "  parent: cycle-b\n  keyResults:\n    - {id: k, title: K, baseline: 0, target: 10, current: 4}\n"),
		"goals/deep.yaml":       goal("deep", "  parent: cycle-a\n  keyResults:\n    - {id: k, title: K, baseline: 0, target: 10, current: 9}\n"),
		"goals/escaped.yaml":    goal("escaped", "  parent: \"cycle-\\x61\"\n  keyResults:\n    - {id: k, title: K, baseline: 0, target: 10, current: 7}\n"),
		"goals/free-text.yaml":  strings.Replace(goal("free-text", "  parent: shared-revenue-target\n"), "title: Goal free-text", "title: Goal free-text\n  description: not cycle-a, not sales, not feature-x-launch", 1),
		"goals/orphan.yaml":     goal("orphan", "  parent: ghost\n"),
		"goals/wrong-kind.yaml": "apiVersion: collab/v1\nkind: Team\nmetadata: {id: wrong-kind, title: Wrong}\nspec: {lead: sam@acme.example, members: [{email: sam@acme.example}]}\n",
		"maps/ghost.yaml":       "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: ghost, title: Ghost}\nspec:\n  subject: agreement/ghost\n  stakeholders:\n    - {team: sales, roles: [expert], raci: C}\n",
		"maps/escape.yaml":      "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: escape, title: Escape}\nspec:\n  subject: \"goal/cycle-\\x61\"\n  stakeholders:\n    - {team: \"s\\x61les\", roles: [expert], raci: C}\n",
		// Names cycle-a, sales and sam: a candidate of those shows.
		"agreements/broken.yaml": "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: broken}\nspec:\n  goals: [cycle-a]\n  parties: [{team: sales, owner: sam@acme.example}\n",
		// Names nothing: no show but its own reads it.
		"agreements/unrelated.yaml": "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: unrelated\n",
	}
	if err := wsgen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	compareShows(t, dir, false)
	// broken.yaml names goal cycle-a, team sales and its member sam: those
	// shows scan it (and its own); the others do not read it.
	readsBroken := map[string]bool{"agree show broken": true, "goal show cycle-a": true, "team show sales": true}
	for _, args := range showArgs(t, dir) {
		part := runShow(dir, false, nil, args)
		cmdline := strings.Join(args[:3], " ")
		if got := strings.Contains(part.Err, "agreements/broken.yaml"); got != readsBroken[cmdline] {
			t.Errorf("collab %s reports agreements/broken.yaml: %v, want %v\n%s", cmdline, got, !got, part.Err)
		}
		if got := strings.Contains(part.Err, "agreements/unrelated.yaml"); got != (cmdline == "agree show unrelated") {
			t.Errorf("collab %s reports agreements/unrelated.yaml: %v, want %v\n%s", cmdline, got, !got, part.Err)
		}
	}
	for id, child := range map[string]string{"cycle-a": "cycle-b", "cycle-b": "cycle-a", "selfish": "", "ghost": ""} {
		out := runShow(dir, false, nil, []string{"goal", "show", id, "-o", "json"}).Out
		if child != "" && !strings.Contains(out, `"children": [`+"\n"+`    "`+child+`"`) {
			t.Errorf("goal show %s does not list the child %s:\n%s", id, child, out)
		}
	}
}
