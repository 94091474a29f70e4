package gitindex

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// gitRepo makes a repository whose index holds what the codec must keep:
// nested folders (a cache tree written by git commit), a path longer than
// the 12-bit name length, conflict stages, --assume-unchanged,
// --skip-worktree and an intent-to-add entry.
func gitRepo(t *testing.T) string {
	t.Helper()
	dir := gittest.NewRepo(t, map[string]string{
		"a/b/f.yaml": "f\n", "a/c.yaml": "c\n", "a-b": "x\n", "top": "t\n", "z/y/x/w": "w\n",
	})
	run(t, dir, "update-index", "--assume-unchanged", "a/c.yaml")
	run(t, dir, "update-index", "--skip-worktree", "top")
	gittest.Write(t, dir, "new.txt", "n\n")
	run(t, dir, "add", "-N", "new.txt")
	blob := strings.TrimSpace(run(t, dir, "hash-object", "-w", "--", "top"))
	long := strings.Repeat("d", 200) + "/" + strings.Repeat("e", 240) + "/"
	long = strings.Repeat(long, 10) + "leaf.yaml" // 4,419 bytes
	cmd := "100644 " + blob + " 0\t" + long + "\n" +
		"100644 " + blob + " 1\tconflict\n100644 " + blob + " 2\tconflict\n100755 " + blob + " 3\tconflict\n"
	runStdin(t, dir, cmd, "update-index", "--add", "--index-info")
	return dir
}

func runStdin(t *testing.T, dir, stdin string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return gittest.Run(t, dir, args...)
}

// lsFiles is `git ls-files -s --debug`, as git reads the index.
func lsFiles(t *testing.T, dir string) string {
	return run(t, dir, "ls-files", "-s", "--debug")
}

// debugOf prints entries as `git ls-files -s --debug` does.
func debugOf(x *Index) string {
	var b strings.Builder
	for i := range x.Entries {
		e := &x.Entries[i]
		flags := uint32(e.Flags) | uint32(e.ExtFlags)<<16
		if e.ExtFlags != 0 {
			flags |= flagExtended
		}
		fmt.Fprintf(&b, "%06o %s %d\t%s\n", e.Mode, e.Hash, e.Stage(), e.Name)
		fmt.Fprintf(&b, "  ctime: %d:%d\n  mtime: %d:%d\n", e.CtimeSec, e.CtimeNsec, e.MtimeSec, e.MtimeNsec)
		fmt.Fprintf(&b, "  dev: %d\tino: %d\n  uid: %d\tgid: %d\n  size: %d\tflags: %x\n", e.Dev, e.Ino, e.UID, e.GID, e.Size, flags)
	}
	return b.String()
}

