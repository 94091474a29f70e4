package agree

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// setPolicy replaces the policy of the test workspace's collab.yaml.
func setPolicy(t *testing.T, dir, policy string) {
	t.Helper()
	cfg := "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: acme, title: ACME Corp}\nspec:\n  policy: " + policy + "\n"
	if err := os.WriteFile(filepath.Join(dir, "collab.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// addLines appends lines to the draft agreement launch of the test workspace.
func addLines(t *testing.T, dir string, lines string) string {
	t.Helper()
	file := filepath.Join(dir, "agreements", "launch.yaml")
	if err := os.WriteFile(file, []byte(cmdtest.ReadFile(t, file)+lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

const launchParams = `  parameters:
    - {name: ga-date, kind: timeline, text: GA before the end of March, hard: true}
    - {kind: budget, text: No added headcount}
`

// TestOptionWeighs: pros, cons, meets and breaks are written in the
// option; a second call adds to them and keeps whether it was chosen.
func TestOptionWeighs(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := addLines(t, dir, launchParams)
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdOption(ct.F, nil), "launch", "Single GA date", "--pro", "One message for sales",
		"--con", "All regions at once", "--meets", "ga-date", "--chosen"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if err := ct.Run(NewCmdOption(ct.F, nil), "launch", "Single GA date", "--meets", "budget", "--pro", "One message for sales"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	// Options take their place in the canonical key order, after goals.
	want := strings.Replace(before, "  commitments:\n", `  options:
    - title: Single GA date
      chosen: true
      pros: [One message for sales]
      cons: [All regions at once]
      meets: [ga-date, budget]
  commitments:
`, 1)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after option (-want +got):\n%s", d)
	}
}

// TestOptionChoosingTakesBackOther: one choice at a time.
func TestOptionChoosingTakesBackOther(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := addLines(t, dir, "  options:\n    - {title: Phased rollout, chosen: true}\n    - {title: Single GA date}\n")
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdOption(ct.F, nil), "launch", "Single GA date", "--chosen"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	got := cmdtest.ReadFile(t, file)
	if !strings.HasSuffix(got, "  options:\n    - {title: Phased rollout}\n    - title: Single GA date\n      chosen: true\n") {
		t.Errorf("options after choosing another:\n%s", got)
	}
}

// TestOptionRefusals: an unknown parameter, and choosing an option that
// breaks a hard parameter, are refused and write nothing.
func TestOptionRefusals(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown parameter", []string{"--meets", "quality"},
			`option "Single GA date" meets: agreement launch has no parameter "quality" (parameters: ga-date, budget)`},
		{"chosen breaks hard", []string{"--breaks", "timeline", "--chosen"},
			`option "Single GA date" is chosen but breaks the hard timeline parameter timeline ("GA before the end of March"); a hard parameter cannot be traded: choose another option, or agree that the parameter is flexible (collab agree edit launch)`},
		{"meets and breaks", []string{"--breaks", "budget", "--meets", "budget"},
			`option "Single GA date" both meets and breaks parameter budget; keep one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := cmdtest.Workspace(t)
			file := addLines(t, dir, launchParams)
			before := cmdtest.ReadFile(t, file)
			ct := cmdtest.New(dir)
			err := ct.Run(NewCmdOption(ct.F, nil), append([]string{"launch", "Single GA date"}, tt.args...)...)
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to end in %q", err, tt.want)
			}
			if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
				t.Errorf("refused option changed the file (-want +got):\n%s", d)
			}
		})
	}
}

// TestProposeNeedsOptions: with the default policy a draft needs five
// options and one chosen; two chosen are named in the refusal; minOptions
// 2 lets two options through.
func TestProposeNeedsOptions(t *testing.T) {
	five := "  options:\n" +
		"    - {title: Single GA date, chosen: true}\n    - {title: Phased rollout by region, chosen: true}\n" +
		"    - {title: Private beta first}\n    - {title: Launch to new customers only}\n    - {title: Delay to Q3}\n"
	dir := cmdtest.Workspace(t)
	setPolicy(t, dir, "{}")
	file := addLines(t, dir, five)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdPropose(ct.F, nil), "launch")
	want := `agreement launch cannot be proposed yet; it needs:
  - exactly one chosen option (2 are chosen: "Single GA date", "Phased rollout by region")
complete it (collab agree commitment, metric, option, edit launch) and propose again`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if err := ct.Run(NewCmdOption(ct.F, nil), "launch", "Single GA date", "--chosen"); err != nil {
		t.Fatal(err)
	}
	if err := ct.Run(NewCmdPropose(ct.F, nil), "launch"); err != nil {
		t.Fatalf("propose with five options, one chosen: %v", err)
	}
	if got := cmdtest.ReadFile(t, file); !strings.Contains(got, "  status: proposed\n") {
		t.Errorf("not proposed:\n%s", got)
	}

	dir = cmdtest.Workspace(t)
	setPolicy(t, dir, "{minOptions: 2}")
	addLines(t, dir, "  options:\n    - {title: Single GA date, chosen: true}\n    - {title: Phased rollout}\n")
	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdPropose(ct.F, nil), "launch"); err != nil {
		t.Fatalf("propose with minOptions 2: %v", err)
	}
}

// TestPartyInterests: interests are added once each, removed by text, and
// only for a party of the agreement.
func TestPartyInterests(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdParty(ct.F, nil), "launch", "sales", "--interest", "A referenceable launch for the Q2 pipeline review",
		"--interest", "No outreach before the demo tenant is stable"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if err := ct.Run(NewCmdParty(ct.F, nil), "launch", "sales", "--interest", "No outreach before the demo tenant is stable",
		"--remove-interest", "A referenceable launch for the Q2 pipeline review", "--interest", "Q2 pipeline"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.Replace(before, "    - {team: sales, owner: sam@acme.example}\n",
		"    - {team: sales, owner: sam@acme.example, interests: [No outreach before the demo tenant is stable, Q2 pipeline]}\n", 1)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("after party (-want +got):\n%s", d)
	}

	err := ct.Run(NewCmdParty(ct.F, nil), "launch", "marketing", "--interest", "Launch buzz")
	if want := "marketing is not a party of agreement launch (parties: product, sales); add it first (collab agree edit launch)"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	err = ct.Run(NewCmdParty(ct.F, nil), "launch", "sales", "--remove-interest", "Launch buzz")
	if want := `party sales of agreement launch: no interest "Launch buzz" to remove (interests: "No outreach before the demo tenant is stable", "Q2 pipeline")`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	err = ct.Run(NewCmdParty(ct.F, nil), "launch", "sales")
	if err == nil || !strings.Contains(err.Error(), "nothing to record") {
		t.Errorf("error = %v, want nothing to record", err)
	}
}

// TestPartyInterestsSpeakForItself: a member of another party cannot
// record a party's interests; the refusal names who can.
func TestPartyInterestsSpeakForItself(t *testing.T) {
	dir := cmdtest.Workspace(t)
	file := filepath.Join(dir, "agreements", "launch.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(cmdtest.ReadFile(t, file), "  owner: priya@acme.example\n", "  owner: leo@acme.example\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir) // as priya, of product
	err := ct.Run(NewCmdParty(ct.F, nil), "launch", "sales", "--interest", "Q2 pipeline")
	want := "priya@acme.example is not a member of team sales: a party states its own interests, so a member of sales (maria@acme.example, sam@acme.example, grace@acme.example, dev@acme.example) or the agreement owner (leo@acme.example) records them"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused party changed the file (-want +got):\n%s", d)
	}
	if err := ct.Run(NewCmdParty(ct.F, nil), "launch", "product", "--interest", "Ship without a weekend crunch"); err != nil {
		t.Errorf("a member records its own party's interests: %v", err)
	}
}

// TestShowNegotiation: show prints everything the parties negotiated and
// lived through: interests side by side, parameters hard and flexible,
// options with the chosen one marked, pros, cons, meets and breaks, the
// original due date of a moved commitment, metric readings, service
// levels, the last check-in with its minutes, open action items and the
// amendments with their reasons; -o json has them all.
func TestShowNegotiation(t *testing.T) {
	dir := meetingHistory(t)
	ct := cmdtest.New(dir)
	ct.F.AsOfFlag = "2026-03-26"
	steps := []struct {
		cmd  func() *cobra.Command
		args []string
	}{
		{func() *cobra.Command { return NewCmdParam(ct.F, nil) }, []string{"launch", "--name", "ga-date", "--kind", "timeline", "--text", "GA before the end of March", "--hard", "--reason", "Stated at the kickoff"}},
		{func() *cobra.Command { return NewCmdParam(ct.F, nil) }, []string{"launch", "--kind", "budget", "--text", "No added headcount", "--reason", "Stated at the kickoff"}},
		{func() *cobra.Command { return NewCmdParty(ct.F, nil) }, []string{"launch", "product", "--interest", "Ship without a weekend crunch", "--reason", "Recorded at the kickoff"}},
		{func() *cobra.Command { return NewCmdParty(ct.F, nil) }, []string{"launch", "sales", "--interest", "A referenceable launch for the Q2 pipeline review", "--interest", "No outreach before the demo works", "--reason", "Recorded at the kickoff"}},
		{func() *cobra.Command { return NewCmdOption(ct.F, nil) }, []string{"launch", "Single GA date", "--pro", "One message for sales", "--con", "All regions at once", "--meets", "ga-date", "--meets", "budget", "--chosen", "--reason", "Chosen at the kickoff"}},
		{func() *cobra.Command { return NewCmdOption(ct.F, nil) }, []string{"launch", "Phased rollout by region", "--pro", "Support learns on one region", "--con", "Sales runs two messages", "--breaks", "ga-date"}},
		{func() *cobra.Command { return NewCmdOption(ct.F, nil) }, []string{"launch", "Contract a launch agency", "--breaks", "budget", "--note", "No budget this year"}},
		{func() *cobra.Command { return NewCmdSLA(ct.F, nil) }, []string{"launch", "Demo tenant fix", "--provider", "product", "--target", "2d", "--reason", "Sales depends on the demo"}},
		{func() *cobra.Command { return NewCmdAmend(ct.F, nil) }, []string{"launch", "--commitment", "deliver-feature", "--due", "2026-03-22", "--reason", "QA found an export bug in early March"}},
	}
	for _, st := range steps {
		if err := ct.Run(st.cmd(), st.args...); err != nil {
			t.Fatalf("%v: %v\n%s", st.args, err, ct.ErrOut)
		}
	}
	for _, format := range []string{"table", "json"} {
		ct := cmdtest.New(dir)
		ct.F.AsOfFlag = "2026-03-26"
		if err := ct.Run(NewCmdShow(ct.F, nil), "launch", "-o", format); err != nil {
			t.Fatalf("%v\n%s", err, ct.ErrOut)
		}
		golden(t, filepath.Join("testdata", "show", "negotiation."+map[string]string{"table": "txt", "json": "json"}[format]), ct.Out.String())
	}
}
