package workspace_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/validate"
	"github.com/collab-tools/collab/pkg/workspace"
)

// acme copies the example workspace into a temp folder, gives the test its
// own cache folder and trusts files as soon as they are written.
func acme(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(workspace.NoCacheEnv, "")
	t.Cleanup(workspace.SetRacyWindow(0))
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	// File times come from a coarse clock: let it pass them.
	time.Sleep(20 * time.Millisecond)
	return dir
}

func loadCached(t *testing.T, dir string) *workspace.Workspace {
	t.Helper()
	w, err := workspace.LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.FS.Close() })
	return w
}

// cached lists the paths whose value came from the cache.
func cached(w *workspace.Workspace) []string {
	var out []string
	for _, e := range w.Files {
		if e.Cached() {
			out = append(out, e.Path)
		}
	}
	return out
}

func values(w *workspace.Workspace) map[string]any {
	out := map[string]any{}
	for _, e := range w.Files {
		out[e.Path] = e.Value
	}
	return out
}

func paths(w *workspace.Workspace) []string {
	var out []string
	for _, e := range w.Files {
		out = append(out, e.Path)
	}
	return out
}

func TestCacheHitGivesTheParsedValues(t *testing.T) {
	dir := acme(t)
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	first := loadCached(t, dir)
	if got := cached(first); len(got) != 0 {
		t.Fatalf("first load: cached %v, want none", got)
	}
	if _, err := os.Stat(workspace.CachePath(dir)); err != nil {
		t.Fatalf("first load wrote no cache: %v", err)
	}
	second := loadCached(t, dir)
	// Every file of the example is clean, including goals with baseline: 0
	// (a pointer to zero) that the encoding must keep apart from no baseline.
	if diff := cmp.Diff(paths(second), cached(second)); diff != "" {
		t.Errorf("second load: not every file came from the cache (-all +cached):\n%s", diff)
	}
	if diff := cmp.Diff(values(fresh), values(second)); diff != "" {
		t.Errorf("cached values differ from parsed ones (-parsed +cached):\n%s", diff)
	}
	if diff := cmp.Diff(fresh.Goals, second.Goals); diff != "" {
		t.Errorf("goal index differs (-parsed +cached):\n%s", diff)
	}
}

func TestCacheLookupParsesTheFileFresh(t *testing.T) {
	dir := acme(t)
	loadCached(t, dir)
	w := loadCached(t, dir)
	e, err := w.Lookup(model.KindGoal, "feature-x-adoption")
	if err != nil {
		t.Fatal(err)
	}
	if e.Doc == nil || e.Cached() {
		t.Fatal("Lookup left the document unparsed")
	}
	data, err := e.Doc.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	disk, err := os.ReadFile(filepath.Join(dir, e.Path))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, disk) {
		t.Errorf("document of %s is not the file on disk", e.Path)
	}
	// Entity does the same; Parsed does it for code that walks Files.
	if e := w.Entity(model.KindTeam, "marketing"); e == nil || e.Doc == nil {
		t.Error("Entity left the document unparsed")
	}
	for _, e := range w.Files {
		if e.Parsed() == nil {
			t.Errorf("%s: Parsed returned nil", e.Path)
		}
	}
}

func TestCacheInvalidation(t *testing.T) {
	const goal = "goals/feature-x-adoption.yaml"
	tests := []struct {
		name   string
		change func(t *testing.T, dir string) // what happens between two loads
		stale  string                         // the path that must be parsed again
	}{
		{"same size, other content", func(t *testing.T, dir string) {
			p := filepath.Join(dir, goal)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// One letter of the title, in place: same size, same inode.
			edited := bytes.Clone(data)
			i := bytes.Index(edited, []byte("use Feature X"))
			edited[i] ^= 0x20 // "Use": swap the case of a letter
			if err := os.WriteFile(p, edited, 0o644); err != nil {
				t.Fatal(err)
			}
		}, goal},
		{"touch", func(t *testing.T, dir string) {
			at := time.Now().Add(-time.Hour)
			if err := os.Chtimes(filepath.Join(dir, goal), at, at); err != nil {
				t.Fatal(err)
			}
		}, goal},
		{"rename", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, goal), filepath.Join(dir, "goals/renamed.yaml")); err != nil {
				t.Fatal(err)
			}
		}, "goals/renamed.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := acme(t)
			loadCached(t, dir)
			tt.change(t, dir)
			time.Sleep(20 * time.Millisecond)
			w := loadCached(t, dir)
			fresh, err := workspace.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, p := range paths(fresh) {
				if p != tt.stale {
					want = append(want, p)
				}
			}
			if diff := cmp.Diff(want, cached(w)); diff != "" {
				t.Errorf("cached files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(values(fresh), values(w)); diff != "" {
				t.Errorf("values differ from a fresh parse (-parsed +cached):\n%s", diff)
			}
			// The next load takes the changed file from the updated cache.
			if diff := cmp.Diff(paths(fresh), cached(loadCached(t, dir))); diff != "" {
				t.Errorf("cache not updated (-all +cached):\n%s", diff)
			}
		})
	}
}