func readIndex(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeAsGit decodes indexes written by git, versions 2, 3 and 4, and
// checks every field against git's own reading, then that Encode writes
// back the very same bytes.
func TestDecodeAsGit(t *testing.T) {
	gittest.Hermetic(t)
	dir := gitRepo(t)
	for _, v := range []string{"2", "3", "4"} {
		t.Run("v"+v, func(t *testing.T) {
			run(t, dir, "update-index", "--index-version", v)
			b := readIndex(t, dir)
			x, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			want := v
			if v == "2" {
				want = "3" // git writes 3 when an entry has extended flags
			}
			if got := strconv.Itoa(int(x.Version)); got != want {
				t.Errorf("version %s, want %s", got, want)
			}
			if diff := cmp.Diff(lsFiles(t, dir), debugOf(x)); diff != "" {
				t.Errorf("entries (-git +decoded):\n%s", diff)
			}
			if len(x.Dropped) != 0 {
				t.Errorf("dropped %v", x.Dropped)
			}
			if !bytes.Equal(x.Encode(), b) {
				t.Errorf("Encode does not give back git's bytes")
			}
		})
	}
}

// TestCacheTreeAsGit checks the decoded cache tree against git's trees, and
// that an invalidated path makes git rebuild exactly what changed.
func TestCacheTreeAsGit(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, map[string]string{"a/b/f.yaml": "f\n", "a/c.yaml": "c\n", "top": "t\n", "z/y": "y\n"})
	x, err := Decode(readIndex(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"", "a", "a/b", "z"} {
		n := x.Tree.Lookup(d)
		if !n.Valid() {
			t.Fatalf("%q: no valid cache tree node", d)
		}
		if want := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD:"+d)); n.Hash.String() != want {
			t.Errorf("%q: hash %s, want %s", d, n.Hash, want)
		}
		prefix := "."
		if d != "" {
			prefix = d + "/"
		}
		if want := len(gittest.Lines(run(t, dir, "ls-files", "--", prefix))); n.Count != want {
			t.Errorf("%q: count %d, want %d", d, n.Count, want)
		}
	}
	// Change a/b/f.yaml in the index only, as a commit by collab does.
	blob := strings.TrimSpace(run(t, dir, "hash-object", "-w", "--", "top"))
	i, ok := x.Find("a/b/f.yaml", 0)
	if !ok {
		t.Fatal("a/b/f.yaml not found")
	}
	x.Entries[i].Hash = plumbing.NewHash(blob)
	x.Tree.Invalidate("a/b/f.yaml")
	for _, d := range []string{"", "a", "a/b"} {
		if x.Tree.Lookup(d).Valid() {
			t.Errorf("%q still valid", d)
		}
	}
	if !x.Tree.Lookup("z").Valid() {
		t.Errorf("z invalidated")
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), x.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := run(t, dir, "diff-index", "--cached", "--name-status", "HEAD"), "M\ta/b/f.yaml\n"; got != want {
		t.Errorf("diff-index = %q, want %q", got, want)
	}
	tree := strings.TrimSpace(run(t, dir, "write-tree"))
	if got := strings.TrimSpace(run(t, dir, "rev-parse", tree+":a/b/f.yaml")); got != blob {
		t.Errorf("write-tree holds %s for a/b/f.yaml, want %s", got, blob)
	}
	if out := run(t, dir, "fsck", "--strict", "--no-progress", "--no-dangling"); out != "" {
		t.Errorf("fsck: %s", out)
	}
}

// TestRefused checks the formats that cannot be written back without
// their other half, and the checksum.
func TestRefused(t *testing.T) {
	gittest.Hermetic(t)
	t.Run("split", func(t *testing.T) {
		dir := gitRepo(t)
		run(t, dir, "update-index", "--split-index")
		if _, err := Decode(readIndex(t, dir)); !errors.Is(err, ErrSplitIndex) {
			t.Errorf("err = %v, want ErrSplitIndex", err)
		}
	})
	t.Run("sparse", func(t *testing.T) {
		dir := gittest.NewRepo(t, map[string]string{"a/b": "b\n", "c/d": "d\n"})
		run(t, dir, "sparse-checkout", "init", "--cone", "--sparse-index")
		run(t, dir, "sparse-checkout", "set", "a")
		if _, err := Decode(readIndex(t, dir)); !errors.Is(err, ErrSparseIndex) {
			t.Errorf("err = %v, want ErrSparseIndex", err)
		}
	})
	t.Run("checksum", func(t *testing.T) {
		dir := gitRepo(t)
		b := readIndex(t, dir)
		b[20] ^= 1
		if _, err := Decode(b); !errors.Is(err, ErrChecksum) {
			t.Errorf("err = %v, want ErrChecksum", err)
		}
		copy(b[len(b)-20:], make([]byte, 20)) // index.skipHash
		if _, err := Decode(b); err != nil {
			t.Errorf("zero trailer: %v", err)
		}
	})
	t.Run("required extension", func(t *testing.T) {
		dir := gitRepo(t)
		b := readIndex(t, dir)
		b = append(b[:len(b)-20], "abcd\x00\x00\x00\x00"...)
		sum := sha1.Sum(b)
		if _, err := Decode(append(b, sum[:]...)); !errors.Is(err, ErrRequiredExt) {
			t.Errorf("err = %v, want ErrRequiredExt", err)
		}
	})
}

