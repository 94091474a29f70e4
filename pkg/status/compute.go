package status

import (
	"cmp"
	"slices"
	"sync"

	"github.com/collab-tools/collab/internal/parallel"
	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
)

// Compute runs the rules of each agreement and goal on every core, each
// entity's into a slot of its own, and joins the slots in id order: the
// lines come out in the order a single loop over the sorted ids gives. The
// figures several sections share (an agreement's missing acceptances, its
// overdue and blocked commitments, the check-ins missed on it or on a
// goal, a goal's health) are computed once per entity.

// agreementRules is what the rules give for one agreement, before the
// filters.
type agreementRules struct {
	needsAction, overdue, escalations, wins []Item
	pending                                 []Item // its missing acceptances (Acceptances)
	overdueOrBlocked                        []Item // OverdueOrBlocked, for the bottlenecks
	missed                                  int    // agreement.MissedCheckins
}

func ruleAgreement(a *model.Agreement, src Sources, o Options, p model.Policy) agreementRules {
	var r agreementRules
	r.pending = Acceptances(a, src.Teams)
	r.needsAction = append(r.needsAction, r.pending...)
	if it, ok := ReviewDue(a, o.AsOf, o.Within); ok {
		r.needsAction = append(r.needsAction, it)
	}
	if it, ok := AgreementCheckin(a, o.AsOf, o.Within); ok {
		r.needsAction = append(r.needsAction, it)
	}
	r.needsAction = append(r.needsAction, DueSoon(a, o.AsOf, o.Within)...)
	r.overdueOrBlocked = OverdueOrBlocked(a, o.AsOf)
	r.overdue = append(r.overdue, r.overdueOrBlocked...)
	open, late := ActionItems(a, o.AsOf, o.Within)
	r.needsAction, r.overdue = append(r.needsAction, open...), append(r.overdue, late...)
	r.escalations = Escalations(a, o.AsOf, p)
	r.wins = CommitmentsDone(a, o.AsOf, o.Since)
	r.missed = agreement.MissedCheckins(a, o.AsOf)
	return r
}

// goalRules is what the rules give for one goal.
type goalRules struct {
	checkin  Item
	due      bool // checkin is set
	wins     []Item
	summary  goal.Summary // its Health is the goal's health
	missed   int          // goal.MissedCheckins
	attended bool         // the goal needs attention (its health is one of needsAttention)
}

func ruleGoal(g *model.Goal, o Options, p model.Policy) goalRules {
	var r goalRules
	r.checkin, r.due = GoalCheckin(g, o.AsOf, o.Within, p)
	r.wins = TargetsReached(g, o.AsOf, o.Since)
	r.summary = goal.NewSummary(g, o.AsOf, p)
	r.missed = goal.MissedCheckins(g, o.AsOf, p)
	r.attended = slices.Contains(needsAttention, r.summary.Health)
	return r
}

