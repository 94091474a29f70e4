package agree

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/gitstore"
)

// withEscalation is the active test agreement with an escalation contact,
// Pat of operations, a team that is not a party; Victor is in operations too.
func withEscalation(t *testing.T) (dir, file string) {
	t.Helper()
	dir = cmdtest.Workspace(t)
	file = filepath.Join(dir, "agreements", "launch.yaml")
	team := "apiVersion: collab/v1\nkind: Team\nmetadata: {id: operations, title: Operations}\nspec:\n  lead: pat@acme.example\n" +
		"  members:\n    - {email: pat@acme.example}\n    - {email: victor@acme.example}\n"
	if err := os.WriteFile(filepath.Join(dir, "teams", "operations.yaml"), []byte(team), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(cmdtest.ReadFile(t, file)+"  escalation: [pat@acme.example]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdPropose(ct.F, nil), "launch"); err != nil {
		t.Fatalf("propose: %v\n%s", err, ct.ErrOut)
	}
	acceptAll(t, dir)
	return dir, file
}

// acceptAll accepts the test agreement for both parties.
func acceptAll(t *testing.T, dir string) {
	t.Helper()
	for _, acc := range []struct{ party, email string }{{"product", "priya@acme.example"}, {"sales", "sam@acme.example"}} {
		ct := cmdtest.New(dir)
		ct.F.Identity = func() (gitstore.Signature, error) { return gitstore.Signature{Name: acc.email, Email: acc.email}, nil }
		if err := ct.Run(NewCmdAccept(ct.F, nil), "launch", "--party", acc.party, "--summary", "We deliver"); err != nil {
			t.Fatalf("accept for %s: %v", acc.party, err)
		}
	}
}

// TestCheckinMinutes: a check-in with minutes appends them, its readings go
// to their metric dated the day of the check-in, cadence.next moves on, and
// the agreement stays active: minutes and readings are not terms.
func TestCheckinMinutes(t *testing.T) {
	dir, file := withEscalation(t)
	base := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdCheckin(ct.F, nil), "launch", "--date", "2026-03-04",
		"--attendee", "priya@acme.example", "--attendee", "sam@acme.example", "--attendee", "pat@acme.example",
		"--note", "QA found an export bug", "--decision", "GA moves to March 22", "--decision", "Outreach follows GA",
		"--action", "sam@acme.example|Brief the reps on the new date|2026-03-11", "--action", "leo@acme.example|Fix the export",
		"--metric", "Adoption rate=4")
	if err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.Replace(base, "    - {name: Adoption rate, target: 30% of active accounts by June}\n",
		"    - name: Adoption rate\n      target: 30% of active accounts by June\n      readings:\n"+
			"        - {date: 2026-03-04, value: 4, by: priya@acme.example}\n", 1)
	want = strings.Replace(want, "  cadence: {every: 14d, next: 2026-03-24}\n",
		"  cadence: {every: 14d, next: 2026-04-07}\n", 1)
	want = strings.Replace(want, "  acceptances:\n", `  checkins:
    - date: 2026-03-04
      by: priya@acme.example
      attendees: [priya@acme.example, sam@acme.example, pat@acme.example]
      note: QA found an export bug
      decisions:
        - GA moves to March 22
        - Outreach follows GA
      actions:
        - owner: sam@acme.example
          text: Brief the reps on the new date
          due: 2026-03-11
        - owner: leo@acme.example
          text: Fix the export
  acceptances:
`, 1)
	got := cmdtest.ReadFile(t, file)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
	}
	if !strings.Contains(got, "  status: active\n") {
		t.Errorf("the check-in took the agreement out of active:\n%s", got)
	}
}

