package site

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
)

// The charts are computed here as geometry and drawn by the templates
// (svg.html), so every text in them goes through html/template's escaping.

// f1 formats a coordinate with one decimal: enough for a chart, and the
// same bytes on every run.
func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// Tick is a labelled position on an axis.
type Tick struct {
	Pos    string
	Label  string
	Anchor string // text-anchor: start, middle or end
}

// ChartPoint is a check-in on the progress chart.
type ChartPoint struct {
	X, Y     string
	Date     model.Date
	Progress float64
	Expected float64
	Values   string // the key result values the check-in recorded
}

// Chart is a goal's progress over time: the progress computed at each
// check-in (the key results' values carried forward from check-in to
// check-in, the goal's own progress rule applied), and the expected pace,
// a straight line from the period's start (0%) to its end (100%).
type Chart struct {
	Width, Height       int
	Left, Right         string // the plot's x bounds
	Top, Bottom         string // the plot's y bounds
	Line                string // polyline points of the progress
	Points              []ChartPoint
	Pace                []string // x1 y1 x2 y2 of the expected pace, nil without a period
	AsOf                string   // x of the as-of line, "" outside the chart
	XTicks, YTicks      []Tick
	Start, End          model.Date
	HasPeriod, Checkins bool
}

// ProgressChart computes the chart of g up to asOf.
func ProgressChart(g *model.Goal, asOf model.Date) Chart {
	const w, h, left, right, top, bottom = 640, 260, 56, 620, 16, 220
	c := Chart{Width: w, Height: h, Left: f1(left), Right: f1(right), Top: f1(top), Bottom: f1(bottom)}
	checkins := slices.Clone(g.Spec.Checkins)
	checkins = slices.DeleteFunc(checkins, func(ci model.GoalCheckin) bool { return !ci.Date.Valid() })
	slices.SortStableFunc(checkins, func(a, b model.GoalCheckin) int { return strings.Compare(string(a.Date), string(b.Date)) })

	p := g.Spec.Period
	c.HasPeriod = p != nil && p.Start.Valid() && p.End.Valid()
	start, end := asOf, asOf
	if c.HasPeriod {
		start, end = p.Start, p.End
	}
	for _, ci := range checkins {
		start, end = min(start, ci.Date), max(end, ci.Date)
	}
	if !c.HasPeriod {
		end = max(end, asOf)
	}
	if end <= start {
		end = start.AddDays(1)
	}
	c.Start, c.End = start, end
	span := float64(model.DaysBetween(start, end))
	x := func(d model.Date) float64 { return left + (right-left)*float64(model.DaysBetween(start, d))/span }
	y := func(v float64) float64 { return bottom - (bottom-top)*v }

	// Progress at a check-in: the goal's key results with the values
	// recorded so far, through the model's own Progress.
	at := *g
	at.Spec.KeyResults = slices.Clone(g.Spec.KeyResults)
	for i := range at.Spec.KeyResults {
		at.Spec.KeyResults[i].Current = nil
	}
	var line []string
	for _, ci := range checkins {
		var vals []string
		for i := range at.Spec.KeyResults {
			kr := &at.Spec.KeyResults[i]
			if v, ok := ci.Values[kr.ID]; ok {
				kr.Current = &v
				vals = append(vals, kr.ID+" "+model.FormatNumber(v)+model.UnitSuffix(kr.Unit))
			}
		}
		pt := ChartPoint{Date: ci.Date, Progress: at.Progress(), Expected: g.Expected(ci.Date), Values: strings.Join(vals, ", ")}
		pt.X, pt.Y = f1(x(ci.Date)), f1(y(pt.Progress))
		c.Points = append(c.Points, pt)
		line = append(line, pt.X+","+pt.Y)
	}
	c.Line = strings.Join(line, " ")
	c.Checkins = len(c.Points) > 0
	if c.HasPeriod {
		c.Pace = []string{f1(x(p.Start)), f1(y(0)), f1(x(p.End)), f1(y(1))}
	}
	if asOf >= start && asOf <= end {
		c.AsOf = f1(x(asOf))
	}
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		c.YTicks = append(c.YTicks, Tick{Pos: f1(y(v)), Label: fmt.Sprintf("%.0f%%", v*100)})
	}
	c.XTicks = []Tick{{Pos: f1(x(start)), Label: string(start), Anchor: "start"}, {Pos: f1(x(end)), Label: string(end), Anchor: "end"}}
	return c
}

// Timeline is an agreement's commitments on a time axis, a row per party.
type Timeline struct {
	Width, Height int
	Left, Right   string
	Rows          []TimelineRow
	AsOf          string // x of the as-of line, "" outside
	XTicks        []Tick
	Start, End    model.Date
}

// TimelineRow is one party's row.
type TimelineRow struct {
	Party string
	Y     string // the row's centre line
	Marks []TimelineMark
}

// TimelineMark is a commitment at its due date.
type TimelineMark struct {
	X, LabelY  string
	ID         string
	Due        model.Date
	Status     string // open, done, blocked, dropped, or overdue
	LabelAbove bool
}

