package stakeholders

import (
	"encoding/xml"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

// nasty is a map whose every name and label holds characters that break
// Mermaid or DOT when written raw.
func nasty() *model.StakeholderMap {
	return &model.StakeholderMap{
		Header: model.Header{Metadata: model.Metadata{ID: `odd "map"`, Title: `Title "q" #1; a:b <b>x</b> %%{init: {"theme":"dark"}}%% ` + "`md`"}},
		Spec: model.StakeholderMapSpec{Subject: `agreement/x"]; click subject "javascript:alert(1)"`, Stakeholders: []model.Stakeholder{
			{Person: `o"brien@acme.example`, Team: "r&d", Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high"},
			{Person: "a]b[c(d)e{f}g|h@x.example", Team: "end", Roles: []string{`in"fl;uen#cer`, "x:y"}, RACI: "R", Influence: "high", Interest: "high"},
			{Person: "semi;colon#hash@x.example", Team: "style", Roles: []string{"lifestyle: #35; done"}, RACI: `"C`},
			{Person: "<script>alert(1)</script>", Team: "%%", Roles: []string{"`md`"}, RACI: "I", Interest: "high"},
			{Person: `back\slash \N \l @x.example`, Roles: []string{"line1\nline2\r\tend"}, RACI: "I"},
			{Team: "title x-axis quadrant-1 classDef", Roles: []string{"#quot;already#59;"}, RACI: "-->|x|", Influence: "low", Interest: "low"},
			{Person: "ünïcødé 名前 😀", Roles: []string{"expert"}, RACI: "C", Influence: "low", Interest: "low"},
			{Person: "x", Roles: []string{"expert"}, RACI: "C", Influence: "low", Interest: "low"},
		}},
	}
}

func TestMermaidText(t *testing.T) {
	for in, want := range map[string]string{
		"pat@acme.example":       "pat@acme.example",
		`say "hi"`:               "say #quot;hi#quot;",
		"#1; a:b":                "#35;1#59; a#58;b",
		"<b>&</b>":               "#lt;b#gt;#amp;#lt;/b#gt;",
		"50% `code`":             "50#37; #96;code#96;",
		"two\nlines\r\n\tand  x": "two lines and x",
		"[brackets] (ok) {ok}|":  "[brackets] (ok) {ok}|",
		"#quot;":                 "#35;quot#59;",
	} {
		if got := MermaidText(in); got != want {
			t.Errorf("MermaidText(%q) = %q, want %q", in, got, want)
		}
	}
}

var entity = regexp.MustCompile(`#(\w+);`)

// unescapeMermaid decodes the entity codes MermaidText writes, failing on
// any character a label must not hold raw.
func unescapeMermaid(t *testing.T, s string) string {
	t.Helper()
	if raw := entity.ReplaceAllString(s, ""); strings.ContainsAny(raw, "\"#;:<>%&`\n\r") {
		t.Errorf("label %q holds a raw character that breaks Mermaid", s)
	}
	named := map[string]string{"quot": `"`, "lt": "<", "gt": ">", "amp": "&"}
	return entity.ReplaceAllStringFunc(s, func(e string) string {
		name := e[1 : len(e)-1]
		if n, err := strconv.Atoi(name); err == nil {
			return string(rune(n))
		}
		if r, ok := named[name]; ok {
			return r
		}
		t.Errorf("unknown entity %s in %q", e, s)
		return e
	})
}

func TestMermaidFlowchartGrammar(t *testing.T) {
	m := nasty()
	var (
		node     = regexp.MustCompile(`^    s([0-9]+)\["([^"]*)"\]$`)
		subject  = regexp.MustCompile(`^  subject\(\["([^"]*)"\]\)$`)
		subgraph = regexp.MustCompile(`^  subgraph g[0-9]+\["([^"]*)"\]$`)
		edge     = regexp.MustCompile(`^  s([0-9]+) -->\|"([^"]*)"\| subject$`)
	)
	lines := strings.Split(strings.TrimSuffix(MermaidFlowchart(m), "\n"), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("first line %q, want flowchart LR", lines[0])
	}
	labels := map[string]string{}
	var groups []string
	depth := 0
	for _, l := range lines[1:] {
		switch {
		case node.MatchString(l):
			g := node.FindStringSubmatch(l)
			if depth != 1 {
				t.Errorf("node outside a subgraph: %q", l)
			}
			labels["s"+g[1]] = unescapeMermaid(t, strings.ReplaceAll(g[2], "<br/>", "\x00"))
		case subject.MatchString(l):
			labels["subject"] = unescapeMermaid(t, subject.FindStringSubmatch(l)[1])
		case subgraph.MatchString(l):
			depth++
			groups = append(groups, unescapeMermaid(t, subgraph.FindStringSubmatch(l)[1]))
		case l == "  end":
			depth--
		case edge.MatchString(l):
			g := edge.FindStringSubmatch(l)
			labels["e"+g[1]] = unescapeMermaid(t, g[2])
		default:
			t.Errorf("line outside the expected grammar: %q", l)
		}
	}
	want := map[string]string{"subject": model.OneLine(m.Spec.Subject)}
	for i, s := range m.Spec.Stakeholders {
		want[fmt.Sprintf("s%d", i+1)] = model.OneLine(nodeName(s)) + "\x00" + model.OneLine(strings.Join(s.Roles, ", "))
		want[fmt.Sprintf("e%d", i+1)] = s.RACI
	}
	if d := cmp.Diff(want, labels); d != "" {
		t.Errorf("labels after unescaping (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"r&d", "end", "style", "%%", "title x-axis quadrant-1 classDef", NoTeam}, groups); d != "" {
		t.Errorf("subgraphs (-want +got):\n%s", d)
	}
}

var pointLine = regexp.MustCompile(`^  "([^"]*)": \[(1|0(?:\.[0-9]+)?), (1|0(?:\.[0-9]+)?)\]$`)

func TestMermaidQuadrantGrammar(t *testing.T) {
	m := nasty()
	lines := strings.Split(strings.TrimSuffix(MermaidQuadrant(m), "\n"), "\n")
	head := []string{
		"quadrantChart",
		"  title " + MermaidText(m.Metadata.Title),
		"  x-axis Low interest --> High interest",
		"  y-axis Low influence --> High influence",
		"  quadrant-1 Manage closely",
		"  quadrant-2 Keep satisfied",
		"  quadrant-3 Monitor",
		"  quadrant-4 Keep informed",
	}
	if d := cmp.Diff(head, lines[:len(head)]); d != "" {
		t.Errorf("chart head (-want +got):\n%s", d)
	}
	unescapeMermaid(t, strings.TrimPrefix(lines[1], "  title "))
	points := lines[len(head):]
	if len(points) != len(m.Spec.Stakeholders) {
		t.Fatalf("%d points for %d stakeholders", len(points), len(m.Spec.Stakeholders))
	}
	for i, l := range points {
		g := pointLine.FindStringSubmatch(l)
		if g == nil {
			t.Errorf("point outside the quadrantChart grammar: %q", l)
			continue
		}
		s := m.Spec.Stakeholders[i]
		if got, want := unescapeMermaid(t, g[1]), model.OneLine(nodeName(s)+" ("+s.RACI+")"); got != want {
			t.Errorf("point %d name %q, want %q", i, got, want)
		}
	}
}

func TestMermaidFences(t *testing.T) {
	m := nasty()
	plain, fenced := Mermaid(m, false), Mermaid(m, true)
	if strings.Contains(plain, "```") {
		t.Errorf("plain output holds a fence")
	}
	want := "```mermaid\n" + MermaidFlowchart(m) + "```\n\n```mermaid\n" + MermaidQuadrant(m) + "```\n"
	if d := cmp.Diff(want, fenced); d != "" {
		t.Errorf("fenced (-want +got):\n%s", d)
	}
}

// TestPoints checks that every point lies in 0..1, in the quadrant its
// levels name, and that points sharing a cell do not coincide.
func TestPoints(t *testing.T) {
	var ss []model.Stakeholder
	levels := []string{"high", "medium", "low", ""}
	for _, inf := range levels {
		for _, in := range levels {
			for k := range 10 {
				ss = append(ss, model.Stakeholder{Person: fmt.Sprintf("%s-%s-%d@x.example", inf, in, k), Influence: inf, Interest: in})
			}
		}
	}
	m := &model.StakeholderMap{Spec: model.StakeholderMapSpec{Stakeholders: ss}}
	seen := map[Point]string{}
	for i, p := range Points(m) {
		s := ss[i]
		for _, v := range []float64{p.X, p.Y} {
			if v <= 0 || v >= 1 {
				t.Errorf("%s: coordinate %v outside (0, 1)", s.Person, v)
			}
			if !regexp.MustCompile(`^0\.[0-9]+$`).MatchString(coord(v)) {
				t.Errorf("%s: coordinate %q not in Mermaid's number form", s.Person, coord(v))
			}
		}
		if (p.X > 0.5) != High(s.Interest) || (p.Y > 0.5) != High(s.Influence) {
			t.Errorf("%s at %v is not in quadrant %s", s.Person, p, QuadrantOf(s))
		}
		if other, dup := seen[p]; dup {
			t.Errorf("%s and %s share the point %v", s.Person, other, p)
		}
		seen[p] = s.Person
	}
	// Medium is drawn above low within the lower half.
	pts := Points(&model.StakeholderMap{Spec: model.StakeholderMapSpec{Stakeholders: []model.Stakeholder{{Influence: "low"}, {Influence: "medium"}}}})
	if pts[0].Y >= pts[1].Y {
		t.Errorf("low influence at y=%v, medium at y=%v: want low below medium", pts[0].Y, pts[1].Y)
	}
}

func TestDOTEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":            "plain",
		`say "hi"`:         `say \"hi\"`,
		`back\slash \N \l`: `back\\slash \\N \\l`,
		"a\nb":             "a b",
	} {
		if got := DOTEscape(in); got != want {
			t.Errorf("DOTEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDOTWithGraphviz runs the real dot on the output and checks that every
// label comes out of the SVG as written.
func TestDOTWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot not installed")
	}
	m := nasty()
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(DOT(m))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot rejected the output: %v\n%s\n%s", err, stderr.String(), DOT(m))
	}
	if stderr.Len() > 0 {
		t.Errorf("dot warned: %s", stderr.String())
	}
	texts := map[string]bool{}
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	dec.Strict = false
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG from dot: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts[string(tok)] = true
			}
		}
	}
	want := []string{model.OneLine(m.Metadata.Title), model.OneLine(m.Spec.Subject), "r&d", "%%", NoTeam}
	for _, s := range m.Spec.Stakeholders {
		want = append(want, model.OneLine(nodeName(s)), model.OneLine(strings.Join(s.Roles, ", ")), s.RACI)
	}
	for _, w := range want {
		if !texts[w] {
			t.Errorf("SVG has no text %q", w)
		}
	}
}

