package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func f(v float64) *float64 { return &v }

func TestKeyResultProgress(t *testing.T) {
	tests := []struct {
		name string
		kr   KeyResult
		want float64
		met  bool
	}{
		{"increase halfway", KeyResult{Baseline: f(10), Target: f(20), Current: f(15), Direction: Increase}, 0.5, false},
		{"increase no current", KeyResult{Baseline: f(10), Target: f(20), Direction: Increase}, 0, false},
		{"increase past target clamps", KeyResult{Baseline: f(10), Target: f(20), Current: f(30), Direction: Increase}, 1, true},
		{"increase below baseline clamps", KeyResult{Baseline: f(10), Target: f(20), Current: f(5), Direction: Increase}, 0, false},
		{"decrease halfway", KeyResult{Baseline: f(40), Target: f(20), Current: f(30), Direction: Decrease}, 0.5, false},
		{"decrease past target", KeyResult{Baseline: f(40), Target: f(20), Current: f(10), Direction: Decrease}, 1, true},
		{"at-least met", KeyResult{Baseline: f(93), Target: f(97), Current: f(97.2), Direction: AtLeast}, 1, true},
		{"at-least not met", KeyResult{Baseline: f(93), Target: f(97), Current: f(95), Direction: AtLeast}, 0.5, false},
		{"at-most met", KeyResult{Baseline: f(10), Target: f(5), Current: f(4), Direction: AtMost}, 1, true},
		{"at-most not met", KeyResult{Baseline: f(10), Target: f(5), Current: f(8), Direction: AtMost}, 0.4, false},
		{"baseline equals target met", KeyResult{Baseline: f(5), Target: f(5), Current: f(5), Direction: AtLeast}, 1, true},
		{"baseline equals target missed", KeyResult{Baseline: f(5), Target: f(5), Current: f(4), Direction: Increase}, 0, false},
		{"no target", KeyResult{Baseline: f(5), Current: f(9)}, 0, false},
		{"no baseline counts from zero", KeyResult{Target: f(500), Current: f(250), Direction: Increase}, 0.5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kr.Progress(); got < tt.want-1e-9 || got > tt.want+1e-9 {
				t.Errorf("Progress() = %v, want %v", got, tt.want)
			}
			if got := tt.kr.Met(); got != tt.met {
				t.Errorf("Met() = %v, want %v", got, tt.met)
			}
		})
	}
}

func TestGoalHealth(t *testing.T) {
	period := &Period{Start: "2026-01-01", End: "2026-04-01"} // 90 days
	goal := func(status string, current float64, checkins ...GoalCheckin) *Goal {
		return &Goal{Spec: GoalSpec{
			Status: status, Period: period, CheckinEvery: "14d",
			KeyResults: []KeyResult{{ID: "kr", Baseline: f(0), Target: f(100), Current: f(current), Direction: Increase}},
			Checkins:   checkins,
		}}
	}
	recent := GoalCheckin{Date: "2026-02-10", Confidence: "high"}
	lowConf := GoalCheckin{Date: "2026-02-10", Confidence: "low"}
	tests := []struct {
		name string
		g    *Goal
		asOf Date
		want string
	}{
		{"draft", goal(GoalDraft, 0), "2026-02-15", HealthDraft},
		{"closed reports status", goal(GoalMissed, 10, recent), "2026-02-15", GoalMissed},
		{"period not started, no check-ins", goal(GoalActive, 0), "2025-12-01", HealthOnTrack},
		{"no check-ins past cadence is stale", goal(GoalActive, 0), "2026-01-20", HealthStale},
		{"on track: 50% at half time", goal(GoalActive, 50, recent), "2026-02-15", HealthOnTrack},
		{"at risk: 30% at half time", goal(GoalActive, 30, recent), "2026-02-15", HealthAtRisk},
		{"off track: 10% at half time", goal(GoalActive, 10, recent), "2026-02-15", HealthOffTrack},
		{"low confidence caps on-track at at-risk", goal(GoalActive, 60, lowConf), "2026-02-15", HealthAtRisk},
		{"low confidence does not lift off-track", goal(GoalActive, 10, lowConf), "2026-02-15", HealthOffTrack},
		{"stale check-in", goal(GoalActive, 50, recent), "2026-03-01", HealthStale},
		{"all met is achieved even when stale", goal(GoalActive, 120, recent), "2026-06-01", HealthAchieved},
		{"period over and short", goal(GoalActive, 70, GoalCheckin{Date: "2026-04-10"}), "2026-04-12", HealthOffTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.Health(tt.asOf, Policy{}); got != tt.want {
				t.Errorf("Health = %q, want %q (progress %.2f, expected %.2f)", got, tt.want, tt.g.Progress(), tt.g.Expected(tt.asOf))
			}
		})
	}
}

