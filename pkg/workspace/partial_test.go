package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// TestMayName: the byte scan keeps every file that can hold a scalar equal
// to the word, whatever the quoting, and drops those where the word only
// occurs inside a longer one.
func TestMayName(t *testing.T) {
	for _, c := range []struct {
		words []string
		src   string
		want  bool
	}{
		{[]string{"sales"}, "teams: [sales, it]\n", true},
		{[]string{"sales"}, "teams:\n  - sales\n", true},
		{[]string{"sales"}, "team: 'sales'\n", true},
		{[]string{"sales"}, "team: \"sales\"\r\n", true},
		{[]string{"sales"}, "{team: sales}", true},
		{[]string{"sales"}, "team: sales", true}, // at the end, no newline
		{[]string{"sales"}, "# sales\n", true},   // a comment: the exact check drops it
		{[]string{"sales"}, "team: sales-emea\n", false},
		{[]string{"sales"}, "team: presales\n", false},
		{[]string{"sales"}, "team: sales_2\n", false},
		{[]string{"sales"}, "team: Sales2\n", false},
		{[]string{"sales"}, "team: \"s\\x61les\"\n", true}, // an escape may spell it
		{[]string{"sales"}, "team: it\n", false},
		{[]string{"sales", "sam@acme.example"}, "owner: sam@acme.example\n", true},
		{[]string{"sam@acme.example"}, "owner: xsam@acme.example\n", false},
		{[]string{"o'neil@acme.example"}, "owner: x\n", true}, // a quote: YAML may write it otherwise
		{[]string{"two words"}, "title: x\n", true},
		{[]string{""}, "owner: x\n", true},
	} {
		if got := newWordPattern(c.words).mayName([]byte(c.src)); got != c.want {
			t.Errorf("mayName(%q, %q) = %v, want %v", c.words, c.src, got, c.want)
		}
	}
}

// TestLoadForSubset: on a generated workspace, every entity LoadFor holds
// equals its value after Load, and LoadFor holds every entity the show
// needs: for a goal its children and the agreements that serve it, for a
// team the agreements, goals and maps naming it or a member, for a map
// its subject. Without the workspace index, and with it.
func TestLoadForSubset(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	t.Run("scan", func(t *testing.T) {
		t.Setenv(NoCacheEnv, "1")
		checkLoadFor(t, dir, full, false)
	})
	t.Run("index", func(t *testing.T) {
		withIndex(t, dir)
		checkLoadFor(t, dir, full, true)
	})
}

// withIndex writes the workspace index of dir, trusting files however
// recent, into a temporary cache folder.
func withIndex(t *testing.T, dir string) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	t.Cleanup(SetRacyWindow(0))
	w, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	abs, _ := filepath.Abs(dir)
	if readCache(abs) == nil {
		t.Fatal("no index written")
	}
}

