// Package gittest builds git repositories with the real git for tests: a
// hermetic environment, repositories with files, random histories through
// git fast-import, and a runner that fails the test on a git error.
package gittest

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Hermetic makes git and collab see only what the test sets up: a fresh
// HOME, no system or global config, no GIT_* variables. It skips the test
// when git is not installed and returns the new HOME.
func Hermetic(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
		"GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return home
}

// Run runs git in dir and returns its output; an error fails the test.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Lines splits output into lines; nil for empty output.
func Lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Write writes data to rel (slash-separated) below dir, making folders.
func Write(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// NewRepo makes a repository on branch main with user.name/email set and,
// when files are given, one commit holding them.
func NewRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Run(t, dir, "init", "-q", "-b", "main")
	Run(t, dir, "config", "user.name", "Repo User")
	Run(t, dir, "config", "user.email", "repo@example.com")
	if len(files) > 0 {
		for p, d := range files {
			Write(t, dir, p, d)
		}
		Run(t, dir, "add", "-A")
		Run(t, dir, "commit", "-q", "-m", "initial")
	}
	return dir
}

// FastImport feeds a fast-import stream to git in dir.
func FastImport(t testing.TB, dir, stream string) {
	t.Helper()
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stream)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

// RandomHistory writes a fast-import stream of n commits on refs/heads/main
// over the given files: branches, merges that take either side or change
// the file themselves, deletions, and equal and out-of-order committer
// dates. Commit i's message is "commit i"; a final merge makes every branch
// reachable.
func RandomHistory(seed int64, n int, files []string) string {
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	type state map[string]string
	trees := []state{}
	tips := []int{} // commit index of each branch tip
	date := int64(1_700_000_000)
	data := func(s string) { fmt.Fprintf(&b, "data %d\n%s\n", len(s), s) }
	for i := 0; i < n; i++ {
		st := state{}
		var parents []int
		var after func()
		switch {
		case i == 0:
			after = func() { tips = append(tips, 0) }
		case len(tips) > 1 && rng.Intn(4) == 0: // merge two branches
			x := rng.Intn(len(tips))
			y := (x + 1 + rng.Intn(len(tips)-1)) % len(tips)
			parents = []int{tips[x], tips[y]}
			after = func() {
				tips[x] = i
				tips = append(tips[:y], tips[y+1:]...)
			}
		case rng.Intn(6) == 0: // new branch from an older commit
			parents = []int{rng.Intn(i)}
			after = func() { tips = append(tips, i) }
		default:
			k := rng.Intn(len(tips))
			parents = []int{tips[k]}
			after = func() { tips[k] = i }
		}
		if len(parents) > 0 {
			for k, v := range trees[parents[0]] {
				st[k] = v
			}
		}
		if len(parents) == 2 {
			other := trees[parents[1]]
			for _, f := range files {
				switch rng.Intn(3) {
				case 0:
					if v, ok := other[f]; ok {
						st[f] = v
					} else {
						delete(st, f)
					}
				case 1:
					if rng.Intn(3) == 0 {
						st[f] = fmt.Sprintf("merge %d\n", i)
					}
				}
			}
		} else {
			for _, f := range files {
				if rng.Intn(len(files)) == 0 {
					if _, ok := st[f]; ok && rng.Intn(8) == 0 {
						delete(st, f)
					} else {
						st[f] = fmt.Sprintf("content %d\n", i)
					}
				}
			}
		}
		trees = append(trees, st)
		// Mostly increasing dates, with ties and some going backwards.
		switch rng.Intn(5) {
		case 0:
		case 1:
			date -= int64(rng.Intn(300))
		default:
			date += int64(rng.Intn(600) + 1)
		}
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\n", i+1)
		fmt.Fprintf(&b, "committer C <c@example.com> %d +0000\n", date)
		data(fmt.Sprintf("commit %d", i))
		if len(parents) > 0 {
			fmt.Fprintf(&b, "from :%d\n", parents[0]+1)
		}
		if len(parents) == 2 {
			fmt.Fprintf(&b, "merge :%d\n", parents[1]+1)
		}
		b.WriteString("deleteall\n")
		keys := make([]string, 0, len(st))
		for k := range st {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "M 100644 inline %s\n", k)
			data(st[k])
		}
		b.WriteString("\n")
		after()
	}
	// The final commit merges every remaining tip so all of history is reachable.
	if len(tips) > 1 {
		date += 60
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\ncommitter C <c@example.com> %d +0000\n", n+1, date)
		data("final merge")
		fmt.Fprintf(&b, "from :%d\n", tips[0]+1)
		for _, tip := range tips[1:] {
			fmt.Fprintf(&b, "merge :%d\n", tip+1)
		}
		b.WriteString("\n")
	}
	b.WriteString("done\n")
	return b.String()
}