func TestExpected(t *testing.T) {
	g := &Goal{Spec: GoalSpec{Period: &Period{Start: "2026-01-01", End: "2026-01-11"}}}
	got := []float64{g.Expected("2025-12-01"), g.Expected("2026-01-06"), g.Expected("2026-02-01")}
	if diff := cmp.Diff([]float64{0, 0.5, 1}, got); diff != "" {
		t.Error(diff)
	}
	if (&Goal{}).Expected("2026-01-01") != 0 {
		t.Error("no period should expect nothing")
	}
}

func TestTermsDigest(t *testing.T) {
	a := &Agreement{Spec: AgreementSpec{
		Owner:   "pat@acme.example",
		Parties: []Party{{Team: "product", Owner: "priya@acme.example"}, {Team: "sales", Owner: "sam@acme.example"}},
		Commitments: []Commitment{{ID: "deliver-feature", Party: "product", Owner: "priya@acme.example",
			Deliverable: "GA", Due: "2026-03-15", Status: CommitmentOpen}},
		Cadence: &Cadence{Every: "14d", Next: "2026-03-04"},
	}}
	d0 := a.TermsDigest()
	if len(d0) != 12 {
		t.Fatalf("digest %q is not 12 hex digits", d0)
	}
	// Not terms: status, next dates, check-ins, acceptances.
	a.Spec.Status = AgreementActive
	a.Spec.Commitments[0].Status = CommitmentDone
	a.Spec.Commitments[0].Done = "2026-03-14"
	a.Spec.Cadence.Next = "2026-03-18"
	a.Spec.Checkins = append(a.Spec.Checkins, AgreementCheckin{Date: "2026-03-04", By: "pat@acme.example", Note: "ok"})
	a.Spec.Acceptances = append(a.Spec.Acceptances, Acceptance{Party: "sales", Terms: d0})
	if got := a.TermsDigest(); got != d0 {
		t.Errorf("digest changed on non-terms edit: %s -> %s", d0, got)
	}
	if got := a.AcceptanceState("sales"); got != "current" {
		t.Errorf("sales acceptance = %s, want current", got)
	}
	// Terms: a due date.
	a.Spec.Commitments[0].Due = "2026-03-22"
	if got := a.TermsDigest(); got == d0 {
		t.Error("digest did not change when a due date changed")
	}
	if diff := cmp.Diff([]string{"stale", "missing"}, []string{a.AcceptanceState("sales"), a.AcceptanceState("product")}); diff != "" {
		t.Error(diff)
	}
	// Nil and empty lists are the same terms.
	b := &Agreement{Spec: AgreementSpec{Owner: "x@y.example"}}
	c := &Agreement{Spec: AgreementSpec{Owner: "x@y.example", Goals: []string{}}}
	if b.TermsDigest() != c.TermsDigest() {
		t.Error("nil and empty goals give different digests")
	}
}

func TestKeyRank(t *testing.T) {
	rank := KeyRank(KindAgreement)
	got := []bool{
		rank(nil, "apiVersion") < rank(nil, "kind"),
		rank(nil, "metadata") < rank(nil, "spec"),
		rank([]string{"metadata"}, "id") < rank([]string{"metadata"}, "title"),
		rank([]string{"spec"}, "status") < rank([]string{"spec"}, "owner"),
		rank([]string{"spec", "commitments", "[]"}, "id") < rank([]string{"spec", "commitments", "[]"}, "due"),
		rank([]string{"spec", "cadence"}, "every") < rank([]string{"spec", "cadence"}, "next"),
		rank([]string{"spec"}, "zzz-unknown") > rank([]string{"spec"}, "acceptances"),
	}
	if diff := cmp.Diff([]bool{true, true, true, true, true, true, true}, got); diff != "" {
		t.Error(diff)
	}
}

