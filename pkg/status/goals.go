package status

import (
	"cmp"
	"slices"

	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
)

// GoalCheckin reports the check-in of an active goal when it falls due
// within `within` days of asOf, or was missed (with the run of misses).
func GoalCheckin(g *model.Goal, asOf model.Date, within int, p model.Policy) (Item, bool) {
	due, _, ok := goal.CheckinDue(g, p)
	if !ok || model.DaysBetween(asOf, due) > within {
		return Item{}, false
	}
	it := checkinItem(due, asOf, goal.MissedCheckins(g, asOf, p))
	it.Goal, it.Teams, it.People = g.Metadata.ID, nonNil(g.Spec.Teams), appendNew([]string{}, g.Spec.Owner)
	it.Next = "collab goal checkin " + g.Metadata.ID + " --value KR=N"
	return it, true
}

// needsAttention are the health words that put a goal in the status, worst first.
var needsAttention = []string{model.HealthOffTrack, model.HealthAtRisk, model.HealthStale}

// GoalsNeedingAttention lists the goals that are off-track, at-risk or
// stale at asOf, worst first, with progress against the expected pace and
// the health of the goals that serve each one.
func GoalsNeedingAttention(goals map[string]*model.Goal, asOf model.Date, p model.Policy) []GoalItem {
	var out []GoalItem
	children := map[string][]string{} // parent id -> ids of the goals serving it, sorted
	for _, id := range sortedKeys(goals) {
		if parent := goals[id].Spec.Parent; parent != "" && parent != id {
			children[parent] = append(children[parent], id)
		}
	}
	for _, id := range sortedKeys(goals) {
		g := goals[id]
		s := goal.NewSummary(g, asOf, p)
		if !slices.Contains(needsAttention, s.Health) {
			continue
		}
		it := GoalItem{ID: id, Title: s.Title, Owner: s.Owner, Teams: s.Teams, Health: s.Health,
			Progress: s.Progress, Expected: s.Expected, MissedCheckins: goal.MissedCheckins(g, asOf, p),
			Children: []GoalChild{}, Next: "collab goal show " + id}
		if s.LastCheckin != nil {
			it.LastCheckin = *s.LastCheckin
		}
		for _, cid := range children[id] {
			it.Children = append(it.Children, GoalChild{ID: cid, Health: goals[cid].Health(asOf, p)})
		}
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(a, b GoalItem) int {
		return slices.Index(needsAttention, a.Health) - slices.Index(needsAttention, b.Health)
	})
	return out
}

// TargetsReached lists the check-ins of the last `since` days up to asOf
// that moved a key result past its target: the value met the target and the
// reading before it (the previous check-in's, else the baseline) did not.
func TargetsReached(g *model.Goal, asOf model.Date, since int) []Item {
	checkins := slices.Clone(g.Spec.Checkins)
	slices.SortStableFunc(checkins, func(a, b model.GoalCheckin) int { return cmp.Compare(a.Date, b.Date) })
	var out []Item
	for _, kr := range g.Spec.KeyResults {
		before := kr
		before.Current = nil // the baseline
		for _, c := range checkins {
			v, ok := c.Values[kr.ID]
			if !ok {
				continue
			}
			after := kr
			after.Current = &v
			if after.Met() && !before.Met() && inWindow(c.Date, asOf, since) {
				out = append(out, Item{Kind: KindTarget, Goal: g.Metadata.ID, Teams: nonNil(g.Spec.Teams),
					People: appendNew([]string{}, c.By, g.Spec.Owner), Date: c.Date, Days: model.DaysBetween(asOf, c.Date),
					Text: kr.ID + " reached its target: " + model.FormatNumber(v) + model.UnitSuffix(kr.Unit) + " (target " + model.FormatNumber(*kr.Target) + model.UnitSuffix(kr.Unit) + ")"})
			}
			before = after
		}
	}
	return out
}

// inWindow reports whether d is one of the `since` days up to asOf.
func inWindow(d, asOf model.Date, since int) bool {
	n := model.DaysBetween(d, asOf)
	return d.Valid() && n >= 0 && n < since
}
