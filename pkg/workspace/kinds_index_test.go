package workspace

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// TestLoadKindsKeepsTheIndex: a load of some kinds leaves the index file
// as it is when none of its files changed, rewrites it when one of them
// is gone, and keeps the entries of the other kinds either way.
func TestLoadKindsKeepsTheIndex(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
		t.Fatal(err)
	}
	withIndex(t, dir)
	abs, _ := filepath.Abs(dir)
	p := cachePath(abs)
	read := func() ([]byte, os.FileInfo) {
		t.Helper()
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return data, fi
	}
	load := func(kinds ...model.Kind) *Workspace {
		t.Helper()
		w, err := LoadKinds(dir, kinds...)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		return w
	}
	before, fi := read()
	for _, kinds := range [][]model.Kind{{model.KindAgreement}, {model.KindTeam, model.KindGoal, model.KindAgreement}, {}} {
		load(kinds...)
		after, fi2 := read()
		if !bytes.Equal(before, after) || !os.SameFile(fi, fi2) {
			t.Fatalf("%v: the index was rewritten with no file changed", kinds)
		}
	}
	if err := os.Remove(filepath.Join(dir, "agreements", "a0001.yaml")); err != nil {
		t.Fatal(err)
	}
	load(model.KindAgreement)
	after, _ := read()
	if bytes.Equal(before, after) {
		t.Fatal("the index still holds a file that is gone")
	}
	ix := readCache(abs)
	if ix == nil || ix.entries["agreements/a0001.yaml"] != nil {
		t.Fatal("the index still holds agreements/a0001.yaml")
	}
	// The goals, teams and maps the load did not read are still indexed.
	w, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, e := range w.Files[1:] {
		if !e.Cached() {
			t.Errorf("%s: not from the index after a load of agreements", e.Path)
		}
	}
}