func TestCacheRacyCleanEntryNotTrusted(t *testing.T) {
	dir := acme(t)
	t.Cleanup(workspace.SetRacyWindow(time.Hour)) // every file was changed "just now"
	loadCached(t, dir)
	if got := cached(loadCached(t, dir)); len(got) != 0 {
		t.Errorf("cached %v although their times are within the racy window", got)
	}
	// An entry written while files were old enough is not trusted either
	// once the window says they were recent when the cache was written.
	workspace.SetRacyWindow(0)
	loadCached(t, dir)
	workspace.SetRacyWindow(time.Hour)
	if got := cached(loadCached(t, dir)); len(got) != 0 {
		t.Errorf("trusted racily clean entries %v", got)
	}
}

func TestCacheCorruptedFileIgnored(t *testing.T) {
	for name, junk := range map[string][]byte{
		"garbage":   []byte("not a gob stream\x00\xff"),
		"truncated": nil, // filled below from a real cache
		"empty":     {},
	} {
		t.Run(name, func(t *testing.T) {
			dir := acme(t)
			loadCached(t, dir)
			p := workspace.CachePath(dir)
			if junk == nil {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				junk = data[:len(data)/2]
			}
			if err := os.WriteFile(p, junk, 0o600); err != nil {
				t.Fatal(err)
			}
			w := loadCached(t, dir)
			if got := cached(w); len(got) != 0 {
				t.Errorf("cached %v from a corrupted cache", got)
			}
			if len(w.Goals) != 6 {
				t.Errorf("loaded %d goals, want 6", len(w.Goals))
			}
			if got := cached(loadCached(t, dir)); len(got) != len(w.Files) {
				t.Errorf("cache not rewritten: %d of %d files cached", len(got), len(w.Files))
			}
		})
	}
}

func TestCacheOffWithEnv(t *testing.T) {
	dir := acme(t)
	t.Setenv(workspace.NoCacheEnv, "1")
	loadCached(t, dir)
	if _, err := os.Stat(workspace.CachePath(dir)); !os.IsNotExist(err) {
		t.Errorf("%s=1 still wrote the cache (%v)", workspace.NoCacheEnv, err)
	}
}

