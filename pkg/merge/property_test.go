package merge

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// propertyBase is a goal with two key results: one side edits the fields
// of the first, the other those of the second, so that no scalar changes
// on both sides.
var propertyBase = goalBase[:len(goalBase)-len(`  checkins:
    - date: 2026-04-01
      by: dana@acme.example
      values: {in-stock: 95}
`)] + `    - id: margin
      title: Gross margin
      baseline: 41
      target: 43
  checkins:
    - date: 2026-04-01
      by: dana@acme.example
      values: {in-stock: 95}
`

// edit is one collab edit on a goal file, made with the goal package's
// edit functions.
type edit func(t *testing.T, d *yamldoc.Doc, g *model.Goal)

// randomEdits is a sequence of n edits for one side: check-ins dated from
// day on, edits of key result kr, key results added with ids starting with
// side.
func randomEdits(r *rand.Rand, n int, side string, kr int, day int) []edit {
	var out []edit
	for i := range n {
		switch r.IntN(3) {
		case 0:
			day += 1 + r.IntN(3)
			c := goal.Checkin{
				Date:   model.Date(fmt.Sprintf("2026-05-%02d", day)),
				By:     []string{"dana@acme.example", "sam@acme.example"}[r.IntN(2)],
				Values: []goal.KRValue{{ID: "in-stock", Value: float64(90 + r.IntN(10))}},
			}
			out = append(out, func(t *testing.T, d *yamldoc.Doc, g *model.Goal) {
				ups, err := goal.PlanCheckin(g, c.Date, c.Values)
				if err != nil {
					t.Fatal(err)
				}
				if err := goal.RecordCheckin(d, c, ups); err != nil {
					t.Fatal(err)
				}
			})
		case 1:
			title := fmt.Sprintf("%s title %d", side, i)
			target := float64(50 + r.IntN(50))
			out = append(out, func(t *testing.T, d *yamldoc.Doc, g *model.Goal) {
				e := goal.KeyResultEdit{Title: &title}
				if i%2 == 0 {
					e = goal.KeyResultEdit{Target: &target}
				}
				if _, err := goal.UpdateKeyResult(d, kr, g.Spec.KeyResults[kr], e); err != nil {
					t.Fatal(err)
				}
			})
		case 2:
			target := float64(r.IntN(100))
			kr := model.KeyResult{ID: fmt.Sprintf("%s-%d", side, i), Title: "Added on " + side, Target: &target}
			out = append(out, func(t *testing.T, d *yamldoc.Doc, g *model.Goal) {
				if err := goal.AddKeyResult(d, kr); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	return out
}

// apply runs edits on src, each on the file the one before wrote.
func apply(t *testing.T, src []byte, edits ...[]edit) []byte {
	for _, es := range edits {
		for _, e := range es {
			d, ds := yamldoc.Parse("goals/x.yaml", src)
			if d == nil {
				t.Fatalf("%v\n%s", ds, src)
			}
			var g model.Goal
			if err := d.Decode(&g); err != nil {
				t.Fatal(err)
			}
			e(t, d, &g)
			b, err := d.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			src = b
		}
	}
	return src
}

func decodeGoal(t *testing.T, src []byte) model.Goal {
	t.Helper()
	d, ds := yamldoc.Parse("goals/x.yaml", src)
	if d == nil {
		t.Fatalf("%v\n%s", ds, src)
	}
	var g model.Goal
	if err := d.Decode(&g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestMergeIsBothSequences: for random edit sequences on two branches from
// a common base, where no scalar changes on both sides, the merged file
// means what applying both sequences one after the other means. OURS's
// check-ins are dated before THEIRS's, so that order is OURS then THEIRS
// (records both add are OURS's first; logs are by date).
func TestMergeIsBothSequences(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2026))
	base := []byte(propertyBase)
	for i := range 100 {
		kr := r.IntN(2) // the key result OURS edits; THEIRS edits the other
		ours := randomEdits(r, r.IntN(6), "ours", kr, 0)
		theirs := randomEdits(r, r.IntN(6), "theirs", 1-kr, 15)
		o, th := apply(t, base, ours), apply(t, base, theirs)
		got := Files("goals/x.yaml", base, o, th)
		if len(got.Conflicts) > 0 {
			t.Fatalf("case %d: conflicts %v\n%s", i, got.Conflicts, got.Text)
		}
		want := apply(t, base, ours, theirs)
		if d := cmp.Diff(decodeGoal(t, want), decodeGoal(t, got.Text)); d != "" {
			t.Fatalf("case %d: merged (-both sequences +merge):\n%s\nbase:\n%s\nours:\n%s\ntheirs:\n%s\nmerged:\n%s", i, d, base, o, th, got.Text)
		}
	}
}
