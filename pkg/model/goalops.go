package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ParseKRValue reads "KR=N" as given to `goal checkin --value`.
func ParseKRValue(s string) (string, float64, error) {
	id, num, ok := strings.Cut(s, "=")
	id, num = strings.TrimSpace(id), strings.TrimSpace(num)
	if !ok || id == "" || num == "" {
		return "", 0, fmt.Errorf("invalid value %q: write KR=NUMBER, e.g. in-stock=95.5", s)
	}
	v, err := ParseNumber(num)
	if err != nil {
		return "", 0, fmt.Errorf("invalid value %q: %v", s, err)
	}
	return id, v, nil
}

// ParseNumber reads a finite decimal number.
func ParseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number: write digits with an optional decimal point, e.g. 95.5", s)
	}
	return v, nil
}

// FormatNumber writes a number as people write it: no exponent, no
// trailing zeros (95.5, 97, 1500000).
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

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

// PlanCheckin checks a check-in against the goal and tells what it changes.
// Values name key results of the goal, each at most once.
func (g *Goal) PlanCheckin(date Date, values []KRValue) ([]KRUpdate, error) {
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
		idx := slices.IndexFunc(g.Spec.KeyResults, func(kr KeyResult) bool { return kr.ID == v.ID })
		if idx < 0 {
			//lint:ignore ST1005 the message ends with a command line whose "..." stands for its remaining flags
			return nil, fmt.Errorf("goal %s has no key result %q (%s); add it with collab goal kr %s %s ...",
				g.Metadata.ID, v.ID, krIDs(g), g.Metadata.ID, v.ID)
		}
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
		parts[i] = u.ID + " " + FormatNumber(u.Value)
		if u.Was != nil {
			parts[i] += " (was " + FormatNumber(*u.Was) + ")"
		}
	}
	return "check-in " + strings.Join(parts, ", ")
}

func krIDs(g *Goal) string {
	if len(g.Spec.KeyResults) == 0 {
		return "it has no key results yet"
	}
	ids := make([]string, len(g.Spec.KeyResults))
	for i, kr := range g.Spec.KeyResults {
		ids[i] = kr.ID
	}
	return "key results: " + strings.Join(ids, ", ")
}

// DefaultDirection is the direction of a key result given without one:
// increase when the target is above the baseline, decrease when below,
// at-least (hold the level) when equal.
func DefaultDirection(baseline, target float64) string {
	switch {
	case target > baseline:
		return Increase
	case target < baseline:
		return Decrease
	}
	return AtLeast
}

// ClosedGoalStatus reports whether a goal status ends the goal.
func ClosedGoalStatus(s string) bool {
	return s == GoalAchieved || s == GoalMissed || s == GoalDropped
}

// GoalNode is one goal of the alignment tree.
type GoalNode struct {
	ID       string
	Goal     *Goal
	Children []*GoalNode
}

// AlignmentTree arranges goals by their parent links. Without focus it
// returns every root (a goal without a parent, or whose parent is unknown or
// on a cycle) with all its descendants. With focus it returns the chain of
// ancestors from the top down to focus, with focus's whole subtree below it.
// Children are sorted by id; goals on a parent cycle appear once, as roots.
func AlignmentTree(goals map[string]*Goal, focus string) ([]*GoalNode, error) {
	children := map[string][]string{}
	var roots []string
	for id, g := range goals {
		if p := g.Spec.Parent; p != "" && goals[p] != nil && !onCycle(goals, id) {
			children[p] = append(children[p], id)
		} else {
			roots = append(roots, id)
		}
	}
	for _, c := range children {
		sort.Strings(c)
	}
	sort.Strings(roots)
	var build func(id string, seen map[string]bool) *GoalNode
	build = func(id string, seen map[string]bool) *GoalNode {
		n := &GoalNode{ID: id, Goal: goals[id]}
		if seen[id] {
			return n
		}
		seen[id] = true
		for _, c := range children[id] {
			n.Children = append(n.Children, build(c, seen))
		}
		return n
	}
	if focus == "" {
		out := make([]*GoalNode, 0, len(roots))
		seen := map[string]bool{}
		for _, r := range roots {
			out = append(out, build(r, seen))
		}
		return out, nil
	}
	if goals[focus] == nil {
		return nil, fmt.Errorf("no goal %q", focus)
	}
	node := build(focus, map[string]bool{})
	if onCycle(goals, focus) {
		return []*GoalNode{node}, nil
	}
	for p := goals[focus].Spec.Parent; p != "" && goals[p] != nil; p = goals[p].Spec.Parent {
		node = &GoalNode{ID: p, Goal: goals[p], Children: []*GoalNode{node}}
		if onCycle(goals, p) {
			break // a cycle above: its goals are roots
		}
	}
	return []*GoalNode{node}, nil
}

// onCycle reports whether following parents from id comes back to id.
func onCycle(goals map[string]*Goal, id string) bool {
	seen := map[string]bool{}
	for p := goals[id].Spec.Parent; p != ""; {
		if p == id {
			return true
		}
		if seen[p] || goals[p] == nil {
			return false
		}
		seen[p] = true
		p = goals[p].Spec.Parent
	}
	return false
}
