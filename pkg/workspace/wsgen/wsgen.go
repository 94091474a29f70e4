// Package wsgen generates large, valid workspaces for benchmarks and tests.
package wsgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
)

// Files returns a clean workspace of nTeams teams and, in total, n entity
// files: teams, goals in a parent tree, active agreements between two teams
// with accepted terms, and stakeholder maps of the agreements.
func Files(n int) map[string]string {
	const nTeams = 100
	nGoals := (n - nTeams) * 3 / 10
	nAgreements := (n - nTeams) * 4 / 10
	nMaps := n - nTeams - nGoals - nAgreements
	files := map[string]string{"collab.yaml": "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: generated, title: Generated}\nspec:\n  policy: {minOptions: 3}\n"}
	person := func(team, k int) string { return fmt.Sprintf("p%03d-%d@acme.example", team, k) }
	for i := range nTeams {
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: collab/v1\nkind: Team\nmetadata: {id: t%03d, title: Team %d}\nspec:\n  lead: %s\n  members:\n", i, i, person(i, 0))
		for k := range 5 {
			fmt.Fprintf(&b, "    - {email: %s, name: Person %d}\n", person(i, k), k)
		}
		b.WriteString("  services:\n    - {name: Review, request: \"#review\", responseTime: 2d}\n")
		files[fmt.Sprintf("teams/t%03d.yaml", i)] = b.String()
	}
	for i := range nGoals {
		t1, t2 := i%nTeams, (i+1)%nTeams
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: g%04d, title: Goal %d}\nspec:\n  status: active\n  owner: %s\n  teams: [t%03d, t%03d]\n", i, i, person(t1, 1), t1, t2)
		if i >= 10 {
			fmt.Fprintf(&b, "  parent: g%04d\n", i/10)
		}
		b.WriteString("  period: {start: 2026-01-01, end: 2026-06-30}\n  keyResults:\n")
		b.WriteString("    - {id: kr-a, title: First, baseline: 10, target: 20, direction: increase, current: 14}\n")
		b.WriteString("    - {id: kr-b, title: Second, baseline: 5, target: 2, direction: decrease}\n")
		fmt.Fprintf(&b, "  checkins:\n    - {date: 2026-03-01, by: %s, values: {kr-a: 14}, confidence: medium}\n", person(t2, 2))
		files[fmt.Sprintf("goals/g%04d.yaml", i)] = b.String()
	}
	for i := range nAgreements {
		t1, t2 := i%nTeams, (i+7)%nTeams
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: a%04d, title: Agreement %d}\nspec:\n  status: active\n  owner: %s\n", i, i, person(t1, 0))
		fmt.Fprintf(&b, "  parties:\n    - {team: t%03d, owner: %s}\n    - {team: t%03d, owner: %s}\n", t1, person(t1, 1), t2, person(t2, 1))
		fmt.Fprintf(&b, "  goals: [g%04d]\n  purpose: Work together.\n", i%nGoals)
		b.WriteString("  parameters:\n    - {kind: timeline, text: Before June, hard: true}\n  options:\n")
		for k := range 5 {
			fmt.Fprintf(&b, "    - {title: Option %d, chosen: %v}\n", k, k == 0)
		}
		b.WriteString("  commitments:\n")
		for k := range 4 {
			team := []int{t1, t2}[k%2]
			fmt.Fprintf(&b, "    - {id: c%d, party: t%03d, owner: %s, deliverable: Thing %d, due: 2026-04-%02d", k, team, person(team, 3), k, 10+k)
			if k > 0 {
				fmt.Fprintf(&b, ", dependsOn: [c%d]", k-1)
			}
			b.WriteString("}\n")
		}
		b.WriteString("  metrics:\n    - {name: Adoption, target: 30%}\n")
		b.WriteString("  cadence: {every: 14d, next: 2026-03-20}\n  review: {every: 90d, next: 2026-06-01}\n")
		fmt.Fprintf(&b, "  escalation: [%s]\n  acceptances:\n", person(t1, 0))
		fmt.Fprintf(&b, "    - {party: t%03d, by: %s, date: 2026-02-01, terms: \"TERMS\"}\n", t1, person(t1, 1))
		fmt.Fprintf(&b, "    - {party: t%03d, by: %s, date: 2026-02-02, terms: \"TERMS\"}\n", t2, person(t2, 1))
		files[fmt.Sprintf("agreements/a%04d.yaml", i)] = withDigest(b.String())
	}
	for i := range nMaps {
		t1, t2 := i%nTeams, (i+7)%nTeams
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: collab/v1\nkind: StakeholderMap\nmetadata: {id: m%04d, title: Map %d}\nspec:\n  subject: agreement/a%04d\n  stakeholders:\n", i, i, i%nAgreements)
		fmt.Fprintf(&b, "    - {person: %s, roles: [decision-maker], raci: A, influence: high, interest: high, stance: supportive}\n", person(t1, 0))
		fmt.Fprintf(&b, "    - {person: %s, team: t%03d, roles: [implementer], raci: R}\n", person(t2, 1), t2)
		fmt.Fprintf(&b, "    - {team: t%03d, roles: [expert], raci: C, stance: resistant, influence: high, note: Worried about load.}\n", (i+3)%nTeams)
		files[fmt.Sprintf("maps/m%04d.yaml", i)] = b.String()
	}
	return files
}

// withDigest replaces the TERMS placeholder with the digest of the terms as
// written, so every acceptance is current.
func withDigest(src string) string {
	var a model.Agreement
	if err := yaml.Unmarshal([]byte(src), &a); err != nil {
		panic(err) // generated text: a bug here, not user input
	}
	return strings.ReplaceAll(src, "TERMS", a.TermsDigest())
}

// Write writes files (slash paths) below dir.
func Write(dir string, files map[string]string) error {
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}
