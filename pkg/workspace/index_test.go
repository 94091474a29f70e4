package workspace_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/workspace"
)

// gitAcme makes a git repository holding the example workspace (at the
// top, or in sub when not empty), committed on main, with the index on
// and files trusted as soon as they are written. It returns the
// repository and the workspace folder.
func gitAcme(t *testing.T, sub string) (repo, dir string) {
	t.Helper()
	gittest.Hermetic(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(workspace.NoCacheEnv, "")
	t.Cleanup(workspace.SetRacyWindow(0))
	repo = gittest.NewRepo(t, nil)
	dir = filepath.Join(repo, filepath.FromSlash(sub))
	if err := os.CopyFS(dir, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-q", "-m", "acme")
	time.Sleep(20 * time.Millisecond)
	return repo, dir
}

// checkLoad loads dir with the index and without, and fails the test when
// the values differ; it returns the paths whose value came from the index.
func checkLoad(t *testing.T, dir string) []string {
	t.Helper()
	time.Sleep(20 * time.Millisecond) // past the coarse clock of the files just written
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	w := loadCached(t, dir)
	if diff := cmp.Diff(values(fresh), values(w)); diff != "" {
		t.Fatalf("values differ from a fresh parse (-parsed +indexed):\n%s", diff)
	}
	if diff := cmp.Diff(fresh.Diags, w.Diags); diff != "" {
		t.Fatalf("diagnostics differ from a fresh parse (-parsed +indexed):\n%s", diff)
	}
	return cached(w)
}

// checkSettled checks that the index is valid and complete: a load takes
// every file from it.
func checkSettled(t *testing.T, dir string) {
	t.Helper()
	checkLoad(t, dir)
	got := checkLoad(t, dir)
	fresh, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if diff := cmp.Diff(paths(fresh), got); diff != "" {
		t.Errorf("index not complete afterwards (-all +indexed):\n%s", diff)
	}
}

func gitFsck(t *testing.T, repo string) {
	t.Helper()
	gittest.Run(t, repo, "fsck", "--strict", "--no-progress")
	for _, l := range gittest.Lines(gittest.Run(t, repo, "status", "--porcelain", "--untracked-files=all", "--ignored")) {
		if strings.HasPrefix(l, "??") || strings.HasPrefix(l, "!!") {
			t.Errorf("git status shows a new file after loads: %s", l)
		}
	}
}

func TestIndexLivesInTheGitDir(t *testing.T) {
	repo, dir := gitAcme(t, "")
	checkSettled(t, dir)
	want := filepath.Join(repo, ".git", "collab", "index")
	if got := workspace.CachePath(dir); got != want {
		t.Errorf("CachePath = %s, want %s", got, want)
	}
	if _, err := os.Stat(want); err != nil {
		t.Errorf("no index in the git folder: %v", err)
	}
	if ents, _ := os.ReadDir(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "collab")); len(ents) != 0 {
		t.Errorf("the user cache folder holds %d files", len(ents))
	}
	gitFsck(t, repo)
}

func TestIndexOfAWorkspaceInASubfolder(t *testing.T) {
	repo, dir := gitAcme(t, "org/acme")
	checkSettled(t, dir)
	p := workspace.CachePath(dir)
	if filepath.Dir(p) != filepath.Join(repo, ".git", "collab") || !strings.HasPrefix(filepath.Base(p), "index-") {
		t.Errorf("CachePath = %s, want an index-* file in the repository's .git/collab", p)
	}
	gitFsck(t, repo)
}

func TestIndexHonoursGitDir(t *testing.T) {
	repo, dir := gitAcme(t, "")
	// The repository's git folder moved elsewhere, named by GIT_DIR.
	gitdir := filepath.Join(t.TempDir(), "repo.git")
	if err := os.Rename(filepath.Join(repo, ".git"), gitdir); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_DIR", gitdir)
	checkSettled(t, dir)
	if p := workspace.CachePath(dir); filepath.Dir(p) != filepath.Join(gitdir, "collab") {
		t.Errorf("CachePath = %s, want one in %s", p, gitdir)
	}
}

func TestIndexOutsideARepositoryUsesTheUserCache(t *testing.T) {
	dir := acme(t)
	loadCached(t, dir)
	p := workspace.CachePath(dir)
	if !strings.HasPrefix(p, filepath.Join(os.Getenv("XDG_CACHE_HOME"), "collab")+string(filepath.Separator)) {
		t.Errorf("CachePath = %s, want one in the user cache folder", p)
	}
}

// editInPlace changes one letter of a title in rel, same size, and puts
// back the file's modification time, as a fast editor on a file system
// with coarse times could leave it.
func editInPlace(t *testing.T, dir, rel, find string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(find))
	if i < 0 {
		// Edited before: the first letter's case is swapped.
		i = bytes.Index(data, append([]byte{find[0] ^ 0x20}, find[1:]...))
	}
	if i < 0 {
		t.Fatalf("%s: no %q", rel, find)
	}
	data[i] ^= 0x20
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

const goalFile = "goals/feature-x-adoption.yaml"

func TestIndexHandEditSameSizeInTheRacyWindow(t *testing.T) {
	repo, dir := gitAcme(t, "")
	// Every file counts as changed "just now": the index may hold their
	// entries, but none is trusted.
	t.Cleanup(workspace.SetRacyWindow(time.Hour))
	checkLoad(t, dir)
	editInPlace(t, dir, goalFile, "use Feature X")
	if got := checkLoad(t, dir); len(got) != 0 {
		t.Errorf("trusted %v within the racy window", got)
	}
	// Out of the window, the same edit is seen by the file's change time.
	workspace.SetRacyWindow(0)
	checkSettled(t, dir)
	editInPlace(t, dir, goalFile, "use Feature X")
	if got := checkLoad(t, dir); slicesContains(got, goalFile) {
		t.Errorf("%s taken from the index after an edit", goalFile)
	}
	checkSettled(t, dir)
	gittest.Run(t, repo, "checkout", "-q", "--", ".")
	checkSettled(t, dir)
}

func slicesContains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func TestIndexFollowsGitCheckoutAndStash(t *testing.T) {
	repo, dir := gitAcme(t, "")
	checkSettled(t, dir)
	// Another branch where a goal has another title, same size, and a team
	// is gone.
	gittest.Run(t, repo, "checkout", "-q", "-b", "other")
	editInPlace(t, dir, goalFile, "use Feature X")
	gittest.Run(t, repo, "rm", "-q", "teams/support.yaml")
	gittest.Run(t, repo, "commit", "-q", "-am", "other")
	checkSettled(t, dir)
	gittest.Run(t, repo, "checkout", "-q", "main")
	checkLoad(t, dir)
	checkSettled(t, dir)
	gittest.Run(t, repo, "checkout", "-q", "other")
	checkSettled(t, dir)

	// A hand edit stashed away and brought back.
	editInPlace(t, dir, "agreements/feature-x-launch.yaml", "launch")
	checkSettled(t, dir)
	gittest.Run(t, repo, "stash", "-q")
	checkLoad(t, dir)
	checkSettled(t, dir)
	gittest.Run(t, repo, "stash", "pop", "-q")
	checkLoad(t, dir)
	checkSettled(t, dir)
	gitFsck(t, repo)
}

func TestIndexOfALinkedWorktree(t *testing.T) {
	repo, dir := gitAcme(t, "")
	wt := filepath.Join(t.TempDir(), "wt")
	gittest.Run(t, repo, "worktree", "add", "-q", "-b", "side", wt)
	editInPlace(t, wt, goalFile, "use Feature X")
	checkSettled(t, dir)
	checkSettled(t, wt)
	main, side := workspace.CachePath(dir), workspace.CachePath(wt)
	if want := filepath.Join(repo, ".git", "worktrees", "wt", "collab", "index"); side != want {
		t.Errorf("linked worktree's index at %s, want %s", side, want)
	}
	if main == side {
		t.Fatal("the worktrees share one index")
	}
	a, b := loadCached(t, dir), loadCached(t, wt)
	if cmp.Equal(values(a)[goalFile], values(b)[goalFile]) {
		t.Error("the two worktrees show the same goal though their files differ")
	}
	gitFsck(t, repo)
}

func TestIndexOfAnotherBuildNotTrusted(t *testing.T) {
	_, dir := gitAcme(t, "")
	t.Cleanup(workspace.SetBuildKey("build one"))
	checkSettled(t, dir)
	workspace.SetBuildKey("build two")
	if got := checkLoad(t, dir); len(got) != 0 {
		t.Errorf("a new build trusted %d entries of the old one's index", len(got))
	}
	checkSettled(t, dir)
	// Back to the first build: the index is the second's now.
	workspace.SetBuildKey("build one")
	if got := checkLoad(t, dir); len(got) != 0 {
		t.Errorf("trusted %d entries of another build's index", len(got))
	}
}

func TestIndexCorruptNeverTrusted(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(data []byte) []byte
	}{
		{"truncated", func(d []byte) []byte { return d[:len(d)*2/3] }},
		{"random bytes", func(d []byte) []byte {
			out := make([]byte, len(d))
			for i := range out {
				out[i] = byte(i*7919 + i>>3)
			}
			return out
		}},
		{"header and garbage", func(d []byte) []byte {
			return append(d[:40:40], bytes.Repeat([]byte{0xff, 0x01, 0x80}, 500)...)
		}},
		{"one byte flipped", func(d []byte) []byte { d[len(d)/2] ^= 1; return d }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			repo, dir := gitAcme(t, "")
			checkSettled(t, dir)
			p := workspace.CachePath(dir)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tt.damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := checkLoad(t, dir); len(got) != 0 {
				t.Errorf("trusted %d entries of a damaged index", len(got))
			}
			checkSettled(t, dir)
			gitFsck(t, repo)
		})
	}
}

