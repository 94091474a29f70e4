package commitgraph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// Paths with folders at several depths, and names with bytes above 0x7f,
// which version 1 filters hashed sign-extended.
var historyFiles = []string{
	"agreements/a.yaml", "agreements/b.yaml", "teams/t.yaml", "collab.yaml",
	"maps/deep/er/m.yaml", "caf\xc3\xa9/\xc3\xa9t\xc3\xa9.yaml", "\xff\xfe/x\x80.yaml", "caf\xc3\xa9/plain.yaml",
}

// gitWritesVersion reports whether the git on PATH writes changed-path
// filters of the given version.
func gitWritesVersion(t *testing.T, version int) bool {
	t.Helper()
	dir := gittest.NewRepo(t, map[string]string{"\xc3\xa9.txt": "x\n"})
	gittest.Run(t, dir, "-c", "commitGraph.changedPathsVersion="+strconv.Itoa(version), "commit-graph", "write", "--reachable", "--changed-paths")
	g, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	return g.bloom != nil && g.bloom.version == uint32(version)
}

// commitInfo is what git says about a commit.
type commitInfo struct {
	tree    string
	parents []string
	time    int64
	changed map[string]bool // paths changed against the first parent, and their folders
}

// gitHistory lists every commit reachable from any ref with what git log
// says about it: tree, parents, committer date and changed paths.
func gitHistory(t *testing.T, dir string) (map[string]*commitInfo, map[string]bool) {
	t.Helper()
	out := gittest.Run(t, dir, "-c", "core.quotePath=false", "log", "--all", "--no-renames",
		"--diff-merges=first-parent", "--name-only", "--format=%x01%H %T %ct%x02%P")
	commits := map[string]*commitInfo{}
	paths := map[string]bool{"nowhere.yaml": true, "agreements/none.yaml": true, "caf\xc3\xa9/none": true}
	for _, rec := range strings.Split(out, "\x01")[1:] {
		head, files, _ := strings.Cut(rec, "\n")
		fields, parents, _ := strings.Cut(head, "\x02")
		f := strings.Fields(fields)
		ct, _ := strconv.ParseInt(f[2], 10, 64)
		c := &commitInfo{tree: f[1], parents: strings.Fields(parents), time: ct, changed: map[string]bool{}}
		for _, p := range gittest.Lines(files) {
			if p == "" {
				continue
			}
			for {
				c.changed[p] = true
				paths[p] = true
				i := strings.LastIndexByte(p, '/')
				if i < 0 {
					break
				}
				p = p[:i]
			}
		}
		commits[f[0]] = c
	}
	return commits, paths
}

// checkAgainstGit checks every commit of the graph in dir against git's own
// view: tree, parents, date, generation, and for every path ever changed
// (and its folders) that the filter never says "no" when the commit changed
// it. It returns how many (commit, unchanged path) pairs the filters ruled
// out, and how many there were.
func checkAgainstGit(t *testing.T, dir string) (no, unchanged int) {
	t.Helper()
	g, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	commits, paths := gitHistory(t, dir)
	if g.Len() != len(commits) {
		t.Errorf("graph holds %d commits; git log lists %d", g.Len(), len(commits))
	}
	queries := map[string]*Query{}
	for p := range paths {
		queries[p] = g.Query(p)
	}
	gen := map[string]uint32{}
	var generation func(h string) uint32
	generation = func(h string) uint32 {
		if v, ok := gen[h]; ok {
			return v
		}
		v := uint32(0)
		for _, p := range commits[h].parents {
			v = max(v, generation(p))
		}
		gen[h] = v + 1
		return v + 1
	}
	for h, want := range commits {
		pos, ok := g.Lookup(plumbing.NewHash(h))
		if !ok {
			t.Errorf("%s is not in the graph", h[:7])
			continue
		}
		if got, _ := g.Hash(pos); got.String() != h {
			t.Errorf("Hash(Lookup(%s)) = %s", h[:7], got)
		}
		c, err := g.Commit(pos)
		if err != nil {
			t.Fatal(err)
		}
		var parents []string
		for _, p := range c.Parents {
			ph, _ := g.Hash(p)
			parents = append(parents, ph.String())
		}
		got := fmt.Sprintf("tree %s parents %v time %d generation %d", c.Tree, parents, c.Time, c.Generation)
		wantS := fmt.Sprintf("tree %s parents %v time %d generation %d", want.tree, want.parents, want.time, generation(h))
		if got != wantS {
			t.Errorf("commit %s:\n got %s\nwant %s", h[:7], got, wantS)
		}
		for p, q := range queries {
			maybe := g.MaybeChanged(pos, q)
			switch {
			case want.changed[p] && !maybe:
				t.Errorf("commit %s changed %q but its filter says it did not", h[:7], p)
			case !want.changed[p]:
				unchanged++
				if !maybe {
					no++
				}
			}
		}
	}
	return no, unchanged
}