// TestCheckinRefusals: what a check-in refuses, and says why.
func TestCheckinRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"future date", []string{"--note", "x", "--date", "2099-01-01"}, "--date 2099-01-01 is after today (2026-03-10): a check-in records what has happened"},
		{"nothing recorded", nil, "say what the check-in found: give --note, --decision, --action, --metric or --attendee"},
		{"attendee outside the parties", []string{"--attendee", "victor@acme.example"},
			"--attendee: victor@acme.example is neither a member of a party of agreement launch (product, sales) nor an escalation contact (pat@acme.example); add them to a party's team (collab team member add TEAM victor@acme.example) or leave them out"},
		{"action owner outside the parties", []string{"--action", "victor@acme.example|Book the room"},
			"--action: owner: victor@acme.example is neither a member of a party of agreement launch (product, sales) nor an escalation contact (pat@acme.example); add them to a party's team (collab team member add TEAM victor@acme.example) or leave them out"},
		{"malformed action", []string{"--action", "Book the room"},
			`--action: action "Book the room": write OWNER|TEXT|DUE, e.g. "sam@acme.example|Brief the reps|2026-03-11" (DUE may be left out)`},
		{"unknown metric", []string{"--metric", "NPS=40"},
			`--metric: agreement launch has no metric "NPS" (metrics: "Adoption rate"); add it first (collab agree metric launch NAME --target TEXT)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, file := withEscalation(t)
			before := cmdtest.ReadFile(t, file)
			ct := cmdtest.New(dir)
			err := ct.Run(NewCmdCheckin(ct.F, nil), append([]string{"launch"}, tc.args...)...)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v\nwant %s", err, tc.want)
			}
			if after := cmdtest.ReadFile(t, file); after != before {
				t.Errorf("a refused check-in changed the file:\n%s", cmp.Diff(before, after))
			}
		})
	}
}

// TestActionDone: action items are numbered across check-ins; done sets the
// date on the item, once.
func TestActionDone(t *testing.T) {
	dir, file := active(t)
	ct := cmdtest.New(dir)
	for _, args := range [][]string{
		{"launch", "--date", "2026-03-04", "--action", "sam@acme.example|Brief the reps|2026-03-11"},
		{"launch", "--action", "leo@acme.example|Fix the export|2026-03-17", "--action", "priya@acme.example|Tell support"},
	} {
		if err := ct.Run(NewCmdCheckin(ct.F, nil), args...); err != nil {
			t.Fatalf("checkin: %v", err)
		}
	}
	before := cmdtest.ReadFile(t, file)
	if err := ct.Run(NewCmdActionDone(ct.F, nil), "launch", "2"); err != nil {
		t.Fatalf("action-done: %v", err)
	}
	want := strings.Replace(before, "          text: Fix the export\n          due: 2026-03-17\n",
		"          text: Fix the export\n          due: 2026-03-17\n          done: 2026-03-10\n", 1)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
	}
	for args, msg := range map[[2]string]string{
		{"2", ""}:   "action item 2 of launch (Fix the export) was already done on 2026-03-10",
		{"4", ""}:   "agreement launch has no action item 4: they are numbered 1 to 3 (collab agree show launch)",
		{"x", ""}:   `N: "x" is not the number of an action item (1, 2, ...; see collab agree show launch)`,
		{"1", "on"}: "--date 2026-03-11 is after today (2026-03-10): a check-in records what has happened",
	} {
		a := []string{"launch", args[0]}
		if args[1] != "" {
			a = append(a, "--date", "2026-03-11")
		}
		if err := ct.Run(NewCmdActionDone(ct.F, nil), a...); err == nil || err.Error() != msg {
			t.Errorf("action-done %v: error = %v, want %s", a, err, msg)
		}
	}
}

// TestMetricReading: a reading is appended to its metric and leaves the
// agreement active; numbers of the metric itself are terms.
func TestMetricReading(t *testing.T) {
	dir, file := active(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdMetricReading(ct.F, nil), "launch", "Adoption rate", "4.5", "--date", "2026-03-09"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	got := cmdtest.ReadFile(t, file)
	for _, want := range []string{"  status: active\n", "      readings:\n        - {date: 2026-03-09, value: 4.5, by: priya@acme.example}\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("agreements/launch.yaml lacks %q:\n%s", want, got)
		}
	}
	if err := ct.Run(NewCmdMetricReading(ct.F, nil), "launch", "Adoption rate", "4.5%"); err == nil ||
		err.Error() != `VALUE: value "4.5%" is not a number: write it without unit, e.g. 12.5` {
		t.Errorf("reading with a unit: %v", err)
	}
	// Setting the numbers of the metric is a change of terms.
	if err := ct.Run(NewCmdMetric(ct.F, nil), "launch", "Adoption rate", "--baseline", "0", "--target-value", "30",
		"--direction", "increase", "--unit", "%", "--reason", "Track it as a number"); err != nil {
		t.Fatalf("metric: %v\n%s", err, ct.ErrOut)
	}
	got = cmdtest.ReadFile(t, file)
	for _, want := range []string{"  status: proposed\n",
		"    - name: Adoption rate\n      target: 30% of active accounts by June\n      unit: \"%\"\n      baseline: 0\n      targetValue: 30\n      direction: increase\n      readings:\n        - {date: 2026-03-09, value: 4.5, by: priya@acme.example}\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("agreements/launch.yaml lacks %q:\n%s", want, got)
		}
	}
}

// meetingHistory is the active test agreement after two check-ins with
// minutes and readings of a metric with numbers, the second on 2026-03-24.
func meetingHistory(t *testing.T) string {
	t.Helper()
	dir, _ := withEscalation(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdMetric(ct.F, nil), "launch", "Adoption rate", "--unit", "%", "--baseline", "0", "--target-value", "30",
		"--direction", "increase", "--reason", "Track adoption as a number"); err != nil {
		t.Fatalf("metric: %v", err)
	}
	acceptAll(t, dir)
	ct.F.AsOfFlag = "2026-03-24"
	for _, args := range [][]string{
		{"--date", "2026-03-10", "--attendee", "priya@acme.example", "--attendee", "sam@acme.example",
			"--note", "QA found an export bug", "--decision", "GA moves to March 22",
			"--action", "leo@acme.example|Fix the export|2026-03-13", "--action", "sam@acme.example|Brief the reps on the new date|2026-03-17",
			"--metric", "Adoption rate=3"},
		{"--date", "2026-03-24", "--attendee", "priya@acme.example", "--attendee", "sam@acme.example", "--attendee", "pat@acme.example",
			"--decision", "Outreach starts the day after GA", "--decision", "Pat staffs QA for the release week",
			"--action", "pat@acme.example|Confirm two QA contractors|2026-03-31", "--metric", "Adoption rate=7.5"},
	} {
		if err := ct.Run(NewCmdCheckin(ct.F, nil), append([]string{"launch"}, args...)...); err != nil {
			t.Fatalf("checkin %v: %v", args, err)
		}
	}
	if err := ct.Run(NewCmdActionDone(ct.F, nil), "launch", "2", "--date", "2026-03-16"); err != nil {
		t.Fatalf("action-done: %v", err)
	}
	return dir
}

// TestShowMinutes: show prints the metric's last reading against its
// target with the trend, the minutes of the last check-in and the action
// items still open (overdue marked); -o json has them all.
func TestShowMinutes(t *testing.T) {
	dir := meetingHistory(t)
	for _, format := range []string{"table", "json"} {
		ct := cmdtest.New(dir)
		ct.F.AsOfFlag = "2026-03-26"
		if err := ct.Run(NewCmdShow(ct.F, nil), "launch", "-o", format); err != nil {
			t.Fatalf("%v\n%s", err, ct.ErrOut)
		}
		golden(t, filepath.Join("testdata", "show", "minutes."+map[string]string{"table": "txt", "json": "json"}[format]), ct.Out.String())
	}
}

// golden compares got with the file at path (rewritten with -update).
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

// TestAgenda: the agenda of the check-in after the two of meetingHistory,
// held on 2026-04-07, in Markdown and JSON.
func TestAgenda(t *testing.T) {
	dir := meetingHistory(t)
	for _, format := range []string{"markdown", "json"} {
		ct := cmdtest.New(dir)
		ct.F.AsOfFlag = "2026-03-26"
		if err := ct.Run(NewCmdAgenda(ct.F, nil), "launch", "--date", "2026-04-07", "-o", format); err != nil {
			t.Fatalf("%v\n%s", err, ct.ErrOut)
		}
		golden(t, filepath.Join("testdata", "agenda", "launch."+map[string]string{"markdown": "md", "json": "json"}[format]), ct.Out.String())
	}
}
