package yamldoc

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetRankedPlacesNewKeys(t *testing.T) {
	order := map[string]int{"id": 0, "title": 1, "unit": 2, "target": 3, "cadence": 4, "every": 0, "next": 1}
	rank := func(_ []string, key string) int { return order[key] }
	d := mustParse(t, "kr:\n  id: a # first\n  title: A\n  target: 5\n")
	if err := d.SetRanked("%", rank, "kr", "unit"); err != nil {
		t.Fatal(err)
	}
	if err := d.SetRanked("14d", rank, "kr", "cadence", "every"); err != nil {
		t.Fatal(err)
	}
	if err := d.SetRanked("B", rank, "kr", "title"); err != nil { // existing key: stays put
		t.Fatal(err)
	}
	if err := d.AppendRanked("x", rank, "kr", "cadence", "tags"); err != nil {
		t.Fatal(err)
	}
	out, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := "kr:\n  id: a # first\n  title: B\n  unit: \"%\"\n  target: 5\n  cadence:\n    every: 14d\n    tags:\n      - x\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
