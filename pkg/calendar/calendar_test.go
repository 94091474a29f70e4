package calendar

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/workspace"
)

const asOf = "2026-04-15"

// acme copies the example workspace out of the repository, so that its
// events carry no history (SEQUENCE 0) whatever the project's commits.
func acme(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func load(t *testing.T, dir string) *workspace.Workspace {
	t.Helper()
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Diags) > 0 {
		t.Fatalf("workspace does not load cleanly: %v", w.Diags)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func build(t *testing.T, w *workspace.Workspace, opts Options) *Calendar {
	t.Helper()
	if opts.AsOf == "" {
		opts.AsOf = asOf
	}
	c, err := Build(w, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func kinds(c *Calendar) map[string]int {
	n := map[string]int{}
	for _, e := range c.Events {
		n[e.Kind]++
	}
	return n
}

// acmeKinds is what examples/acme holds: 3 active agreements (13
// commitments with a due date, 3 cadences, 3 review dates), 1 proposed (6
// tentative commitments; no check-in or review until it is in force), 1
// draft (nothing), and 6 active goals, each with a period and a check-in
// interval.
var acmeKinds = map[string]int{KindCommitment: 19, KindCheckin: 3, KindReview: 3, KindGoalCheckin: 6, KindGoalEnd: 6}

const acmeEvents, acmeRecurring = 37, 9

func TestBuildAcme(t *testing.T) {
	c := build(t, load(t, acme(t)), Options{})
	if diff := cmp.Diff(acmeKinds, kinds(c)); diff != "" {
		t.Errorf("events by kind (-want +got):\n%s", diff)
	}
	if len(c.Events) != acmeEvents || c.Recurring() != acmeRecurring {
		t.Errorf("%d events, %d recurring; want %d, %d", len(c.Events), c.Recurring(), acmeEvents, acmeRecurring)
	}
	if c.Name != "ACME Corp" || !c.Stamp.Equal(time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("name %q, stamp %v", c.Name, c.Stamp)
	}
	byUID := map[string]Event{}
	for i, e := range c.Events {
		if _, dup := byUID[e.UID]; dup {
			t.Errorf("UID %s twice", e.UID)
		}
		byUID[e.UID] = e
		if i > 0 && c.Events[i-1].Start > e.Start {
			t.Errorf("events out of date order at %s", e.UID)
		}
	}
	want := map[string]Event{
		// cadence.next (2026-04-22) is after the last check-in: the series starts there.
		"agreement/feature-x-launch/check-in@acme": {UID: "agreement/feature-x-launch/check-in@acme", Kind: KindCheckin,
			Path: "agreements/feature-x-launch.yaml", Summary: "Check-in: Feature X launch plan",
			Description: "Check-in of agreement \"Feature X launch plan\" (feature-x-launch) every 14d, between product, sales.\n" +
				"Forum: Product and sales sync.\nPurpose: Sales outreach starts the day after Feature X is generally available.",
			Location: "Product and sales sync", Start: "2026-04-22", Every: 14, Status: StatusConfirmed,
			Categories: []string{KindCheckin, "product", "sales"}},
		"agreement/feature-x-launch/commitment/deliver-feature@acme": {UID: "agreement/feature-x-launch/commitment/deliver-feature@acme",
			Kind: KindCommitment, Path: "agreements/feature-x-launch.yaml", Summary: "product done: Feature X generally available",
			Description: "Feature X generally available\nOwed by product (priya@acme.example) under agreement \"Feature X launch plan\" (feature-x-launch).\nDone on 2026-03-22.",
			Start:       "2026-03-22", Status: StatusConfirmed, Categories: []string{KindCommitment, "product"}},
		// The last check-in was 2026-04-13, every 14 days, until the period ends.
		"goal/feature-x-adoption/check-in@acme": {UID: "goal/feature-x-adoption/check-in@acme", Kind: KindGoalCheckin,
			Path: "goals/feature-x-adoption.yaml", Summary: "Goal check-in: 30% of active accounts use Feature X by the end of June",
			Description: "Check-in of goal \"30% of active accounts use Feature X by the end of June\" (feature-x-adoption) every 14 days: record the key results. Teams: product, sales. Owner (priya@acme.example).",
			Start:       "2026-04-27", Every: 14, Until: "2026-06-30", Status: StatusConfirmed, Categories: []string{KindGoalCheckin, "product", "sales"}},
		"agreement/feature-x-launch/review@acme": {UID: "agreement/feature-x-launch/review@acme", Kind: KindReview,
			Path: "agreements/feature-x-launch.yaml", Summary: "Review: Feature X launch plan",
			Description: "Review of agreement \"Feature X launch plan\" (feature-x-launch): are its terms still right? Owner (pat@acme.example).",
			Start:       "2026-06-01", Status: StatusConfirmed, Categories: []string{KindReview, "product", "sales"}},
	}
	for uid, w := range want {
		if diff := cmp.Diff(w, byUID[uid]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", uid, diff)
		}
	}
	for uid, e := range byUID {
		if strings.HasPrefix(uid, "agreement/capex-approval-2026/") && e.Status != StatusTentative {
			t.Errorf("%s of a proposed agreement is %s, want TENTATIVE", uid, e.Status)
		}
		if strings.HasPrefix(uid, "agreement/promo-calendar-2026-h2/") {
			t.Errorf("%s: a draft agreement has no events", uid)
		}
	}
}

func TestBuildFilters(t *testing.T) {
	w := load(t, acme(t))
	sales := build(t, w, Options{Teams: []string{"sales"}})
	if sales.Name != "ACME Corp – Sales" {
		t.Errorf("name %q", sales.Name)
	}
	for _, e := range sales.Events {
		if !strings.Contains(e.UID, "feature-x") && !strings.Contains(e.UID, "shared-revenue-target") {
			t.Errorf("sales feed holds %s", e.UID)
		}
	}
	// feature-x-launch: 6 commitments, check-in, review; goals
	// feature-x-adoption and shared-revenue-target: a check-in series and
	// a period end each.
	if diff := cmp.Diff(map[string]int{KindCommitment: 6, KindCheckin: 1, KindReview: 1, KindGoalCheckin: 2, KindGoalEnd: 2}, kinds(sales)); diff != "" {
		t.Errorf("sales events by kind (-want +got):\n%s", diff)
	}

	sam := build(t, w, Options{Person: "sam@acme.example"})
	var uids []string
	for _, e := range sam.Events {
		uids = append(uids, e.UID)
	}
	// Sam owns two commitments and the sales party of feature-x-launch.
	wantUIDs := []string{
		"agreement/feature-x-launch/commitment/sales-training@acme",
		"agreement/feature-x-launch/commitment/start-outreach@acme",
		"agreement/feature-x-launch/check-in@acme",
		"agreement/feature-x-launch/review@acme",
	}
	if diff := cmp.Diff(wantUIDs, uids); diff != "" {
		t.Errorf("sam's events (-want +got):\n%s", diff)
	}

	if _, err := Build(w, Options{AsOf: asOf, Teams: []string{"sails"}}); err == nil || !strings.Contains(err.Error(), `no team "sails"`) {
		t.Errorf("unknown team: err = %v", err)
	}
	if _, err := Build(w, Options{}); err == nil {
		t.Error("no as-of date: no error")
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := acme(t)
	var out [2]bytes.Buffer
	for i := range out {
		// A fresh load each time: map order differs between loads.
		c := build(t, load(t, dir), Options{BaseURL: "https://acme.example/collab/"})
		if _, err := c.WriteTo(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Fatal("two builds of the same workspace and as-of differ")
	}
	s := out[0].String()
	for _, want := range []string{
		"DTSTAMP:20260415T000000Z\r\n",
		"URL:https://acme.example/collab/agreements/feature-x-launch.html\r\n",
		"X-WR-CALNAME:ACME Corp\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Error("a line ends without CR")
	}
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func commitAt(t *testing.T, dir, date, msg string) {
	t.Helper()
	t.Setenv("GIT_AUTHOR_NAME", "Priya")
	t.Setenv("GIT_AUTHOR_EMAIL", "priya@acme.example")
	t.Setenv("GIT_COMMITTER_NAME", "Priya")
	t.Setenv("GIT_COMMITTER_EMAIL", "priya@acme.example")
	t.Setenv("GIT_AUTHOR_DATE", date)
	t.Setenv("GIT_COMMITTER_DATE", date)
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", msg)
}

// TestVersionsFromHistory: SEQUENCE counts the later commits of the
// event's file and LAST-MODIFIED is the newest one's author date; a file
// changed in the work tree only keeps the committed figures.
func TestVersionsFromHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	repo := t.TempDir()
	dir := filepath.Join(repo, "ws") // the workspace in a folder of the repository
	if err := os.CopyFS(dir, os.DirFS(acme(t))); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "init", "-q", "-b", "main")
	commitAt(t, repo, "2026-03-01T10:00:00+01:00", "add acme")
	f := filepath.Join(dir, "agreements", "feature-x-launch.yaml")
	edit := func(from, to string) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, bytes.Replace(b, []byte(from), []byte(to), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("due: 2026-04-30\n      status: open\n    - id: pipeline-report", "due: 2026-05-04\n      status: open\n    - id: pipeline-report")
	commitAt(t, repo, "2026-04-02T09:30:00+02:00", "move the dashboard")
	edit("Monthly Feature X", "Monthly  Feature X")
	commitAt(t, repo, "2026-04-03T08:00:00Z", "reword")

	v, err := ReadVersions(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Version{Sequence: 2, Modified: time.Date(2026, 4, 3, 8, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(want, v["agreements/feature-x-launch.yaml"]); diff != "" {
		t.Errorf("feature-x-launch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Version{Modified: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}, v["goals/feature-x-adoption.yaml"]); diff != "" {
		t.Errorf("feature-x-adoption (-want +got):\n%s", diff)
	}

	edit("Monthly  Feature X", "Weekly Feature X") // not committed
	c := build(t, load(t, dir), Options{})
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(buf.String(), "\r\n ", "")
	block := got[strings.Index(got, "UID:agreement/feature-x-launch/commitment/adoption-dashboard@acme"):]
	block = block[:strings.Index(block, "END:VEVENT")]
	for _, want := range []string{"DTSTART;VALUE=DATE:20260504\r\n", "SEQUENCE:2\r\n", "LAST-MODIFIED:20260403T080000Z\r\n"} {
		if !strings.Contains(block, want) {
			t.Errorf("adoption-dashboard event lacks %q:\n%s", want, block)
		}
	}

	// Outside a repository: no history, no error.
	v, err = ReadVersions(acme(t))
	if err != nil || len(v) != 0 {
		t.Errorf("outside a repository: %v, %v", v, err)
	}
}