func checkLoadFor(t *testing.T, dir string, full *Workspace, indexed bool) {
	fromIndex := 0
	for _, e := range full.Files[1:] {
		if e.Kind == model.KindAgreement && e.ID > "a0010" || e.Kind == model.KindStakeholderMap && e.ID > "m0010" {
			continue // the others are alike; keep the test short
		}
		w, err := LoadFor(dir, e.Kind, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		for _, f := range w.Files {
			if f.Cached() {
				fromIndex++
			}
		}
		sameSubset(t, e.Path, full.Teams, w.Teams)
		sameSubset(t, e.Path, full.Goals, w.Goals)
		sameSubset(t, e.Path, full.Agreements, w.Agreements)
		sameSubset(t, e.Path, full.Maps, w.Maps)
		if d := cmp.Diff(full.Config, w.Config); d != "" {
			t.Errorf("%s: config (-full +partial):\n%s", e.Path, d)
		}
		for _, n := range needs(full, e) {
			kind, id, _ := strings.Cut(n, " ")
			var ok bool
			switch kind {
			case "goal":
				ok = w.Goals[id] != nil
			case "agreement":
				ok = w.Agreements[id] != nil
			case "team":
				ok = w.Teams[id] != nil
			default:
				ok = w.Maps[id] != nil
			}
			if !ok {
				t.Errorf("%s: LoadFor lacks %s", e.Path, n)
			}
		}
		if len(w.Files) >= len(full.Files)/2 && e.Kind != model.KindTeam {
			t.Errorf("%s: LoadFor read %d of %d files", e.Path, len(w.Files), len(full.Files))
		}
	}
	if indexed != (fromIndex > 0) {
		t.Errorf("%d values came from the index", fromIndex)
	}
}

// needs lists, as "kind id", the entities the show of e reads, by the
// shows' own exact rules, in the whole workspace full.
func needs(full *Workspace, e *Entity) []string {
	var need []string
	switch v := e.Value.(type) {
	case *model.Goal:
		for id, g := range full.Goals {
			if g.Spec.Parent == e.ID {
				need = append(need, "goal "+id)
			}
		}
		for id, a := range full.Agreements {
			if slices.Contains(a.Spec.Goals, e.ID) {
				need = append(need, "agreement "+id)
			}
		}
	case *model.Team:
		for id, a := range full.Agreements {
			if a.Party(e.ID) != nil {
				need = append(need, "agreement "+id)
			}
		}
		for id, g := range full.Goals {
			if slices.Contains(g.Spec.Teams, e.ID) || v.HasMember(g.Spec.Owner) {
				need = append(need, "goal "+id)
			}
		}
		for id, m := range full.Maps {
			for _, s := range m.Spec.Stakeholders {
				if s.Team == e.ID || v.HasMember(s.Person) {
					need = append(need, "map "+id)
				}
			}
		}
	case *model.StakeholderMap:
		_, id, _ := model.SplitSubject(v.Spec.Subject)
		need = append(need, "agreement "+id)
	}
	return append(need, strings.ToLower(string(e.Kind))+" "+e.ID)
}

// TestLoadForStaleIndex: a file changed since the index was written is
// read from disk: a goal whose owner becomes a member of t005 is in that
// team's load, and no longer in that of its former owner's team.
func TestLoadForStaleIndex(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	withIndex(t, dir)
	file := filepath.Join(dir, "goals", "g0003.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// g0003 is owned by p003-1 of t003 and listed for t003 and t004.
	changed := strings.Replace(string(src), "owner: p003-1@acme.example", "owner: p005-1@acme.example", 1)
	if changed == string(src) {
		t.Fatalf("no owner to change in:\n%s", src)
	}
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := LoadFor(dir, model.KindTeam, "t005")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if g := w.Goals["g0003"]; g == nil || g.Spec.Owner != "p005-1@acme.example" {
		t.Errorf("team t005: goal g0003 = %+v, want it owned by p005-1", g)
	}
	cached := 0
	for _, f := range w.Files {
		if f.Cached() {
			cached++
		}
		if f.Path == "goals/g0003.yaml" && f.Cached() {
			t.Error("goals/g0003.yaml came from the index after it changed")
		}
	}
	if cached == 0 {
		t.Error("no value came from the index")
	}
}

func sameSubset[T any](t *testing.T, what string, full, part map[string]*T) {
	t.Helper()
	for id, v := range part {
		if d := cmp.Diff(full[id], v); d != "" {
			t.Errorf("%s: %s (-full +partial):\n%s", what, id, d)
		}
	}
}

// TestLoadForHostile: files that name themselves, a cycle of parents, an
// escape that spells an id, a reference to a file that does not exist, a
// file that cannot be parsed among the candidates, and ids that are no
// file name.
func TestLoadForHostile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"collab.yaml":      "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: w, title: W}\n",
		"teams/sales.yaml": "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: sam@x.example\n  members: [{email: sam@x.example}]\n",
		// A goal whose parent is itself, and two that are each other's parent.
		"goals/self.yaml": "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: self, title: Self}\nspec: {status: active, owner: sam@x.example, teams: [sales], parent: self}\n",
		"goals/a.yaml":    "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: a, title: A}\nspec: {status: active, owner: sam@x.example, teams: [sales], parent: b}\n",
		"goals/b.yaml":    "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: b, title: B}\nspec: {status: active, owner: sam@x.example, teams: [sales], parent: a}\n",
		// c serves a through an escape only.
		"goals/c.yaml": "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: c, title: C}\nspec: {status: active, owner: sam@x.example, teams: [sales], parent: \"\\x61\"}\n",
		// Names a in free text only.
		"goals/d.yaml": "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: d, title: D, description: a goal like a}\nspec: {status: active, owner: sam@x.example, teams: [sales]}\n",
		// Cannot be parsed, and names a.
		"agreements/broken.yaml": "apiVersion: collab/v1\nkind: Agreement\nspec:\n  goals: [a\n",
		// Cannot be parsed, and names nothing shown.
		"agreements/other.yaml": "x: [\n",
		"maps/m.yaml":           "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: m, title: M}\nspec: {subject: goal/ghost}\n",
	}
	if err := wsgen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	load := func(k model.Kind, id string) *Workspace {
		t.Helper()
		w, err := LoadFor(dir, k, id)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		return w
	}

	w := load(model.KindGoal, "a")
	for _, id := range []string{"a", "b", "c"} {
		if w.Goals[id] == nil {
			t.Errorf("goal a: lacks goal %s", id)
		}
	}
	if got := diagFiles(w); !slices.Equal(got, []string{"agreements/broken.yaml"}) {
		t.Errorf("goal a reports problems in %v, want agreements/broken.yaml only", got)
	}

	w = load(model.KindGoal, "self")
	if w.Goals["self"] == nil || len(w.Diags) != 0 {
		t.Errorf("goal self: %v, diags %v", w.Goals, w.Diags)
	}

	w = load(model.KindStakeholderMap, "m")
	if w.Maps["m"] == nil || len(w.Goals) != 0 || len(w.Diags) != 0 {
		t.Errorf("map m: maps %v goals %v diags %v", w.Maps, w.Goals, w.Diags)
	}

	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	for _, id := range []string{"nope", "ab", "../teams/sales", "", "a/../a"} {
		_, want := full.Lookup(model.KindGoal, id)
		_, got := load(model.KindGoal, id).Lookup(model.KindGoal, id)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("goal %q: error %v, want %v", id, got, want)
		}
	}
	// A file that cannot be read is reported when it is the one shown.
	_, want := full.Lookup(model.KindAgreement, "broken")
	w = load(model.KindAgreement, "broken")
	if _, got := w.Lookup(model.KindAgreement, "broken"); got == nil || got.Error() != want.Error() {
		t.Errorf("agreement broken: error %v, want %v", got, want)
	}
	if d := cmp.Diff(diagsOf(full, "agreements/broken.yaml"), diagsOf(w, "agreements/broken.yaml")); d != "" {
		t.Errorf("agreement broken: diags (-full +partial):\n%s", d)
	}
}