// Loads running at once, while files change, each write the index: every
// load must give what is on disk, and the index must be whole afterwards.
func TestIndexConcurrentLoads(t *testing.T) {
	repo, dir := gitAcme(t, "")
	checkSettled(t, dir)
	for round := range 4 {
		editInPlace(t, dir, goalFile, "use Feature X")
		time.Sleep(20 * time.Millisecond)
		fresh, err := workspace.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := values(fresh)
		fresh.Close()
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w, err := workspace.LoadCached(dir)
				if err != nil {
					errs <- err.Error()
					return
				}
				defer w.Close()
				if diff := cmp.Diff(want, values(w)); diff != "" {
					errs <- diff
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Errorf("round %d: a concurrent load differs from the disk:\n%s", round, e)
		}
	}
	checkSettled(t, dir)
	gitFsck(t, repo)
}

// Two collab processes at once, each loading (and writing) the index
// while the other does.
func TestIndexTwoProcesses(t *testing.T) {
	if dir := os.Getenv("COLLAB_INDEX_CHILD"); dir != "" {
		t.Cleanup(workspace.SetRacyWindow(0))
		fresh, err := workspace.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := values(fresh)
		for i := range 30 {
			// Two builds in turn, different in each process, so that
			// nearly every load rewrites the index the other one reads.
			restore := workspace.SetBuildKey(fmt.Sprint(os.Getpid(), i%2))
			w, err := workspace.LoadCached(dir)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, values(w)); diff != "" {
				t.Fatalf("load %d differs from the disk:\n%s", i, diff)
			}
			w.Close()
		}
		return
	}
	repo, dir := gitAcme(t, "")
	var cmds []*exec.Cmd
	for range 2 {
		c := exec.Command(os.Args[0], "-test.run", "^TestIndexTwoProcesses$")
		c.Env = append(os.Environ(), "COLLAB_INDEX_CHILD="+dir)
		cmds = append(cmds, c)
	}
	outs := make([][]byte, len(cmds))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if outs[i], err = c.CombinedOutput(); err != nil {
				outs[i] = append(outs[i], []byte(err.Error())...)
			}
		}()
	}
	wg.Wait()
	for i, o := range outs {
		if !bytes.Contains(o, []byte("PASS")) {
			t.Errorf("process %d:\n%s", i, o)
		}
	}
	checkSettled(t, dir)
	gitFsck(t, repo)
}