// TestGrid checks that each stakeholder is listed in the cell of its quadrant.
func TestGrid(t *testing.T) {
	m := nasty()
	m.Spec.Stakeholders = append(m.Spec.Stakeholders, model.Stakeholder{Person: "sat@x.example", Influence: "high", Interest: "low", RACI: "C", Stance: "neutral"})
	lines := strings.Split(strings.TrimSuffix(Grid(m), "\n"), "\n")
	var rules []int
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "+-") {
			rules = append(rules, i)
		}
	}
	if len(rules) != 3 {
		t.Fatalf("want 3 rules in the grid, got %d:\n%s", len(rules), strings.Join(lines, "\n"))
	}
	cellOf := map[string]Quadrant{}
	for i := rules[0] + 1; i < rules[2]; i++ {
		if i == rules[1] {
			continue
		}
		parts := strings.Split(lines[i], " | ")
		if len(parts) != 3 || !strings.HasSuffix(parts[2], " |") {
			t.Fatalf("row %d is not two cells: %q", i, lines[i])
		}
		left, right := strings.TrimSpace(parts[1]), strings.TrimSpace(strings.TrimSuffix(parts[2], "|"))
		top := i < rules[1]
		cellOf[left] = map[bool]Quadrant{true: KeepSatisfied, false: Monitor}[top]
		cellOf[right] = map[bool]Quadrant{true: ManageClosely, false: KeepInformed}[top]
	}
	for _, s := range m.Spec.Stakeholders {
		entry := model.OneLine(nodeName(s)) + "  " + model.OneLine(s.RACI)
		if s.Stance != "" {
			entry += "  " + s.Stance
		}
		if got, want := cellOf[entry], QuadrantOf(s); got != want {
			t.Errorf("%q in cell %q, want %q", entry, got, want)
		}
	}
}
