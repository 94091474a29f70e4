package calendar

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// icalJS finds ical.js, the parser of Mozilla Thunderbird, installed from
// npm by .ci/run (pinned) in the folder COLLAB_ICALJS names, and node. Without
// them the test fails in CI (COLLAB_CI set) and is skipped elsewhere.
func icalJS(t *testing.T) (node, module string) {
	t.Helper()
	module = os.Getenv("COLLAB_ICALJS")
	if module == "" {
		if home, err := os.UserHomeDir(); err == nil {
			module = filepath.Join(home, ".cache", "collab-ci", "npm", "node_modules", "ical.js")
		}
	}
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(module, "dist", "ical.js"))
	}
	if err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatalf("no iCalendar parser to test with (%v): .ci/run installs node's ical.js and sets COLLAB_ICALJS", err)
		}
		t.Skipf("no iCalendar parser to test with (%v): run .ci/run, or npm install ical.js@2.2.1 and set COLLAB_ICALJS to its folder", err)
	}
	return node, module
}

type parsedEvent struct {
	UID, Summary, Description, Location, Status string
	Start, End, Stamp, Modified                 string
	Sequence                                    int
	RRule                                       string
	Categories                                  []string
}

type parsed struct {
	Name, Version string
	Events        []parsedEvent
}

// parse runs the feed through ical.js: what a calendar program reads from it.
func parse(t *testing.T, ics []byte) parsed {
	t.Helper()
	node, module := icalJS(t)
	cmd := exec.Command(node, filepath.Join("testdata", "parse.mjs"))
	cmd.Env = append(os.Environ(), "COLLAB_ICALJS="+module)
	cmd.Stdin = bytes.NewReader(ics)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the parser refused the feed: %v\n%s", err, stderr.String())
	}
	var p parsed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("parser output: %v\n%s", err, out)
	}
	return p
}

func encode(t *testing.T, c *Calendar) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := c.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

func TestParserReadsAcme(t *testing.T) {
	c := build(t, load(t, acme(t)), Options{})
	p := parse(t, encode(t, c))
	if p.Name != "ACME Corp" || p.Version != "2.0" {
		t.Errorf("calendar name %q, version %q", p.Name, p.Version)
	}
	rrules := 0
	var uids []string
	for _, e := range p.Events {
		uids = append(uids, e.UID)
		if e.RRule != "" {
			rrules++
		}
		if e.Stamp != "2026-04-15T00:00:00Z" {
			t.Errorf("%s: DTSTAMP read as %s", e.UID, e.Stamp)
		}
	}
	if len(p.Events) != acmeEvents || rrules != acmeRecurring {
		t.Errorf("the parser read %d events and %d recurrence rules; want %d and %d", len(p.Events), rrules, acmeEvents, acmeRecurring)
	}
	var want []string
	for _, e := range c.Events {
		want = append(want, e.UID)
	}
	if diff := cmp.Diff(want, uids); diff != "" {
		t.Errorf("UIDs as parsed (-built +parsed):\n%s", diff)
	}
	for _, e := range p.Events {
		switch e.UID {
		case "agreement/feature-x-launch/check-in@acme":
			want := parsedEvent{UID: e.UID, Summary: "Check-in: Feature X launch plan", Location: "Product and sales sync",
				Status: "CONFIRMED", Start: "2026-04-22", End: "2026-04-23", Stamp: e.Stamp, RRule: "FREQ=WEEKLY;INTERVAL=2",
				Description: "Check-in of agreement \"Feature X launch plan\" (feature-x-launch) every 14d, between product, sales.\n" +
					"Forum: Product and sales sync.\nPurpose: Sales outreach starts the day after Feature X is generally available.",
				Categories: []string{"check-in", "product", "sales"}}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("feature-x-launch check-in as parsed (-want +got):\n%s", diff)
			}
		case "goal/company-gross-margin/check-in@acme":
			if e.RRule != "FREQ=WEEKLY;INTERVAL=4;UNTIL=20261231" {
				t.Errorf("company-gross-margin check-in RRULE read as %q", e.RRule)
			}
		}
	}
}