// TestFiltersAgainstGit reads graphs and changed-path filters written by
// the real git, in both versions, as one file and as a chain of layers.
func TestFiltersAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	for _, version := range []int{1, 2} {
		if !gitWritesVersion(t, version) {
			t.Logf("this git does not write version %d changed-path filters; skipping them", version)
			continue
		}
		for _, split := range []bool{false, true} {
			t.Run(fmt.Sprintf("version %d split %v", version, split), func(t *testing.T) {
				cfg := []string{"-c", "commitGraph.changedPathsVersion=" + strconv.Itoa(version)}
				for seed := int64(1); seed <= 3; seed++ {
					dir := gittest.NewRepo(t, nil)
					gittest.FastImport(t, dir, gittest.RandomHistory(seed, 150, historyFiles))
					gittest.Run(t, dir, "checkout", "-q", "main")
					write := append(cfg, "commit-graph", "write", "--reachable", "--changed-paths")
					if split {
						write = append(write, "--split=no-merge")
					}
					gittest.Run(t, dir, write...)
					if split {
						for i, f := range []string{"agreements/a.yaml", "caf\xc3\xa9/new.yaml", "teams/t.yaml"} {
							gittest.Write(t, dir, f, fmt.Sprintf("layer two %d\n", i))
							gittest.Run(t, dir, "add", "-A")
							gittest.Run(t, dir, "commit", "-q", "-m", "layer two")
						}
						gittest.Run(t, dir, write...)
						chain := gittest.Lines(readFile(t, filepath.Join(dir, ".git/objects/info/commit-graphs/commit-graph-chain")))
						if len(chain) != 2 {
							t.Fatalf("chain of %d layers; want 2", len(chain))
						}
					}
					no, unchanged := checkAgainstGit(t, dir)
					// Filters that rule nothing out would pass the check above.
					if no < unchanged/2 {
						t.Errorf("seed %d: the filters ruled out %d of %d unchanged paths; want most", seed, no, unchanged)
					}
				}
			})
		}
	}
}

// TestSpecialFilters covers the filters that hold no keys: a commit with no
// change (all zeros: nothing changed), one with more than 512 changes (all
// ones: anything may have), and one whose filter git did not compute
// (length zero: maybe).
func TestSpecialFilters(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, map[string]string{"a.yaml": "a\n"})
	gittest.Run(t, dir, "commit", "-q", "--allow-empty", "-m", "empty")
	empty := strings.TrimSpace(gittest.Run(t, dir, "rev-parse", "HEAD"))
	for i := range 600 {
		gittest.Write(t, dir, fmt.Sprintf("many/f%03d", i), "x\n")
	}
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-q", "-m", "many")
	many := strings.TrimSpace(gittest.Run(t, dir, "rev-parse", "HEAD"))
	gittest.Run(t, dir, "commit-graph", "write", "--reachable", "--changed-paths")
	gittest.Write(t, dir, "b.yaml", "b\n")
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-q", "-m", "later")
	later := strings.TrimSpace(gittest.Run(t, dir, "rev-parse", "HEAD"))
	gittest.Run(t, dir, "commit-graph", "write", "--reachable", "--changed-paths", "--max-new-filters=0")

	g, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range []string{empty, many, later} {
		pos, ok := g.Lookup(plumbing.NewHash(h))
		if !ok {
			t.Fatalf("%s not in the graph", h)
		}
		f, ok := g.filter(pos)
		got = append(got, fmt.Sprintf("%x %v a.yaml:%v elsewhere:%v", f, ok,
			g.MaybeChanged(pos, g.Query("a.yaml")), g.MaybeChanged(pos, g.Query("elsewhere/x.yaml"))))
	}
	want := []string{
		"00 true a.yaml:false elsewhere:false",
		"ff true a.yaml:true elsewhere:true",
		" false a.yaml:true elsewhere:true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("filters of the empty, the 600-file and the uncomputed commit (-want +got):\n%s", diff)
	}
	if !g.MaybeChanged(0, g.Query("")) {
		t.Error(`the whole tree ("") must always be maybe`)
	}
}

