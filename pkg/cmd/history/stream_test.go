package history

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/semdiff"
)

// TestListWriterMatchesPrintData checks that a streamed list is byte for byte
// the list cmdutil.PrintData writes at once, for every length and format.
func TestListWriterMatchesPrintData(t *testing.T) {
	commits := []LogCommit{
		{
			Commit: "1111111", Parents: []string{"0000000"}, Author: history.Person{Name: "Ana <&>", Email: "ana@example.com"},
			Date: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Subject: "agree(x): due 2026-03-15 -> 2026-03-22",
			Entities: []*semdiff.Entity{semdiff.Diff("agreements/x.yaml",
				[]byte("kind: Agreement\nmetadata:\n  id: x\nspec:\n  status: active\n"),
				[]byte("kind: Agreement\nmetadata:\n  id: x\nspec:\n  status: proposed\n"))},
		},
		{Commit: "2222222", Subject: "by hand", Entities: []*semdiff.Entity{}},
		{
			Commit: "4444444", Subject: "several entities, multi-line values",
			Entities: []*semdiff.Entity{
				semdiff.Diff("teams/a.yaml",
					[]byte("kind: Team\nmetadata:\n  id: a\nspec:\n  purpose: One line.\n"),
					[]byte("kind: Team\nmetadata:\n  id: a\nspec:\n  purpose: |\n    First line.\n\n      Indented after an empty line.\n")),
				semdiff.Diff("goals/b.yaml", []byte("kind: Goal\nmetadata:\n  id: b\nspec:\n  title: \"x: y\"\n"), nil),
			},
		},
		{Commit: "3333333", Parents: []string{"1111111", "2222222"}, Subject: "Merge"},
	}
	for _, format := range []string{cmdutil.JSON, cmdutil.YAML} {
		for n := 0; n <= len(commits); n++ {
			items := commits[:n:n]
			if n == 0 {
				items = []LogCommit{}
			}
			var want, got bytes.Buffer
			if err := cmdutil.PrintData(&want, format, items, nil); err != nil {
				t.Fatal(err)
			}
			l := &listWriter{w: &got, format: format}
			for i := range items {
				if err := l.Write(&items[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("%s, %d commits (-PrintData +listWriter):\n%s", format, n, diff)
			}
		}
	}
}
