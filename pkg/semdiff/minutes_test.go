package semdiff

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDiffMinutes: a check-in with minutes, an action item done and a
// metric reading come out as sentences, not as list changes; a check-in
// edited by hand stays a field change.
func TestDiffMinutes(t *testing.T) {
	const p = "agreements/launch.yaml"
	old := `apiVersion: collab/v1
kind: Agreement
metadata: {id: launch, title: Launch}
spec:
  status: active
  owner: pat@acme.example
  parties:
    - {team: product, owner: priya@acme.example}
  metrics:
    - name: Adoption
      target: 30%
      readings:
        - {date: 2026-03-04, value: 3, by: sam@acme.example}
  cadence: {every: 14d, next: 2026-03-18}
  checkins:
    - date: 2026-03-04
      by: pat@acme.example
      actions:
        - {owner: leo@acme.example, text: Fix the export, due: 2026-03-10}
`
	new := strings.Replace(old, "text: Fix the export, due: 2026-03-10}", "text: Fix the export, due: 2026-03-10, done: 2026-03-09}", 1)
	new = strings.Replace(new, "        - {date: 2026-03-04, value: 3, by: sam@acme.example}\n",
		"        - {date: 2026-03-04, value: 3, by: sam@acme.example}\n        - {date: 2026-03-18, value: 7.5, by: sam@acme.example}\n", 1)
	new = strings.Replace(new, "next: 2026-03-18}", "next: 2026-04-01}", 1)
	new += `    - date: 2026-03-18
      by: sam@acme.example
      attendees: [sam@acme.example, priya@acme.example]
      note: GA on track
      decisions: [Outreach waits for GA]
      actions:
        - {owner: sam@acme.example, text: Brief the reps, due: 2026-03-20}
`
	e := Diff(p, []byte(old), []byte(new))
	want := []string{
		"check-in of 2026-03-18 recorded by sam@acme.example, attended by sam@acme.example, priya@acme.example",
		"  note: GA on track",
		"  decided: Outreach waits for GA",
		"  action 2 for sam@acme.example: Brief the reps, due 2026-03-20",
		"action 1 done on 2026-03-09: Fix the export",
		"Adoption read 7.5 on 2026-03-18 by sam@acme.example",
		"cadence.next: 2026-03-18 -> 2026-04-01",
	}
	if d := cmp.Diff(want, e.Lines(Plain)); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, "Changes", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "  - action 2 for sam@acme.example: Brief the reps, due 2026-03-20\n") {
		t.Errorf("markdown lacks the action item:\n%s", md.String())
	}

	// A check-in rewritten by hand is not minutes: the field change shows.
	edited := strings.Replace(old, "    - date: 2026-03-04\n      by: pat@acme.example\n", "    - date: 2026-03-05\n      by: pat@acme.example\n", 1)
	e = Diff(p, []byte(old), []byte(edited))
	if e.Minutes != nil || len(e.Changes) == 0 {
		t.Errorf("an edited check-in: minutes %+v, changes %v; want no minutes and the field changes", e.Minutes, e.Changes)
	}
}
