package cmdutil

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// referenceWhole lays a table out as renderWhole did before it wrote runs
// of rows on every core: line by line, padding with strings.Repeat.
func referenceWhole(t *TableWriter) string {
	widths := t.widths()
	var b bytes.Buffer
	line := func(cells []string) {
		end := len(cells)
		for end > 0 && cells[end-1] == "" {
			end--
		}
		for i, c := range cells[:end] {
			b.WriteString(c)
			if i < end-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-width(c)))
				b.WriteString(columnGap)
			}
		}
		trimmed := bytes.TrimRight(b.Bytes(), " ")
		b.Truncate(len(trimmed))
		b.WriteByte('\n')
	}
	line(t.headerCells())
	for _, r := range t.rows {
		line(padRow(r, len(widths)))
	}
	return b.String()
}

// TestTableWholeMatchesReference: off a terminal, tables short and long
// (laid out in parallel runs), with empty, short, wide (more than 64
// columns of padding), multi-byte, escaped and space-ending cells, are
// written byte for byte as the line-by-line layout writes them.
func TestTableWholeMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cells := []string{"", "a", "an id", "2026-03-10", "ünïcode", "日本語", "tab\there", "ends in spaces  ", strings.Repeat("w", 90), "-"}
	for _, n := range []int{0, 1, 7, 2048, 2049, 5000, 9001} {
		for _, header := range [][]string{{"ID"}, {"When", "ID", "What", "Who", "Next"}, {"A", "B", "Last "}} {
			var b bytes.Buffer
			tbl := NewTable(&b, header...)
			for range n {
				row := make([]string, r.IntN(len(header)+2))
				for i := range row {
					row[i] = cells[r.IntN(len(cells))]
				}
				tbl.Append(row)
			}
			want := referenceWhole(tbl)
			if err := tbl.Render(); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, b.String()); d != "" {
				t.Fatalf("%d rows, header %q (-reference +got):\n%s", n, header, d)
			}
		}
	}
}

// TestEscapeRowFastPath: the printable-ASCII shortcut gives what
// model.Escape gives, for every byte and for mixed text.
func TestEscapeRowFastPath(t *testing.T) {
	var cells []string
	for b := range 256 {
		cells = append(cells, string(rune(b)), "id-"+string([]byte{byte(b)})+"-x")
	}
	cells = append(cells, "plain text ~", "tab\there", "ünïcode", "\u202edir", "bell\a", "")
	got := escapeRow(cells)
	for i, c := range cells {
		if want := model.Escape(c); got[i] != want {
			t.Errorf("escapeRow(%q) = %q, want %q", c, got[i], want)
		}
	}
}

// TestAppendEach: rows made by AppendEach, on every core for a long table,
// render as the same rows added one by one with Append.
func TestAppendEach(t *testing.T) {
	for _, n := range []int{0, 3, 512, 513, 5000} {
		row := func(i int) []string { return []string{fmt.Sprint(i), strings.Repeat("x", i%17), "bell\a", ""} }
		var one, each bytes.Buffer
		a, b := NewTable(&one, "N", "X", "Y", "Z"), NewTable(&each, "N", "X", "Y", "Z")
		a.Append([]string{"first"})
		b.Append([]string{"first"})
		for i := range n {
			a.Append(row(i))
		}
		b.AppendEach(n, row)
		a.Render()
		b.Render()
		if d := cmp.Diff(one.String(), each.String()); d != "" {
			t.Fatalf("%d rows (-Append +AppendEach):\n%s", n, d)
		}
	}
}
