package history

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/semdiff"
)

// exampleFiles are the generated histories' starting files, from the
// example workspace.
var exampleFiles = []string{
	"collab.yaml",
	"agreements/feature-x-launch.yaml", "agreements/capex-approval-2026.yaml", "agreements/new-hire-onboarding.yaml",
	"goals/company-gross-margin.yaml", "goals/qualified-leads.yaml",
	"teams/finance.yaml", "teams/sales.yaml",
	"maps/feature-x-launch.yaml",
}

var (
	statusLine = regexp.MustCompile(`(?m)^  status: \S+`)
	titleLine  = regexp.MustCompile(`(?m)^  title: .*`)
	dueDate    = regexp.MustCompile(`due: \d{4}-\d\d-\d\d`)
)

// yamlHistory writes a fast-import stream of n commits of entity files
// that change as people and tools change them: status and date edits,
// non-ASCII titles, comments only, files that do not parse or decode,
// empty files and control characters, removals, renames (a file moved to
// another id), one version over the size cap, branches and merges that take
// either side, and a file outside the entity folders.
func yamlHistory(t *testing.T, seed int64, n int) string {
	t.Helper()
	orig := map[string]string{}
	for _, p := range exampleFiles {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "acme", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		orig[p] = string(b)
	}
	rng := rand.New(rand.NewSource(seed))
	statuses := []string{"draft", "proposed", "active", "achieved", "retired", "paused", "at-risk"}
	mutate := func(i int, p, s string) string {
		switch rng.Intn(14) {
		case 0, 1, 2:
			return statusLine.ReplaceAllLiteralString(s, "  status: "+statuses[rng.Intn(len(statuses))])
		case 3:
			return strings.Replace(s, titleLine.FindString(s), fmt.Sprintf("  title: Übergabe „%d“ — 目標 ✓", i), 1)
		case 4, 5:
			return strings.Replace(s, dueDate.FindString(s), fmt.Sprintf("due: 2026-%02d-%02d", 1+rng.Intn(12), 1+rng.Intn(28)), 1)
		case 6:
			return s + "\n  broken: [unclosed\n"
		case 7:
			return "apiVersion: collab/v1\nkind: Agreement\nmetadata: [1, 2]\nspec: {}\n"
		case 8:
			return ""
		case 9:
			return s + fmt.Sprintf("# note %d, ünïcode\n", i)
		case 10:
			return orig[p]
		case 11:
			return s + "spec:\n  again: 1\n"
		case 12:
			return s + "  note: \x01\n"
		}
		return strings.Replace(s, "spec:\n", fmt.Sprintf("spec:\n  extra%d: [a, b, {id: x%d, v: ü}]\n", rng.Intn(3), i), 1)
	}
	type state map[string]string
	var trees []state
	var tips []int
	var b strings.Builder
	data := func(s string) { fmt.Fprintf(&b, "data %d\n%s\n", len(s), s) }
	date := int64(1_760_000_000)
	for i := 0; i < n; i++ {
		st := state{}
		var parents []int
		var after func()
		switch {
		case i == 0:
			for p, s := range orig {
				st[p] = s
			}
			st["README.md"] = "not an entity\n"
			after = func() { tips = append(tips, 0) }
		case len(tips) > 1 && rng.Intn(4) == 0:
			x := rng.Intn(len(tips))
			y := (x + 1 + rng.Intn(len(tips)-1)) % len(tips)
			parents = []int{tips[x], tips[y]}
			after = func() {
				tips[x] = i
				tips = append(tips[:y], tips[y+1:]...)
			}
		case rng.Intn(6) == 0:
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
		paths := make([]string, 0, len(st))
		for p := range st {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		if len(parents) == 2 {
			other := trees[parents[1]]
			for _, p := range paths {
				switch rng.Intn(3) {
				case 0:
					if v, ok := other[p]; ok {
						st[p] = v
					} else {
						delete(st, p)
					}
				case 1:
					st[p] = mutate(i, p, st[p])
				}
			}
		} else if i > 0 {
			for k := 0; k <= rng.Intn(3); k++ {
				p := paths[rng.Intn(len(paths))]
				switch rng.Intn(12) {
				case 0:
					if p != "collab.yaml" { // the workspace stays where it is
						delete(st, p)
					}
				case 1: // renamed: the same content under another id
					dir, _, _ := strings.Cut(p, "/")
					if dir != p && dir != "README.md" {
						st[fmt.Sprintf("%s/moved-%d.yaml", dir, rng.Intn(4))] = st[p]
						delete(st, p)
					}
				case 2: // a removed example file comes back
					q := exampleFiles[rng.Intn(len(exampleFiles))]
					st[q] = orig[q]
				default:
					st[p] = mutate(i, p, st[p])
				}
			}
			if i == n/2 {
				st["teams/sales.yaml"] = "# " + strings.Repeat("x", 1<<20) + "\n"
			}
		}
		trees = append(trees, st)
		switch rng.Intn(5) {
		case 0:
		case 1:
			date -= int64(rng.Intn(300))
		default:
			date += int64(rng.Intn(90_000) + 1)
		}
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\n", i+1)
		fmt.Fprintf(&b, "author Zoë Ñúñez <zoe@example.com> %d +0100\n", date-int64(rng.Intn(1000)))
		fmt.Fprintf(&b, "committer C <c@example.com> %d +0000\n", date)
		data(fmt.Sprintf("change %d: ünïcode subject", i))
		if len(parents) > 0 {
			fmt.Fprintf(&b, "from :%d\n", parents[0]+1)
		}
		if len(parents) == 2 {
			fmt.Fprintf(&b, "merge :%d\n", parents[1]+1)
		}
		b.WriteString("deleteall\n")
		paths = paths[:0]
		for p := range st {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			fmt.Fprintf(&b, "M 100644 inline %s\n", p)
			data(st[p])
		}
		after()
	}
	// Merge every branch left so that all of history is reachable.
	for len(tips) > 1 {
		n++
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\n", n)
		date += 60
		fmt.Fprintf(&b, "author A <a@example.com> %d +0000\ncommitter C <c@example.com> %d +0000\n", date, date)
		data("merge the branches")
		fmt.Fprintf(&b, "from :%d\nmerge :%d\n", tips[0]+1, tips[1]+1)
		tips = append([]int{n - 1}, tips[2:]...)
	}
	b.WriteString("done\n")
	return b.String()
}

// referenceVersion reads a version as the log and diff commands must
// present it to semdiff: over the size cap, the error in place of content.
func referenceVersion(t *testing.T, r *history.Repo, path string, h history.Hash) semdiff.Version {
	t.Helper()
	if h.IsZero() {
		return semdiff.Version{}
	}
	b, err := r.ReadBlob(h)
	var size *safefile.SizeError
	if errors.As(err, &size) {
		size.Path = path
		return semdiff.Version{Err: err}
	}
	if err != nil {
		t.Fatal(err)
	}
	if b == nil {
		b = []byte{}
	}
	return semdiff.Version{Data: b}
}

// referenceEntities compares each changed file on its own, both versions
// read and parsed afresh, one file after the other: what the commands print
// must not depend on how they share, order or spread that work.
func referenceEntities(t *testing.T, r *history.Repo, files []history.FileChange) []*semdiff.Entity {
	out := []*semdiff.Entity{}
	for _, f := range files {
		out = append(out, semdiff.Compare(f.Path, referenceVersion(t, r, f.Path, f.Old), referenceVersion(t, r, f.Path, f.New)))
	}
	return out
}

func referenceLog(t *testing.T, dir string, opts *LogOptions) string {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	opts.IO = ios
	r, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lo := history.LogOptions{Max: opts.Max}
	if opts.Target != "" {
		e, err := parseTarget(r, opts.Target)
		if err != nil {
			t.Fatal(err)
		}
		lo.Entity = &e
	}
	p := newLogPrinter(opts, lo.Entity != nil)
	err = r.Log(lo, func(rev *history.Revision) error {
		return p.print(logCommit(rev, referenceEntities(t, r, rev.Files)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.close(lo.Entity); err != nil {
		t.Fatal(err)
	}
	return out.String() + errOut.String()
}

func referenceDiff(t *testing.T, dir, from, to, format string) string {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	r, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a, err := r.Resolve(from)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Resolve(to)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := r.Changes(a, b)
	if err != nil {
		t.Fatal(err)
	}
	res := &DiffResult{From: from, FromCommit: a.String(), To: to, ToCommit: b.String(), Entities: referenceEntities(t, r, changes)}
	if err := writeDiff(&DiffOptions{IO: ios, Range: from + ".." + to, Format: format}, res); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestLogAndDiffMatchReference compares what collab log and collab diff
// print, in every format, with the reference (each version read and parsed
// afresh, one file at a time) on generated histories.
func TestLogAndDiffMatchReference(t *testing.T) {
	gittest.Hermetic(t)
	for seed := int64(1); seed <= 3; seed++ {
		dir := gittest.NewRepo(t, nil)
		gittest.FastImport(t, dir, yamlHistory(t, seed, 90))
		gittest.Run(t, dir, "checkout", "-q", "main")
		if seed == 2 {
			gittest.Run(t, dir, "commit-graph", "write", "--reachable", "--changed-paths")
		}
		logs := []LogOptions{
			{Output: cmdutil.Table}, {Output: cmdutil.JSON}, {Output: cmdutil.YAML},
			{Output: cmdutil.Table, Max: 7},
			{Output: cmdutil.JSON, Target: "agreement/feature-x-launch"},
			{Output: cmdutil.Table, Target: "goal/company-gross-margin"},
			{Output: cmdutil.Table, Target: "team/sales"},
		}
		for _, o := range logs {
			want := referenceLog(t, dir, &o)
			ios, _, out, errOut := iostreams.Test()
			f := cmdutil.New(ios)
			f.Dir = dir
			o.IO, o.WorkDir = f.IO, f.WorkDir
			if err := logRun(&o); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, out.String()+errOut.String()); diff != "" {
				t.Errorf("seed %d, log %q -n %d -o %s (-reference +log):\n%s", seed, o.Target, o.Max, o.Output, diff)
			}
			if !strings.Contains(want, "ü") && o.Target == "" {
				t.Errorf("seed %d: the history has no non-ASCII change", seed)
			}
		}
		revs := gittest.Lines(gittest.Run(t, dir, "rev-list", "--first-parent", "main"))
		at := func(i int) string { return revs[min(i, len(revs)-1)] }
		ranges := [][2]string{
			{at(len(revs)), "main"}, {at(10), "main"}, {at(len(revs) * 2 / 3), at(3)}, {"main", at(len(revs) / 2)},
		}
		if len(gittest.Lines(gittest.Run(t, dir, "rev-list", "--no-walk", "--min-parents=2", "main"))) > 0 {
			ranges = append(ranges, [2]string{"main^2", "main"})
		}
		for _, rg := range ranges {
			for _, format := range diffFormats {
				want := referenceDiff(t, dir, rg[0], rg[1], format)
				ios, _, out, _ := iostreams.Test()
				f := cmdutil.New(ios)
				f.Dir = dir
				if err := diffRun(&DiffOptions{IO: f.IO, WorkDir: f.WorkDir, Range: rg[0] + ".." + rg[1], Format: format}); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, out.String()); diff != "" {
					t.Errorf("seed %d, diff %s..%s --format %s (-reference +diff):\n%s", seed, rg[0], rg[1], format, diff)
				}
			}
		}
	}
}

// TestReferenceSeesEveryCase checks that the generated histories hold what
// the comparison is meant to cover.
func TestReferenceSeesEveryCase(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, yamlHistory(t, 1, 90))
	gittest.Run(t, dir, "checkout", "-q", "main")
	out := referenceLog(t, dir, &LogOptions{Output: cmdutil.JSON})
	for _, want := range []string{
		`"change": "added"`, `"change": "removed"`, "moved-", "(merge)", "old version: ", "new version: ",
		"over the 1048576 byte limit", "目標", `"from": "`, `"mustAccept"`, "control character", "duplicate",
	} {
		if want == "(merge)" {
			if !strings.Contains(referenceLog(t, dir, &LogOptions{Output: cmdutil.Table}), want) {
				t.Errorf("no merge listed")
			}
			continue
		}
		if !bytes.Contains([]byte(out), []byte(want)) {
			t.Errorf("the generated history has no %q", want)
		}
	}
}
