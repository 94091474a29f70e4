package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// diskReads counts, by folder, the files partial loads read from disk
// until the returned func is called.
func diskReads(t *testing.T) (counts func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]int{}
	onDiskRead = func(rel string) {
		folder, _, _ := strings.Cut(rel, "/")
		mu.Lock()
		seen[folder]++
		mu.Unlock()
	}
	t.Cleanup(func() { onDiskRead = nil })
	return func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := seen
		seen = map[string]int{}
		return out
	}
}

// TestLoadForIndexesWhatItReads: after a load of teams, goals and
// agreements (what collab status reads), the first team load scans the
// maps from disk and adds them to the index; the second reads no file
// of the scanned folders from disk and finds the same maps. A map edited
// by hand afterwards is read again, and seen.
func TestLoadForIndexesWhatItReads(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	t.Cleanup(SetRacyWindow(0))
	w, err := LoadKinds(dir, model.KindTeam, model.KindGoal, model.KindAgreement)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	abs, _ := filepath.Abs(dir)
	if n := readCache(abs).inFolder["maps"]; n != 0 {
		t.Fatalf("%d maps indexed before the show", n)
	}
	nMaps := len(yamlNames(t, filepath.Join(dir, "maps")))
	reads := diskReads(t)
	load := func() *Workspace {
		t.Helper()
		w, err := LoadFor(dir, model.KindTeam, "t001")
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		return w
	}

	first := load()
	if got := reads(); got["maps"] != nMaps || got["goals"] != 0 || got["agreements"] != 0 {
		t.Errorf("first load read %v from disk, want the %d maps only (and the team)", got, nMaps)
	}
	if n := readCache(abs).inFolder["maps"]; n != nMaps {
		t.Errorf("%d of %d maps indexed after the first load", n, nMaps)
	}
	second := load()
	if got := reads(); got["maps"] != 0 || got["goals"] != 0 || got["agreements"] != 0 {
		t.Errorf("second load read %v from disk, want none of the scanned folders", got)
	}
	if len(second.Maps) == 0 || len(second.Maps) != len(first.Maps) {
		t.Fatalf("second load found %d maps, the first %d", len(second.Maps), len(first.Maps))
	}
	for id, m := range first.Maps {
		sameSubset(t, "second load", map[string]*model.StakeholderMap{id: m}, second.Maps)
	}

	// A map that does not name the team, edited by hand to name it.
	var edited string
	for _, n := range yamlNames(t, filepath.Join(dir, "maps")) {
		if id := strings.TrimSuffix(n, ".yaml"); second.Maps[id] == nil {
			edited = id
			break
		}
	}
	file := filepath.Join(dir, "maps", edited+".yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(src, "    - {team: t001, roles: [expert], raci: I}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	third := load()
	if got := reads(); got["maps"] != 1 || got["goals"] != 0 || got["agreements"] != 0 {
		t.Errorf("load after the edit read %v from disk, want the edited map only", got)
	}
	if m := third.Maps[edited]; m == nil || m.Spec.Stakeholders[len(m.Spec.Stakeholders)-1].Team != "t001" {
		t.Errorf("map %s edited to name t001: %+v", edited, m)
	}
	load()
	if got := reads(); got["maps"] != 0 {
		t.Errorf("load after the edit was indexed read %v from disk", got)
	}
}

// TestLoadForRacyNotIndexed: a file changed within the racy window of the
// load is read, and left out of the index; the index is not rewritten
// for it.
func TestLoadForRacyNotIndexed(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	restore := SetRacyWindow(0)
	w, err := LoadKinds(dir, model.KindTeam, model.KindGoal, model.KindAgreement)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	restore()
	// Every file is now recent: none is trusted or indexed.
	t.Cleanup(SetRacyWindow(time.Hour))
	p := CachePath(dir)
	before, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	reads := diskReads(t)
	for range 2 {
		w, err := LoadFor(dir, model.KindTeam, "t001")
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		if got := reads(); got["maps"] == 0 || got["goals"] == 0 {
			t.Errorf("load read %v from disk, want every scanned folder", got)
		}
	}
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("the index was rewritten for files within the racy window")
	}
}

func yamlNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".yaml") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestInWords: an index entry's encoded words are found to hold every
// pattern word among them; walked (three words or more), exactly those,
// whatever their lengths, and a list cut short says yes.
func TestInWords(t *testing.T) {
	encode := func(words []string) decoder {
		e := &encoder{}
		stringsPlan().enc(e, unsafe.Pointer(&words))
		return decoder{data: string(e.buf), end: len(e.buf)}
	}
	long := strings.Repeat("x", 300)
	lists := [][]string{
		nil,
		{},
		{"t001"},
		{"acme", "example", "p001-1", "p001-1@acme.example", "t001", "t0010"},
		{"goal", "goal/g1", "g1", long, "Worried about load."},
	}
	patterns := [][]string{
		{"t001"},
		{"t00"},
		{"t0010", "p001-1@acme.example"},
		{"g1"},
		{long},
		{long + "y"},
		{"Worried about load."},
		{"about"},
	}
	for _, l := range lists {
		d := encode(l)
		for _, ws := range patterns {
			want := false
			for _, w := range ws {
				want = want || slices.Contains(l, w)
			}
			// One or two words are searched for: never missed.
			if want && !newWordPattern(ws).inWords(d) {
				t.Errorf("words %q, pattern %q: inWords = false, want true", l, ws)
			}
			// More are compared exactly, walking the list.
			walked := append(slices.Clone(ws), "zz1", "zz2")
			if got := newWordPattern(walked).inWords(d); got != want {
				t.Errorf("words %q, pattern %q: inWords = %v, want %v", l, walked, got, want)
			}
		}
		if len(l) > 0 {
			cut := d
			cut.end--
			if !newWordPattern([]string{"zz1", "zz2", "zz3"}).inWords(cut) {
				t.Errorf("words %q cut short: inWords = false, want true", l)
			}
		}
	}
}

// TestLoadForConcurrent: shows and lists writing the index at once each
// see the workspace as it is, and leave an index that reads back whole.
func TestLoadForConcurrent(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	t.Cleanup(SetRacyWindow(0))
	want, err := LoadFor(dir, model.KindTeam, "t001")
	if err != nil {
		t.Fatal(err)
	}
	want.Close()
	if err := os.Remove(CachePath(dir)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if i%3 == 2 {
					w, err := LoadKinds(dir, model.KindGoal)
					if err != nil {
						t.Error(err)
						return
					}
					w.Close()
					continue
				}
				w, err := LoadFor(dir, model.KindTeam, "t001")
				if err != nil {
					t.Error(err)
					return
				}
				w.Close()
				if len(w.Maps) != len(want.Maps) || len(w.Goals) != len(want.Goals) || len(w.Agreements) != len(want.Agreements) {
					t.Errorf("concurrent load found %d maps, %d goals, %d agreements; want %d, %d, %d",
						len(w.Maps), len(w.Goals), len(w.Agreements), len(want.Maps), len(want.Goals), len(want.Agreements))
				}
			}
		}()
	}
	wg.Wait()
	abs, _ := filepath.Abs(dir)
	if readCache(abs) == nil {
		t.Error("no index that reads back after concurrent loads")
	}
}
