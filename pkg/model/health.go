package model

import "math"

// Health words (docs/health.md). Health is computed, never stored.
const (
	HealthDraft    = "draft"
	HealthAchieved = "achieved"
	HealthOnTrack  = "on-track"
	HealthAtRisk   = "at-risk"
	HealthOffTrack = "off-track"
	HealthStale    = "stale"
)

// Value is the key result's current value, else its baseline, else 0.
func (kr KeyResult) Value() float64 {
	switch {
	case kr.Current != nil:
		return *kr.Current
	case kr.Baseline != nil:
		return *kr.Baseline
	}
	return 0
}

// Met reports whether the current value reaches the target in the key result's direction.
func (kr KeyResult) Met() bool {
	if kr.Target == nil {
		return false
	}
	v, t := kr.Value(), *kr.Target
	if kr.lowerIsBetter() {
		return v <= t
	}
	return v >= t
}

func (kr KeyResult) lowerIsBetter() bool {
	if kr.Direction == Decrease || kr.Direction == AtMost {
		return true
	}
	if kr.Direction == "" && kr.Baseline != nil && kr.Target != nil {
		return *kr.Target < *kr.Baseline
	}
	return false
}

// Progress is the share of the way from baseline to target, clamped to 0..1.
// For at-least and at-most a met target counts as 1. A key result whose
// baseline equals its target is either met (1) or not (0).
func (kr KeyResult) Progress() float64 {
	if kr.Target == nil {
		return 0
	}
	if (kr.Direction == AtLeast || kr.Direction == AtMost) && kr.Met() {
		return 1
	}
	base := 0.0
	if kr.Baseline != nil {
		base = *kr.Baseline
	}
	span := *kr.Target - base
	if span == 0 {
		if kr.Met() {
			return 1
		}
		return 0
	}
	return math.Max(0, math.Min(1, (kr.Value()-base)/span))
}

// Progress is the mean progress of the goal's key results (0 with none).
func (g *Goal) Progress() float64 {
	if len(g.Spec.KeyResults) == 0 {
		return 0
	}
	sum := 0.0
	for _, kr := range g.Spec.KeyResults {
		sum += kr.Progress()
	}
	return sum / float64(len(g.Spec.KeyResults))
}

// Expected is the share of the goal's period elapsed at asOf, 0..1.
// Without a period there is no pace to keep, so nothing is expected.
func (g *Goal) Expected(asOf Date) float64 {
	p := g.Spec.Period
	if p == nil || !p.Start.Valid() || !p.End.Valid() {
		return 0
	}
	total := DaysBetween(p.Start, p.End)
	if total <= 0 {
		if DaysBetween(p.End, asOf) >= 0 {
			return 1
		}
		return 0
	}
	return math.Max(0, math.Min(1, float64(DaysBetween(p.Start, asOf))/float64(total)))
}

// LastCheckin returns the latest check-in by date, or nil.
func (g *Goal) LastCheckin() *GoalCheckin {
	var last *GoalCheckin
	for i := range g.Spec.Checkins {
		c := &g.Spec.Checkins[i]
		if last == nil || c.Date >= last.Date {
			last = c
		}
	}
	return last
}

// Cadence is the goal's check-in cadence in days, falling back to the policy's.
func (g *Goal) Cadence(p Policy) int {
	if d, ok := g.Spec.CheckinEvery.Days(); ok && d > 0 {
		return d
	}
	d, _ := p.WithDefaults().CheckinEvery.Days()
	return d
}

// Stale reports whether the last check-in (or, with none, the period start)
// is older than the cadence at asOf.
func (g *Goal) Stale(asOf Date, p Policy) bool {
	var since Date
	if c := g.LastCheckin(); c != nil {
		since = c.Date
	} else if g.Spec.Period != nil && g.Spec.Period.Start.Valid() {
		since = g.Spec.Period.Start
	} else {
		return false
	}
	return DaysBetween(since, asOf) > g.Cadence(p)
}

// Health tells how the goal is doing at asOf. Closed goals report their
// status; a draft reports "draft". A low-confidence check-in caps an
// on-track goal at at-risk: the people closest to it doubt the figures.
func (g *Goal) Health(asOf Date, p Policy) string {
	switch g.Spec.Status {
	case GoalDraft, "":
		return HealthDraft
	case GoalAchieved, GoalMissed, GoalDropped:
		return g.Spec.Status
	}
	if len(g.Spec.KeyResults) > 0 {
		all := true
		for _, kr := range g.Spec.KeyResults {
			all = all && kr.Met()
		}
		if all {
			return HealthAchieved
		}
	}
	if g.Stale(asOf, p) {
		return HealthStale
	}
	progress, expected := g.Progress(), g.Expected(asOf)
	low := false
	if c := g.LastCheckin(); c != nil && c.Confidence == "low" {
		low = true
	}
	switch {
	case progress >= expected-0.10 && low:
		return HealthAtRisk
	case progress >= expected-0.10:
		return HealthOnTrack
	case progress >= expected-0.25:
		return HealthAtRisk
	}
	return HealthOffTrack
}
