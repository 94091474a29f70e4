package agree

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// TestListWholeInAPipeCutOnATerminal: through a pipe every row is written
// whole; on a narrow terminal the rows are cut to its width.
func TestListWholeInAPipeCutOnATerminal(t *testing.T) {
	f, _ := newTestWorkspace(t, "priya@acme.example")
	run := func(width int) string {
		ios, _, out, _ := iostreams.Test()
		if width > 0 {
			ios.SetTerminalWidth(width)
		}
		opts := &ListOptions{IO: ios, Workspace: f.Workspace, AsOf: f.AsOf, Output: cmdutil.Table}
		if err := listRun(opts); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	piped := run(0)
	lines := strings.Split(strings.TrimSuffix(piped, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID ") || !strings.HasPrefix(lines[1], "launch ") {
		t.Fatalf("piped list:\n%s", piped)
	}
	if strings.Contains(piped, "…") {
		t.Errorf("piped list was cut:\n%s", piped)
	}
	full := runewidth.StringWidth(lines[1])
	width := full - 10
	cut := run(width)
	if !strings.Contains(cut, "…") {
		t.Errorf("list on a terminal of %d columns (rows of %d) was not cut:\n%s", width, full, cut)
	}
	for _, l := range strings.Split(strings.TrimSuffix(cut, "\n"), "\n") {
		if w := runewidth.StringWidth(l); w > width {
			t.Errorf("line of %d columns on a terminal of %d: %q", w, width, l)
		}
	}
	if wide := run(full + 20); wide != piped {
		t.Errorf("on a terminal wide enough the list differs from the piped one:\n%s\nvs\n%s", wide, piped)
	}
}
