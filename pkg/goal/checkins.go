package goal

import "github.com/collab-tools/collab/pkg/model"

// CheckinDue is the date the active goal's next check-in is due, one
// cadence after its latest check-in (or, with none yet, after the start of
// its period), and the cadence in days. ok is false for a goal that is not
// active or has nothing to count from.
func CheckinDue(g *model.Goal, p model.Policy) (due model.Date, every int, ok bool) {
	if g.Spec.Status != model.GoalActive {
		return "", 0, false
	}
	var from model.Date
	if c := g.LastCheckin(); c != nil && c.Date.Valid() {
		from = c.Date
	} else if g.Spec.Period != nil && g.Spec.Period.Start.Valid() {
		from = g.Spec.Period.Start
	} else {
		return "", 0, false
	}
	every = g.Cadence(p)
	return from.AddDays(every), every, every > 0
}

// MissedCheckins is the run of check-ins of an active goal missed at asOf:
// the due dates from CheckinDue on that passed with no check-in recorded.
func MissedCheckins(g *model.Goal, asOf model.Date, p model.Policy) int {
	due, every, ok := CheckinDue(g, p)
	if !ok {
		return 0
	}
	return model.Missed(due, every, asOf)
}
