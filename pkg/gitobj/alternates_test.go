package gitobj

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// hasObject is git's answer to whether the repository in dir can read h
// (its own objects and its alternates).
func hasObject(dir string, h plumbing.Hash) bool {
	cmd := exec.Command("git", "cat-file", "-e", h.String())
	cmd.Dir = dir
	return cmd.Run() == nil
}

// TestAlternatesAgainstGit makes a chain of repositories each borrowing
// the objects of the one before, longer than the depth git follows, each
// with a commit and a file of its own: git clone --shared writes an
// absolute path; a relative one, a quoted one, comments and a missing
// folder are written by hand. Every object of every repository is
// readable through the last one exactly when git cat-file finds it there.
func TestAlternatesAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	base := t.TempDir()
	var dirs []string
	var objects []plumbing.Hash
	for i := range maxAltDepth + 4 {
		dir := filepath.Join(base, fmt.Sprintf("r%d", i))
		if i == 1 {
			gittest.Run(t, base, "clone", "-q", "--shared", dirs[0], dir)
		} else {
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			gittest.Run(t, dir, "init", "-q", "-b", "main")
		}
		prev := ""
		if i > 0 {
			prev = filepath.Join(dirs[i-1], ".git", "objects")
		}
		switch {
		case i == 2: // relative to the objects folder that names it
			gittest.Write(t, dir, ".git/objects/info/alternates", "# borrowed\n\n../../../r1/.git/objects\n")
		case i == 3: // C-quoted
			gittest.Write(t, dir, ".git/objects/info/alternates", `"`+strings.ReplaceAll(prev, `/`, `\057`)+"\"\n")
		case i == 4: // a missing folder, and r0 again after the chain that reaches it
			gittest.Write(t, dir, ".git/objects/info/alternates", filepath.Join(base, "missing")+"\n"+prev+"\n"+filepath.Join(dirs[0], ".git", "objects")+"\n")
		case i > 4:
			gittest.Write(t, dir, ".git/objects/info/alternates", prev+"\n")
		}
		gittest.Write(t, dir, "f.txt", fmt.Sprintf("file of %d\n", i))
		gittest.Run(t, dir, "add", "f.txt")
		gittest.Run(t, dir, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", fmt.Sprintf("commit %d", i))
		gittest.Run(t, dir, "hash-object", "-w", "f.txt")
		if i%2 == 0 {
			gittest.Run(t, dir, "repack", "-q", "-a", "-l", "-d")
		}
		dirs = append(dirs, dir)
		// git warns about the missing folder on stderr: read stdout only.
		cmd := exec.Command("git", "rev-parse", "HEAD", "HEAD:f.txt")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range gittest.Lines(string(out)) {
			objects = append(objects, plumbing.NewHash(l))
		}
	}
	last := dirs[len(dirs)-1]
	s, err := Open(filepath.Join(last, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	found := 0
	for _, h := range objects {
		_, _, err := s.Read(h, nil)
		_, serr := s.Size(h)
		want := hasObject(last, h)
		if (err == nil) != want || (serr == nil) != want {
			t.Errorf("Read(%s): %v, Size: %v; git cat-file -e finds it: %v", h, err, serr, want)
		}
		if !want && !errors.Is(err, ErrNotFound) {
			t.Errorf("Read(%s) of an object out of reach: %v; want ErrNotFound", h, err)
		}
		if want {
			found++
		}
	}
	// The chain is longer than git follows: some objects are out of reach.
	if len(objects) != 2*(maxAltDepth+4) || found == len(objects) || found < 2*(maxAltDepth+2) {
		t.Errorf("%d of %d objects reachable; the test does not probe git's depth limit", found, len(objects))
	}
}

// TestHashesWithPrefixAgainstGit compares HashesWithPrefix with git
// rev-parse --disambiguate on a repository of packed and loose objects,
// with an alternate, for every 4-digit prefix of its objects and for
// longer and odd-length ones.
func TestHashesWithPrefixAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	shared := gittest.NewRepo(t, nil)
	gittest.FastImport(t, shared, gittest.RandomHistory(7, 300, []string{"a.yaml", "b/c.yaml"}))
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, gittest.RandomHistory(8, 300, []string{"d.yaml"}))
	gittest.Write(t, dir, ".git/objects/info/alternates", filepath.Join(shared, ".git", "objects")+"\n")
	var loose bytes.Buffer
	for i := range 300 {
		fmt.Fprintf(&loose, "loose blob %d\n", i)
		gittest.Write(t, dir, fmt.Sprintf("l/%d", i), loose.String())
	}
	gittest.Run(t, dir, "add", "l")
	s, err := Open(filepath.Join(dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	prefixes := map[string]bool{}
	for h := range catAll(t, dir) {
		x := h.String()
		prefixes[x[:4]] = true
		if len(prefixes)%7 == 0 {
			prefixes[strings.ToUpper(x[:9])] = true
			prefixes[x[:39]] = true
		}
	}
	prefixes["0000"], prefixes["ffff"] = true, true
	ambiguous := 0
	for p := range prefixes {
		got, err := s.HashesWithPrefix(p)
		if err != nil {
			t.Fatal(err)
		}
		var gs []string
		for _, h := range got {
			gs = append(gs, h.String())
		}
		cmd := exec.Command("git", "rev-parse", "--disambiguate="+p)
		cmd.Dir = dir
		out, _ := cmd.Output()
		want := gittest.Lines(string(out))
		slices.Sort(want)
		if d := cmp.Diff(want, gs); d != "" {
			t.Errorf("HashesWithPrefix(%s) (-git +gitobj):\n%s", p, d)
		}
		if len(want) > 1 {
			ambiguous++
		}
	}
	if ambiguous == 0 {
		t.Error("no ambiguous prefix: the test does not probe ambiguity")
	}
	if _, err := s.HashesWithPrefix("xyz1"); err == nil {
		t.Error("HashesWithPrefix(xyz1): want an error")
	}
}

// TestEnvAlternatesAgainstGit reads GIT_ALTERNATE_OBJECT_DIRECTORIES as
// git does: an absolute path, a C-quoted one, a comment, an empty entry
// and a path relative to the current folder, whose own alternates are
// followed too. Every object of every repository is readable exactly when
// git cat-file, with the same environment, finds it.
func TestEnvAlternatesAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	base := t.TempDir()
	var objects []plumbing.Hash
	repo := func(name string) string {
		dir := filepath.Join(base, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		gittest.Run(t, dir, "init", "-q", "-b", "main")
		gittest.Write(t, dir, "f.txt", "file of "+name+"\n")
		objects = append(objects, plumbing.NewHash(strings.TrimSpace(gittest.Run(t, dir, "hash-object", "-w", "f.txt"))))
		return filepath.Join(dir, ".git", "objects")
	}
	self, a, b, c, d, e := repo("self"), repo("a"), repo("b c"), repo("d"), repo("e"), repo("f")
	gittest.Write(t, filepath.Join(base, "d"), ".git/objects/info/alternates", e+"\n") // followed
	sep := string(os.PathListSeparator)
	quoted := `"` + strings.ReplaceAll(b, " ", `\040`) + `"`
	rel, err := filepath.Rel(base, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(base)
	t.Setenv("GIT_ALTERNATE_OBJECT_DIRECTORIES", a+sep+quoted+sep+"#"+d+sep+sep+rel)
	if got, want := EnvAlternates(), []string{a, b, c}; !slices.Equal(got, want) {
		t.Errorf("EnvAlternates() = %q, want %q", got, want)
	}
	s, err := Open(self, EnvAlternates()...)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	found := 0
	for _, h := range objects {
		_, _, err := s.Read(h, nil)
		// git from the same folder, for the relative entry.
		cmd := exec.Command("git", "cat-file", "-e", h.String())
		cmd.Dir, cmd.Env = base, append(os.Environ(), "GIT_DIR="+filepath.Dir(self))
		want := cmd.Run() == nil
		if (err == nil) != want {
			t.Errorf("Read(%s): %v; git cat-file -e finds it: %v", h, err, want)
		}
		if want {
			found++
		}
	}
	if found != 5 {
		t.Errorf("%d of %d objects reachable, want 5 (all but the commented-out store's)", found, len(objects))
	}
}
