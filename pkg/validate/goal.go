package validate

import (
	"strings"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkGoal checks a goal's references (teams, owner, parent), its key
// results and check-ins, and the date-dependent warnings.
func (c *checker) checkGoal(r *reporter, e *workspace.Entity, g *model.Goal) {
	s := g.Spec
	seenTeam := map[string]bool{}
	for i, t := range s.Teams {
		path := nodePath("spec", "teams", i)
		switch {
		case seenTeam[t]:
			r.at(diag.Error, CodeDuplicateTeam, path, "%s: team %s is listed twice; remove one", dotted(path...), t)
		case !c.exists(model.KindTeam, t):
			r.at(diag.Error, CodeUnknownTeam, path, "%s: no team %q (%s); create it with collab team add %s or fix the id",
				dotted(path...), t, c.known(model.KindTeam, t), t)
		}
		seenTeam[t] = true
	}
	if c.inNoTeam(s.Owner) {
		r.at(diag.Error, CodeUnknownPerson, nodePath("spec", "owner"),
			"spec.owner: %s is in no team; add them to the members of a team (e.g. one of %s) or choose another owner",
			s.Owner, strings.Join(s.Teams, ", "))
	}
	c.checkParent(r, e, g)

	if s.Status == model.GoalActive && !goal.Measurable(g) {
		r.at(diag.Error, CodeNoKeyResults, nodePath("spec", "status"),
			"spec.status: goal %s is active but has no key result; add a measurable key result or set status: draft", e.ID)
	}
	krIndex := map[string]int{}
	for i, kr := range s.KeyResults {
		if j, dup := krIndex[kr.ID]; dup && kr.ID != "" {
			r.at(diag.Error, CodeDuplicateKeyResult, nodePath("spec", "keyResults", i, "id"),
				"%s: key result %s is already defined at %s; key result ids are unique within a goal",
				dotted("spec", "keyResults", i, "id"), kr.ID, dotted("spec", "keyResults", j))
			continue
		}
		krIndex[kr.ID] = i
		if kr.Target == nil {
			r.at(diag.Error, CodeNoTarget, nodePath("spec", "keyResults", i),
				"%s: key result %s has no target; set target: to the value that means success",
				dotted("spec", "keyResults", i), kr.ID)
			continue
		}
		if kr.Baseline != nil && *kr.Baseline == *kr.Target && (kr.Direction == model.Increase || kr.Direction == model.Decrease) {
			r.at(diag.Error, CodeTargetIsBaseline, nodePath("spec", "keyResults", i, "target"),
				"%s: target equals the baseline (%v), so key result %s cannot %s; set a target that differs from the baseline, or direction: at-least/at-most to hold a level",
				dotted("spec", "keyResults", i, "target"), *kr.Target, kr.ID, kr.Direction)
		}
	}
	for i, ci := range s.Checkins {
		keys := make([]string, 0, len(ci.Values))
		for k := range ci.Values {
			keys = append(keys, k)
		}
		for _, k := range goal.UnknownKeyResults(g, keys) {
			path := nodePath("spec", "checkins", i, "values", k)
			r.atKey(diag.Error, CodeUnknownKeyResult, path,
				"%s: goal %s has no key result %q (%s); fix the id or add the key result",
				dotted(path...), e.ID, k, krList(s.KeyResults))
		}
		c.checkCheckinDate(r, i, ci.Date)
		if c.inNoTeam(ci.By) {
			r.at(diag.Warning, CodeCheckinUnknownPerson, nodePath("spec", "checkins", i, "by"),
				"%s: %s is in no team; check-ins should come from a member of a team",
				dotted("spec", "checkins", i, "by"), ci.By)
		}
	}
	if per := s.Period; per != nil && per.Start.Valid() && per.End.Valid() && per.End < per.Start {
		r.at(diag.Error, CodePeriodOrder, nodePath("spec", "period", "end"),
			"spec.period.end: %s is before the start %s; swap or fix the dates", per.End, per.Start)
	}

	if c.asOf == "" || s.Status != model.GoalActive {
		return
	}
	if per := s.Period; per != nil && per.End.Valid() && per.End < c.asOf {
		r.at(diag.Warning, CodePeriodEnded, nodePath("spec", "period", "end"),
			"spec.period.end: the period of goal %s ended on %s but it is still active; close it as achieved or missed (collab goal close %s) or extend the period",
			e.ID, per.End, e.ID)
	} else if g.Stale(c.asOf, c.policy) {
		cadence := g.Cadence(c.policy)
		if last := g.LastCheckin(); last != nil {
			idx := 0
			for i := range s.Checkins {
				if &s.Checkins[i] == last {
					idx = i
				}
			}
			r.at(diag.Warning, CodeGoalStale, nodePath("spec", "checkins", idx, "date"),
				"%s: goal %s has had no check-in since %s (%d days, cadence %d days); record one with collab goal checkin %s",
				dotted("spec", "checkins", idx, "date"), e.ID, last.Date, model.DaysBetween(last.Date, c.asOf), cadence, e.ID)
		} else {
			r.at(diag.Warning, CodeGoalStale, nodePath("spec", "period", "start"),
				"spec.period.start: goal %s has had no check-in since its period started on %s (%d days, cadence %d days); record one with collab goal checkin %s",
				e.ID, s.Period.Start, model.DaysBetween(s.Period.Start, c.asOf), cadence, e.ID)
		}
	}
}

// checkCheckinDate holds the i-th check-in of a goal or an agreement to the
// rule the check-in commands apply: nothing dated after today (--as-of).
func (c *checker) checkCheckinDate(r *reporter, i int, date model.Date) {
	if err := model.CheckinDate(date, c.asOf); err != nil {
		path := nodePath("spec", "checkins", i, "date")
		r.at(diag.Error, CodeCheckinFuture, path, "%s: %v; fix the date", dotted(path...), err)
	}
}

func krList(krs []model.KeyResult) string {
	if len(krs) == 0 {
		return "it has none"
	}
	ids := make([]string, len(krs))
	for i, kr := range krs {
		ids[i] = kr.ID
	}
	return "key results: " + strings.Join(ids, ", ")
}

// checkParent: the parent goal exists and following parents never comes
// back to this goal. Every goal on a cycle reports it on its own parent.
func (c *checker) checkParent(r *reporter, e *workspace.Entity, g *model.Goal) {
	parent := g.Spec.Parent
	if parent == "" {
		return
	}
	if !c.exists(model.KindGoal, parent) {
		r.at(diag.Error, CodeUnknownGoal, nodePath("spec", "parent"),
			"spec.parent: no goal %q (%s); fix the id or remove the parent", parent, c.known(model.KindGoal, parent))
		return
	}
	if c.stream != nil {
		c.stream.later(schemaAt(r.list), e, func(r *reporter) { c.checkParentCycle(r, e, parent) })
		return
	}
	c.checkParentCycle(r, e, parent)
}

// checkParentCycle follows the parents from the goal's parent; it reads
// every goal's parent (c.goalLinks).
func (c *checker) checkParentCycle(r *reporter, e *workspace.Entity, parent string) {
	chain := []string{e.ID}
	seen := map[string]bool{e.ID: true}
	for id := parent; id != ""; {
		chain = append(chain, id)
		if id == e.ID {
			r.at(diag.Error, CodeParentCycle, nodePath("spec", "parent"),
				"spec.parent: goals form a cycle (%s); a goal cannot serve itself: remove one of these parent links",
				strings.Join(chain, " -> "))
			return
		}
		if seen[id] {
			return // a cycle further up that this goal is not part of; its goals report it
		}
		seen[id] = true
		next, _, ok := c.goalLinks(id)
		if !ok {
			return
		}
		id = next
	}
}
