// Package stakeholders holds the domain logic of stakeholder maps: the
// power/interest quadrant of a stakeholder, the pre-fill of a new map from
// its subject, finding stakeholders, grouping them by role, and the
// renderers (Mermaid, Graphviz DOT and a text grid). Every function here is
// a pure function of its arguments.
package stakeholders

import (
	"slices"
	"sort"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Quadrant is a cell of the power/interest grid.
type Quadrant string

const (
	ManageClosely Quadrant = "manage closely" // high influence, high interest
	KeepSatisfied Quadrant = "keep satisfied" // high influence, lower interest
	KeepInformed  Quadrant = "keep informed"  // lower influence, high interest
	Monitor       Quadrant = "monitor"        // the rest
)

// High reports whether a level counts as high on the grid. The grid has two
// rows and two columns, so only "high" is high: "medium", "low" and an unset
// level all fall on the lower side.
func High(level string) bool { return level == "high" }

// QuadrantOf places a stakeholder on the power/interest grid.
func QuadrantOf(s model.Stakeholder) Quadrant {
	switch hi, hin := High(s.Influence), High(s.Interest); {
	case hi && hin:
		return ManageClosely
	case hi:
		return KeepSatisfied
	case hin:
		return KeepInformed
	}
	return Monitor
}

// Find returns the index of the stakeholder named by key: an email matches
// the stakeholder with that person; anything else matches a whole-team
// stakeholder (one without a person) with that team. -1 when absent.
func Find(m *model.StakeholderMap, key string) int {
	for i, s := range m.Spec.Stakeholders {
		if strings.Contains(key, "@") {
			if s.Person == key {
				return i
			}
		} else if s.Person == "" && s.Team == key {
			return i
		}
	}
	return -1
}

// Accountable returns the indexes of the stakeholders with RACI A.
func Accountable(m *model.StakeholderMap) []int {
	var out []int
	for i, s := range m.Spec.Stakeholders {
		if s.RACI == "A" {
			out = append(out, i)
		}
	}
	return out
}

// RoleGroup is the stakeholders holding one role.
type RoleGroup struct {
	Role         string  `json:"role"`
	Stakeholders []Entry `json:"stakeholders"`
}

// Entry is a stakeholder with its place on the grid.
type Entry struct {
	model.Stakeholder
	Quadrant Quadrant `json:"quadrant"`
}

// ByRole groups stakeholders by role in the order of model.Roles (a
// stakeholder with two roles appears in both groups), keeping map order
// within a group. Roles outside the vocabulary come last, sorted; roles
// nobody holds are left out.
func ByRole(m *model.StakeholderMap) []RoleGroup {
	groups := map[string][]Entry{}
	var extra []string
	for _, s := range m.Spec.Stakeholders {
		for _, r := range s.Roles {
			if _, seen := groups[r]; !seen && !slices.Contains(model.Roles, r) {
				extra = append(extra, r)
			}
			groups[r] = append(groups[r], Entry{Stakeholder: s, Quadrant: QuadrantOf(s)})
		}
	}
	sort.Strings(extra)
	var out []RoleGroup
	for _, r := range append(slices.Clone(model.Roles), extra...) {
		if len(groups[r]) > 0 {
			out = append(out, RoleGroup{Role: r, Stakeholders: groups[r]})
		}
	}
	return out
}

// Summary is one map's row in `collab map list`.
type Summary struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Subject      string `json:"subject"`
	Stakeholders int    `json:"stakeholders"`
	Teams        int    `json:"teams"`
	Accountable  string `json:"accountable"` // the first A; "" when none
	Resistant    int    `json:"resistant"`
}

// Summarize counts a map's stakeholders, teams and resistant stakeholders
// and names its accountable stakeholder.
func Summarize(m *model.StakeholderMap) Summary {
	it := Summary{ID: m.Metadata.ID, Title: m.Metadata.Title, Subject: m.Spec.Subject, Stakeholders: len(m.Spec.Stakeholders)}
	if a := Accountable(m); len(a) > 0 {
		it.Accountable = m.Spec.Stakeholders[a[0]].Name()
	}
	teams := map[string]bool{}
	for _, s := range m.Spec.Stakeholders {
		if s.Team != "" {
			teams[s.Team] = true
		}
		if s.Stance == "resistant" {
			it.Resistant++
		}
	}
	it.Teams = len(teams)
	return it
}