// Compute runs every rule over the sources and applies the filters: with
// teams, the lines that concern one of them and their bottlenecks; with a
// person, the lines they act on, the goals they own, the bottlenecks of
// their teams and what they wait on.
func Compute(src Sources, o Options) Status {
	p := src.Policy.WithDefaults()
	s := Status{AsOf: o.AsOf, Within: o.Within, Since: o.Since, Teams: nonNil(o.Teams), Person: o.Person}
	aids, gids := sortedKeys(src.Agreements), sortedKeys(src.Goals)
	ar := make([]agreementRules, len(aids))
	gr := make([]goalRules, len(gids))
	// The rules of one entity take a few microseconds: runs of 64.
	parallel.Runs(len(aids)+len(gids), 64, func(i int) {
		if i < len(aids) {
			ar[i] = ruleAgreement(src.Agreements[aids[i]], src, o, p)
		} else {
			i -= len(aids)
			gr[i] = ruleGoal(src.Goals[gids[i]], o, p)
		}
	})

	// Needs action now, the longest section, is joined, filtered and
	// sorted on one core while the other sections are made on another.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var nOverdue, nEsc, nWins int
		for i := range ar {
			nOverdue += len(ar[i].overdue)
			nEsc += len(ar[i].escalations)
			nWins += len(ar[i].wins)
		}
		for i := range gr {
			nWins += len(gr[i].wins)
		}
		s.Overdue = make([]Item, 0, nOverdue)
		s.Escalations = make([]Item, 0, nEsc)
		s.Wins = make([]Item, 0, nWins)
		for i := range ar {
			s.Overdue = append(s.Overdue, ar[i].overdue...)
			s.Escalations = append(s.Escalations, ar[i].escalations...)
			s.Wins = append(s.Wins, ar[i].wins...)
		}
		for i := range gr {
			s.Wins = append(s.Wins, gr[i].wins...)
		}
		s.Goals = goalsNeedingAttention(src.Goals, gids, gr)
		s.Bottlenecks = bottlenecksOf(src, aids, ar, gids, gr)
		s.Wins = append(s.Wins, Transitions(src, o.AsOf, o.Since)...)

		s.Overdue = filter(s.Overdue, o)
		s.Escalations = filter(s.Escalations, o)
		s.Wins = filter(s.Wins, o)
		s.Goals = slices.DeleteFunc(s.Goals, func(g GoalItem) bool {
			return (len(o.Teams) > 0 && !overlaps(g.Teams, o.Teams)) || (o.Person != "" && g.Owner != o.Person)
		})
		s.Bottlenecks = slices.DeleteFunc(s.Bottlenecks, func(b Bottleneck) bool {
			return (len(o.Teams) > 0 && !slices.Contains(o.Teams, b.Team)) ||
				(o.Person != "" && (src.Teams[b.Team] == nil || !src.Teams[b.Team].HasMember(o.Person)))
		})
		s.Overdue = sortStable(s.Overdue, byDate)
		s.Escalations = sortStable(s.Escalations, byDate)
		s.Wins = sortStable(s.Wins, func(a, b *Item) int { return -byDate(a, b) })
	}()
	nNeeds := 0
	for i := range ar {
		nNeeds += len(ar[i].needsAction)
	}
	for i := range gr {
		if gr[i].due {
			nNeeds++
		}
	}
	s.NeedsAction = make([]Item, 0, nNeeds)
	for i := range ar {
		s.NeedsAction = append(s.NeedsAction, ar[i].needsAction...)
	}
	for i := range gr {
		if gr[i].due {
			s.NeedsAction = append(s.NeedsAction, gr[i].checkin)
		}
	}
	s.NeedsAction = sortStable(filter(s.NeedsAction, o), byDate)
	wg.Wait()

	if o.Person != "" {
		s.WaitingOn = WaitingOn(src, o.Person, o.AsOf)
	}
	if len(o.Teams) > 0 {
		s.WaitingOn = slices.DeleteFunc(s.WaitingOn, func(it Item) bool { return !overlaps(it.Teams, o.Teams) })
	}
	s.NeedsAction, s.Overdue, s.Escalations = nonNil(s.NeedsAction), nonNil(s.Overdue), nonNil(s.Escalations)
	s.Goals, s.Bottlenecks, s.Wins, s.WaitingOn = nonNil(s.Goals), nonNil(s.Bottlenecks), nonNil(s.Wins), nonNil(s.WaitingOn)
	return s
}

// goalsNeedingAttention is GoalsNeedingAttention from each goal's rules
// (gr[i] for the goal gids[i], gids sorted).
func goalsNeedingAttention(goals map[string]*model.Goal, gids []string, gr []goalRules) []GoalItem {
	children := map[string][]int{} // parent id -> the goals serving it, by position in gids
	for i, id := range gids {
		if parent := goals[id].Spec.Parent; parent != "" && parent != id {
			children[parent] = append(children[parent], i)
		}
	}
	// Worst first, in id order within a health: a stable sort by health,
	// made as one pass per health word.
	var out []GoalItem
	n := 0
	for i := range gr {
		if gr[i].attended {
			n++
		}
	}
	if n > 0 {
		out = make([]GoalItem, 0, n)
	}
	for _, health := range needsAttention {
		for i, id := range gids {
			r := &gr[i]
			if !r.attended || r.summary.Health != health {
				continue
			}
			s := &r.summary
			it := GoalItem{ID: id, Title: s.Title, Owner: s.Owner, Teams: s.Teams, Health: s.Health,
				Progress: s.Progress, Expected: s.Expected, MissedCheckins: r.missed,
				Children: make([]GoalChild, 0, len(children[id])), Next: "collab goal show " + id}
			if s.LastCheckin != nil {
				it.LastCheckin = *s.LastCheckin
			}
			for _, c := range children[id] {
				it.Children = append(it.Children, GoalChild{ID: gids[c], Health: gr[c].summary.Health})
			}
			out = append(out, it)
		}
	}
	return out
}

// sortStable sorts items as slices.SortStableFunc does and returns them, by
// sorting their positions (equal items keep their order) and then moving
// each item once: a stable sort of the items themselves moves 300-byte
// values many times over.
func sortStable(items []Item, by func(a, b *Item) int) []Item {
	if len(items) < 2 {
		return items
	}
	pos := make([]int32, len(items))
	for i := range pos {
		pos[i] = int32(i)
	}
	slices.SortFunc(pos, func(i, j int32) int {
		if c := by(&items[i], &items[j]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	// Item i of the result is items[pos[i]]: follow each cycle of the
	// permutation, moving every item once, in place.
	for i := range pos {
		if pos[i] < 0 {
			continue
		}
		tmp := items[i]
		j := i
		for {
			k := int(pos[j])
			pos[j] = -1
			if k == i {
				items[j] = tmp
				break
			}
			items[j] = items[k]
			j = k
		}
	}
	return items
}
