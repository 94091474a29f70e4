package agreement

import "github.com/collab-tools/collab/pkg/model"

// CheckinDue is the date of the agreement's oldest check-in not yet held,
// and the cadence in days: cadence.next, unless a check-in was recorded on
// or after it (then one interval after the latest check-in); with neither a
// next date nor a check-in, one interval after the agreement became active
// (its latest acceptance). ok is false for an agreement that is not active,
// has no valid cadence or nothing to count from.
func CheckinDue(a *model.Agreement) (due model.Date, every int, ok bool) {
	s := a.Spec
	if s.Status != model.AgreementActive || s.Cadence == nil {
		return "", 0, false
	}
	every, valid := s.Cadence.Every.Days()
	if !valid || every <= 0 {
		return "", 0, false
	}
	var last, active model.Date
	for _, c := range s.Checkins {
		if c.Date.Valid() && c.Date > last {
			last = c.Date
		}
	}
	for _, acc := range s.Acceptances {
		if acc.Date.Valid() && acc.Date > active {
			active = acc.Date
		}
	}
	switch next := s.Cadence.Next; {
	case next.Valid() && last < next:
		return next, every, true
	case last != "":
		return last.AddDays(every), every, true
	case active != "":
		return active.AddDays(every), every, true
	}
	return "", 0, false
}

// MissedCheckins is the run of check-ins of an active agreement missed at
// asOf: the scheduled dates from CheckinDue on that passed with no check-in
// recorded. 0 for an agreement with no cadence or not active.
func MissedCheckins(a *model.Agreement, asOf model.Date) int {
	due, every, ok := CheckinDue(a)
	if !ok {
		return 0
	}
	return model.Missed(due, every, asOf)
}
