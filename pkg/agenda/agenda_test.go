package agenda

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func launch() *model.Agreement {
	a := &model.Agreement{}
	a.Metadata.ID, a.Metadata.Title = "launch", "Feature X launch"
	a.Spec = model.AgreementSpec{
		Status: model.AgreementActive,
		Owner:  "pat@acme.example",
		Parties: []model.Party{
			{Team: "product", Owner: "priya@acme.example"},
			{Team: "sales", Owner: "sam@acme.example"},
		},
		Options: []model.Option{{Title: "Single GA date"}, {Title: "Phased rollout"}},
		Commitments: []model.Commitment{
			{ID: "ga", Party: "product", Owner: "priya@acme.example", Deliverable: "GA", Due: "2026-03-22"},
			{ID: "outreach", Party: "sales", Owner: "sam@acme.example", Deliverable: "Outreach", Due: "2026-04-30", DependsOn: []string{"ga"},
				Status: model.CommitmentBlocked, Note: "waits for GA"},
			{ID: "deck", Party: "sales", Owner: "sam@acme.example", Deliverable: "Deck", Due: "2026-03-01", Status: model.CommitmentDone},
		},
		Metrics: []model.Metric{
			{Name: "Adoption", Target: "30%", Readings: []model.MetricReading{{Date: "2026-03-04", Value: 5, By: "sam@acme.example"}}},
			{Name: "Tickets", Target: "fewer"},
		},
		Cadence:    &model.Cadence{Every: "14d", Next: "2026-03-18", Forum: "Sync"},
		Escalation: []string{"helen@acme.example"},
		Checkins: []model.AgreementCheckin{{Date: "2026-03-04", By: "pat@acme.example", Attendees: []string{"priya@acme.example", "leo@acme.example"},
			Decisions: []string{"Keep the date"}, Actions: []model.ActionItem{{Owner: "leo@acme.example", Text: "Fix the export", Due: "2026-03-10"}}}},
	}
	for _, p := range a.Spec.Parties {
		a.Spec.Acceptances = append(a.Spec.Acceptances, model.Acceptance{Party: p.Team, By: p.Owner, Date: "2026-03-01", Terms: a.TermsDigest()})
	}
	return a
}

func TestDate(t *testing.T) {
	a := launch()
	if d := Date(a, "2026-03-10"); d != "2026-03-18" {
		t.Errorf("before the scheduled check-in: %s, want 2026-03-18", d)
	}
	if d := Date(a, "2026-04-02"); d != "2026-04-02" {
		t.Errorf("after a missed check-in: %s, want today", d)
	}
}

// TestNew: a check-in two missed dates late, after an amendment product
// has not accepted, with options weighed and none chosen.
func TestNew(t *testing.T) {
	a := launch()
	a.Spec.Acceptances[0].Terms = "0123456789ab" // product accepted earlier terms
	ag := New(a, nil, model.Policy{}, "2026-04-02")
	if ag.MissedCheckins != 2 {
		t.Errorf("missed check-ins = %d, want 2", ag.MissedCheckins)
	}
	if d := cmp.Diff([]string{"pat@acme.example", "priya@acme.example", "sam@acme.example", "leo@acme.example"}, ag.Invite); d != "" {
		t.Errorf("invite (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]Action{{N: 1, Owner: "leo@acme.example", Text: "Fix the export", Due: "2026-03-10", Checkin: "2026-03-04", Overdue: true, DaysLate: 23, FromLast: true}}, ag.Actions); d != "" {
		t.Errorf("actions (-want +got):\n%s", d)
	}
	wantParties := []Party{
		{Team: "product", Owner: "priya@acme.example", Commitments: []Commitment{{ID: "ga", Owner: "priya@acme.example", Deliverable: "GA", Due: "2026-03-22",
			State: StateOverdue, DaysLate: 11, Waiting: []string{"outreach"}}}},
		{Team: "sales", Owner: "sam@acme.example", Commitments: []Commitment{{ID: "outreach", Owner: "sam@acme.example", Deliverable: "Outreach", Due: "2026-04-30",
			State: StateBlocked, Note: "waits for GA"}}},
	}
	// The amendment made the agreement proposed in fact; keep it active here
	// to see overdue marks, as an agreement amended by hand would be.
	if d := cmp.Diff(wantParties, ag.Parties); d != "" {
		t.Errorf("parties (-want +got):\n%s", d)
	}
	if len(ag.Metrics) != 2 || ag.Metrics[0].Stale || !ag.Metrics[1].Stale || ag.Metrics[0].Series != "5" {
		t.Errorf("metrics = %+v; want Adoption read at the last check-in, Tickets never", ag.Metrics)
	}
	var kinds []string
	for _, p := range ag.Pending {
		kinds = append(kinds, p.Kind+": "+p.Text)
	}
	want := []string{
		"amendment: product to accept the amended terms (" + a.TermsDigest() + "); it accepted earlier terms",
		"option: choose among 2 options: Single GA date; Phased rollout",
	}
	if d := cmp.Diff(want, kinds); d != "" {
		t.Errorf("pending (-want +got):\n%s", d)
	}
	var esc []string
	for _, it := range ag.Escalations {
		esc = append(esc, it.Reason)
	}
	if d := cmp.Diff([]string{"missed-checkins"}, esc); d != "" {
		t.Errorf("escalations (-want +got):\n%s", d)
	}

	var b strings.Builder
	if err := Markdown(&b, ag); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"## Check-in agenda: Feature X launch (`launch`), 2026-04-02\n",
		"Forum: Sync. Invite: pat@acme.example, priya@acme.example, sam@acme.example, leo@acme.example. Last check-in: 2026-03-04. **2 check-ins missed.**\n",
		"| `outreach` | sam@acme.example | Outreach | 2026-04-30 | blocked: waits for GA |\n",
		"| Tickets | fewer | none yet: bring the figure | - |\n",
		"- choose among 2 options: Single GA date; Phased rollout: `collab agree option launch TITLE --chosen`\n",
		"- `launch` 2 check-ins missed in a row since 2026-03-18; tell helen@acme.example\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("markdown lacks %q:\n%s", line, b.String())
		}
	}
}

// TestMarkdownEscapes: text from the file cannot break the table or start
// a line of its own.
func TestMarkdownEscapes(t *testing.T) {
	a := launch()
	a.Spec.Checkins[0].Actions[0].Text = "Fix | the\nexport"
	var b strings.Builder
	if err := Markdown(&b, New(a, nil, model.Policy{}, "2026-03-18")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `| Fix \| the export |`) {
		t.Errorf("action text not escaped:\n%s", b.String())
	}
}
