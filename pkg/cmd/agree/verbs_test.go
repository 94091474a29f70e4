package agree

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

func TestNewWritesDraft(t *testing.T) {
	dir := cmdtest.Workspace(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdNew(ct.F, nil), "pilot", "--title", "Pilot", "--owner", "priya@acme.example",
		"--party", "product", "--party", "sales:sam@acme.example"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("wrote agreements/pilot.yaml (not committed)\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	want := `apiVersion: collab/v1
kind: Agreement
metadata:
  id: pilot
  title: Pilot
spec:
  status: draft
  owner: priya@acme.example
  parties:
    - team: product
    - team: sales
      owner: sam@acme.example
  review:
    every: 90d
`
	if d := cmp.Diff(want, cmdtest.ReadFile(t, filepath.Join(dir, "agreements", "pilot.yaml"))); d != "" {
		t.Errorf("agreements/pilot.yaml (-want +got):\n%s", d)
	}
}

func TestNewRefusesExisting(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdNew(ct.F, nil), "launch", "--title", "Other", "--owner", "priya@acme.example",
		"--party", "product", "--party", "sales")
	want := `agreement "launch" already exists (agreements/launch.yaml): change it with collab agree edit launch`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused new changed the agreement (-want +got):\n%s", d)
	}
}

// TestPropose: a complete draft becomes proposed (only its status line
// changes); proposing it again is refused.
func TestPropose(t *testing.T) {
	dir, file := proposed(t)
	base := cmdtest.ReadFile(t, filepath.Join(cmdtest.Workspace(t), "agreements", "launch.yaml"))
	if d := cmp.Diff(strings.Replace(base, "  status: draft\n", "  status: proposed\n", 1), cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after propose (-want +got):\n%s", d)
	}
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdPropose(ct.F, nil), "launch")
	want := "agreement launch is proposed, not a draft: only a draft is proposed (parties accept a proposed agreement with collab agree accept launch --party TEAM)"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error = %v, want it to end in %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused propose changed the file (-want +got):\n%s", d)
	}
}

// TestProposeRefusesIncomplete lists what a draft lacks and writes nothing.
func TestProposeRefusesIncomplete(t *testing.T) {
	dir := cmdtest.Workspace(t)
	setPolicy(t, dir, "{}") // the default: five options
	file := newPilot(t, dir)
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdPropose(ct.F, nil), "pilot")
	want := `agreement pilot cannot be proposed yet; it needs:
  - an owner for party product
  - a commitment of party product
  - a commitment of party sales
  - at least one joint metric
  - a check-in cadence (cadence.every)
  - at least 5 options weighed before choosing (has 0; the workspace policy's minOptions): add them with collab agree option pilot TITLE --pro TEXT --con TEXT
  - exactly one chosen option (none is chosen): collab agree option pilot TITLE --chosen
complete it (collab agree commitment, metric, option, edit pilot) and propose again`
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error = %v, want it to end in %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused propose changed the file (-want +got):\n%s", d)
	}
}

// TestAcceptByEveryPartyActivates: the second acceptance makes the
// agreement active and schedules its first check-in one cadence from today.
func TestAcceptByEveryPartyActivates(t *testing.T) {
	_, file := active(t)
	got := cmdtest.ReadFile(t, file)
	for _, want := range []string{"  status: active\n", "  cadence: {every: 14d, next: 2026-03-24}\n", "    - party: sales\n      by: sam@acme.example\n      date: 2026-03-10\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("agreement lacks %q:\n%s", want, got)
		}
	}
}

func TestRetire(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	base := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdRetire(ct.F, nil), "launch", "--reason", "Dropped"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.Replace(base, "  status: draft\n", "  status: retired\n", 1) +
		"  checkins:\n    - date: 2026-03-10\n      by: priya@acme.example\n      note: \"Retired: Dropped\"\n"
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after retire (-want +got):\n%s", d)
	}
}
