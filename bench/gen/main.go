// Command gen writes a collab repository for benchmarks: 2,000 entity files
// (200 teams, 500 goals, 800 agreements, 500 stakeholder maps) changed by
// 5,000 commits, with feature branches merged back, through git fast-import.
//
//	go run ./bench/gen -out /tmp/collab-bench [-commits 5000] [-files 2000]
//
// Every commit edits one to three random files; the agreement named by
// -target (agreements/a00042.yaml) also changes every -every commits, some
// of those on branches, so its history crosses merges. The repository is
// then packed with git gc, as a clone would be.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
)

func main() {
	out := flag.String("out", "", "folder to create (must not exist)")
	commits := flag.Int("commits", 5000, "number of commits")
	files := flag.Int("files", 2000, "number of entity files")
	every := flag.Int("every", 50, "the target agreement changes every N commits")
	gc := flag.Bool("gc", true, "pack the repository with git gc afterwards")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR [-commits N] [-files N]")
		os.Exit(2)
	}
	if err := run(*out, *commits, *files, *every, *gc); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

type entity struct{ path, kind, id string }

func entities(n int) []entity {
	split := []struct {
		dir, kind, prefix string
		share             int // per 20
	}{{"teams", "Team", "t", 2}, {"goals", "Goal", "g", 5}, {"agreements", "Agreement", "a", 8}, {"maps", "StakeholderMap", "m", 5}}
	var out []entity
	for _, s := range split {
		for i := 0; i < n*s.share/20; i++ {
			id := fmt.Sprintf("%s%05d", s.prefix, i)
			out = append(out, entity{path: s.dir + "/" + id + ".yaml", kind: s.kind, id: id})
		}
	}
	return out
}

// content is a realistic file of the entity at version v.
func content(e entity, v int) string {
	day := 1 + v%28
	switch e.kind {
	case "Agreement":
		return fmt.Sprintf(`apiVersion: collab/v1
kind: Agreement
metadata:
  id: %s
  title: Agreement %s between product and sales
spec:
  status: active
  owner: pat@acme.example
  parties:
    - {team: t00001, owner: priya@acme.example}
    - {team: t00002, owner: sam@acme.example}
  purpose: Sales outreach starts the day after the feature is generally available.
  parameters:
    - {kind: timeline, text: GA before the end of the quarter, hard: true}
    - {kind: budget, text: No added headcount, hard: false}
  commitments:
    - id: deliver-feature
      party: t00001
      owner: priya@acme.example
      deliverable: Feature generally available
      due: 2026-03-%02d
      status: open
    - id: start-outreach
      party: t00002
      owner: sam@acme.example
      deliverable: Customer outreach campaign starts
      due: 2026-04-%02d
      dependsOn: [deliver-feature]
  metrics:
    - {name: Adoption rate, target: 30%% of active accounts by June, source: Shared adoption dashboard}
  cadence: {every: 14d, next: 2026-05-%02d, forum: Product and sales sync}
  review: {every: 90d, next: 2026-06-01}
  escalation: [pat@acme.example]
  checkins:
    - {date: 2026-02-%02d, by: pat@acme.example, note: Version %d of the plan.}
`, e.id, e.id, day, day, 1+(v*7)%28, day, v)
	case "Team":
		return fmt.Sprintf("apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: %s\n  title: Team %s\nspec:\n  lead: lead@acme.example\n  members:\n    - {email: lead@acme.example, name: Lead}\n    - {email: m%d@acme.example, name: Member %d}\n  reviewers: [\"@acme/%s-leads\"]\n", e.id, e.id, v, v, e.id)
	case "Goal":
		return fmt.Sprintf("apiVersion: collab/v1\nkind: Goal\nmetadata:\n  id: %s\n  title: Goal %s\nspec:\n  status: active\n  owner: dana@acme.example\n  teams: [t00001, t00002]\n  keyResults:\n    - {id: kr, title: Key result, baseline: 0, target: 100, direction: increase, current: %d}\n", e.id, e.id, v%100)
	}
	return fmt.Sprintf("apiVersion: collab/v1\nkind: StakeholderMap\nmetadata:\n  id: %s\n  title: Map %s\nspec:\n  subject: agreement/a00001\n  stakeholders:\n    - {person: pat@acme.example, team: t00001, roles: [decision-maker], raci: A, note: version %d}\n", e.id, e.id, v)
}

const workspaceFile = "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: bench, title: Bench}\nspec: {}\n"

func run(out string, commits, nfiles, every int, gc bool) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; remove it first", out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := git(out, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = out
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(in, 1<<20)
	rng := rand.New(rand.NewSource(1))
	ents := entities(nfiles)
	version := make([]int, len(ents))
	target := -1
	for i, e := range ents {
		if e.path == "agreements/a00042.yaml" {
			target = i
		}
	}
	date := int64(1_767_225_600) // 2026-01-01
	data := func(s string) { fmt.Fprintf(w, "data %d\n%s\n", len(s), s) }
	modify := func(i int) {
		version[i]++
		fmt.Fprintf(w, "M 100644 inline %s\n", ents[i].path)
		data(content(ents[i], version[i]))
	}
	mark := 0
	commit := func(ref, msg string, from, merge int, edit func()) int {
		mark++
		date += 60 + int64(rng.Intn(600))
		fmt.Fprintf(w, "commit %s\nmark :%d\n", ref, mark)
		fmt.Fprintf(w, "author Pat Morgan <pat@acme.example> %d +0000\ncommitter Pat Morgan <pat@acme.example> %d +0000\n", date, date)
		data(msg)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		if merge > 0 {
			fmt.Fprintf(w, "merge :%d\n", merge)
		}
		edit()
		w.WriteString("\n")
		return mark
	}
	randomEdits := func() {
		for k := 0; k < 1+rng.Intn(3); k++ {
			i := rng.Intn(len(ents))
			if i != target {
				modify(i)
			}
		}
	}
	head := commit("refs/heads/main", "Import the workspace", 0, 0, func() {
		w.WriteString("M 100644 inline collab.yaml\n")
		data(workspaceFile)
		for i := range ents {
			modify(i)
		}
	})
	n := 1
	for n < commits {
		// Every 25 commits a branch of 4 commits is merged back.
		if n%25 == 0 && n+6 <= commits {
			b := head
			for k := 0; k < 4; k++ {
				touchTarget := k == 1 && (n/25)%4 == 0
				b = commit("refs/heads/feature", fmt.Sprintf("Feature work %d.%d", n, k), b, 0, func() {
					randomEdits()
					if touchTarget {
						modify(target)
					}
				})
			}
			head = commit("refs/heads/main", fmt.Sprintf("Change on main %d", n), head, 0, randomEdits)
			head = commit("refs/heads/main", fmt.Sprintf("Merge feature %d", n), head, b, func() {
				// A merge commit states its full tree: take the branch's versions.
				w.WriteString("deleteall\nM 100644 inline collab.yaml\n")
				data(workspaceFile)
				for i := range ents {
					fmt.Fprintf(w, "M 100644 inline %s\n", ents[i].path)
					data(content(ents[i], version[i]))
				}
			})
			n += 6
			continue
		}
		touch := n%every == 0
		head = commit("refs/heads/main", fmt.Sprintf("Change %d", n), head, 0, func() {
			randomEdits()
			if touch {
				modify(target)
			}
		})
		n++
	}
	w.WriteString("done\n")
	if err := w.Flush(); err != nil {
		return err
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	if err := git(out, "checkout", "-q", "main"); err != nil {
		return err
	}
	if gc {
		return git(out, "gc", "-q")
	}
	return nil
}
