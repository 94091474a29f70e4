package gitobj

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/internal/gittest"
)

// catAll returns every object of the repository as git cat-file reads it.
func catAll(t *testing.T, dir string) map[plumbing.Hash]string {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git cat-file: %v", err)
	}
	objects := map[plumbing.Hash]string{}
	r := bufio.NewReader(bytes.NewReader(out))
	for {
		head, err := r.ReadString('\n')
		if err == io.EOF {
			return objects
		}
		f := strings.Fields(head)
		if err != nil || len(f) != 3 {
			t.Fatalf("cat-file header %q: %v", head, err)
		}
		n, _ := strconv.Atoi(f[2])
		data := make([]byte, n+1)
		if _, err := io.ReadFull(r, data); err != nil {
			t.Fatal(err)
		}
		objects[plumbing.NewHash(f[0])] = f[1] + " " + string(data[:n])
	}
}

// TestReadAgainstGit reads every object, and its size, of repositories
// packed as git packs them (deltas by offset, by hash, deep chains) and
// loose, and compares each with git cat-file.
func TestReadAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	files := []string{"agreements/a.yaml", "agreements/b.yaml", "teams/t.yaml", "collab.yaml", "maps/deep/m.yaml"}
	repack := map[string][]string{
		"offset deltas": {"repack", "-a", "-d", "-f", "--depth=50"},
		"hash deltas":   {"-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f"},
		"two packs":     {"repack", "-d"},
	}
	for name, args := range repack {
		t.Run(name, func(t *testing.T) {
			dir := gittest.NewRepo(t, nil)
			gittest.FastImport(t, dir, gittest.RandomHistory(3, 200, files))
			gittest.Run(t, dir, args...)
			// Loose objects beside the packs.
			gittest.Run(t, dir, "checkout", "-q", "main")
			gittest.Write(t, dir, "agreements/a.yaml", strings.Repeat("a longer file\n", 500))
			gittest.Run(t, dir, "add", "-A")
			gittest.Run(t, dir, "commit", "-q", "-m", "loose")
			s, err := Open(filepath.Join(dir, ".git", "objects"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			want := catAll(t, dir)
			for h, w := range want {
				typ, data, err := s.Read(h, nil)
				if err != nil {
					t.Fatalf("Read(%s): %v", h, err)
				}
				if got := typ.String() + " " + string(data); got != w {
					t.Fatalf("Read(%s) = %.60q; git cat-file: %.60q", h, got, w)
				}
				if size, err := s.Size(h); err != nil || size != int64(len(data)) {
					t.Fatalf("Size(%s) = %d, %v; want %d", h, size, err, len(data))
				}
			}
			if _, _, err := s.Read(plumbing.NewHash("0123456789012345678901234567890123456789"), nil); !errors.Is(err, ErrNotFound) {
				t.Errorf("Read of a missing object: %v; want ErrNotFound", err)
			}
		})
	}
}

// TestDamagedPack flips bytes all over a pack: each read is an object or
// an error, never a crash.
func TestDamagedPack(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, gittest.RandomHistory(5, 40, []string{"a.yaml", "b/c.yaml"}))
	gittest.Run(t, dir, "repack", "-a", "-d", "-f")
	objects := catAll(t, dir)
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("%d packs", len(packs))
	}
	orig, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := 12; i < len(orig)-20; i += max(1, len(orig)/97) {
		for _, v := range []byte{0x00, 0xff, 0x80} {
			b := bytes.Clone(orig)
			b[i] = v
			if err := os.WriteFile(packs[0], b, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(filepath.Join(dir, ".git", "objects"))
			if err != nil {
				continue
			}
			for h := range objects {
				s.Read(h, nil)
			}
			s.Close()
		}
	}
}

