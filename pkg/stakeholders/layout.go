package stakeholders

import (
	"math"
	"strconv"

	"github.com/collab-tools/collab/pkg/model"
)

// NoTeam is the group of stakeholders who speak for no team.
const NoTeam = "(no team)"

// teamGroup is the stakeholders of one team, as indexes into the map.
type teamGroup struct {
	Team    string
	Members []int
}

// byTeam groups stakeholders by team in the order teams first appear;
// stakeholders without a team come last, under NoTeam.
func byTeam(m *model.StakeholderMap) []teamGroup {
	var out []teamGroup
	at := map[string]int{}
	var none []int
	for i, s := range m.Spec.Stakeholders {
		if s.Team == "" {
			none = append(none, i)
			continue
		}
		g, ok := at[s.Team]
		if !ok {
			g = len(out)
			at[s.Team] = g
			out = append(out, teamGroup{Team: s.Team})
		}
		out[g].Members = append(out[g].Members, i)
	}
	if len(none) > 0 {
		out = append(out, teamGroup{Team: NoTeam, Members: none})
	}
	return out
}

// nodeName is what a diagram shows for a stakeholder: the person, or the
// team for a whole-team stakeholder.
func nodeName(s model.Stakeholder) string {
	if s.Person != "" {
		return s.Person
	}
	return "team " + s.Team
}

// Point is a stakeholder's place on the power/interest chart, both axes in
// 0..1: x is interest, y is influence.
type Point struct {
	X, Y float64
}

// band is the range of a level on an axis. High is the upper half; medium
// and low (and an unset level, drawn with medium) share the lower half,
// medium above low, so a point always lies in the quadrant QuadrantOf names.
func band(level string) (lo, hi float64) {
	switch level {
	case "high":
		return 0.54, 0.96
	case "low":
		return 0.04, 0.22
	}
	return 0.26, 0.46
}

// Points places every stakeholder on the chart. Stakeholders that share a
// cell (the same influence and interest levels) are spread over a small
// grid inside the cell so no two points coincide.
func Points(m *model.StakeholderMap) []Point {
	type cell struct{ influence, interest string }
	norm := func(l string) string {
		if l == "high" || l == "low" {
			return l
		}
		return "medium"
	}
	cells := map[cell][]int{}
	var order []cell
	for i, s := range m.Spec.Stakeholders {
		c := cell{norm(s.Influence), norm(s.Interest)}
		if _, ok := cells[c]; !ok {
			order = append(order, c)
		}
		cells[c] = append(cells[c], i)
	}
	out := make([]Point, len(m.Spec.Stakeholders))
	for _, c := range order {
		idx := cells[c]
		cols := int(math.Ceil(math.Sqrt(float64(len(idx)))))
		rows := (len(idx) + cols - 1) / cols
		xlo, xhi := band(c.interest)
		ylo, yhi := band(c.influence)
		for k, i := range idx {
			col, row := k%cols, k/cols
			out[i] = Point{
				X: round3(xlo + (xhi-xlo)*float64(col+1)/float64(cols+1)),
				// The first row at the top of the cell.
				Y: round3(yhi - (yhi-ylo)*float64(row+1)/float64(rows+1)),
			}
		}
	}
	return out
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// coord formats a coordinate as Mermaid's quadrantChart lexer reads it:
// "1" or "0" followed by a dot and digits, nothing else.
func coord(v float64) string {
	switch {
	case v >= 1:
		return "1"
	case v <= 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
