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

func TestYAMLIsTheJSONDocument(t *testing.T) {
	type inner struct {
		MustAccept bool   `json:"mustAccept"`
		Data       []byte `json:"data"`
	}
	v := struct {
		Zeta  string  `json:"zeta"`
		Alpha any     `json:"alpha,omitempty"`
		Date  string  `json:"date"`
		Num   float64 `json:"num"`
		Big   uint64  `json:"big"`
		Odd   string  `json:"odd"`
		Lines string  `json:"lines"`
		Inner []inner `json:"inner"`
		None  []int   `json:"none"`
	}{Zeta: "z", Date: "2026-03-15", Num: 0.5, Big: 1 << 63, Odd: "a\ufeffb", Lines: "a\nb",
		Inner: []inner{{MustAccept: true, Data: []byte("hi")}}}
	var b bytes.Buffer
	if err := EncodeYAML(&b, v); err != nil {
		t.Fatal(err)
	}
	want := `zeta: z
date: "2026-03-15"
num: 0.5
big: 9223372036854775808
odd: "a\uFEFFb"
lines: "a\nb"
inner:
  - mustAccept: true
    data: aGk=
none: null
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