// TestApplyDelta covers the instructions of a delta and refuses malformed
// ones.
func TestApplyDelta(t *testing.T) {
	base := []byte("0123456789abcdef")
	tests := []struct {
		name  string
		delta []byte
		want  string // "" for an error
	}{
		{"copy and insert", []byte{16, 7, 0x91, 2, 3, 2, 'X', 'Y', 0x91, 10, 2}, "234XYab"},
		{"copy with no size means 0x10000", append([]byte{16, 0x80, 0x80, 0x04, 0x80}, 0x80), ""},
		{"base size differs", []byte{15, 1, 1, 'x'}, ""},
		{"copy past the base", []byte{16, 4, 0x91, 14, 4}, ""},
		{"result longer than said", []byte{16, 1, 2, 'x', 'y'}, ""},
		{"result shorter than said", []byte{16, 3, 1, 'x'}, ""},
		{"reserved instruction 0", []byte{16, 1, 0}, ""},
		{"truncated insert", []byte{16, 3, 3, 'x'}, ""},
	}
	for _, tt := range tests {
		got, err := applyDelta(base, tt.delta, func(n uint64) []byte { return make([]byte, n) })
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s: %q, no error", tt.name, got)
		case tt.want != "" && (err != nil || string(got) != tt.want):
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// lsTree lists the entries of every tree of the repository as git reads
// them: name to "mode id".
func lsTree(t *testing.T, dir string, objects map[plumbing.Hash]string) map[plumbing.Hash]map[string]string {
	t.Helper()
	out := map[plumbing.Hash]map[string]string{}
	for h, o := range objects {
		if !strings.HasPrefix(o, "tree ") {
			continue
		}
		entries := map[string]string{}
		for _, line := range strings.Split(gittest.Run(t, dir, "ls-tree", "-z", h.String()), "\x00") {
			if line == "" {
				continue
			}
			meta, name, _ := strings.Cut(line, "\t")
			f := strings.Fields(meta) // mode type id
			mode, _ := strconv.ParseUint(f[0], 8, 32)
			entries[name] = strconv.FormatUint(mode, 8) + " " + f[2]
		}
		out[h] = entries
	}
	return out
}

// TestTreeEntryAgainstGit looks up every entry of every tree, and names
// each tree lacks (around its entries in git's order, where a folder sorts
// as if it ended in "/"), with caches small enough to drop objects between
// reads and with delta results rebuilt in full, and compares each answer
// with git ls-tree.
func TestTreeEntryAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	files := []string{"x/a.yaml", "x/a-b.yaml", "x/a.b/y.yaml", "x/a/y.yaml", "x/a0.yaml", "x/é.yaml", "x/z.yaml", "collab.yaml"}
	for i := range 200 { // a folder tree bigger than a first view
		files = append(files, "x/f"+strconv.Itoa(100+i)+".yaml")
	}
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, gittest.RandomHistory(9, 300, files))
	gittest.Run(t, dir, "repack", "-a", "-d", "-f", "--depth=50")
	gittest.Run(t, dir, "checkout", "-q", "main")
	gittest.Write(t, dir, "x/loose.yaml", "a loose tree\n")
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-q", "-m", "loose")
	objects := catAll(t, dir)
	trees := lsTree(t, dir, objects)
	probes := []string{"", "a", "a.b", "a-b", "a/", "a0", "x", "zzz", "\xff", "é", "f1", "f99.yaml", "f140.yaml", "f300.yaml"}
	defer func(f func(uint64) int) { maxPieces = f }(maxPieces)
	for _, c := range []struct {
		name   string
		cache  int
		pieces func(uint64) int
	}{
		{"default cache", cacheBytes, maxPieces},
		{"small cache", 4 << 10, maxPieces},
		{"tiny cache", 256, maxPieces},
		{"rebuilt in full", 64 << 10, func(uint64) int { return 2 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			maxPieces = c.pieces
			s, err := open(filepath.Join(dir, ".git", "objects"), c.cache)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for h, entries := range trees {
				names := slices.Clone(probes)
				for name := range entries {
					names = append(names, name, name+"!", name[:len(name)-1], name+"\x00")
				}
				for _, name := range names {
					m, id, ok, err := s.TreeEntry(h, name)
					if err != nil {
						t.Fatalf("TreeEntry(%s, %q): %v", h, name, err)
					}
					got := ""
					if ok {
						got = strconv.FormatUint(uint64(m), 8) + " " + id.String()
					}
					if want := entries[name]; got != want {
						t.Fatalf("TreeEntry(%s, %q) = %q; git ls-tree: %q", h, name, got, want)
					}
				}
			}
			// Objects read whole after the trees' starts were read.
			for h, w := range objects {
				typ, data, err := s.Read(h, nil)
				if err != nil || typ.String()+" "+string(data) != w {
					t.Fatalf("Read(%s) = %.60q, %v; git cat-file: %.60q", h, data, err, w)
				}
			}
		})
	}
	s, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for h, o := range objects {
		if !strings.HasPrefix(o, "tree ") {
			if _, _, _, err := s.TreeEntry(h, "a"); err == nil {
				t.Fatalf("TreeEntry of a %s: no error", strings.Fields(o)[0])
			}
		}
	}
	if _, _, _, err := s.TreeEntry(plumbing.NewHash("0123456789012345678901234567890123456789"), "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("TreeEntry of a missing tree: %v; want ErrNotFound", err)
	}
}

// TestScanTreeMalformed refuses trees that are not entries.
func TestScanTreeMalformed(t *testing.T) {
	id := strings.Repeat("\x01", 20)
	for _, raw := range []string{
		"100644 a",                       // no NUL
		"100644 a\x00" + id[:5],          // short id
		"10x644 a\x00" + id,              // not octal
		"100644 a\x00" + id + "100644 b", // second entry cut
	} {
		if _, _, _, err := ScanTree([]byte(raw), "b"); !errors.Is(err, ErrBadTree) {
			t.Errorf("ScanTree(%q): %v; want ErrBadTree", raw, err)
		}
	}
}
