package goal

import (
	"fmt"

	"github.com/collab-tools/collab/pkg/model"
)

// Measurable reports whether g has a key result: an active goal needs one,
// or nobody could tell whether it is on track. goal activate refuses to
// start a goal without one; validate reports an active goal without one
// (no-key-results).
func Measurable(g *model.Goal) bool { return len(g.Spec.KeyResults) > 0 }

// CanActivate checks that g may start: a draft that is Measurable. An
// active goal is already started; a closed goal stays closed.
func CanActivate(g *model.Goal) error {
	id := g.Metadata.ID
	switch g.Spec.Status {
	case model.GoalActive:
		return fmt.Errorf("goal %s is already active", id)
	case model.GoalDraft:
	default:
		return fmt.Errorf("goal %s is closed (%s); a closed goal stays closed: start a new goal, or change status by hand with collab goal edit %s", id, g.Spec.Status, id)
	}
	if !Measurable(g) {
		return fmt.Errorf("goal %s has no key result, so nobody could tell whether it is on track: add one with `collab goal kr %s KR --title T --unit U --baseline N --target N`, then activate", id, id)
	}
	return nil
}

// CanClose checks that g may close as status: once only, and a draft that
// never started can only be dropped.
func CanClose(g *model.Goal, status string) error {
	id := g.Metadata.ID
	switch {
	case model.ClosedGoalStatus(g.Spec.Status):
		return fmt.Errorf("goal %s is already closed (%s)", id, g.Spec.Status)
	case g.Spec.Status == model.GoalDraft && status != model.GoalDropped:
		return fmt.Errorf("goal %s is a draft that never started: it can only be dropped (--status dropped)", id)
	}
	return nil
}