// CommitmentTimeline lays out the dated commitments of each party.
func CommitmentTimeline(parties []PartyCommitments, asOf model.Date) Timeline {
	const w, left, right, rowH, top = 640, 110, 560, 56, 24
	t := Timeline{Width: w, Left: f1(left), Right: f1(right)}
	var dates []model.Date
	for _, p := range parties {
		for _, c := range p.Commitments {
			if c.Due.Valid() {
				dates = append(dates, c.Due)
			}
		}
	}
	if len(dates) == 0 {
		return t
	}
	start, end := slices.Min(dates), slices.Max(dates)
	if asOf.Valid() && model.DaysBetween(asOf, start) < 60 && model.DaysBetween(end, asOf) < 60 {
		start, end = min(start, asOf), max(end, asOf)
	}
	if end <= start {
		start, end = start.AddDays(-1), end.AddDays(1)
	}
	t.Start, t.End = start, end
	span := float64(model.DaysBetween(start, end))
	x := func(d model.Date) float64 { return left + (right-left)*float64(model.DaysBetween(start, d))/span }
	for i, p := range parties {
		cy := top + rowH*float64(i) + rowH/2
		row := TimelineRow{Party: p.Party, Y: f1(cy)}
		n := 0
		for _, c := range p.Commitments {
			if !c.Due.Valid() {
				continue
			}
			st := c.Status
			if c.Overdue {
				st = "overdue"
			}
			above := n%2 == 0
			ly := cy + 20
			if above {
				ly = cy - 12
			}
			row.Marks = append(row.Marks, TimelineMark{X: f1(x(c.Due)), LabelY: f1(ly), ID: c.ID, Due: c.Due, Status: st, LabelAbove: above})
			n++
		}
		t.Rows = append(t.Rows, row)
	}
	t.Height = top + rowH*len(parties) + 28
	if asOf >= start && asOf <= end {
		t.AsOf = f1(x(asOf))
	}
	t.XTicks = []Tick{{Pos: f1(x(start)), Label: string(start), Anchor: "middle"}, {Pos: f1(x(end)), Label: string(end), Anchor: "middle"}}
	return t
}

// Grid is the power/interest grid of a map: influence up, interest right,
// each stakeholder placed by stakeholders.Points.
type Grid struct {
	Width, Height int
	X0, Y0, XMid  string
	YMid, W, H    string
	HalfW, HalfH  string
	Quadrants     []GridQuadrant
	Points        []GridPoint
}

// GridQuadrant is one labelled cell.
type GridQuadrant struct {
	X, Y, LX, LY string
	Name         string
}

// GridPoint is one stakeholder on the grid.
type GridPoint struct {
	N            int // the stakeholder's number in the map's table
	X, Y, LX, LY string
	Name         string
	RACI         string
	Quadrant     string
}

// PowerInterestGrid lays out the grid of m.
func PowerInterestGrid(m *model.StakeholderMap) Grid {
	const w, h, x0, y0, pw, ph = 640, 460, 60, 10, 560, 400
	g := Grid{Width: w, Height: h, X0: f1(x0), Y0: f1(y0), W: f1(pw), H: f1(ph), HalfW: f1(pw / 2), HalfH: f1(ph / 2),
		XMid: f1(x0 + pw/2), YMid: f1(y0 + ph/2)}
	quad := func(q stakeholders.Quadrant, col, row float64) GridQuadrant {
		qx, qy := x0+col*pw/2, y0+row*ph/2
		return GridQuadrant{X: f1(qx), Y: f1(qy), LX: f1(qx + 8), LY: f1(qy + 18), Name: string(q)}
	}
	g.Quadrants = []GridQuadrant{quad(stakeholders.KeepSatisfied, 0, 0), quad(stakeholders.ManageClosely, 1, 0),
		quad(stakeholders.Monitor, 0, 1), quad(stakeholders.KeepInformed, 1, 1)}
	pts := stakeholders.Points(m)
	for i, s := range m.Spec.Stakeholders {
		px, py := x0+pw*pts[i].X, y0+ph*(1-pts[i].Y)
		name := s.Person
		if name == "" {
			name = "team " + s.Team
		}
		g.Points = append(g.Points, GridPoint{N: i + 1, X: f1(px), Y: f1(py), LX: f1(px + 7), LY: f1(py + 4), Name: model.OneLine(name), RACI: s.RACI, Quadrant: string(stakeholders.QuadrantOf(s))})
	}
	return g
}

// BuiltinDiagram draws the roles diagram without any program: the
// stakeholders in a column grouped by team, each linked to the subject
// with its RACI letter.
type BuiltinDiagram struct{}

// Name says which renderer drew the diagram.
func (BuiltinDiagram) Name() string {
	return "collab's built-in SVG renderer (Graphviz dot was not found on PATH)"
}

// Diagram is the built-in roles diagram's geometry.
type Diagram struct {
	Width, Height int
	Subject       string
	SX, SY        string // the subject's centre
	Groups        []DiagramGroup
}

