package model

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

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

// UnitSuffix is how a unit follows a number: "%" right after it, any
// other unit after a space, nothing without a unit.
func UnitSuffix(u string) string {
	switch {
	case u == "":
		return ""
	case u == "%":
		return "%"
	}
	return " " + u
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
