package change

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// A write judges its change from the workspace index, checking only the
// files the change can reach (workspace.Reach). Its verdict must be the
// one of judging the files as parsed from disk, every one of them: the
// same errors refuse it and the same warnings are shown. Both are run on
// acme and on a generated workspace, each with errors planted before the
// index is written (broken references, a parent cycle, a duplicate id, an
// owner outside the party) and hand edits after it (one keeping the
// file's size and modification time), for edits that swap each id a file
// names for another id of its kind or an unknown one, drop a member,
// change a status or break the YAML.
func TestIncrementalVerdictIsTheWholeVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("judges every edit twice")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(workspace.NoCacheEnv, "")
	acme := map[string]string{}
	err := fs.WalkDir(os.DirFS("../../examples/acme"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(filepath.Join("../../examples/acme", p))
		acme[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	gen := wsgen.Files(160)
	plant := func(files map[string]string, p, old, new string) {
		if !strings.Contains(files[p], old) {
			t.Fatalf("%s holds no %q", p, old)
		}
		files[p] = strings.Replace(files[p], old, new, 1)
	}
	// Planted before the index is written.
	plant(gen, "goals/g0001.yaml", "status: active", "status: active\n  parent: g0013") // g0013's parent is g0001: a cycle
	plant(gen, "goals/g0015.yaml", "parent: g0001", "parent: g9999")                    // unknown parent
	plant(gen, "goals/g0003.yaml", "status: active", "status: active\n  parent: g0014") // g0003 -> g0014 -> g0001
	plant(gen, "agreements/a0004.yaml", "goals: [g0004]", "goals: [g0004, g8888]")
	plant(gen, "agreements/a0005.yaml", "id: a0005,", "id: a0006,") // duplicate id
	plant(gen, "agreements/a0006.yaml", "owner: p006-1@acme.example}", "owner: p040-1@acme.example}")
	plant(gen, "agreements/a0008.yaml", "status: active", "status: superseded\n  supersededBy: a0009")
	plant(gen, "maps/m0003.yaml", "subject: agreement/a0003", "subject: agreement/a7777")
	plant(acme, "goals/core-sku-in-stock.yaml", "kind: Goal", "kind: Goal\n# planted")

	for _, tc := range []struct {
		name  string
		files map[string]string
		every int // judge the edits of every n-th file
	}{
		{"acme", acme, 1},
		{"generated", gen, 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := wsgen.Write(dir, tc.files); err != nil {
				t.Fatal(err)
			}
			// Files newer than 2 s are not indexed: let them age, then
			// write the index.
			old := time.Now().Add(-time.Hour)
			for p := range tc.files {
				if err := os.Chtimes(filepath.Join(dir, p), old, old); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(2100 * time.Millisecond)
			for range 2 {
				w, err := workspace.LoadCached(dir)
				if err != nil {
					t.Fatal(err)
				}
				w.Close()
			}
			files := handEdits(t, dir, tc.files)
			w, err := workspace.LoadCached(dir)
			if err != nil {
				t.Fatal(err)
			}
			indexed := 0
			for _, e := range w.Files {
				if e.Cached() {
					indexed++
				}
			}
			w.Close()
			if indexed < len(files)/2 {
				t.Fatalf("%d of %d files from the index", indexed, len(files))
			}
			refusedElsewhere, refusedAt, accepted := 0, 0, 0
			for _, f := range mutations(files, tc.every) {
				full := verdictOf(t, dir, f, false)
				inc := verdictOf(t, dir, f, true)
				if d := cmp.Diff(full, inc); d != "" {
					t.Fatalf("%s %s: the incremental verdict differs (-whole +incremental):\n%s", f.Path, f.what, d)
				}
				switch {
				case len(full.Errors) == 0:
					accepted++
				case slices.ContainsFunc(full.Errors, func(d diag.Diagnostic) bool { return d.File != f.Path }):
					refusedElsewhere++
				default:
					refusedAt++
				}
			}
			t.Logf("%d edits accepted, %d refused for errors in the file, %d for errors caused elsewhere", accepted, refusedAt, refusedElsewhere)
			if accepted == 0 || refusedAt == 0 || refusedElsewhere == 0 {
				t.Errorf("the edits must include accepted ones and ones refused for both reasons")
			}
		})
	}
}

// handEdits changes files after the index was written, as a user's editor
// would: one plainly, one keeping its size and modification time. It
// returns the files as they are now.
func handEdits(t *testing.T, dir string, files map[string]string) map[string]string {
	t.Helper()
	now := map[string]string{}
	for p, s := range files {
		now[p] = s
	}
	edit := func(p, old, new string, keepTimes bool) {
		s := now[p]
		if !strings.Contains(s, old) {
			t.Fatalf("%s holds no %q", p, old)
		}
		s = strings.Replace(s, old, new, 1)
		full := filepath.Join(dir, p)
		fi, err := os.Stat(full)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if keepTimes {
			if err := os.Chtimes(full, fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
		}
		now[p] = s
	}
	if _, ok := files["goals/g0005.yaml"]; ok {
		edit("goals/g0005.yaml", "teams: [t005, t006]", "teams: [t005, t666]", false)
		edit("goals/g0007.yaml", "teams: [t007, t008]", "teams: [t008, t007]", true) // same size
	} else {
		edit("goals/qualified-leads.yaml", "kind: Goal", "kind: Goal\n# edited by hand", false)
		edit("goals/feature-x-adoption.yaml", "kind: Goal", "kind: Goal", true)
	}
	return now
}

// mutation is an edit of one file, named for the failure message.
type mutation struct {
	File
	what string
}

var idWord = regexp.MustCompile(`[a-z0-9][a-z0-9-]*(@[a-z0-9.-]+)?`)

// mutations returns edits of every n-th entity file (collab.yaml and
// added or removed files check every file anyway): each id the file names
// swapped for the next id of its kind or for an unknown one, a member
// dropped, a status changed, the YAML broken.
func mutations(files map[string]string, n int) []mutation {
	ids := map[string]model.Kind{}
	byKind := map[model.Kind][]string{}
	for p, s := range files {
		if k, id, ok := model.ParsePath(p); ok && k != model.KindWorkspace {
			ids[id] = k
			byKind[k] = append(byKind[k], id)
		}
		if k, _, _ := model.ParsePath(p); k == model.KindTeam {
			for _, m := range regexp.MustCompile(`email: ([^,}\s]+)`).FindAllStringSubmatch(s, -1) {
				ids[m[1]] = "person"
				byKind["person"] = append(byKind["person"], m[1])
			}
		}
	}
	for _, l := range byKind {
		slices.Sort(l)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		if p != workspace.ConfigFile {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	var out []mutation
	add := func(p, what, s string) {
		if s != files[p] {
			out = append(out, mutation{File{Path: p, Data: []byte(s)}, what})
		}
	}
	for i, p := range paths {
		// Goals are all edited: parent chains run through several files.
		sampled := i%n == 0
		k, _, _ := model.ParsePath(p)
		if !sampled && k != model.KindGoal {
			continue
		}
		s := files[p]
		_, self, _ := model.ParsePath(p)
		if k == model.KindGoal {
			// A parent below the goal, a child or further down: a cycle
			// through files the edit does not touch.
			depth := map[string]int{self: 0}
			for queue := []string{self}; len(queue) > 0; queue = queue[1:] {
				for _, q := range paths {
					_, id, _ := model.ParsePath(q)
					if _, ok := depth[id]; !ok && strings.Contains(files[q], "parent: "+queue[0]+"\n") {
						depth[id] = depth[queue[0]] + 1
						queue = append(queue, id)
					}
				}
			}
			for id, d := range depth {
				if d == 0 || d > 3 {
					continue
				}
				with := regexp.MustCompile(`(?m)^  parent: .*\n`).ReplaceAllString(s, "")
				add(p, fmt.Sprintf("parent -> %s, %d below", id, d), strings.Replace(with, "spec:\n", "spec:\n  parent: "+id+"\n", 1))
			}
		}
		if !sampled {
			continue
		}
		seen := map[string]bool{}
		for _, loc := range idWord.FindAllStringIndex(s, -1) {
			word := s[loc[0]:loc[1]]
			k, ok := ids[word]
			if !ok || word == self || seen[word] {
				continue
			}
			seen[word] = true
			l := byKind[k]
			j, _ := slices.BinarySearch(l, word)
			next := l[(j+1)%len(l)]
			add(p, fmt.Sprintf("%s -> %s", word, next), s[:loc[0]]+next+s[loc[1]:])
			add(p, fmt.Sprintf("%s -> unknown", word), s[:loc[0]]+"zz-"+word+s[loc[1]:])
		}
		if k, _, _ := model.ParsePath(p); k == model.KindTeam {
			lines := strings.SplitAfter(s, "\n")
			for j, l := range lines {
				if strings.Contains(l, "email:") && !strings.Contains(l, "-0@") {
					add(p, "member dropped", strings.Join(slices.Delete(slices.Clone(lines), j, j+1), ""))
					break
				}
			}
		}
		if k, _, _ := model.ParsePath(p); k == model.KindAgreement {
			lines := strings.SplitAfter(s, "\n")
			for j, l := range lines {
				if strings.Contains(l, "{party:") && strings.Contains(l, "by:") {
					add(p, "acceptance dropped", strings.Join(slices.Delete(slices.Clone(lines), j, j+1), ""))
					break
				}
			}
		}
		for _, st := range [][2]string{{"status: active", "status: draft"}, {"status: active", "status: proposed"}} {
			add(p, st[1], strings.Replace(s, st[0], st[1], 1))
		}
		add(p, "metadata.id of another file", regexp.MustCompile(`id: `+regexp.QuoteMeta(self)+`\b`).ReplaceAllString(s, "id: "+path.Base(paths[(i+1)%len(paths)][:len(paths[(i+1)%len(paths)])-5])))
		add(p, "broken YAML", strings.Replace(s, "spec:", "spec: [", 1))
	}
	return out
}

// judged is a verdict as a user sees it.
type judged struct {
	Errors, Warnings diag.List
}

// verdictOf judges f on the workspace at dir: incremental, as a write
// does (from the index, checking what the change can reach), or whole
// (every file parsed from disk and checked).
func verdictOf(t *testing.T, dir string, f mutation, incremental bool) judged {
	t.Helper()
	load := workspace.Load
	if incremental {
		load = workspace.LoadCached
	}
	w, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if incremental {
		// As a command does: the file it edits is looked up, so parsed.
		k, id, _ := model.ParsePath(f.Path)
		w.Entity(k, id)
	}
	data, err := os.ReadFile(filepath.Join(dir, f.Path))
	prev := map[string]onDisk{f.Path: {data, err == nil}}
	res := &Result{}
	_, errs := verdict(w, []File{f.File}, prev, model.Date("2026-03-10"), incremental, res)
	return judged{errs, res.Warnings}
}
