package goal

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// TestFlags checks flag parsing and the usage errors (exit 2) that need no
// workspace, with a capturing runF.
func TestFlags(t *testing.T) {
	type result struct {
		New     *NewOptions
		Checkin *CheckinOptions
		Close   *CloseOptions
		KR      *KROptions
	}
	tests := []struct {
		name    string
		args    []string
		want    result
		wantErr string // a usage error containing this text
	}{
		{name: "new", args: []string{"new", "q1", "--title", "T", "--owner", "a@b.example", "--team", "x", "--team", "y"},
			want: result{New: &NewOptions{ID: "q1", Title: "T", Owner: "a@b.example", Teams: []string{"x", "y"}, Status: "draft"}}},
		{name: "new missing flags without a terminal", args: []string{"new", "q1", "--owner", "a@b.example"},
			wantErr: "required flag(s) --title, --team not set"},
		{name: "new bad id", args: []string{"new", "Q1", "--title", "T", "--owner", "a@b.example", "--team", "x"}, wantErr: `invalid id "Q1"`},
		{name: "new start without end", args: []string{"new", "q1", "--title", "T", "--owner", "a@b.example", "--team", "x", "--start", "2026-01-01"},
			wantErr: "--start and --end go together"},
		{name: "new end before start", args: []string{"new", "q1", "--title", "T", "--owner", "a@b.example", "--team", "x", "--start", "2026-02-01", "--end", "2026-01-01"},
			wantErr: "--end 2026-01-01 is before --start 2026-02-01"},
		{name: "new bad cadence", args: []string{"new", "q1", "--title", "T", "--owner", "a@b.example", "--team", "x", "--checkin-every", "2 weeks"},
			wantErr: `invalid duration "2 weeks"`},
		{name: "new closed status", args: []string{"new", "q1", "--title", "T", "--owner", "a@b.example", "--team", "x", "--status", "achieved"},
			wantErr: `--status "achieved"`},
		{name: "new bad owner", args: []string{"new", "q1", "--title", "T", "--owner", "dana", "--team", "x"}, wantErr: `--owner: invalid email "dana"`},
		{name: "checkin", args: []string{"checkin", "g", "--value", "a=1.5", "--value", "b = -2", "--confidence", "low", "--date", "2026-01-02"},
			want: result{Checkin: &CheckinOptions{ID: "g", Values: []goal.KRValue{{ID: "a", Value: 1.5}, {ID: "b", Value: -2}}, Confidence: "low", Date: "2026-01-02"}}},
		{name: "checkin without value", args: []string{"checkin", "g"}, wantErr: "required flag(s) --value not set"},
		{name: "checkin value not a number", args: []string{"checkin", "g", "--value", "a=lots"}, wantErr: `"lots" is not a number`},
		{name: "checkin value without =", args: []string{"checkin", "g", "--value", "95"}, wantErr: "write KR=NUMBER"},
		{name: "checkin bad confidence", args: []string{"checkin", "g", "--value", "a=1", "--confidence", "sure"}, wantErr: "use one of low, medium, high"},
		{name: "checkin bad date", args: []string{"checkin", "g", "--value", "a=1", "--date", "1 March"}, wantErr: "--date: invalid date"},
		{name: "close", args: []string{"close", "g", "--status", "dropped", "--note", "n"},
			want: result{Close: &CloseOptions{ID: "g", Status: "dropped", Note: "n"}}},
		{name: "close without status", args: []string{"close", "g"}, wantErr: "required flag(s) --status not set"},
		{name: "close as active", args: []string{"close", "g", "--status", "active"}, wantErr: "close a goal as achieved, missed or dropped"},
		{name: "kr update", args: []string{"kr", "g", "k", "--target", "5"},
			want: result{KR: &KROptions{Goal: "g", KR: "k", Target: 5, Given: map[string]bool{"target": true, "title": false, "unit": false, "baseline": false, "direction": false}}}},
		{name: "kr bad direction", args: []string{"kr", "g", "k", "--direction", "up"}, wantErr: "use one of increase, decrease, at-least, at-most"},
		{name: "kr bad id", args: []string{"kr", "g", "K R"}, wantErr: "key result id: invalid id"},
		{name: "list bad health", args: []string{"list", "--health", "green"}, wantErr: `--health "green"`},
		{name: "list bad status", args: []string{"list", "--status", "open"}, wantErr: `--status "open"`},
		{name: "show bad output", args: []string{"show", "g", "-o", "xml"}, wantErr: `invalid output format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := cmdutil.New(ios)
			var got result
			cmd := NewCmdGoal(f)
			cmd.RemoveCommand(cmd.Commands()...)
			cmd.AddCommand(
				NewCmdNew(f, func(o *NewOptions) error { got.New = o; return nil }),
				NewCmdCheckin(f, func(o *CheckinOptions) error { got.Checkin = o; return nil }),
				NewCmdClose(f, func(o *CloseOptions) error { got.Close = o; return nil }),
				NewCmdKR(f, func(o *KROptions) error { got.KR = o; return nil }),
				NewCmdList(f, func(*ListOptions) error { return nil }),
				NewCmdShow(f, func(*ShowOptions) error { return nil }),
			)
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got, cmdtest.IgnoreDeps); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

// TestRunErrors checks that refused changes say what to do next and leave
// the files alone.
func TestRunErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		usage   bool // exit 2
	}{
		{"checkin unknown key result", []string{"checkin", "margin", "--value", "in-stok=95"},
			`goal margin has no key result "in-stok" (key results: in-stock, excess); add it with collab goal kr margin in-stok ...`, false},
		{"checkin twice the same key result", []string{"checkin", "margin", "--value", "in-stock=95", "--value", "in-stock=96"},
			"key result in-stock is given twice", false},
		{"checkin on a draft", []string{"checkin", "draft", "--value", "ready=70"},
			"goal draft is a draft: start it with collab goal activate draft before checking in", false},
		{"checkin in the future", []string{"checkin", "margin", "--value", "in-stock=95", "--date", "2026-03-11"},
			"--date 2026-03-11 is after today (2026-03-10)", true},
		{"checkin unknown goal", []string{"checkin", "margni", "--value", "in-stock=95"},
			`no goal "margni" (did you mean margin?)`, false},
		{"activate twice", []string{"activate", "margin"}, "goal margin is already active", false},
		{"close a draft as achieved", []string{"close", "draft", "--status", "achieved"},
			"goal draft is a draft that never started: it can only be dropped (--status dropped)", false},
		{"new that exists", []string{"new", "margin", "--title", "T", "--owner", "dana@acme.example", "--team", "operations"},
			`goal "margin" already exists (goals/margin.yaml)`, false},
		{"new active without key results", []string{"new", "x", "--title", "T", "--owner", "dana@acme.example", "--team", "operations", "--status", "active"},
			"goal x cannot start active: it has no key result yet", false},
		{"new with an owner in no team", []string{"new", "x", "--title", "T", "--owner", "zoe@acme.example", "--team", "operations"},
			"spec.owner: zoe@acme.example is in no team", false},
		{"new with an unknown team", []string{"new", "x", "--title", "T", "--owner", "dana@acme.example", "--team", "sales"},
			`spec.teams[0]: no team "sales" (known: merchandising, operations)`, false},
		{"new with a parent that closes a cycle", []string{"new", "x", "--title", "T", "--owner", "dana@acme.example", "--team", "operations", "--parent", "nope"},
			`spec.parent: no goal "nope"`, false},
		{"kr add without baseline", []string{"kr", "margin", "gm", "--title", "Gross margin", "--unit", "%", "--target", "43"},
			"required flag(s) --baseline not set", true},
		{"kr update without a change", []string{"kr", "margin", "in-stock"},
			"key result in-stock of goal margin exists: say what to change", true},
		{"kr making target equal baseline", []string{"kr", "margin", "excess", "--target", "2400"},
			"target equals the baseline (2400), so key result excess cannot decrease", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newWorkspace(t)
			before := snapshot(t, dir)
			_, _, err := runGoal(t, dir, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
			var fe *cmdutil.FlagError
			if got := errors.As(err, &fe); got != tt.usage {
				t.Errorf("usage error = %v, want %v (%v)", got, tt.usage, err)
			}
			if d := cmp.Diff(before, snapshot(t, dir)); d != "" {
				t.Errorf("files changed (-before +after):\n%s", d)
			}
		})
	}
}

// snapshot reads every goal file of the workspace.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	names, _ := filepath.Glob(filepath.Join(dir, "goals", "*.yaml"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = string(b)
	}
	return out
}

// TestJSON checks the documented -o json shapes of list, show and tree on
// the test workspace at 2026-03-10 (68 of the 180 days of the margin goal's period elapsed).
func TestJSON(t *testing.T) {
	dir := newWorkspace(t)
	decode := func(args ...string) any {
		t.Helper()
		out, stderr, err := runGoal(t, dir, args...)
		if err != nil {
			t.Fatalf("%v: %v %s", args, err, stderr)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
		}
		return v
	}

	// margin: in-stock 94 of 93 -> 97 is 0.25; excess has no current, 0; mean 0.125.
	margin := map[string]any{
		"id": "margin", "title": "Keep 97% in-stock on core SKUs", "status": "active", "owner": "dana@acme.example",
		"teams": []any{"merchandising", "operations"}, "period": map[string]any{"start": "2026-01-01", "end": "2026-06-30"},
		"progress": 0.125, "expected": 0.3778, "health": "off-track", "lastCheckin": "2026-03-01", "confidence": "medium",
	}
	draft := map[string]any{
		"id": "draft", "title": "Ready on day one", "status": "draft", "owner": "victor@acme.example",
		"teams": []any{"operations"}, "parent": "margin", "progress": 0.0, "expected": 0.0, "health": "draft", "lastCheckin": nil,
	}
	if d := cmp.Diff([]any{draft, margin}, decode("list", "-o", "json")); d != "" {
		t.Errorf("list -o json (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{margin}, decode("list", "--team", "merchandising", "--health", "off-track", "-o", "json")); d != "" {
		t.Errorf("list --team --health (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{}, decode("list", "--status", "achieved", "-o", "json")); d != "" {
		t.Errorf("list --status achieved (-want +got):\n%s", d)
	}

	show := decode("show", "margin", "-o", "json").(map[string]any)
	wantKRs := []any{
		map[string]any{"id": "in-stock", "title": "In-stock rate on core SKUs", "unit": "%", "baseline": 93.0, "target": 97.0,
			"direction": "at-least", "current": 94.0, "progress": 0.25, "met": false},
		map[string]any{"id": "excess", "title": "Inventory above 8 weeks of cover", "baseline": 2400.0, "target": 1500.0,
			"direction": "decrease", "current": nil, "progress": 0.0, "met": false},
	}
	if d := cmp.Diff(wantKRs, show["keyResults"]); d != "" {
		t.Errorf("show keyResults (-want +got):\n%s", d)
	}
	gotTop := map[string]any{}
	for _, k := range []string{"asOf", "cadenceDays", "stale", "children", "health", "progress"} {
		gotTop[k] = show[k]
	}
	wantTop := map[string]any{"asOf": "2026-03-10", "cadenceDays": 14.0, "stale": false, "children": []any{"draft"},
		"health": "off-track", "progress": 0.125}
	if d := cmp.Diff(wantTop, gotTop); d != "" {
		t.Errorf("show (-want +got):\n%s", d)
	}
	if n := len(show["checkins"].([]any)); n != 1 {
		t.Errorf("show has %d check-ins, want 1", n)
	}

	tree := []any{map[string]any{
		"id": "margin", "title": "Keep 97% in-stock on core SKUs", "status": "active", "owner": "dana@acme.example",
		"progress": 0.125, "health": "off-track",
		"children": []any{map[string]any{"id": "draft", "title": "Ready on day one", "status": "draft", "owner": "victor@acme.example",
			"progress": 0.0, "health": "draft", "children": []any{}}},
	}}
	if d := cmp.Diff(tree, decode("tree", "-o", "json")); d != "" {
		t.Errorf("tree -o json (-want +got):\n%s", d)
	}
	if d := cmp.Diff(tree, decode("tree", "draft", "-o", "json")); d != "" {
		t.Errorf("tree draft -o json (-want +got):\n%s", d)
	}
}

// TestText checks the human output carries the figures people look for.
func TestText(t *testing.T) {
	dir := newWorkspace(t)
	out, _, err := runGoal(t, dir, "show", "margin")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Health:    off-track as of 2026-03-10",
		"Progress:  [###.................] 12% (pace: 38% of the period 2026-01-01 to 2026-06-30 elapsed)",
		"93 -> 94 -> 97%",
		"2400 -> ? -> 1500",
		"[###.......] 25%",
		"Served by: draft",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runGoal(t, dir, "tree")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "margin   ") || !strings.HasPrefix(lines[1], "└── draft") {
		t.Errorf("tree output:\n%s", out)
	}
}

// TestKRPrompts checks that adding a key result on a terminal asks for the
// flags a new key result needs, after finding out that it is new.
func TestKRPrompts(t *testing.T) {
	dir := newWorkspace(t)
	ios, in, out, errOut := iostreams.Test()
	ios.SetStdinTTY(true)
	in.WriteString("Gross margin on core SKUs\n%\n41\n")
	f := cmdutil.New(ios)
	f.Dir, f.NoCommit, f.AsOfFlag = dir, true, testAsOf
	cmd := NewCmdGoal(f)
	cmd.SetArgs([]string{"kr", "margin", "gross-margin", "--target", "43.5"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	for _, p := range []string{"title (", "unit (", "baseline ("} {
		if !strings.Contains(errOut.String(), p) {
			t.Errorf("no prompt %q in %q", p, errOut)
		}
	}
	if strings.Contains(errOut.String(), "target (") {
		t.Errorf("asked for --target, which was given: %q", errOut)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "goals", "margin.yaml"))
	want, _ := os.ReadFile(filepath.Join("testdata", "golden", "kr-add.yaml"))
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("prompted key result differs from kr-add golden (-want +got):\n%s\n%s", d, out)
	}
}

func TestParseKRValue(t *testing.T) {
	tests := []struct {
		in      string
		id      string
		v       float64
		wantErr bool
	}{
		{"in-stock=95.5", "in-stock", 95.5, false},
		{" leads = 500 ", "leads", 500, false},
		{"delta=-1.25", "delta", -1.25, false},
		{"x=1e3", "x", 1000, false},
		{"in-stock", "", 0, true},
		{"=5", "", 0, true},
		{"a=", "", 0, true},
		{"a=lots", "", 0, true},
		{"a=NaN", "", 0, true},
		{"a=Inf", "", 0, true},
	}
	for _, tt := range tests {
		id, v, err := parseKRValue(tt.in)
		if (err != nil) != tt.wantErr || id != tt.id || v != tt.v {
			t.Errorf("parseKRValue(%q) = %q, %v, %v; want %q, %v, error %v", tt.in, id, v, err, tt.id, tt.v, tt.wantErr)
		}
	}
}

// TestRollUpAndLinks: a parent shows its own progress and, beside it, the
// roll-up of the goals that serve it; show lists the agreements that serve
// the goal; close keeps its note in the file and show prints it.
func TestRollUpAndLinks(t *testing.T) {
	dir := newWorkspace(t)
	draft := filepath.Join(dir, "goals", "draft.yaml")
	src := strings.Replace(cmdtest.ReadFile(t, draft), "status: draft", "status: active", 1)
	src = strings.Replace(src, "baseline: 68, target: 95}", "baseline: 68, target: 95, current: 86}", 1)
	if err := os.WriteFile(draft, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	deal := "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: stock-deal, title: Stock deal}\nspec:\n  status: draft\n  goals: [margin]\n"
	if err := os.MkdirAll(filepath.Join(dir, "agreements"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "agreements", "stock-deal.yaml"), []byte(deal), 0o644); err != nil {
		t.Fatal(err)
	}

	out, _, err := runGoal(t, dir, "tree")
	if err != nil {
		t.Fatal(err)
	}
	want := "margin     [#.........]  12%  children 67%  off-track  Keep 97% in-stock on core SKUs\n" +
		"└── draft  [#######...]  67%                on-track   Ready on day one\n"
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("tree (-want +got):\n%s", d)
	}
	var tree []map[string]any
	out, _, err = runGoal(t, dir, "tree", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatal(err)
	}
	if got := tree[0]["childrenProgress"]; got != 0.6667 {
		t.Errorf("childrenProgress = %v, want 0.6667", got)
	}

	out, _, err = runGoal(t, dir, "show", "margin")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Roll-up:   [#############.......] 67%, the mean progress of the goals that serve it\n",
		"Agreements: stock-deal (draft)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}

	if _, errOut, err := runGoal(t, dir, "close", "margin", "--status", "missed", "--note", "Port delays"); err != nil {
		t.Fatalf("close: %v\n%s", err, errOut)
	}
	out, _, err = runGoal(t, dir, "show", "margin", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"closedAt": d["closedAt"], "closeNote": d["closeNote"], "agreements": d["agreements"]}
	wantJSON := map[string]any{"closedAt": testAsOf, "closeNote": "Port delays",
		"agreements": []any{map[string]any{"id": "stock-deal", "title": "Stock deal", "status": "draft"}}}
	if diff := cmp.Diff(wantJSON, got); diff != "" {
		t.Errorf("show -o json after close (-want +got):\n%s", diff)
	}
	out, _, err = runGoal(t, dir, "show", "margin")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Closed:    " + testAsOf + ": Port delays\n"; !strings.Contains(out, want) {
		t.Errorf("show output lacks %q:\n%s", want, out)
	}
}
