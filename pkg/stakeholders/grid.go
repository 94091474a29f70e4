package stakeholders

import (
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/collab-tools/collab/pkg/model"
)

// Grid renders the power/interest grid as a text table: influence on the
// rows (high above lower), interest on the columns (lower left of high),
// each cell headed by its quadrant and listing its stakeholders with their
// RACI letter and stance. "Lower" is medium, low or unset.
func Grid(m *model.StakeholderMap) string {
	cells := map[Quadrant][]string{}
	for _, s := range m.Spec.Stakeholders {
		q := QuadrantOf(s)
		line := model.OneLine(nodeName(s)) + "  " + model.OneLine(s.RACI)
		if s.Stance != "" {
			line += "  " + model.OneLine(s.Stance)
		}
		cells[q] = append(cells[q], line)
	}
	rows := [2][2]Quadrant{{KeepSatisfied, ManageClosely}, {Monitor, KeepInformed}}
	content := func(q Quadrant) []string {
		lines := []string{strings.ToUpper(string(q))}
		if len(cells[q]) == 0 {
			return append(lines, "-")
		}
		return append(lines, cells[q]...)
	}
	width := [2]int{len("interest: lower"), len("interest: high")}
	for _, row := range rows {
		for c, q := range row {
			for _, l := range content(q) {
				width[c] = max(width[c], runewidth.StringWidth(l))
			}
		}
	}
	const margin = "influence: lower  "
	pad := func(s string, w int) string { return s + strings.Repeat(" ", w-runewidth.StringWidth(s)) }
	rule := strings.Repeat(" ", len(margin)) + "+" + strings.Repeat("-", width[0]+2) + "+" + strings.Repeat("-", width[1]+2) + "+\n"

	var b strings.Builder
	b.WriteString(strings.TrimRight(strings.Repeat(" ", len(margin))+"  "+pad("interest: lower", width[0])+"   interest: high", " ") + "\n")
	b.WriteString(rule)
	for r, row := range rows {
		left, right := content(row[0]), content(row[1])
		for i := range max(len(left), len(right)) {
			label := ""
			if i == 0 {
				label = [2]string{"influence: high", "influence: lower"}[r]
			}
			l, rt := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				rt = right[i]
			}
			b.WriteString(pad(label, len(margin)) + "| " + pad(l, width[0]) + " | " + pad(rt, width[1]) + " |\n")
		}
		b.WriteString(rule)
	}
	return b.String()
}
