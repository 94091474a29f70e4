package stakeholders

import "github.com/collab-tools/collab/pkg/model"

// The rules of a stakeholder map's entries, used by the map commands and by
// validate alike. Accountable (above) lists the A entries: a map has exactly
// one.

// Responsible returns the indexes of the stakeholders with RACI R: a map
// with stakeholders has at least one.
func Responsible(m *model.StakeholderMap) []int {
	var out []int
	for i, s := range m.Spec.Stakeholders {
		if s.RACI == "R" {
			out = append(out, i)
		}
	}
	return out
}

// Duplicate is an entry naming the same person, or the same whole team, as
// an earlier entry: the map keeps one entry per person or team (Find finds
// the first).
type Duplicate struct {
	Index, First int
	Field        string // "person" or "team": the field that names it
}

// Duplicates lists the entries that repeat an earlier one, in map order.
func Duplicates(m *model.StakeholderMap) []Duplicate {
	var out []Duplicate
	first := map[string]int{}
	for i, s := range m.Spec.Stakeholders {
		key, field := s.Person, "person"
		if key == "" {
			key, field = "team:"+s.Team, "team"
		}
		if j, dup := first[key]; dup {
			out = append(out, Duplicate{Index: i, First: j, Field: field})
			continue
		}
		first[key] = i
	}
	return out
}

// NeedsNote reports whether a stakeholder lacks the note the practice asks
// for: someone resistant and highly influential needs their concern, and
// how it is addressed, written down.
func NeedsNote(s model.Stakeholder) bool {
	return s.Stance == "resistant" && High(s.Influence) && s.Note == ""
}
