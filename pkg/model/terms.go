package model

import (
	"crypto/sha256"
	"encoding/hex"
)

// Terms is what the parties of an agreement agree to. Its canonical JSON
// (fixed field order, no status, check-ins, next dates or acceptances) is the
// input of the terms digest, so changing any of it voids earlier acceptances.
// Chosen and a commitment's Dropped are left out of the JSON when empty, so
// the digest of terms without them is what it was before they were terms.
type Terms struct {
	Owner         string            `json:"owner"`
	Parties       []Party           `json:"parties"`
	Goals         []string          `json:"goals"`
	Purpose       string            `json:"purpose"`
	Parameters    []Parameter       `json:"parameters"`
	Chosen        []string          `json:"chosen,omitempty"`
	Commitments   []TermsCommitment `json:"commitments"`
	Metrics       []TermsMetric     `json:"metrics"`
	ServiceLevels []ServiceLevel    `json:"serviceLevels"`
	CadenceEvery  Duration          `json:"cadenceEvery"`
	ReviewEvery   Duration          `json:"reviewEvery"`
	Escalation    []string          `json:"escalation"`
}

// TermsCommitment is a commitment without its progress fields (done,
// blocked, the done date and the note): whether it still stands is a term.
type TermsCommitment struct {
	ID          string   `json:"id"`
	Party       string   `json:"party"`
	Owner       string   `json:"owner"`
	Deliverable string   `json:"deliverable"`
	Due         Date     `json:"due"`
	DependsOn   []string `json:"dependsOn"`
	Dropped     bool     `json:"dropped,omitempty"`
}

// TermsMetric is a metric without its readings (progress, not terms). The
// numeric fields are left out when empty, so the digest of a metric stated
// only in words is what it was before they existed.
type TermsMetric struct {
	Name        string   `json:"name"`
	Target      string   `json:"target"`
	Source      string   `json:"source,omitempty"`
	Unit        string   `json:"unit,omitempty"`
	Baseline    *float64 `json:"baseline,omitempty"`
	TargetValue *float64 `json:"targetValue,omitempty"`
	Direction   string   `json:"direction,omitempty"`
}

// Terms extracts the agreed terms. Nil and empty lists are the same terms.
func (a *Agreement) Terms() Terms {
	s := a.Spec
	t := Terms{
		Owner:         s.Owner,
		Parties:       nonNil(s.Parties),
		Goals:         nonNil(s.Goals),
		Purpose:       s.Purpose,
		Parameters:    nonNil(s.Parameters),
		Metrics:       []TermsMetric{},
		ServiceLevels: nonNil(s.ServiceLevels),
		Escalation:    nonNil(s.Escalation),
		Commitments:   []TermsCommitment{},
	}
	for _, o := range s.Options {
		if o.Chosen {
			t.Chosen = append(t.Chosen, o.Title)
		}
	}
	for _, m := range s.Metrics {
		t.Metrics = append(t.Metrics, TermsMetric{Name: m.Name, Target: m.Target, Source: m.Source, Unit: m.Unit,
			Baseline: m.Baseline, TargetValue: m.TargetValue, Direction: m.Direction})
	}
	for _, c := range s.Commitments {
		t.Commitments = append(t.Commitments, TermsCommitment{
			ID: c.ID, Party: c.Party, Owner: c.Owner, Deliverable: c.Deliverable, Due: c.Due, DependsOn: nonNil(c.DependsOn),
			Dropped: c.Status == CommitmentDropped,
		})
	}
	if s.Cadence != nil {
		t.CadenceEvery = s.Cadence.Every
	}
	if s.Review != nil {
		t.ReviewEvery = s.Review.Every
	}
	return t
}

// TermsDigest is the first 12 hex digits of the SHA-256 of the canonical JSON
// of the terms: json.Marshal(a.Terms()), written by appendTermsJSON without
// reflection or the Terms copy.
func (a *Agreement) TermsDigest() string {
	var buf [2048]byte
	// A NaN or infinite metric number (YAML .nan, .inf) has no JSON form:
	// the schema refuses it and validate reports where; until it is fixed
	// the terms are digested with the number as a string, so that lists
	// and status do not stop on the file.
	b, _ := appendTermsJSON(buf[:0], a)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// AcceptanceState of a party: current, stale (accepted other terms) or missing.
func (a *Agreement) AcceptanceState(team string) string {
	acc := a.Acceptance(team)
	switch {
	case acc == nil:
		return "missing"
	case acc.Terms == a.TermsDigest():
		return "current"
	default:
		return "stale"
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