// TestMurmur3 checks the hash and the keys against the values git's own
// test suite expects (t0095-bloom.sh).
func TestMurmur3(t *testing.T) {
	hashes := []struct {
		in   string
		want uint32
	}{
		{"", 0},
		{"Hello world!", 0x627b0c2c},
		{"The quick brown fox jumps over the lazy dog", 0x2e4ff723},
		{"\x99\xaa\xbb\xcc\xdd\xee\xff", 0xa183ccfd}, // version 2: bytes unsigned
	}
	for _, h := range hashes {
		if got := murmur3(0, h.in, false); got != h.want {
			t.Errorf("murmur3(0, %q) = %#08x; want %#08x", h.in, got, h.want)
		}
	}
	// Filters of one path, two bytes long, with 7 hashes.
	filters := []struct {
		path   string
		hashes []uint32
		filter []byte
	}{
		{"", []uint32{0x5615800c, 0x5b966560, 0x61174ab4, 0x66983008, 0x6c19155c, 0x7199fab0, 0x771ae004}, []byte{0x11, 0x11}},
		{" ", []uint32{0xf178874c, 0x5f3d6eb6, 0xcd025620, 0x3ac73d8a, 0xa88c24f4, 0x16510c5e, 0x8415f3c8}, []byte{0x51, 0x55}},
		{"Hello world!", []uint32{0xb270de9b, 0x1bb6f26e, 0x84fd0641, 0xee431a14, 0x57892de7, 0xc0cf41ba, 0x2a15558d}, []byte{0x92, 0x6c}},
		{"file.txt", []uint32{0x20ab385b, 0xf5237fe2, 0xc99bc769, 0x9e140ef0, 0x728c5677, 0x47049dfe, 0x1b7ce585}, []byte{0xa5, 0x4a}},
	}
	s := settings{version: 1, hashes: 7}
	for _, f := range filters {
		k := newKey(f.path, s, true)
		if diff := cmp.Diff(f.hashes, []uint32(k)); diff != "" {
			t.Errorf("key of %q (-want +got):\n%s", f.path, diff)
		}
		// The filter is exactly the key's bits: each is set, and clearing
		// any set bit makes the key absent.
		if !containsAll(f.filter, []key{k}) {
			t.Errorf("filter %x does not contain %q", f.filter, f.path)
		}
		for i := range len(f.filter) * 8 {
			if f.filter[i/8]&(1<<(i%8)) == 0 {
				continue
			}
			cleared := append([]byte(nil), f.filter...)
			cleared[i/8] &^= 1 << (i % 8)
			if containsAll(cleared, []key{k}) {
				t.Errorf("filter %x without bit %d still contains %q", f.filter, i, f.path)
			}
		}
	}
	// Version 1 sign-extends bytes above 0x7f; ASCII hashes the same.
	if murmur3(seed0, "\xc3\xa9", true) == murmur3(seed0, "\xc3\xa9", false) {
		t.Error("signed and unsigned hashing agree on bytes above 0x7f")
	}
	if murmur3(seed0, "plain", true) != murmur3(seed0, "plain", false) {
		t.Error("signed and unsigned hashing differ on ASCII")
	}
}