// hostile is a title made to break a naive encoder: commas, semicolons, a
// backslash, quotes, line breaks and 200 characters of UTF-8 of 2, 3 and 4
// bytes, long enough to be folded many times.
func hostile() string {
	var b strings.Builder
	b.WriteString("Launch, phase 1; \"beta\" \\ not a \\n newline\nsecond line;,\n")
	for i := range 200 {
		b.WriteString([]string{"é", "日", "😀", "ü", "ß"}[i%5])
	}
	b.WriteString("\n;end,")
	return b.String()
}

func TestHostileTextRoundTrips(t *testing.T) {
	title, forum, deliverable := hostile(), "Room 4; floor 2, \"east\" \\ 😀", "Ship it, test it; "+hostile()
	q := func(s string) string {
		b, err := json.Marshal(s) // JSON's escapes are YAML's
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	dir := t.TempDir()
	files := map[string]string{
		"collab.yaml": "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: hostile, title: " + q(title) + "}\nspec: {}\n",
		"teams/ops.yaml": "apiVersion: collab/v1\nkind: Team\nmetadata: {id: ops, title: Ops}\n" +
			"spec: {lead: ana@x.example, members: [{email: ana@x.example}]}\n",
		"agreements/a.yaml": "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: a, title: " + q(title) + "}\n" +
			"spec:\n  status: active\n  owner: ana@x.example\n  parties: [{team: ops, owner: ana@x.example}]\n" +
			"  commitments:\n    - {id: c, party: ops, owner: ana@x.example, deliverable: " + q(deliverable) + ", due: 2026-05-01}\n" +
			"  cadence: {every: 7d, next: 2026-04-20, forum: " + q(forum) + "}\n",
		"goals/g.yaml": "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: g, title: " + q(title) + "}\n" +
			"spec: {status: active, owner: ana@x.example, teams: [ops], period: {start: 2026-04-01, end: 2026-06-30}, checkinEvery: 10d}\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := build(t, load(t, dir), Options{})
	ics := encode(t, c)
	for i, line := range strings.SplitAfter(string(ics), "\r\n") {
		if len(strings.TrimSuffix(line, "\r\n")) > 75 {
			t.Errorf("line %d is longer than 75 octets: %q", i+1, line)
		}
	}
	p := parse(t, ics)
	if p.Name != title {
		t.Errorf("calendar name:\n%s", cmp.Diff(title, p.Name))
	}
	got := map[string]parsedEvent{}
	for _, e := range p.Events {
		got[e.UID] = e
	}
	checks := []struct{ uid, field, got, want string }{
		{"agreement/a/check-in@hostile", "SUMMARY", got["agreement/a/check-in@hostile"].Summary, "Check-in: " + title},
		{"agreement/a/check-in@hostile", "LOCATION", got["agreement/a/check-in@hostile"].Location, forum},
		{"agreement/a/commitment/c@hostile", "SUMMARY", got["agreement/a/commitment/c@hostile"].Summary, "ops due: " + deliverable},
		{"agreement/a/commitment/c@hostile", "DESCRIPTION", got["agreement/a/commitment/c@hostile"].Description,
			deliverable + "\nOwed by ops (ana@x.example) under agreement \"" + title + "\" (a).\nOpen."},
		{"goal/g/end@hostile", "SUMMARY", got["goal/g/end@hostile"].Summary, "Goal ends: " + title},
		{"goal/g/check-in@hostile", "RRULE", got["goal/g/check-in@hostile"].RRule, "FREQ=DAILY;INTERVAL=10;UNTIL=20260630"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s %s did not round-trip (-sent +parsed):\n%s", c.uid, c.field, cmp.Diff(c.want, c.got))
		}
	}
	if len(p.Events) != 4 {
		t.Errorf("parsed %d events, want 4 (commitment, check-in, goal check-in, goal end)", len(p.Events))
	}
}
