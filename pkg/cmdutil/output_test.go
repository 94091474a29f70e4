package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-runewidth"
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

// termBuf is a buffer standing for a terminal of the given width.
type termBuf struct {
	bytes.Buffer
	width int
}

func (b *termBuf) TerminalWidth() int { return b.width }

func TestTableFitsOnlyATerminal(t *testing.T) {
	long := "a very long title that goes on and on well past the width of any terminal one would use"
	rows := [][]string{
		{"a1", "表格-宽", long},
		{"agreement-two", "", "short"},
	}
	tests := []struct {
		name  string
		width int // 0: not a terminal
		want  string
	}{
		{"pipe: whole rows", 0, "" +
			"ID              MUST ACCEPT   TITLE\n" +
			"a1              表格-宽       " + long + "\n" +
			"agreement-two                 short\n"},
		{"terminal of 60: the widest column is cut", 60, "" +
			"ID              MUST ACCEPT   TITLE\n" +
			"a1              表格-宽       a very long title that goes …\n" +
			"agreement-two                 short\n"},
		{"terminal of 40: the widest columns are cut in turn", 40, "" +
			"ID           MUST ACCEPT   TITLE\n" +
			"a1           表格-宽       a very lon…\n" +
			"agreement…                 short\n"},
		{"terminal wide enough: nothing is cut", 200, "" +
			"ID              MUST ACCEPT   TITLE\n" +
			"a1              表格-宽       " + long + "\n" +
			"agreement-two                 short\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &termBuf{width: tt.width}
			tbl := NewTable(b, "ID", "Must accept", "Title")
			tbl.AppendBulk(rows)
			if err := tbl.Render(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if tt.width == 0 {
				return
			}
			for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
				if w := runewidth.StringWidth(l); w > tt.width {
					t.Errorf("line of width %d on a terminal of %d: %q", w, tt.width, l)
				}
			}
		})
	}
}

func TestTableEscapesCells(t *testing.T) {
	var b bytes.Buffer
	tbl := NewTable(&b, "ID", "Note")
	tbl.Append([]string{"x", "two\nlines\x1b[2J"})
	if err := tbl.Render(); err != nil {
		t.Fatal(err)
	}
	want := "ID   NOTE\nx    two\\nlines\\x1b[2J\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// BenchmarkTable renders a table the size of collab status's on a
// 20,000-file workspace, to a pipe.
func BenchmarkTable(b *testing.B) {
	rows := make([][]string, 5000)
	for i := range rows {
		rows[i] = []string{"2026-03-01", fmt.Sprintf("agreement/a%05d", i), "check-in missed twice, due 2026-02-14", "p001-1@acme.example, p002-1@acme.example", fmt.Sprintf("collab agree checkin a%05d", i)}
	}
	for b.Loop() {
		t := NewTable(io.Discard, "When", "ID", "What", "Who", "Next")
		t.AppendBulk(rows)
		if err := t.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// failingTerm is a terminal whose writes fail (a closed pipe behind a pager).
type failingTerm struct{}

func (failingTerm) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }
func (failingTerm) TerminalWidth() int        { return 80 }

// A write error on a terminal is returned, though tablewriter drops it.
func TestTableFittedReturnsWriteError(t *testing.T) {
	tbl := NewTable(failingTerm{}, "ID", "Title")
	tbl.Append([]string{"a1", "one"})
	if err := tbl.Render(); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("Render: %v, want %v", err, io.ErrClosedPipe)
	}
}
