package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/parsecache"
)

// segments lists the parse cache's files with their sizes and times: equal
// listings before and after a command mean it wrote nothing.
func segments(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%v %d", fi.ModTime(), fi.Size())
	}
	return out
}

// spoil damages every segment file of the cache in dir as how says.
func spoil(t *testing.T, dir, how string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "seg-") {
			continue
		}
		n++
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch how {
		case "truncated":
			b = b[:len(b)/2]
		case "table": // a byte of the header's table
			b[40] ^= 0x55
		case "values": // bytes spread over the values
			for i := len(b) / 2; i < len(b); i += 997 {
				b[i] ^= 0x55
			}
		case "empty":
			b = nil
		case "garbage":
			b = []byte(strings.Repeat("collab-parsed\n\x01\xff", 50))
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatalf("no segment to spoil in %s", dir)
	}
}

// TestParseCacheMatchesReference runs collab log and collab diff, in every
// format, with no parse cache, with the cache they wrote, and with that
// cache truncated, corrupted or replaced by garbage, and compares each
// output with the reference, which reads and parses every version afresh.
// A run on a warm cache must write nothing: every version came from it.
func TestParseCacheMatchesReference(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, yamlHistory(t, 4, 90))
	gittest.Run(t, dir, "checkout", "-q", "main")
	cache := parsecache.Dir(filepath.Join(dir, ".git"))
	revs := gittest.Lines(gittest.Run(t, dir, "rev-list", "--first-parent", "main"))
	at := func(i int) string { return revs[min(i, len(revs)-1)] }
	ranges := [][2]string{{at(len(revs)), "main"}, {at(10), "main"}, {"main", at(len(revs) / 2)}}
	merges := gittest.Lines(gittest.Run(t, dir, "rev-list", "--min-parents=2", "main"))
	if len(merges) == 0 {
		t.Fatal("the history has no merge")
	}
	ranges = append(ranges, [2]string{merges[0] + "^2", merges[0]}, [2]string{merges[len(merges)-1] + "^2", "main"})

	type run struct {
		name string
		do   func(t *testing.T) string
	}
	var runs []run
	for _, rg := range ranges {
		for _, format := range diffFormats {
			want := referenceDiff(t, dir, rg[0], rg[1], format)
			runs = append(runs, run{"diff " + rg[0] + ".." + rg[1] + " --format " + format, func(t *testing.T) string {
				ios, _, out, _ := iostreams.Test()
				f := cmdutil.New(ios)
				f.Dir = dir
				if err := diffRun(&DiffOptions{IO: f.IO, WorkDir: f.WorkDir, Range: rg[0] + ".." + rg[1], Format: format}); err != nil {
					t.Fatal(err)
				}
				return cmp.Diff(want, out.String())
			}})
		}
	}
	for _, format := range []string{cmdutil.Table, cmdutil.JSON, cmdutil.YAML} {
		want := referenceLog(t, dir, &LogOptions{Output: format})
		runs = append(runs, run{"log -o " + format, func(t *testing.T) string {
			ios, _, out, errOut := iostreams.Test()
			f := cmdutil.New(ios)
			f.Dir = dir
			if err := logRun(&LogOptions{IO: f.IO, WorkDir: f.WorkDir, Output: format}); err != nil {
				t.Fatal(err)
			}
			return cmp.Diff(want, out.String()+errOut.String())
		}})
	}

	check := func(state string, r run) {
		t.Helper()
		if diff := r.do(t); diff != "" {
			t.Errorf("%s, cache %s (-reference +got):\n%s", r.name, state, diff)
		}
	}
	for _, r := range runs {
		// Cold: the cache is written; warm: read, and nothing written.
		os.RemoveAll(cache)
		check("absent", r)
		before := segments(t, cache)
		if len(before) == 0 {
			t.Fatalf("%s wrote no parse cache", r.name)
		}
		check("warm", r)
		if diff := cmp.Diff(before, segments(t, cache)); diff != "" {
			t.Errorf("%s on a warm cache wrote to it:\n%s", r.name, diff)
		}
		for _, how := range []string{"truncated", "table", "values", "empty", "garbage"} {
			spoil(t, cache, how)
			check(how, r)
			// The faulty segments are rebuilt: the next run is warm.
			before := segments(t, cache)
			check("rebuilt after "+how, r)
			if diff := cmp.Diff(before, segments(t, cache)); diff != "" {
				t.Errorf("%s: the cache rebuilt after %s was not whole:\n%s", r.name, how, diff)
			}
		}
	}
	// One cache across commands and ranges: every run warm or partly so.
	for range 2 {
		for _, r := range runs {
			check("shared", r)
		}
	}
}

// TestParseCacheAtOnce runs logs and diffs at once on one repository, each
// with a cache of its own opened on the same folder (as processes would),
// from no cache: each output must match the reference, and the cache they
// leave must serve a warm run whole.
func TestParseCacheAtOnce(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, yamlHistory(t, 5, 60))
	gittest.Run(t, dir, "checkout", "-q", "main")
	cache := parsecache.Dir(filepath.Join(dir, ".git"))
	revs := gittest.Lines(gittest.Run(t, dir, "rev-list", "--first-parent", "main"))
	from := revs[len(revs)-1]
	wantLog := referenceLog(t, dir, &LogOptions{Output: cmdutil.JSON})
	wantDiff := referenceDiff(t, dir, from, "main", "json")
	run := func(diff bool) (string, string) {
		ios, _, out, errOut := iostreams.Test()
		f := cmdutil.New(ios)
		f.Dir = dir
		if diff {
			if err := diffRun(&DiffOptions{IO: f.IO, WorkDir: f.WorkDir, Range: from + "..main", Format: "json"}); err != nil {
				return "", err.Error()
			}
			return cmp.Diff(wantDiff, out.String()), ""
		}
		if err := logRun(&LogOptions{IO: f.IO, WorkDir: f.WorkDir, Output: cmdutil.JSON}); err != nil {
			return "", err.Error()
		}
		return cmp.Diff(wantLog, out.String()+errOut.String()), ""
	}
	for round := range 3 {
		os.RemoveAll(cache)
		var wg sync.WaitGroup
		diffs := make([]string, 6)
		errs := make([]string, 6)
		for i := range diffs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				diffs[i], errs[i] = run(i%2 == 0)
			}()
		}
		wg.Wait()
		for i := range diffs {
			if errs[i] != "" || diffs[i] != "" {
				t.Fatalf("round %d, run %d at once: %s (-reference +got):\n%s", round, i, errs[i], diffs[i])
			}
		}
	}
	// Whatever the runs at once left, the next runs fill it and then it
	// serves them whole.
	run(true)
	run(false)
	before := segments(t, cache)
	if d, e := run(true); d != "" || e != "" {
		t.Fatalf("diff after: %s %s", e, d)
	}
	if d, e := run(false); d != "" || e != "" {
		t.Fatalf("log after: %s %s", e, d)
	}
	if diff := cmp.Diff(before, segments(t, cache)); diff != "" {
		t.Errorf("warm runs wrote to the cache:\n%s", diff)
	}
}
