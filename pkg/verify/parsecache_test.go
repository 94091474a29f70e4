package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/parsecache"
)

// TestRangeParseCache judges a generated history with the repository's
// parse cache absent, warm, and damaged, and compares the findings with
// judging in order with every version decoded afresh (no cache).
func TestRangeParseCache(t *testing.T) {
	gittest.Hermetic(t)
	dir := genHistory(t, 4, 120)
	judge := func(keep int) diag.List {
		t.Helper()
		repo, err := history.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer repo.Close() // writes the cache
		base, err := repo.Resolve("base")
		if err != nil {
			t.Fatal(err)
		}
		head, err := repo.Head()
		if err != nil {
			t.Fatal(err)
		}
		out, err := judgeRange(repo, base, head, Options{}, -1, keep)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	cache := parsecache.Dir(filepath.Join(dir, ".git"))
	os.RemoveAll(cache)
	want := judge(0)
	if len(want) == 0 {
		t.Fatal("no findings to compare")
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Fatalf("judging afresh used the cache: %v", err)
	}
	listing := func() []string {
		ents, _ := os.ReadDir(cache)
		var out []string
		for _, e := range ents {
			fi, err := e.Info()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, e.Name()+" "+fi.ModTime().String())
		}
		return out
	}
	for _, state := range []string{"absent", "warm", "values", "truncated"} {
		switch state {
		case "values", "truncated":
			ents, _ := os.ReadDir(cache)
			for _, e := range ents {
				if !strings.HasPrefix(e.Name(), "seg-") {
					continue
				}
				p := filepath.Join(cache, e.Name())
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if state == "truncated" {
					b = b[:len(b)*2/3]
				} else {
					for i := len(b) / 2; i < len(b); i += 301 {
						b[i] ^= 0x11
					}
				}
				if err := os.WriteFile(p, b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		before := listing()
		if d := cmp.Diff(want, judge(maxVersions)); d != "" {
			t.Errorf("cache %s: findings differ (-afresh +cached):\n%s", state, d)
		}
		after := listing()
		if len(after) == 0 {
			t.Fatalf("cache %s: nothing written", state)
		}
		if state == "warm" && !cmp.Equal(before, after) {
			t.Errorf("a warm cache was written to: %v -> %v", before, after)
		}
	}
}