// TestLoadForFolders: a missing folder holds nothing, an unreadable one
// (here a file where the folder should be) is reported as Load reports it,
// and a symbolic link or a folder among the candidates is reported too.
func TestLoadForFolders(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"collab.yaml":      "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: w, title: W}\n",
		"teams/sales.yaml": "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: sam@x.example\n  members: [{email: sam@x.example}]\n",
		"maps":             "not a folder\n",
	}
	if err := wsgen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "goals", "dir.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../teams/sales.yaml", filepath.Join(dir, "goals", "link.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	w, err := LoadFor(dir, model.KindTeam, "sales")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if d := cmp.Diff(diagsOf(full, ""), diagsOf(w, "")); d != "" {
		t.Errorf("team sales: diags (-full +partial):\n%s", d)
	}
	if w.Teams["sales"] == nil {
		t.Error("team sales not loaded")
	}
}

func diagFiles(w *Workspace) []string {
	var out []string
	for _, d := range w.Diags {
		if !slices.Contains(out, d.File) {
			out = append(out, d.File)
		}
	}
	return out
}

// diagsOf lists the problems found in file, or in any file for "".
func diagsOf(w *Workspace, file string) []string {
	var out []string
	for _, d := range w.Diags {
		if file == "" || d.File == file {
			out = append(out, d.String())
		}
	}
	return out
}
