package agree

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// newPilot adds draft agreement pilot of product and sales to dir.
func newPilot(t *testing.T, dir string) string {
	t.Helper()
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdNew(ct.F, nil), "pilot", "--title", "Pilot", "--owner", "priya@acme.example",
		"--party", "product", "--party", "sales:sam@acme.example"); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "agreements", "pilot.yaml")
}

func TestSupersede(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	launch := cmdtest.ReadFile(t, file)
	pilotFile := newPilot(t, dir)
	pilot := cmdtest.ReadFile(t, pilotFile)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdSupersede(ct.F, nil), "launch", "--by", "pilot"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.Replace(launch, "  status: draft\n", "  status: superseded\n", 1) + "  supersededBy: pilot\n"
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
	}
	if d := cmp.Diff(pilot+"  supersedes: [launch]\n", cmdtest.ReadFile(t, pilotFile)); d != "" {
		t.Errorf("agreements/pilot.yaml (-want +got):\n%s", d)
	}

	// A superseded agreement takes no more changes.
	before := cmdtest.ReadFile(t, file)
	ct = cmdtest.New(dir)
	err := ct.Run(NewCmdRetire(ct.F, nil), "launch", "--reason", "Done")
	if want := "agreement launch is superseded by pilot: change that one instead"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error = %v, want it to end in %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused retire changed the file (-want +got):\n%s", d)
	}
}

func TestEdit(t *testing.T) {
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed")
	}
	t.Setenv("VISUAL", `sed -i 's/title: Feature X launch plan/title: Feature X launch/'`)
	t.Setenv("TMPDIR", t.TempDir())
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	want := strings.Replace(cmdtest.ReadFile(t, file), "title: Feature X launch plan", "title: Feature X launch", 1)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdEdit(ct.F), "launch"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
	}
}