func TestCacheFileWithLoadDiagnosticsNotCached(t *testing.T) {
	dir := acme(t)
	bad := "goals/broken.yaml"
	if err := os.WriteFile(filepath.Join(dir, bad), []byte("kind: Goal\nkind: Goal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	loadCached(t, dir)
	w := loadCached(t, dir)
	for _, p := range cached(w) {
		if p == bad {
			t.Fatalf("%s has load diagnostics but came from the cache", bad)
		}
	}
	if len(w.Diags) == 0 {
		t.Errorf("the duplicate key of %s was not reported", bad)
	}
}

// A write validates every file without a schema check or positions outside
// the changed files: on a cached workspace that must find the same
// problems as on a parsed one, and parse nothing to do it.
func TestCacheValidateWithoutPositionsParsesNothing(t *testing.T) {
	dir := acme(t)
	// An error and warnings in files that will come from the cache.
	p := filepath.Join(dir, "goals/qualified-leads.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("id: qualified-leads"), []byte("id: other-id"), 1)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	loadCached(t, dir)
	w := loadCached(t, dir)
	opts := validate.Options{AsOf: "2030-01-01", SchemaFiles: map[string]bool{}, Positions: map[string]bool{}}
	got := validate.Workspace(w, opts)
	if n := len(cached(w)); n != len(w.Files) {
		t.Errorf("validation parsed %d files", len(w.Files)-n)
	}
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := validate.Workspace(fresh, opts)
	if len(want) == 0 || !hasCode(want, validate.CodeIDMismatch) {
		t.Fatalf("fixture found no id-mismatch: %v", want)
	}
	if diff := cmp.Diff(keys(want), keys(got)); diff != "" {
		t.Errorf("diagnostics differ (-parsed +cached):\n%s", diff)
	}
	// With positions, the cached workspace parses the files it reports in
	// and places diagnostics as a parsed one does.
	opts.Positions = nil
	if diff := cmp.Diff(validate.Workspace(fresh, opts), validate.Workspace(loadCached(t, dir), opts)); diff != "" {
		t.Errorf("positioned diagnostics differ (-parsed +cached):\n%s", diff)
	}
}

func hasCode(l diag.List, code string) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}

func keys(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.File+" "+d.Code+" "+d.Message)
	}
	sort.Strings(out)
	return out
}

// gob drops a pointer to a zero value and an empty slice or map (they come
// back nil); the cache must give them back as parsed.
func TestCacheKeepsZeroPointersAndEmptyCollections(t *testing.T) {
	dir := acme(t)
	const rel = "goals/zeros.yaml"
	src := `apiVersion: collab/v1
kind: Goal
metadata:
  id: zeros
  title: Zeros and empties
  labels: {}
spec:
  status: draft
  owner: priya@acme.example
  teams: []
  keyResults:
    - id: kr
      title: From zero
      baseline: 0
      target: 0
      current: 0
      direction: increase
    - id: kr-none
      title: No numbers
  checkins: []
`
	if err := os.WriteFile(filepath.Join(dir, rel), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := fresh.Goals["zeros"]
	if g == nil || g.Spec.Teams == nil || g.Metadata.Labels == nil || g.Spec.KeyResults[0].Baseline == nil || g.Spec.KeyResults[1].Baseline != nil {
		t.Fatalf("fixture does not decode into zeros and empties: %+v", g)
	}
	loadCached(t, dir)
	w := loadCached(t, dir)
	if e := w.Entity(model.KindGoal, "zeros"); e == nil {
		t.Fatal("goal zeros not loaded")
	}
	w = loadCached(t, dir) // Entity parsed it above: load again untouched
	found := false
	for _, p := range cached(w) {
		found = found || p == rel
	}
	if !found {
		t.Errorf("%s did not come from the cache", rel)
	}
	if diff := cmp.Diff(fresh.Goals["zeros"], w.Goals["zeros"]); diff != "" {
		t.Errorf("cached goal differs (-parsed +cached):\n%s", diff)
	}
}

// Right after an edit the file is racily clean: it is parsed, and the cache
// is not rewritten for it until it is old enough to be cached.
func TestCacheNotRewrittenForARacyFile(t *testing.T) {
	dir := acme(t)
	const rel = "goals/qualified-leads.yaml"
	// A window long enough for a file edited now to be racy, short enough
	// for the example's files to have aged past it.
	const window = 150 * time.Millisecond
	t.Cleanup(workspace.SetRacyWindow(window))
	time.Sleep(2 * window)
	loadCached(t, dir)
	before, err := os.ReadFile(workspace.CachePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, rel)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	w := loadCached(t, dir)
	if got, all := cached(w), paths(w); len(got) != len(all)-1 || slices.Contains(got, rel) {
		t.Fatalf("cached right after the edit: %v; want every file but %s", got, rel)
	}
	after, err := os.ReadFile(workspace.CachePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the cache was rewritten for a racily clean file")
	}
	time.Sleep(2 * window)
	loadCached(t, dir) // old enough now: cached
	if got, all := cached(loadCached(t, dir)), paths(w); len(got) != len(all) {
		t.Errorf("%d of %d files cached once the edit aged", len(got), len(all))
	}
}