// A temp file left by a write cut short is removed by a later write once
// it is old; one being written now is left alone.
func TestIndexStaleTempRemoved(t *testing.T) {
	repo, dir := gitAcme(t, "")
	folder := filepath.Join(repo, ".git", "collab")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	stale, fresh := filepath.Join(folder, "index.tmp123"), filepath.Join(folder, "index.tmp456")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	checkSettled(t, dir)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temp file still there (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a temp file being written was removed: %v", err)
	}
}

// IndexSize answers from the header alone: this build's index of this
// workspace has a size; none, another build's or a damaged header has not.
func TestIndexSizeTrustsOnlyThisBuildsHeader(t *testing.T) {
	_, dir := gitAcme(t, "")
	if n := workspace.IndexSize(dir); n != 0 {
		t.Fatalf("no index yet: IndexSize = %d, want 0", n)
	}
	w := loadCached(t, dir)
	w.Close()
	p := workspace.CachePath(dir)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := workspace.IndexSize(dir); n != fi.Size() {
		t.Fatalf("IndexSize = %d, want the file's %d", n, fi.Size())
	}
	restore := workspace.SetBuildKey("another build")
	if n := workspace.IndexSize(dir); n != 0 {
		t.Errorf("another build: IndexSize = %d, want 0", n)
	}
	restore()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 5, 20, 40} {
		if err := os.WriteFile(p, data[:min(cut, len(data))], 0o600); err != nil {
			t.Fatal(err)
		}
		if n := workspace.IndexSize(dir); n != 0 {
			t.Errorf("index cut at %d bytes: IndexSize = %d, want 0", cut, n)
		}
	}
}

// Listed tells a write which folders may hold temp files of writes cut
// short, from the load's own listing.
func TestListedNamesFoldersWithDotNames(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "goals", ".g.yaml.collab-tmp-1-x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "maps")); err != nil {
		t.Fatal(err)
	}
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, tc := range []struct {
		dir            string
		listed, dotted bool
	}{{"goals", true, true}, {"teams", true, false}, {"agreements", true, false}, {"maps", false, false}, {".", false, false}} {
		listed, dotted := w.Listed(tc.dir)
		if listed != tc.listed || dotted != tc.dotted {
			t.Errorf("%s: listed %v, dot names %v; want %v, %v", tc.dir, listed, dotted, tc.listed, tc.dotted)
		}
	}
}
