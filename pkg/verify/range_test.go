package verify

import (
	"bufio"
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/history"
)

// TestRangeMatchesSequential judges generated histories on several
// goroutines with the versions kept, and one commit after the other in
// Log's callback with every version read afresh: the findings must be the same, in the same
// order. The histories start from the example workspace and hold edits by
// people allowed and not allowed to make them, unreadable versions,
// removed and restored files, and merges of branches, some with
// resolutions of their own.
func TestRangeMatchesSequential(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("git not installed")
		}
		t.Skip("git not installed")
	}
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			dir := genHistory(t, seed, 160)
			repo, err := history.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer repo.Close()
			base, err := repo.Resolve("base")
			if err != nil {
				t.Fatal(err)
			}
			head, err := repo.Head()
			if err != nil {
				t.Fatal(err)
			}
			// The reference: each commit judged as Log lists it, on this
			// goroutine, every version read and decoded afresh.
			j, err := newJudge(repo, base, Options{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			err = repo.Log(history.LogOptions{From: head, Hide: base}, func(rev *history.Revision) error {
				return j.commit(rev, &j.out)
			})
			if err != nil {
				t.Fatal(err)
			}
			want := j.out
			codes := map[string]int{}
			for _, d := range want {
				codes[d.Code]++
			}
			if codes[CodeNotPermitted] == 0 || codes[CodeUnreadable] == 0 {
				t.Fatalf("the generated history should hold refused and unreadable changes; findings by code: %v", codes)
			}
			t.Logf("findings by code: %v", codes)
			for _, c := range []struct {
				name          string
				workers, keep int
			}{
				{"Range", -1, maxVersions},
				{"4 workers", 4, maxVersions},
				{"4 workers, 3 versions kept", 4, 3},
				{"in order, versions kept", 0, maxVersions},
				{"in order, none kept", 0, 0},
			} {
				var got diag.List
				if c.name == "Range" {
					got, err = Range(repo, base, head, Options{})
				} else {
					got, err = judgeRange(repo, base, head, Options{}, c.workers, c.keep)
				}
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s: findings differ from judging in order (-want +got):\n%s", c.name, d)
				}
			}
		})
	}
}

// genHistory writes a repository whose commit tagged base holds the
// example workspace, followed by n generated commits on main.
func genHistory(t *testing.T, seed int64, n int) string {
	t.Helper()
	src := os.DirFS("../../examples/acme")
	files := map[string]string{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		b, err := fs.ReadFile(src, p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	original := maps.Clone(files)
	emailRe := regexp.MustCompile(`[a-z0-9.]+@acme\.example`)
	var people []string
	for _, p := range paths {
		people = append(people, emailRe.FindAllString(files[p], -1)...)
	}
	slices.Sort(people)
	people = slices.Compact(people)
	people = append(people, "mallory@elsewhere.example")
	titleRe := regexp.MustCompile(`(?m)^(\s+title: )(.*)$`)

	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(in)
	rng := rand.New(rand.NewSource(seed))
	date, mark := int64(1_767_225_600), 0
	// commit writes a commit of state (the whole tree) on ref.
	commit := func(ref, author string, state map[string]string, from, merge int) int {
		mark++
		date += 60 + int64(rng.Intn(600))
		fmt.Fprintf(w, "commit %s\nmark :%d\n", ref, mark)
		fmt.Fprintf(w, "author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", author, author, date, author, author, date)
		msg := fmt.Sprintf("change %d", mark)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		if merge > 0 {
			fmt.Fprintf(w, "merge :%d\n", merge)
		}
		w.WriteString("deleteall\n")
		for _, p := range slices.Sorted(maps.Keys(state)) {
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(state[p]), state[p])
		}
		w.WriteString("\n")
		return mark
	}
	// edit changes one to three files of state as someone might.
	edit := func(state map[string]string) {
		for range 1 + rng.Intn(3) {
			p := paths[rng.Intn(len(paths))]
			s, ok := state[p]
			switch r := rng.Intn(20); {
			case !ok:
				state[p] = original[p] // restored
			case r == 0:
				delete(state, p)
			case r == 1:
				state[p] = s + "spec: [unclosed\n" // unreadable
			case r < 8:
				state[p] = titleRe.ReplaceAllString(s, fmt.Sprintf("${1}${2} (%d)", mark))
			default:
				// Someone else named as owner, member, party or acceptor.
				found := emailRe.FindAllStringIndex(s, -1)
				if len(found) == 0 {
					continue
				}
				at := found[rng.Intn(len(found))]
				state[p] = s[:at[0]] + people[rng.Intn(len(people))] + s[at[1]:]
			}
		}
	}
	state := maps.Clone(files)
	head := commit("refs/heads/main", "priya@acme.example", state, 0, 0)
	fmt.Fprintf(w, "reset refs/tags/base\nfrom :%d\n\n", head)
	for made := 0; made < n; made++ {
		author := people[rng.Intn(len(people))]
		if made%12 == 11 {
			// A branch of two commits, merged back with the branch's
			// versions of the files it changed, sometimes one more edit.
			branch, b := maps.Clone(state), head
			for range 2 {
				edit(branch)
				b = commit("refs/heads/feature", people[rng.Intn(len(people))], branch, b, 0)
			}
			edit(state)
			head = commit("refs/heads/main", author, state, head, 0)
			for p, s := range branch {
				state[p] = s
			}
			if rng.Intn(2) == 0 {
				edit(state)
			}
			head = commit("refs/heads/main", author, state, head, b)
			continue
		}
		edit(state)
		head = commit("refs/heads/main", author, state, head, 0)
	}
	w.WriteString("done\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, stderr.String())
	}
	git("reset", "-q", "--hard", "main")
	return dir
}
