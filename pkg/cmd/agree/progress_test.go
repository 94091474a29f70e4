package agree

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/gitstore"
)

// active returns the test workspace with agreement launch (with extra
// lines at its end) accepted by both parties, so active.
func active(t *testing.T, extra ...string) (dir, file string) {
	t.Helper()
	dir, file = proposed(t, extra...)
	for _, acc := range []struct{ party, name, email string }{
		{"product", "Priya Natarajan", "priya@acme.example"},
		{"sales", "Sam Ortiz", "sam@acme.example"},
	} {
		ct := cmdtest.New(dir)
		ct.F.Identity = func() (gitstore.Signature, error) { return gitstore.Signature{Name: acc.name, Email: acc.email}, nil }
		if err := ct.Run(NewCmdAccept(ct.F, nil), "launch", "--party", acc.party, "--summary", "We deliver"); err != nil {
			t.Fatalf("accept for %s: %v", acc.party, err)
		}
	}
	return dir, file
}

// TestProgressVerbs: on an active agreement each verb changes only its
// lines; changing a commitment's terms (drop, amend) returns the agreement
// to proposed until the parties accept again.
func TestProgressVerbs(t *testing.T) {
	const (
		outreach = "      owner: sam@acme.example\n      deliverable: Outreach to the top 50 accounts\n"
		status   = "  status: active\n"
	)
	for _, tc := range []struct {
		name string
		cmd  func(*cmdutil.Factory) *cobra.Command
		args []string
		edit [][2]string // replacements old → new on the active file
	}{
		{"done", func(f *cmdutil.Factory) *cobra.Command { return NewCmdDone(f, nil) }, []string{"launch", "deliver-feature"},
			[][2]string{{"      due: 2026-03-15\n", "      due: 2026-03-15\n      status: done\n      done: 2026-03-10\n"}}},
		{"block", func(f *cmdutil.Factory) *cobra.Command { return NewCmdBlock(f, nil) }, []string{"launch", "start-outreach", "--note", "waiting"},
			[][2]string{{outreach + "      due: 2026-03-16\n", outreach + "      due: 2026-03-16\n      status: blocked\n"},
				{"      dependsOn: [deliver-feature]\n", "      dependsOn: [deliver-feature]\n      note: waiting\n"}}},
		{"drop", func(f *cmdutil.Factory) *cobra.Command { return NewCmdDrop(f, nil) }, []string{"launch", "start-outreach", "--reason", "no"},
			[][2]string{{status, "  status: proposed\n"},
				{outreach + "      due: 2026-03-16\n", outreach + "      due: 2026-03-16\n      status: dropped\n"},
				{"      dependsOn: [deliver-feature]\n", "      dependsOn: [deliver-feature]\n      note: \"no\"\n"}}},
		{"checkin", func(f *cmdutil.Factory) *cobra.Command { return NewCmdCheckin(f, nil) }, []string{"launch", "--note", "On track"},
			[][2]string{{"  cadence: {every: 14d, next: 2026-03-24}\n",
				"  cadence: {every: 14d, next: 2026-04-07}\n  checkins:\n    - date: 2026-03-10\n      by: priya@acme.example\n      note: On track\n"}}},
		{"amend", func(f *cmdutil.Factory) *cobra.Command { return NewCmdAmend(f, nil) },
			[]string{"launch", "--reason", "Slip", "--commitment", "deliver-feature", "--due", "2026-03-17"},
			[][2]string{{status, "  status: proposed\n"}, {"      due: 2026-03-15\n", "      due: 2026-03-17\n      originalDue: 2026-03-15\n"},
				{"  acceptances:\n", "  amendments:\n    - date: 2026-03-10\n      by: priya@acme.example\n      reason: Slip\n      changes:\n" +
					"        - what: deliver-feature due\n          old: 2026-03-15\n          new: 2026-03-17\n  acceptances:\n"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, file := active(t)
			want := cmdtest.ReadFile(t, file)
			for _, e := range tc.edit {
				if !strings.Contains(want, e[0]) {
					t.Fatalf("active file lacks %q:\n%s", e[0], want)
				}
				want = strings.Replace(want, e[0], e[1], 1)
			}
			ct := cmdtest.New(dir)
			if err := ct.Run(tc.cmd(ct.F), tc.args...); err != nil {
				t.Fatalf("%v\n%s", err, ct.ErrOut)
			}
			if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
				t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
			}
		})
	}
}

// TestReview: a review on an agreement with a review cadence schedules the
// next one review.every after the review's own day, although it was held
// before the scheduled date, and records the note as a check-in.
func TestReview(t *testing.T) {
	dir, file := active(t, "  review: {every: 90d}\n")
	base := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	ct.F.AsOfFlag = "2026-04-02"
	if err := ct.Run(NewCmdReview(ct.F, nil), "launch", "--note", "Still the right split"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	const scheduled = "  review: {every: 90d, next: 2026-06-08}\n"
	if !strings.Contains(base, scheduled) {
		t.Fatalf("activation did not schedule the review:\n%s", base)
	}
	want := strings.Replace(base, scheduled, "  review: {every: 90d, next: 2026-07-01}\n"+
		"  checkins:\n    - date: 2026-04-02\n      by: priya@acme.example\n      note: \"Review: Still the right split\"\n", 1)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
	}
}

// TestReviewWithoutCadence: an agreement with no review.every is reviewed on
// the workspace's default interval; only review.next is written, because
// review.every is terms and writing it would make every acceptance stale.
func TestReviewWithoutCadence(t *testing.T) {
	dir, file := active(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdReview(ct.F, nil), "launch"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	got := cmdtest.ReadFile(t, file)
	for _, want := range []string{"  status: active\n", "next: 2026-06-08"} {
		if !strings.Contains(got, want) {
			t.Errorf("agreements/launch.yaml lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "every: 90d") {
		t.Errorf("review wrote review.every, a term:\n%s", got)
	}
}

// TestCheckinRefusesFuture: a check-in records what has happened, as a goal
// check-in does; one dated after today is a usage error and writes nothing.
func TestCheckinRefusesFuture(t *testing.T) {
	dir, file := active(t)
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdCheckin(ct.F, nil), "launch", "--note", "Planned", "--date", "2099-01-01")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "--date 2099-01-01 is after today (2026-03-10): a check-in records what has happened") {
		t.Fatalf("error = %v, want a usage error about the future date", err)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused check-in changed the file (-want +got):\n%s", d)
	}
}
