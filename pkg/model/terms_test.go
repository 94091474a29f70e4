package model

import "testing"

// TestTermsFields: one case per field of an agreement's spec (and of its
// commitments, options, cadence and review), saying whether changing it
// changes the terms digest, and so whether the parties must accept again.
// docs/terms.md gives the reason for each.
func TestTermsFields(t *testing.T) {
	base := func() *Agreement {
		return &Agreement{Spec: AgreementSpec{
			Status:     AgreementActive,
			Owner:      "pat@acme.example",
			Parties:    []Party{{Team: "product", Owner: "priya@acme.example", Interests: []string{"Ship without a weekend crunch"}}, {Team: "sales", Owner: "sam@acme.example"}},
			Goals:      []string{"adoption"},
			Purpose:    "Outreach after GA.",
			Parameters: []Parameter{{Name: "ga-date", Kind: "timeline", Text: "GA in March", Hard: true}},
			Options: []Option{{Title: "Phased", Chosen: true, Note: "Safer", Pros: []string{"Less risk"}, Cons: []string{"Two versions"},
				Meets: []string{"ga-date"}}, {Title: "Big bang", Breaks: []string{"ga-date"}}},
			Commitments: []Commitment{{ID: "ga", Party: "product", Owner: "priya@acme.example", Deliverable: "GA",
				Due: "2026-03-15", OriginalDue: "2026-03-08", Status: CommitmentOpen, DependsOn: []string{"spec"}}},
			Metrics: []Metric{{Name: "Adoption", Target: "30%", Source: "Dashboard", Unit: "%", Baseline: num(5), TargetValue: num(30),
				Direction: MetricIncrease, Readings: []MetricReading{{Date: "2026-03-04", Value: 12, By: "sam@acme.example"}}}},
			ServiceLevels: []ServiceLevel{{Name: "Review", Provider: "it", Target: "1d"}},
			Cadence:       &Cadence{Every: "14d", Next: "2026-03-04", Forum: "Weekly sync"},
			Review:        &Review{Every: "90d", Next: "2026-06-01"},
			Escalation:    []string{"pat@acme.example"},
			Supersedes:    []string{"old"},
			Checkins: []AgreementCheckin{{Date: "2026-03-04", By: "pat@acme.example", Note: "ok",
				Attendees: []string{"priya@acme.example"}, Decisions: []string{"Ship in two waves"},
				Actions: []ActionItem{{Owner: "sam@acme.example", Text: "Brief the reps", Due: "2026-03-11"}}}},
			Amendments: []Amendment{{Date: "2026-03-01", By: "priya@acme.example", Reason: "Late QA",
				Changes: []AmendmentChange{{What: "ga due", Old: "2026-03-08", New: "2026-03-15"}}}},
			Acceptances: []Acceptance{{Party: "product", By: "priya@acme.example", Date: "2026-02-10", Terms: "0123456789ab"}},
		}}
	}
	tests := []struct {
		field string
		edit  func(s *AgreementSpec)
		terms bool
	}{
		{"status", func(s *AgreementSpec) { s.Status = AgreementProposed }, false},
		{"owner", func(s *AgreementSpec) { s.Owner = "dana@acme.example" }, true},
		{"parties[].team", func(s *AgreementSpec) { s.Parties[1].Team = "marketing" }, true},
		{"parties[].owner", func(s *AgreementSpec) { s.Parties[1].Owner = "maria@acme.example" }, true},
		{"parties[].interests: one more", func(s *AgreementSpec) { s.Parties[1].Interests = []string{"Pipeline for Q2"} }, true},
		{"parties[].interests: reworded", func(s *AgreementSpec) { s.Parties[0].Interests[0] = "No weekend work" }, true},
		{"goals", func(s *AgreementSpec) { s.Goals = nil }, true},
		{"purpose", func(s *AgreementSpec) { s.Purpose = "Outreach before GA." }, true},
		{"parameters[].name", func(s *AgreementSpec) { s.Parameters[0].Name = "launch-date" }, true},
		{"parameters[].kind", func(s *AgreementSpec) { s.Parameters[0].Kind = "budget" }, true},
		{"parameters[].text", func(s *AgreementSpec) { s.Parameters[0].Text = "GA in April" }, true},
		{"parameters[].hard", func(s *AgreementSpec) { s.Parameters[0].Hard = false }, true},
		{"options[].chosen", func(s *AgreementSpec) { s.Options[1].Chosen = true }, true},
		{"options[].title of the chosen option", func(s *AgreementSpec) { s.Options[0].Title = "Phased by region" }, true},
		{"options[].title of an option not chosen", func(s *AgreementSpec) { s.Options[1].Title = "Single date" }, false},
		{"options[].note", func(s *AgreementSpec) { s.Options[0].Note = "Support asked for it" }, false},
		{"options[].pros", func(s *AgreementSpec) { s.Options[0].Pros = append(s.Options[0].Pros, "Early feedback") }, false},
		{"options[].cons", func(s *AgreementSpec) { s.Options[0].Cons = nil }, false},
		{"options[].meets", func(s *AgreementSpec) { s.Options[1].Meets = []string{"ga-date"} }, false},
		{"options[].breaks", func(s *AgreementSpec) { s.Options[1].Breaks = nil }, false},
		{"options: one more considered", func(s *AgreementSpec) { s.Options = append(s.Options, Option{Title: "Pilot"}) }, false},
		{"commitments[].id", func(s *AgreementSpec) { s.Commitments[0].ID = "general-availability" }, true},
		{"commitments[].party", func(s *AgreementSpec) { s.Commitments[0].Party = "sales" }, true},
		{"commitments[].owner", func(s *AgreementSpec) { s.Commitments[0].Owner = "leo@acme.example" }, true},
		{"commitments[].deliverable", func(s *AgreementSpec) { s.Commitments[0].Deliverable = "GA in EU" }, true},
		{"commitments[].due", func(s *AgreementSpec) { s.Commitments[0].Due = "2026-03-22" }, true},
		{"commitments[].originalDue", func(s *AgreementSpec) { s.Commitments[0].OriginalDue = "" }, false},
		{"commitments[].dependsOn", func(s *AgreementSpec) { s.Commitments[0].DependsOn = nil }, true},
		{"commitments[].status: dropped", func(s *AgreementSpec) { s.Commitments[0].Status = CommitmentDropped }, true},
		{"commitments[].status: done", func(s *AgreementSpec) { s.Commitments[0].Status = CommitmentDone }, false},
		{"commitments[].status: blocked", func(s *AgreementSpec) { s.Commitments[0].Status = CommitmentBlocked }, false},
		{"commitments[].done", func(s *AgreementSpec) { s.Commitments[0].Done = "2026-03-14" }, false},
		{"commitments[].note", func(s *AgreementSpec) { s.Commitments[0].Note = "Waiting for QA" }, false},
		{"metrics[].name", func(s *AgreementSpec) { s.Metrics[0].Name = "Active adoption" }, true},
		{"metrics[].target", func(s *AgreementSpec) { s.Metrics[0].Target = "35%" }, true},
		{"metrics[].source", func(s *AgreementSpec) { s.Metrics[0].Source = "CRM" }, true},
		{"metrics[].unit", func(s *AgreementSpec) { s.Metrics[0].Unit = "accounts" }, true},
		{"metrics[].baseline", func(s *AgreementSpec) { s.Metrics[0].Baseline = num(8) }, true},
		{"metrics[].targetValue", func(s *AgreementSpec) { s.Metrics[0].TargetValue = num(35) }, true},
		{"metrics[].direction", func(s *AgreementSpec) { s.Metrics[0].Direction = MetricMaintain }, true},
		// Readings are progress: recording one must not void the acceptances.
		{"metrics[].readings: one more", func(s *AgreementSpec) {
			s.Metrics[0].Readings = append(s.Metrics[0].Readings, MetricReading{Date: "2026-03-18", Value: 19, By: "priya@acme.example"})
		}, false},
		{"metrics[].readings[].value", func(s *AgreementSpec) { s.Metrics[0].Readings[0].Value = 13 }, false},
		{"metrics[].readings: none", func(s *AgreementSpec) { s.Metrics[0].Readings = nil }, false},
		{"serviceLevels[].name", func(s *AgreementSpec) { s.ServiceLevels[0].Name = "Simple review" }, true},
		{"serviceLevels[].provider", func(s *AgreementSpec) { s.ServiceLevels[0].Provider = "marketing" }, true},
		{"serviceLevels[].target", func(s *AgreementSpec) { s.ServiceLevels[0].Target = "2d" }, true},
		{"cadence.every", func(s *AgreementSpec) { s.Cadence.Every = "7d" }, true},
		{"cadence.next", func(s *AgreementSpec) { s.Cadence.Next = "2026-03-18" }, false},
		{"cadence.forum", func(s *AgreementSpec) { s.Cadence.Forum = "Monthly sync" }, false},
		{"review.every", func(s *AgreementSpec) { s.Review.Every = "30d" }, true},
		{"review.next", func(s *AgreementSpec) { s.Review.Next = "2026-09-01" }, false},
		{"escalation", func(s *AgreementSpec) { s.Escalation = []string{"ceo@acme.example"} }, true},
		{"supersedes", func(s *AgreementSpec) { s.Supersedes = nil }, false},
		{"supersededBy", func(s *AgreementSpec) { s.SupersededBy = "next" }, false},
		{"checkins", func(s *AgreementSpec) { s.Checkins = nil }, false},
		{"checkins[].attendees", func(s *AgreementSpec) { s.Checkins[0].Attendees = nil }, false},
		{"checkins[].decisions", func(s *AgreementSpec) { s.Checkins[0].Decisions = append(s.Checkins[0].Decisions, "More") }, false},
		{"checkins[].actions[].done", func(s *AgreementSpec) { s.Checkins[0].Actions[0].Done = "2026-03-10" }, false},
		{"amendments: one more", func(s *AgreementSpec) {
			s.Amendments = append(s.Amendments, Amendment{Date: "2026-03-20", By: "sam@acme.example", Reason: "Weekly until GA"})
		}, false},
		{"amendments: reason reworded", func(s *AgreementSpec) { s.Amendments[0].Reason = "QA found a data-loss bug" }, false},
		{"acceptances", func(s *AgreementSpec) { s.Acceptances = nil }, false},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			a, b := base(), base()
			tt.edit(&b.Spec)
			if changed := a.TermsDigest() != b.TermsDigest(); changed != tt.terms {
				t.Errorf("changing %s changes the terms digest: %v, want %v", tt.field, changed, tt.terms)
			}
		})
	}
}

