package gitstore

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseFsync(t *testing.T) {
	def := fsyncDefault()
	for _, c := range []struct {
		in   string
		want fsyncComponent
	}{
		{"", def},
		{"none", 0},
		{"committed", def | fsyncCommitted},
		{"added", def | fsyncAdded},
		{"all,-index", fsyncAll}, // a "-" takes from the default only
		{"-index,committed", def | fsyncCommitted},
		{"-loose-object", def &^ fsyncLooseObject},
		{"in", def | fsyncIndex},                                  // a prefix names every component it begins
		{"pack", def | fsyncPack | fsyncPackMetadata},             // pack-metadata too
		{"-pack", def &^ (fsyncPack | fsyncPackMetadata)},         //
		{"index,none", fsyncIndex},                                // none clears the default...
		{"committed,none", fsyncCommitted},                        // ...not what came before it
		{"none,index", def | fsyncIndex},                          // only as the whole rest: here an unknown item
		{"index,,\treference", def | fsyncIndex | fsyncReference}, // separators and blanks before an item
		{"index ,reference", def | fsyncReference},                // blanks after one are part of it
		{"-,index", def},                                          // an empty item ends the list
		{"bogus,reference", def | fsyncReference},
	} {
		if got := parseFsync(c.in); got != c.want {
			t.Errorf("parseFsync(%q) = %#b, want %#b", c.in, got, c.want)
		}
	}
}

// unset removes key from the repository's config, if it is there.
func unset(t *testing.T, dir, key string) {
	t.Helper()
	if err := exec.Command("git", "-C", dir, "config", "--unset-all", key).Run(); err != nil && err.(*exec.ExitError).ExitCode() != 5 {
		t.Fatalf("git config --unset-all %s: %v", key, err)
	}
}

// gitFsyncs runs git in dir with GIT_TRACE2_EVENT and returns its fsync
// counters (fsync/hardware-flush, fsync/writeout-only).
func gitFsyncs(t *testing.T, dir, stdin string, args ...string) map[string]int {
	t.Helper()
	trace := filepath.Join(t.TempDir(), "trace.json")
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TRACE2_EVENT="+trace)
	cmd.Stdin = strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	f, err := os.Open(trace)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var ev struct{ Category, Key, Value string }
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Category == "fsync" {
			n, _ := strconv.Atoi(ev.Value)
			counts[ev.Key] += n
		}
	}
	return counts
}

// What a write syncs is what git syncs in the same repository: for each
// config, git's own fsync counters (trace2) when it writes a ref, a loose
// object and the index decide whether collab syncs that component, and
// with which method. The settings are read in the process, and asked of
// git when they sit in an included file.
func TestHardeningAsGitDoes(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	if v := run(t, dir, "version"); strings.HasPrefix(v, "git version 2.") {
		if minor, _ := strconv.Atoi(strings.Split(strings.TrimPrefix(v, "git version 2."), ".")[0]); minor < 36 {
			t.Skipf("%s counts no fsyncs in trace2 (2.36 does)", strings.TrimSpace(v))
		}
	}
	blob := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD:a.txt"))
	settings := []string{"core.fsync", "core.fsyncMethod", "core.fsyncObjectFiles"}
	n := 0
	for _, include := range []bool{false, true} {
		for _, c := range [][3]string{
			{}, {"committed"}, {"added"}, {"all"}, {"none"}, {"-loose-object,index"},
			{"index,none"}, {"committed,none"}, {"none,index"}, {"in"}, {"ref"}, {"objects,-loose"},
			{"reference", "writeout-only"}, {"added", "bogus"}, {"all", "writeout-only"},
			{"", "", "true"}, {"none", "", "true"}, {"", "", "false"}, {"loose-object", "batch"},
		} {
			n++
			unset(t, dir, "include.path")
			inc := "[core]\n"
			for j, k := range settings {
				unset(t, dir, k)
				switch {
				case c[j] == "":
				case include:
					inc += "\t" + strings.TrimPrefix(k, "core.") + " = " + c[j] + "\n"
				default:
					run(t, dir, "config", k, c[j])
				}
			}
			if include {
				write(t, dir, ".git/fsync.inc", inc)
				run(t, dir, "config", "include.path", "fsync.inc")
			}
			id := strconv.Itoa(n)
			git := map[fsyncComponent]map[string]int{
				fsyncReference:   gitFsyncs(t, dir, "", "update-ref", "refs/heads/b"+id, "HEAD"),
				fsyncLooseObject: gitFsyncs(t, dir, "object "+id+"\n", "hash-object", "-w", "--stdin"),
				fsyncIndex:       gitFsyncs(t, dir, "", "update-index", "--add", "--cacheinfo", "100644,"+blob+",b"+id+".txt"),
			}
			r := open(t, dir)
			before := gitRuns.Load()
			h := r.hardening()
			if asked := gitRuns.Load() > before; asked != include {
				t.Errorf("%q, include %v: asked git: %v", c, include, asked)
			}
			for comp, counts := range git {
				synced := counts["fsync/hardware-flush"]+counts["fsync/writeout-only"] > 0
				if got := h.components&comp != 0; got != synced {
					t.Errorf("%q, include %v: collab syncs component %#b: %v; git: %v (%v)", c, include, comp, got, synced, counts)
				}
				if !synced || comp == fsyncLooseObject && h.method == "batch" {
					continue // batch: git flushes once per batch, collab per object
				}
				if writeout := counts["fsync/hardware-flush"] == 0; writeout != (h.method == "writeout-only") {
					t.Errorf("%q, include %v: collab's method %s; git's fsync counters %v", c, include, h.method, counts)
				}
			}
			r.Close()
		}
	}
}

// A commit syncs the loose objects, the index and the branch it writes
// when core.fsync names them, and none of them with git's default.
func TestCommitHardens(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	var got []fsyncComponent
	onHarden = func(c fsyncComponent) { got = append(got, c) }
	t.Cleanup(func() { onHarden = nil })
	for i, c := range []struct {
		fsync string
		want  []fsyncComponent
	}{
		{"", nil},
		{"committed", []fsyncComponent{fsyncLooseObject, fsyncReference}},
		{"all", []fsyncComponent{fsyncLooseObject, fsyncIndex, fsyncReference}},
		{"index", []fsyncComponent{fsyncIndex}},
	} {
		unset(t, dir, "core.fsync")
		if c.fsync != "" {
			run(t, dir, "config", "core.fsync", c.fsync)
		}
		got = nil
		commitFiles(t, open(t, dir), "change", File{Path: "a.txt", Data: []byte("a" + strconv.Itoa(i) + "\n")})
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("core.fsync=%q: synced %v, want %v", c.fsync, got, c.want)
		}
	}
	fsck(t, dir)
}

// Git refuses core.fsync without a value; so does a write.
func TestFsyncWithoutValue(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a.txt": "a\n"})
	f, err := os.OpenFile(filepath.Join(dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("[core]\n\tfsync\n")
	f.Close()
	if out, err := exec.Command("git", "-C", dir, "update-ref", "refs/heads/x", "HEAD").CombinedOutput(); err == nil {
		t.Fatalf("git accepts core.fsync without a value:\n%s", out)
	}
	if _, err := open(t, dir).writeConfig(); err == nil || !strings.Contains(err.Error(), "missing value for 'core.fsync'") {
		t.Errorf("writeConfig: %v", err)
	}
}
