package goal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// KRValue is one value of a check-in, in the order the user gave it.
type KRValue struct {
	ID    string
	Value float64
}

// KRUpdate is what a check-in does to one key result.
type KRUpdate struct {
	Index int      // of the key result in spec.keyResults
	ID    string   // key result id
	Was   *float64 // the value before: current, else baseline; nil when neither is set
	Value float64  // the value checked in
	// SetCurrent is true when the check-in is the latest reading of the key
	// result, so its value becomes `current`. A back-dated check-in older
	// than another reading of the same key result leaves current alone.
	SetCurrent bool
}

// CheckinOpen refuses a check-in on a goal that is not active: a draft is
// started first, a closed goal takes no more check-ins.
func CheckinOpen(g *model.Goal) error {
	id := g.Metadata.ID
	switch g.Spec.Status {
	case model.GoalActive:
		return nil
	case model.GoalDraft:
		return fmt.Errorf("goal %s is a draft: start it with collab goal activate %s before checking in", id, id)
	}
	return fmt.Errorf("goal %s is closed (%s); check-ins are for active goals", id, g.Spec.Status)
}

// UnknownKeyResults lists, sorted, the ids among a check-in's values that
// name no key result of g: every value of a check-in reads one of the goal's
// key results. goal checkin refuses such a value; validate reports it in a
// file (unknown-key-result).
func UnknownKeyResults(g *model.Goal, ids []string) []string {
	var out []string
	for _, id := range ids {
		if g.KeyResult(id) == nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// PlanCheckin checks a check-in against the goal and tells what it changes.
// Values name key results of the goal, each at most once.
func PlanCheckin(g *model.Goal, date model.Date, values []KRValue) ([]KRUpdate, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("a check-in needs at least one value: --value KR=NUMBER (%s)", krIDs(g))
	}
	seen := map[string]bool{}
	var out []KRUpdate
	for _, v := range values {
		if seen[v.ID] {
			return nil, fmt.Errorf("key result %s is given twice; give one value per key result", v.ID)
		}
		seen[v.ID] = true
		if len(UnknownKeyResults(g, []string{v.ID})) > 0 {
			//lint:ignore ST1005 the message ends with a command line whose "..." stands for its remaining flags
			return nil, fmt.Errorf("goal %s has no key result %q (%s); add it with collab goal kr %s %s ...",
				g.Metadata.ID, v.ID, krIDs(g), g.Metadata.ID, v.ID)
		}
		idx := slices.IndexFunc(g.Spec.KeyResults, func(kr model.KeyResult) bool { return kr.ID == v.ID })
		kr := g.Spec.KeyResults[idx]
		u := KRUpdate{Index: idx, ID: v.ID, Value: v.Value, SetCurrent: true}
		if kr.Current != nil || kr.Baseline != nil {
			was := kr.Value()
			u.Was = &was
		}
		for _, c := range g.Spec.Checkins {
			if _, ok := c.Values[v.ID]; ok && c.Date > date {
				u.SetCurrent = false
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// CheckinSubject is the commit subject of a check-in:
// "check-in in-stock 95.5 (was 94), margin 41.9 (was 41.6)".
func CheckinSubject(updates []KRUpdate) string {
	parts := make([]string, len(updates))
	for i, u := range updates {
		parts[i] = u.ID + " " + model.FormatNumber(u.Value)
		if u.Was != nil {
			parts[i] += " (was " + model.FormatNumber(*u.Was) + ")"
		}
	}
	return "check-in " + strings.Join(parts, ", ")
}

func krIDs(g *model.Goal) string {
	if len(g.Spec.KeyResults) == 0 {
		return "it has no key results yet"
	}
	ids := make([]string, len(g.Spec.KeyResults))
	for i, kr := range g.Spec.KeyResults {
		ids[i] = kr.ID
	}
	return "key results: " + strings.Join(ids, ", ")
}