func num(v float64) *float64 { return &v }

// TestTermsDigestMetricWords: a metric stated only in words hashes as it
// did before metrics had numbers and readings, so those acceptances stay
// current; readings never enter the digest.
func TestTermsDigestMetricWords(t *testing.T) {
	a := &Agreement{Spec: AgreementSpec{Owner: "pat@acme.example", Metrics: []Metric{{Name: "Adoption rate", Target: "30%"}}}}
	const want = "802c66f12b1a" // the digest of these terms before baseline, direction and readings existed
	if got := a.TermsDigest(); got != want {
		t.Errorf("digest = %s, want %s", got, want)
	}
	a.Spec.Metrics[0].Readings = []MetricReading{{Date: "2026-03-04", Value: 12, By: "sam@acme.example"}}
	if got := a.TermsDigest(); got != want {
		t.Errorf("digest with a reading = %s, want %s", got, want)
	}
}

// TestTermsDigestStable: the digest of terms with no chosen option and no
// dropped commitment is what it was before those became terms, so those
// acceptances stay current.
func TestTermsDigestStable(t *testing.T) {
	a := &Agreement{Spec: AgreementSpec{Owner: "pat@acme.example", Options: []Option{{Title: "Phased"}},
		Commitments: []Commitment{{ID: "ga", Party: "product", Status: CommitmentDone}}}}
	const want = "5de4fd271c90" // computed by the digest before options and drops were terms
	if got := a.TermsDigest(); got != want {
		t.Errorf("digest = %s, want %s", got, want)
	}
}

// TestTermsDigestStableNegotiation: with no interests and no parameter
// names the digest is what it was before those became terms, and option
// pros and meets, amendments and an original due date never enter it, so
// acceptances given before they existed stay current.
func TestTermsDigestStableNegotiation(t *testing.T) {
	a := &Agreement{Spec: AgreementSpec{Owner: "pat@acme.example", Options: []Option{{Title: "Phased", Pros: []string{"Safe"}, Meets: []string{"budget"}}},
		Parties:     []Party{{Team: "product"}},
		Parameters:  []Parameter{{Kind: "budget", Text: "No headcount"}},
		Amendments:  []Amendment{{Date: "2026-03-01", By: "pat@acme.example", Reason: "Why"}},
		Commitments: []Commitment{{ID: "ga", Party: "product", Status: CommitmentDone, OriginalDue: "2026-03-01"}}}}
	const want = "e3d7471f36e8" // computed by the digest before interests, names, pros, meets, amendments and originalDue existed
	if got := a.TermsDigest(); got != want {
		t.Errorf("digest = %s, want %s", got, want)
	}
}