// TestKeysOfFolders: a path is looked up with the keys of every folder
// above it, deepest first, as git adds them to the filters.
func TestKeysOfFolders(t *testing.T) {
	s := settings{version: 2, hashes: 7}
	var got [][]uint32
	for _, k := range keys("a/bc/d.yaml", s, false) {
		got = append(got, k)
	}
	var want [][]uint32
	for _, p := range []string{"a/bc/d.yaml", "a/bc", "a"} {
		want = append(want, newKey(p, s, false))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}

// TestOpenErrors: no graph is ErrNotFound; a damaged file or chain is an
// error or a shorter chain, never a crash.
func TestOpenErrors(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, map[string]string{"a.yaml": "a\n"})
	objects := filepath.Join(dir, ".git", "objects")
	if _, err := Open(objects); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Open without a graph: %v; want ErrNotFound", err)
	}
	gittest.Run(t, dir, "commit-graph", "write", "--reachable", "--changed-paths", "--split")
	gittest.Run(t, dir, "commit", "-q", "--allow-empty", "-m", "second")
	gittest.Run(t, dir, "commit-graph", "write", "--reachable", "--changed-paths", "--split=no-merge")
	g, err := Open(objects)
	if err != nil || g.Len() != 2 || len(g.layers) != 2 {
		t.Fatalf("Open of a two-layer chain: %v", err)
	}
	chainFile := filepath.Join(objects, "info", "commit-graphs", "commit-graph-chain")
	chain := gittest.Lines(readFile(t, chainFile))
	// A missing top layer: the base alone is used, as git does.
	top := filepath.Join(objects, "info", "commit-graphs", "graph-"+chain[1]+".graph")
	data := readFile(t, top)
	if err := os.Remove(top); err != nil {
		t.Fatal(err)
	}
	if g, err := Open(objects); err != nil || g.Len() != 1 {
		t.Errorf("Open with the top layer missing: %v; want the base layer", err)
	}
	// Layers in the wrong order do not chain.
	writeFile(t, top, data)
	writeFile(t, chainFile, chain[1]+"\n"+chain[0]+"\n")
	if _, err := Open(objects); err == nil {
		t.Error("Open of a chain listed top first: no error")
	}
	// A single file wins over the chain, as for git: put back a chain of
	// the base layer (one commit) beside a single file of both commits.
	base := filepath.Join(objects, "info", "commit-graphs", "graph-"+chain[0]+".graph")
	baseData := readFile(t, base)
	gittest.Run(t, dir, "commit-graph", "write", "--reachable")
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, base, baseData)
	writeFile(t, chainFile, chain[0]+"\n")
	if g, err := Open(objects); err != nil || len(g.layers) != 1 || g.Len() != 2 {
		t.Errorf("Open with a single file beside a chain: %v; want the single file", err)
	}
}

// FuzzParse feeds damaged commit-graph files to the reader: every answer is
// an error, or a graph whose every commit, hash and filter can be read.
func FuzzParse(f *testing.F) {
	gittest.Hermetic(f)
	dir := gittest.NewRepo(f, nil)
	gittest.FastImport(f, dir, gittest.RandomHistory(1, 20, historyFiles))
	gittest.Run(f, dir, "commit-graph", "write", "--reachable", "--changed-paths")
	f.Add([]byte(readFile(f, filepath.Join(dir, ".git", "objects", "info", "commit-graph"))))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parse("fuzz", b)
		if err != nil {
			return
		}
		g, err := newGraph([]*layer{l})
		if err != nil {
			return
		}
		q := g.Query("agreements/a.yaml", "caf\xc3\xa9/x")
		for p := range Pos(min(g.total, 1000)) {
			h, _ := g.Hash(p)
			g.Lookup(h)
			g.Commit(p)
			g.MaybeChanged(p, q)
		}
	})
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t testing.TB, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
