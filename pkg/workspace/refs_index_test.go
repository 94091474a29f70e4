package workspace

import (
	"testing"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

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
