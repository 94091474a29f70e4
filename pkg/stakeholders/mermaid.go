package stakeholders

import (
	"fmt"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// MermaidMaxEdges is Mermaid's default limit on flowchart edges (the
// maxEdges setting, which a diagram cannot raise): a map with more
// stakeholders draws a flowchart GitHub refuses to render.
const MermaidMaxEdges = 500

// Mermaid renders a map as two Mermaid diagrams, separated by a blank line:
// a flowchart of the stakeholders grouped by team in subgraphs, each linked
// to the subject with its RACI letter, then a quadrantChart of influence (y)
// against interest (x). With fenced, each diagram is wrapped in a ```mermaid
// code fence, ready to paste into Markdown (GitHub renders one diagram per
// fence).
//
// Node and subgraph ids are generated (subject, g1.., s1..); every label is
// quoted and escaped with Mermaid's entity codes, so text from the file
// cannot break the parser or inject directives.
func Mermaid(m *model.StakeholderMap, fenced bool) string {
	return Fence(MermaidFlowchart(m), fenced) + "\n" + Fence(MermaidQuadrant(m), fenced)
}

// Fence wraps one diagram in a ```mermaid Markdown fence when fenced is set:
// GitHub renders one diagram per fence.
func Fence(diagram string, fenced bool) string {
	if !fenced {
		return diagram
	}
	return "```mermaid\n" + diagram + "```\n"
}

// MermaidFlowchart is the first diagram of Mermaid on its own.
func MermaidFlowchart(m *model.StakeholderMap) string {
	b := &strings.Builder{}
	b.WriteString("flowchart LR\n")
	fmt.Fprintf(b, "  subject([\"%s\"])\n", MermaidText(m.Spec.Subject))
	for gi, g := range byTeam(m) {
		fmt.Fprintf(b, "  subgraph g%d[\"%s\"]\n", gi+1, MermaidText(g.Team))
		for _, i := range g.Members {
			s := m.Spec.Stakeholders[i]
			label := MermaidText(nodeName(s))
			if len(s.Roles) > 0 {
				label += "<br/>" + MermaidText(strings.Join(s.Roles, ", "))
			}
			fmt.Fprintf(b, "    s%d[\"%s\"]\n", i+1, label)
		}
		b.WriteString("  end\n")
	}
	for i, s := range m.Spec.Stakeholders {
		fmt.Fprintf(b, "  s%d -->|\"%s\"| subject\n", i+1, MermaidText(s.RACI))
	}
	return b.String()
}

// MermaidQuadrant is the second diagram of Mermaid on its own.
func MermaidQuadrant(m *model.StakeholderMap) string {
	b := &strings.Builder{}
	b.WriteString("quadrantChart\n")
	title := m.Metadata.Title
	if title == "" {
		title = "Stakeholders of " + m.Spec.Subject
	}
	fmt.Fprintf(b, "  title %s\n", MermaidText(title))
	b.WriteString("  x-axis Low interest --> High interest\n")
	b.WriteString("  y-axis Low influence --> High influence\n")
	b.WriteString("  quadrant-1 Manage closely\n")
	b.WriteString("  quadrant-2 Keep satisfied\n")
	b.WriteString("  quadrant-3 Monitor\n")
	b.WriteString("  quadrant-4 Keep informed\n")
	for i, p := range Points(m) {
		s := m.Spec.Stakeholders[i]
		fmt.Fprintf(b, "  \"%s\": [%s, %s]\n", MermaidText(nodeName(s)+" ("+s.RACI+")"), coord(p.X), coord(p.Y))
	}
	return b.String()
}

// MermaidText escapes text for a double-quoted Mermaid label. Mermaid reads
// "#name;" and "#123;" inside a diagram as character entities (before any
// diagram's parser runs), so every character that could end the string,
// start a comment, directive, statement or HTML tag, or be taken as an
// entity is written as one: " # ; : < > % & and the backquote (which would
// start a Markdown string). Control characters become spaces.
func MermaidText(s string) string {
	s = model.OneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case ';':
			b.WriteString("#59;")
		case ':':
			b.WriteString("#58;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '%':
			b.WriteString("#37;")
		case '&':
			b.WriteString("#amp;")
		case '`':
			b.WriteString("#96;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