// TestGoalHealthEdges covers the edges the goal issue lists: no check-ins,
// period not started or over, baseline equal to target, decrease and at-most
// directions, values past target.
func TestGoalHealthEdges(t *testing.T) {
	period := &Period{Start: "2026-01-01", End: "2026-04-01"} // 90 days; 2026-02-15 is half time
	kr := func(dir string, base, target, current float64) KeyResult {
		return KeyResult{ID: "kr", Direction: dir, Baseline: f(base), Target: f(target), Current: f(current)}
	}
	checkin := func(date Date) []GoalCheckin { return []GoalCheckin{{Date: date, Confidence: "medium"}} }
	tests := []struct {
		name     string
		per      *Period
		krs      []KeyResult
		checkins []GoalCheckin
		asOf     Date
		progress float64
		want     string
	}{
		{"no check-ins, within the cadence of the start", period, []KeyResult{kr(Increase, 0, 100, 0)}, nil, "2026-01-10", 0, HealthOnTrack},
		{"no check-ins and no period: never stale", nil, []KeyResult{kr(Increase, 0, 100, 0)}, nil, "2027-01-01", 0, HealthOnTrack},
		{"period not started, check-in already", period, []KeyResult{kr(Increase, 0, 100, 0)}, checkin("2025-12-20"), "2025-12-28", 0, HealthOnTrack},
		{"period over, every key result met", period, []KeyResult{kr(AtLeast, 93, 97, 97)}, checkin("2026-04-05"), "2026-04-10", 1, HealthAchieved},
		{"period over, nearly there", period, []KeyResult{kr(Increase, 0, 100, 95)}, checkin("2026-04-05"), "2026-04-10", 0.95, HealthOnTrack},
		{"period over, far off", period, []KeyResult{kr(Increase, 0, 100, 60)}, checkin("2026-04-05"), "2026-04-10", 0.6, HealthOffTrack},
		{"baseline equals target, level held", period, []KeyResult{kr(AtLeast, 5, 5, 5)}, checkin("2026-02-10"), "2026-02-15", 1, HealthAchieved},
		{"baseline equals target, level lost", period, []KeyResult{kr(AtMost, 5, 5, 6)}, checkin("2026-02-10"), "2026-02-15", 0, HealthOffTrack},
		{"decrease at pace", period, []KeyResult{kr(Decrease, 2400, 1500, 1950)}, checkin("2026-02-10"), "2026-02-15", 0.5, HealthOnTrack},
		{"decrease behind", period, []KeyResult{kr(Decrease, 2400, 1500, 2200)}, checkin("2026-02-10"), "2026-02-15", 2.0 / 9, HealthOffTrack},
		{"decrease wrong way clamps to 0", period, []KeyResult{kr(Decrease, 2400, 1500, 2600)}, checkin("2026-02-10"), "2026-02-15", 0, HealthOffTrack},
		{"decrease past target", period, []KeyResult{kr(Decrease, 2400, 1500, 1200)}, checkin("2026-02-10"), "2026-02-15", 1, HealthAchieved},
		{"at-most met", period, []KeyResult{kr(AtMost, 210, 160, 150)}, checkin("2026-02-10"), "2026-02-15", 1, HealthAchieved},
		{"at-most not met, at risk", period, []KeyResult{kr(AtMost, 210, 160, 195)}, checkin("2026-02-10"), "2026-02-15", 0.3, HealthAtRisk},
		{"increase past target with another short", period,
			[]KeyResult{kr(Increase, 0, 100, 150), kr(Increase, 0, 10, 0)}, checkin("2026-02-10"), "2026-02-15", 0.5, HealthOnTrack},
		{"active with no key results", period, nil, checkin("2026-02-10"), "2026-02-15", 0, HealthOffTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Goal{Spec: GoalSpec{Status: GoalActive, Period: tt.per, CheckinEvery: "14d", KeyResults: tt.krs, Checkins: tt.checkins}}
			if got := g.Progress(); got < tt.progress-1e-9 || got > tt.progress+1e-9 {
				t.Errorf("Progress = %v, want %v", got, tt.progress)
			}
			if got := g.Health(tt.asOf, Policy{}); got != tt.want {
				t.Errorf("Health = %q, want %q (progress %.2f, expected %.2f)", got, tt.want, g.Progress(), g.Expected(tt.asOf))
			}
		})
	}
}

func TestSlug(t *testing.T) {
	got := []string{
		Slug("Feature X generally available!", 40, "c"),
		Slug("ACME Corp", 64, "w"),
		Slug("---", 64, "workspace"),
		Slug("a very long deliverable name that goes on and on", 20, "c"),
	}
	want := []string{"feature-x-generally-available", "acme-corp", "workspace", "a-very-long-delivera"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	for _, s := range got {
		if !ValidID(s) {
			t.Errorf("%q is not a valid id", s)
		}
	}
}

func TestParsePath(t *testing.T) {
	type res struct {
		Kind Kind
		ID   string
		OK   bool
	}
	for p, want := range map[string]res{
		"collab.yaml":       {KindWorkspace, "", true},
		"agreements/x.yaml": {KindAgreement, "x", true},
		"maps/x.yaml":       {KindStakeholderMap, "x", true},
		"teams/sales.yaml":  {KindTeam, "sales", true},

		"agreements/.x.yaml.tmp-1.yaml": {KindAgreement, ".x.yaml.tmp-1", false},
		"templates/x.yaml":              {"", "x", false},
		"agreements/sub/x.yaml":         {KindAgreement, "sub/x", false},
		"teams/x.yml":                   {KindTeam, "x.yml", false},
	} {
		k, id, ok := ParsePath(p)
		if diff := cmp.Diff(want, res{k, id, ok}); diff != "" {
			t.Errorf("ParsePath(%q) (-want +got):\n%s", p, diff)
		}
	}
}