// DiagramGroup is one team's box.
type DiagramGroup struct {
	Team, X, Y, W, H, LY string
	Nodes                []DiagramNode
}

// DiagramNode is a stakeholder's box and its edge to the subject.
type DiagramNode struct {
	X, Y, W, H, TX, TY, RY string
	Name, Roles            string
	EX, EY, MX, MY         string // edge start; the RACI label's place
	RACI                   string
}

// Layout computes the built-in diagram of m.
func (BuiltinDiagram) Layout(m *model.StakeholderMap) Diagram {
	const w, gx, gw, nx, nw, nh, gap = 640, 8, 330, 20, 306, 40, 10
	d := Diagram{Width: w, Subject: model.OneLine(m.Spec.Subject)}
	var order []string
	groups := map[string][]int{}
	for i, s := range m.Spec.Stakeholders {
		team := s.Team
		if team == "" {
			team = stakeholders.NoTeam
		}
		if _, ok := groups[team]; !ok && team != stakeholders.NoTeam {
			order = append(order, team)
		}
		groups[team] = append(groups[team], i)
	}
	if len(groups[stakeholders.NoTeam]) > 0 {
		order = append(order, stakeholders.NoTeam)
	}
	y := 8.0
	var nodes []*DiagramNode
	for _, team := range order {
		g := DiagramGroup{Team: model.OneLine(team), X: f1(gx), Y: f1(y), W: f1(gw), LY: f1(y + 18)}
		top := y
		y += 28
		for _, i := range groups[team] {
			s := m.Spec.Stakeholders[i]
			name := s.Person
			if name == "" {
				name = "team " + s.Team
			}
			g.Nodes = append(g.Nodes, DiagramNode{X: f1(nx), Y: f1(y), W: f1(nw), H: f1(nh), TX: f1(nx + 10), TY: f1(y + 17), RY: f1(y + 33),
				Name: model.OneLine(name), Roles: model.OneLine(strings.Join(s.Roles, ", ")), EX: f1(nx + nw), EY: f1(y + nh/2), RACI: s.RACI})
			y += nh + gap
		}
		g.H = f1(y - top)
		y += gap
		d.Groups = append(d.Groups, g)
	}
	d.Height = int(max(y, 80))
	sx, sy := 520.0, float64(d.Height)/2
	d.SX, d.SY = f1(sx), f1(sy)
	for gi := range d.Groups {
		for ni := range d.Groups[gi].Nodes {
			nodes = append(nodes, &d.Groups[gi].Nodes[ni])
		}
	}
	for _, n := range nodes {
		ex, _ := strconv.ParseFloat(n.EX, 64)
		ey, _ := strconv.ParseFloat(n.EY, 64)
		n.MX, n.MY = f1((ex+sx-90)/2), f1((ey+sy)/2-3)
	}
	return d
}

// Draw renders the built-in diagram.
func (b BuiltinDiagram) Draw(m *model.StakeholderMap) (template.HTML, error) {
	var buf bytes.Buffer
	if err := svgTemplates().ExecuteTemplate(&buf, "roles", b.Layout(m)); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

var svgTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("svg").Funcs(funcs).ParseFS(assets, "templates/parts.html"))
})

// GraphvizDiagram draws the roles diagram (stakeholders.DOT) with
// Graphviz's dot, found on PATH.
type GraphvizDiagram struct {
	Path    string // the dot program
	Version string // what dot -V says, for the page
}

// FindGraphviz returns a GraphvizDiagram when dot is on PATH.
func FindGraphviz() (*GraphvizDiagram, bool) {
	p, err := exec.LookPath("dot")
	if err != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, p, "-V").CombinedOutput()
	if err != nil {
		return nil, false
	}
	v := strings.TrimSpace(string(out))
	if i := strings.Index(v, "version "); i >= 0 {
		v = strings.Fields(v[i+len("version "):])[0]
	}
	return &GraphvizDiagram{Path: p, Version: v}, true
}

// Name says which renderer drew the diagram.
func (g *GraphvizDiagram) Name() string { return "Graphviz dot " + g.Version }

var (
	svgComment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<!--.*?-->\s*`) })
	svgSize    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`) })
)

// Draw runs dot -Tsvg on the map's DOT source and keeps the <svg> element,
// without comments (they name dot's version and the graph) and with the
// fixed size replaced by the page's width. Every label in the source is a
// quoted, escaped DOT string, and dot writes text as escaped XML.
func (g *GraphvizDiagram) Draw(m *model.StakeholderMap) (template.HTML, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, g.Path, "-Tsvg")
	cmd.Stdin = strings.NewReader(stakeholders.DOT(m))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	s := string(out)
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("dot wrote no <svg> element")
	}
	s = svgComment().ReplaceAllString(s[i:], "")
	s = svgSize().ReplaceAllString(s, `<svg class="diagram graphviz" role="img" aria-labelledby="roles-title"`)
	s = strings.Replace(s, ` xmlns:xlink="http://www.w3.org/1999/xlink"`, "", 1)
	return template.HTML(strings.TrimSpace(s)), nil
}
