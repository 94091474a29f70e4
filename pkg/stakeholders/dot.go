package stakeholders

import (
	"fmt"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// DOT renders a map as a Graphviz digraph: the stakeholders in one cluster
// per team, each linked to the subject with its RACI letter. Every id and
// label is a quoted, escaped string.
func DOT(m *model.StakeholderMap) string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", DOTQuote(m.Metadata.ID))
	b.WriteString("  rankdir=LR;\n")
	if m.Metadata.Title != "" {
		fmt.Fprintf(&b, "  label=%s;\n  labelloc=t;\n", DOTQuote(m.Metadata.Title))
	}
	b.WriteString("  node [shape=box, style=rounded];\n")
	fmt.Fprintf(&b, "  \"subject\" [label=%s, shape=ellipse, style=bold];\n", DOTQuote(m.Spec.Subject))
	for gi, g := range byTeam(m) {
		fmt.Fprintf(&b, "  subgraph \"cluster_%d\" {\n", gi+1)
		fmt.Fprintf(&b, "    label=%s;\n", DOTQuote(g.Team))
		for _, i := range g.Members {
			s := m.Spec.Stakeholders[i]
			label := DOTEscape(nodeName(s))
			if len(s.Roles) > 0 {
				label += `\n` + DOTEscape(strings.Join(s.Roles, ", "))
			}
			fmt.Fprintf(&b, "    \"s%d\" [label=\"%s\"];\n", i+1, label)
		}
		b.WriteString("  }\n")
	}
	for i, s := range m.Spec.Stakeholders {
		fmt.Fprintf(&b, "  \"s%d\" -> \"subject\" [label=%s];\n", i+1, DOTQuote(s.RACI))
	}
	b.WriteString("}\n")
	return b.String()
}

// DOTQuote returns s as a quoted DOT string.
func DOTQuote(s string) string { return `"` + DOTEscape(s) + `"` }

// DOTEscape escapes text for the inside of a quoted DOT string: the quote
// and the backslash (which would otherwise start escapes such as \N or \l
// in labels); control characters become spaces.
func DOTEscape(s string) string {
	s = model.OneLine(s)
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
