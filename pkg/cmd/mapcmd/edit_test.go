package mapcmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// editor makes sed with script the user's editor, and keeps temporary
// files in the test's folder.
func editor(t *testing.T, script string) {
	t.Helper()
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed")
	}
	t.Setenv("VISUAL", "sed -i '"+script+"'")
	t.Setenv("TMPDIR", t.TempDir())
}

func TestEdit(t *testing.T) {
	dir, file := withMap(t)
	editor(t, "s/Owner of the sales party\\./Speaks for sales./")
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdEdit(ct.F), "launch"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.Replace(launchMap, "Owner of the sales party.", "Speaks for sales.", 1)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("maps/launch.yaml (-want +got):\n%s", d)
	}
}

// TestEditRefusesInvalid: a map saved without its A reopens with the
// errors on top; saved unchanged again, nothing is written.
func TestEditRefusesInvalid(t *testing.T) {
	dir, file := withMap(t)
	editor(t, "s/raci: A/raci: C/")
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdEdit(ct.F), "launch")
	if err == nil || !strings.HasPrefix(err.Error(), "maps/launch.yaml is still invalid and was saved unchanged; nothing was written. Your version is kept in ") {
		t.Fatalf("error = %v, want the refusal", err)
	}
	kept := strings.TrimPrefix(err.Error(), "maps/launch.yaml is still invalid and was saved unchanged; nothing was written. Your version is kept in ")
	if d := cmp.Diff(strings.Replace(launchMap, "raci: A", "raci: C", 1), cmdtest.ReadFile(t, kept)); d != "" {
		t.Errorf("kept version (-want +got):\n%s", d)
	}
	if d := cmp.Diff(launchMap, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused edit changed the map (-want +got):\n%s", d)
	}
	if filepath.Dir(kept) != os.Getenv("TMPDIR") {
		t.Errorf("kept in %s, want the temporary folder", kept)
	}
}
