package cmdutil

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mattn/go-runewidth"
)

// A column of wide characters is cut on a character boundary, the ellipsis
// included in its width, and every line fits the terminal.
func TestTableCutsWideCharacters(t *testing.T) {
	b := &termBuf{width: 30}
	tbl := NewTable(b, "ID", "Title")
	tbl.Append([]string{"a1", "表格表格表格表格表格表格表格表格表格"})
	tbl.Append([]string{"a2", "short"})
	if err := tbl.Render(); err != nil {
		t.Fatal(err)
	}
	want := "ID   TITLE\n" +
		"a1   表格表格表格表格表格表…\n" +
		"a2   short\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if w := runewidth.StringWidth(l); w > 30 {
			t.Errorf("line of width %d on a terminal of 30: %q", w, l)
		}
	}
}
