package workspace_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// LoadForWrite writes the index when the write is done: the files the
// write changes get no new entry (no rewrite for them alone), the others
// do, and what the command did to the values meanwhile never reaches it.
func TestLoadForWriteIndexesWhenDone(t *testing.T) {
	dir := acme(t)
	const window = 150 * time.Millisecond
	t.Cleanup(workspace.SetRacyWindow(window))
	const rel = "goals/qualified-leads.yaml"
	edit := func() {
		t.Helper()
		p := filepath.Join(dir, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(data, "# edited\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * window) // aged: indexed by the next load
	}
	load := func() (*workspace.Workspace, func([]string)) {
		t.Helper()
		w, done, err := workspace.LoadForWrite(dir)
		if err != nil {
			t.Fatal(err)
		}
		return w, done
	}
	time.Sleep(2 * window)
	loadCached(t, dir)
	index := func() []byte {
		t.Helper()
		data, err := os.ReadFile(workspace.CachePath(dir))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	// The file the write changes: no rewrite, and it is parsed next time.
	edit()
	before := index()
	w, done := load()
	done([]string{rel})
	if !bytes.Equal(before, index()) {
		t.Error("the index was rewritten for the file the write changes")
	}
	if got := cached(loadCached(t, dir)); slices.Contains(got, rel) || len(got) != len(paths(w))-1 {
		t.Errorf("after a write of %s: cached %v", rel, got)
	}

	// Another file: indexed, from the values as loaded.
	edit()
	w, done = load()
	e := w.Entity(model.KindGoal, "qualified-leads")
	e.Value.(*model.Goal).Metadata.Title = "changed in memory only"
	w.Replace(rel, []byte("kind: Goal\n"))
	done([]string{"goals/other.yaml"})
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	next := loadCached(t, dir)
	if diff := cmp.Diff(paths(fresh), cached(next)); diff != "" {
		t.Errorf("index not complete (-all +cached):\n%s", diff)
	}
	if diff := cmp.Diff(values(fresh), values(next)); diff != "" {
		t.Errorf("indexed values differ from a fresh parse (-parsed +indexed):\n%s", diff)
	}
}
