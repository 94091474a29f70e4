package cmdutil

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTableHasNoTrailingSpaces(t *testing.T) {
	var b bytes.Buffer
	tbl := NewTable(&b, "ID", "Title")
	tbl.Append([]string{"a-long-id", "x"})
	tbl.Append([]string{"b", "a longer title"})
	tbl.Render()
	want := "ID          TITLE\na-long-id   x\nb           a longer title\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBarAndPercent(t *testing.T) {
	got := []string{Bar(0, 10), Bar(0.55, 10), Bar(1.2, 10), Percent(0.583)}
	if diff := cmp.Diff([]string{"[..........]", "[######....]", "[##########]", "58%"}, got); diff != "" {
		t.Error(diff)
	}
}
