package workspace

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// naiveClosure is Affected's closure as first written: every file's words
// (computed afresh) against every seed, until a pass adds nothing.
func naiveClosure(w *Workspace, paths, seeds map[string]bool) map[string]bool {
	for grew := true; grew; {
		grew = false
		for _, e := range w.Files {
			if paths[e.Path] {
				continue
			}
			for _, t := range wordsOf(e.Value) {
				if seeds[t] {
					paths[e.Path] = true
					if !seeds[e.ID] {
						seeds[e.ID] = true
						grew = true
					}
					break
				}
			}
		}
	}
	return paths
}

// Affected, with words decoded from the index and each pass looking only
// for the seeds the one before added, finds what the plain closure finds.
func TestAffectedWithIndexedHashes(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	defer SetRacyWindow(-1 << 62)()
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(600)); err != nil {
		t.Fatal(err)
	}
	w0, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	w0.Close()
	w, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	indexed := 0
	for _, e := range w.Files {
		if e.ix != nil {
			indexed++
		}
	}
	if indexed != len(w.Files) {
		t.Fatalf("%d of %d files from the index", indexed, len(w.Files))
	}
	for _, p := range []string{"goals/g0001.yaml", "goals/g0120.yaml", "agreements/a0003.yaml", "teams/t005.yaml"} {
		var e *Entity
		for _, x := range w.Files {
			if x.Path == p {
				e = x
			}
		}
		if e == nil {
			t.Fatalf("no %s", p)
		}
		got, all := w.Affected(map[string]*Entity{p: e})
		if all {
			t.Fatalf("%s: all files", p)
		}
		want := naiveClosure(w, map[string]bool{p: true}, map[string]bool{e.ID: true})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: affected (-plain +filtered):\n%s", p, diff)
		}
		if len(got) < 2 {
			t.Errorf("%s: only %d affected; the test needs references", p, len(got))
		}
	}
}

// The scan of an entry's encoded words rules out exactly the entities
// whose decoded words hold none of the set, including for a set's word
// that is only part of a word ("g000") or a word's prefix length byte.
func TestNamesAnyScanAgreesWithDecodedWords(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	defer SetRacyWindow(-1 << 62)()
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(300)); err != nil {
		t.Fatal(err)
	}
	w0, err := LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	w0.Close()
	sets := [][]string{{"g0001"}, {"g000"}, {"t002", "a0007"}, {"p002-3@acme.example"}, {"acme"}, {"active"}, {"no-such-word"}}
	for _, set := range sets {
		m := map[string]bool{}
		for _, s := range set {
			m[s] = true
		}
		scanned, err := LoadCached(dir) // words still encoded
		if err != nil {
			t.Fatal(err)
		}
		hits := 0
		for _, e := range scanned.Files {
			if e.ix == nil {
				t.Fatalf("%s not from the index", e.Path)
			}
			got := e.namesAny(m, encodedWords(m))
			want := false
			for _, x := range wordsOf(e.Value) {
				want = want || m[x]
			}
			if got != want {
				t.Errorf("%v in %s: scan says %v, words say %v", set, e.Path, got, want)
			}
			if got {
				hits++
			}
		}
		scanned.Close()
		if set[0] == "g0001" && hits < 2 {
			t.Errorf("%v: %d hits; the test needs references", set, hits)
		}
	}
}