// TestDroppedAsGit drops the untracked cache and the end-of-index
// extensions, and checks that git reads the result as before.
func TestDroppedAsGit(t *testing.T) {
	gittest.Hermetic(t)
	dir := gitRepo(t)
	run(t, dir, "config", "core.untrackedCache", "true")
	run(t, dir, "config", "index.recordEndOfIndexEntries", "true")
	run(t, dir, "update-index", "--untracked-cache")
	gittest.Write(t, dir, "untracked", "u\n")
	status := run(t, dir, "status", "--porcelain")
	before := lsFiles(t, dir)
	x, err := Decode(readIndex(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"UNTR", "EOIE"}, x.Dropped); diff != "" {
		t.Errorf("dropped (-want +got):\n%s", diff)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), x.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, lsFiles(t, dir)); diff != "" {
		t.Errorf("ls-files (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(status, run(t, dir, "status", "--porcelain")); diff != "" {
		t.Errorf("status (-before +after):\n%s", diff)
	}
}

func TestVarint(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 129, 16383, 16384, 16511, 16512, 1 << 40, 1<<63 + 5} {
		b := appendUvarint(nil, v)
		got, n := uvarint(b)
		if got != v || n != len(b) {
			t.Errorf("%d: encoded % x, decoded %d (%d bytes)", v, b, got, n)
		}
	}
}

// FuzzDecode feeds damaged index files (with a correct checksum, so that
// decoding goes past it) to Decode: it must not panic, and what it accepts
// must encode to an index that decodes to the same entries and encodes to
// the same bytes.
func FuzzDecode(f *testing.F) {
	for _, v := range []uint32{2, 3, 4} {
		x := &Index{Version: v, Entries: []Entry{
			{Mode: 0o100644, Name: "a/b", Size: 3, MtimeSec: 7},
			{Mode: 0o100755, Name: "a/c", Flags: FlagAssumeValid, ExtFlags: ExtSkipWorktree},
			{Mode: 0o100644, Name: "c", Flags: 1 << flagStageShift},
			{Mode: 0o100644, Name: "c", Flags: 2 << flagStageShift, ExtFlags: ExtIntentToAdd},
		}, Tree: &CacheTree{Count: -1, Sub: []*CacheTree{{Name: "a", Count: 2}}}, REUC: []byte("x\x00")}
		f.Add(x.Encode())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) >= 32 {
			sum := sha1.Sum(b[:len(b)-20])
			copy(b[len(b)-20:], sum[:])
		}
		x, err := Decode(b)
		if err != nil {
			return
		}
		once := x.Encode()
		y, err := Decode(once)
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if diff := cmp.Diff(x.Entries, y.Entries); diff != "" {
			t.Fatalf("entries changed (-first +second):\n%s", diff)
		}
		if !bytes.Equal(once, y.Encode()) {
			t.Fatal("encoding is not stable")
		}
	})
}

// TestUnchanged: stat data proves a file unchanged only when it matches
// the entry and the entry is not racily clean, and never for an entry git
// does not compare with its file.
func TestUnchanged(t *testing.T) {
	at := time.Unix(1_700_000_000, 500)
	e := Entry{MtimeSec: uint32(at.Unix()), MtimeNsec: uint32(at.Nanosecond()), Ino: 7, Size: 42}
	later := at.Add(time.Second)
	cases := []struct {
		name  string
		e     Entry
		size  int64
		mtime time.Time
		ino   uint64
		idx   time.Time
		want  bool
	}{
		{"matches", e, 42, at, 7, later, true},
		{"no inode in the entry", Entry{MtimeSec: e.MtimeSec, MtimeNsec: e.MtimeNsec, Size: 42}, 42, at, 9, later, true},
		{"other size", e, 41, at, 7, later, false},
		{"other time", e, 42, at.Add(time.Nanosecond), 7, later, false},
		{"other inode", e, 42, at, 8, later, false},
		{"racy: index written in the same tick", e, 42, at, 7, at, false},
		{"racy: index older", e, 42, at, 7, at.Add(-time.Second), false},
		{"assume unchanged", Entry{MtimeSec: e.MtimeSec, MtimeNsec: e.MtimeNsec, Ino: 7, Size: 42, Flags: FlagAssumeValid}, 42, at, 7, later, false},
		{"skip worktree", Entry{MtimeSec: e.MtimeSec, MtimeNsec: e.MtimeNsec, Ino: 7, Size: 42, ExtFlags: ExtSkipWorktree}, 42, at, 7, later, false},
	}
	for _, c := range cases {
		if got := c.e.Unchanged(c.size, c.mtime, c.ino, c.idx); got != c.want {
			t.Errorf("%s: Unchanged = %v, want %v", c.name, got, c.want)
		}
	}
}
