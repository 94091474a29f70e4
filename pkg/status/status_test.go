package status

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestBottlenecks(t *testing.T) {
	tests := []struct {
		name string
		asOf model.Date
		edit func(src *Sources)
		want []Bottleneck
	}{
		{"nothing waits", "2026-03-01", func(*Sources) {}, []Bottleneck{}},
		{"a chain of three waits on product", "2026-03-23", func(src *Sources) {
			src.Agreements["launch"].Spec.Cadence = nil
			accept(src.Agreements["launch"])
		}, []Bottleneck{{Team: "product", Score: 2, Waiting: 2, Blocking: []string{"launch/deliver-feature"}, MustAccept: []string{}}}},
		{"a team's own later commitments do not count", "2026-03-24", func(src *Sources) {
			src.Agreements["launch"].Spec.Cadence = nil
			accept(src.Agreements["launch"])
			src.Agreements["launch"].Spec.Commitments[0].Status = model.CommitmentDone
		}, []Bottleneck{}},
		{"pending acceptances, a party with no members, missed check-ins", "2026-04-02", func(src *Sources) {
			a := src.Agreements["launch"]
			a.Spec.Commitments = a.Spec.Commitments[2:]
			a.Spec.Commitments[0].DependsOn = nil
			a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: "legal"})
			accept(a)
			a.Spec.Acceptances = a.Spec.Acceptances[:2]
		}, []Bottleneck{
			{Team: "ops", Score: 2, Blocking: []string{}, MustAccept: []string{}, MissedCheckins: 2},
			{Team: "legal", Score: 1, Blocking: []string{}, Acceptances: 1, MustAccept: []string{"launch"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": launch()}}
			tt.edit(&src)
			if diff := cmp.Diff(tt.want, Bottlenecks(src, tt.asOf)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWins(t *testing.T) {
	tests := []struct {
		name  string
		asOf  model.Date
		since int
		edit  func(src *Sources)
		want  []brief
	}{
		{"nothing done", "2026-03-30", 30, func(*Sources) {}, nil},
		{"done today, late; done before the window; done after --as-of", "2026-03-30", 7, func(src *Sources) {
			cs := src.Agreements["launch"].Spec.Commitments
			cs[0].Status, cs[0].Done = model.CommitmentDone, "2026-03-30"
			cs[1].Status, cs[1].Done = model.CommitmentDone, "2026-03-23"
			cs[2].Status, cs[2].Done = model.CommitmentDone, "2026-03-31"
		}, []brief{{KindDone, "launch/deliver-feature", `product delivered "GA" (8 days after the due date)`, 0, []string{"priya@acme.example"}, nil}}},
		{"history: an agreement became active, a goal was achieved", "2026-03-30", 30, func(src *Sources) {
			src.Goals["g"].Spec.Status = model.GoalAchieved
			src.Events = []Event{
				{Kind: KindActive, ID: "launch", Date: "2026-03-05", By: "sam@acme.example"},
				{Kind: KindAchieved, ID: "g", Date: "2026-03-29", By: "leo@acme.example"},
				{Kind: KindAchieved, ID: "gone", Date: "2026-03-29"},
				{Kind: KindActive, ID: "launch", Date: "2026-01-05"},
			}
		}, []brief{
			{KindAchieved, "goal/g", "goal achieved: Adoption g", -1, []string{"leo@acme.example", "priya@acme.example"}, nil},
			{KindActive, "launch", "agreement in force, accepted by every party: ", -25, []string{"sam@acme.example", "pat@acme.example"}, nil},
		}},
		{"an achieved goal with its closing note", "2026-03-30", 30, func(src *Sources) {
			src.Goals["g"].Spec.Status, src.Goals["g"].Spec.CloseNote = model.GoalAchieved, "30% reached in March"
			src.Events = []Event{{Kind: KindAchieved, ID: "g", Date: "2026-03-29", By: "leo@acme.example"}}
		}, []brief{
			{KindAchieved, "goal/g", "goal achieved: Adoption g (30% reached in March)", -1, []string{"leo@acme.example", "priya@acme.example"}, nil},
		}},
		{"history says achieved, the file no longer does", "2026-03-30", 30, func(src *Sources) {
			src.Events = []Event{{Kind: KindAchieved, ID: "g", Date: "2026-03-29"}}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": launch()}, Goals: map[string]*model.Goal{"g": adoption("g", "")}}
			tt.edit(&src)
			s := Compute(src, Options{AsOf: tt.asOf, Since: tt.since})
			if diff := cmp.Diff(tt.want, briefs(s.Wins)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFilters checks --team and --person on one workspace at 2026-03-23:
// deliver-feature is a day late, start-outreach due today, sales waits.
func TestFilters(t *testing.T) {
	refs := func(items []Item) []string {
		out := []string{}
		for _, it := range items {
			out = append(out, it.Kind+" "+it.Ref())
		}
		return out
	}
	tests := []struct {
		name            string
		opts            Options
		needs, overdue  []string
		waiting         []string
		bottlenecks     int
		staleAcceptance int
	}{
		{"everything", Options{}, []string{"due launch/start-outreach"}, []string{"overdue launch/deliver-feature"}, []string{}, 1, 0},
		{"a team that is a party sees both sides", Options{Teams: []string{"sales"}},
			[]string{"due launch/start-outreach"}, []string{"overdue launch/deliver-feature"}, []string{}, 0, 0},
		{"a team that is not a party sees nothing", Options{Teams: []string{"legal"}}, []string{}, []string{}, []string{}, 0, 0},
		{"the owner of the late commitment", Options{Person: "priya@acme.example"}, []string{}, []string{"overdue launch/deliver-feature"}, []string{}, 1, 0},
		{"the owner waiting on it", Options{Person: "sam@acme.example"}, []string{"due launch/start-outreach"}, []string{},
			[]string{"overdue launch/deliver-feature"}, 0, 0},
		{"further down the chain", Options{Person: "dev@acme.example"}, []string{}, []string{}, []string{"due launch/start-outreach"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": launch()}}
			src.Agreements["launch"].Spec.Cadence = nil
			accept(src.Agreements["launch"])
			tt.opts.AsOf = "2026-03-23"
			s := Compute(src, tt.opts)
			got := []any{refs(s.NeedsAction), refs(s.Overdue), refs(s.WaitingOn), len(s.Bottlenecks), s.Count(FailStaleAcceptance)}
			want := []any{tt.needs, tt.overdue, tt.waiting, tt.bottlenecks, tt.staleAcceptance}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCount(t *testing.T) {
	src := Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": launch()}}
	a := src.Agreements["launch"]
	a.Spec.Purpose = "Changed after acceptance"
	a.Spec.Commitments[2].Status = model.CommitmentBlocked
	s := Compute(src, Options{AsOf: "2026-04-10", Within: 14})
	got := map[string]int{}
	for _, c := range Conditions {
		got[c] = s.Count(c)
	}
	// deliver-feature and start-outreach are overdue (and escalate, more
	// than 14 days late, with two check-ins missed); pipeline-report is only
	// blocked; both parties accepted earlier terms.
	want := map[string]int{FailOverdue: 2, FailEscalation: 3, FailStaleAcceptance: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMarkdown(t *testing.T) {
	src := Sources{Teams: teams(), Agreements: map[string]*model.Agreement{"launch": launch()}}
	a := src.Agreements["launch"]
	a.Spec.Commitments[0].Deliverable = "GA | with a `pipe`"
	accept(a)
	s := Compute(src, Options{AsOf: "2026-03-23", Since: 7})
	var b strings.Builder
	mention := func(email string) string {
		if email == "priya@acme.example" {
			return "@priya"
		}
		return email
	}
	if err := Markdown(&b, s, "Collaboration status of ACME", mention); err != nil {
		t.Fatal(err)
	}
	want := `## Collaboration status of ACME

As of 2026-03-23: what falls due within 0 days, wins of the last 7 days.

### Needs action now

| When | What | Who | Next |
|---|---|---|---|
| 2026-03-18 | ` + "`launch`" + ` 1 check-in missed since 2026-03-18 (Sync) | pat@acme.example | ` + "`collab agree checkin launch --note TEXT`" + ` |
| 2026-03-23 | ` + "`launch/start-outreach`" + ` sales owes "Outreach", due today | sam@acme.example | ` + "`collab agree done launch start-outreach`" + ` |

### Overdue and blocked

| When | What | Who | Next |
|---|---|---|---|
| 2026-03-22 | ` + "`launch/deliver-feature`" + ` product owes "GA \| with a ` + "`pipe`" + `", 1 day late; sales waits on it | @priya | ` + "`collab agree done launch deliver-feature`" + ` |

### Bottlenecks

| Team | Score | Commitments waiting on it | Acceptances due | Missed check-ins | Blocking |
|---|---|---|---|---|---|
| ` + "`product`" + ` | 2 | 2 | 0 | 0 | ` + "`launch/deliver-feature`" + ` |
| ` + "`ops`" + ` | 1 | 0 | 0 | 1 | - |
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	var empty strings.Builder
	if err := Markdown(&empty, Compute(Sources{}, Options{AsOf: "2026-03-23", Within: 14, Since: 7, Teams: []string{"sales"}}), "T", mention); err != nil {
		t.Fatal(err)
	}
	want = "## T\n\nAs of 2026-03-23: what falls due within 14 days, wins of the last 7 days, for sales.\n\nNothing needs attention.\n"
	if diff := cmp.Diff(want, empty.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
