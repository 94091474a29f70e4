// Package site builds the static HTML report of a workspace (`collab
// report`): a home page with the status sections, and a page per goal,
// agreement, team and stakeholder map. The figures come from the models the
// commands print (pkg/status, pkg/goal, pkg/agreement, pkg/report,
// pkg/stakeholders); this package only lays them out.
//
// The pages load nothing from another host and run no script, so the site
// works from file://, behind a proxy and on GitHub Pages. Every link
// between pages is relative. Build is a pure function of its Input: the
// same workspace at the same date gives byte-identical files.
package site

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/report"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/status"
)

// Generator is the content of every page's generator meta tag; Write
// recognises a folder holding an earlier report by it.
const Generator = "collab report"

// Input is everything a site is built from.
type Input struct {
	Title   string     // the site's title
	BaseURL string     // where the site is published ("" when unknown); canonical links and calendar subscriptions use it
	AsOf    model.Date // the date every figure is computed at

	Teams      map[string]*model.Team
	Goals      map[string]*model.Goal
	Agreements map[string]*model.Agreement
	Maps       map[string]*model.StakeholderMap
	Policy     model.Policy

	// Status is the computed `collab status` of the workspace at AsOf.
	Status status.Status
	// History holds, by agreement id, the commits that changed the
	// agreement's file, newest first (see AgreementHistory).
	History map[string][]history.Change
	// Diagram draws a stakeholder map's roles diagram; nil uses the
	// built-in renderer (see GraphvizDiagram).
	Diagram Diagrammer
	// Calendars are calendar files written beside the site, linked from
	// the home page and from their teams' pages.
	Calendars []Calendar
}

// Calendar is an iCalendar file of the site: the whole workspace's (Team
// empty) or one team's.
type Calendar struct {
	Team string
	Path string // relative to the site's root, e.g. calendar.ics or teams/sales.ics
	Name string // what the link says
	Data []byte // the file
}

// Diagrammer draws a stakeholder map's roles diagram as an inline SVG
// element; Name says which renderer drew it, for the page.
type Diagrammer interface {
	Name() string
	Draw(m *model.StakeholderMap) (template.HTML, error)
}

// Files is a built site: file contents by slash-separated path.
type Files map[string][]byte

// Paths lists the files' paths, sorted.
func (f Files) Paths() []string { return slices.Sorted(maps.Keys(f)) }

//go:embed templates/*.html style.css
var assets embed.FS

// pageTemplates are parsed on first use, not at start-up: every collab
// command links this package.
var pageTemplates = sync.OnceValue(func() map[string]*template.Template {
	ts := map[string]*template.Template{}
	for _, name := range []string{"home", "list", "goal", "agreement", "team", "map"} {
		ts[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/parts.html", "templates/"+name+".html"))
	}
	return ts
})

var funcs = template.FuncMap{
	"pct":     func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) },
	"num":     num,
	"join":    strings.Join,
	"pace":    status.GoalPace,
	"who":     func(p []string) string { return status.Who(p, func(s string) string { return s }) },
	"whoHead": status.WhoHeader,
	"lines":   func(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") },
	"args":    args,
	"inc":     func(i int) int { return i + 1 },
	// amendmentChange is a recorded change of terms as agree show prints it.
	"amendmentChange": agreement.AmendmentChangeString,
	"dash": func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	},
}

// num writes a figure (a float64, or a *float64 that may be unset) with its
// unit, or a dash when unset.
func num(v any, unit string) string {
	switch x := v.(type) {
	case float64:
		return model.FormatNumber(x) + model.UnitSuffix(unit)
	case *float64:
		if x != nil {
			return model.FormatNumber(*x) + model.UnitSuffix(unit)
		}
	}
	return "–"
}

// Build builds the site.
func Build(in Input) (Files, error) {
	if in.Diagram == nil {
		in.Diagram = BuiltinDiagram{}
	}
	b := &builder{in: in, files: Files{}}
	b.ix = newIndex(&b.in)
	css, err := assets.ReadFile("style.css")
	if err != nil {
		return nil, err
	}
	b.files["style.css"] = css
	for _, c := range in.Calendars {
		b.files[c.Path] = c.Data
	}
	steps := []func() error{b.home, b.lists}
	for _, id := range slices.Sorted(maps.Keys(in.Goals)) {
		steps = append(steps, func() error { return b.goal(id) })
	}
	for _, id := range slices.Sorted(maps.Keys(in.Agreements)) {
		steps = append(steps, func() error { return b.agreement(id) })
	}
	for _, id := range slices.Sorted(maps.Keys(in.Teams)) {
		steps = append(steps, func() error { return b.team(id) })
	}
	for _, id := range slices.Sorted(maps.Keys(in.Maps)) {
		steps = append(steps, func() error { return b.stakeholderMap(id) })
	}
	// Pages are independent of each other: render them on every core.
	errs := make([]error, len(steps))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(steps)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = steps[i]()
			}
		})
	}
	for i := range steps {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return b.files, nil
}

type builder struct {
	in Input
	ix index

	mu    sync.Mutex // guards files
	files Files
}

// index holds the links between entities that pages look up, made once.
type index struct {
	children   map[string][]string // goal -> the goals whose parent it is, sorted
	agreements map[string][]string // goal -> the agreements serving it, sorted
	maps       map[string][]string // subject (agreement/ID, goal/ID) -> maps, sorted
	lines      map[string][]status.Item
	teams      map[string]report.Sources // team -> the entities its profile may name
}

func newIndex(in *Input) index {
	ix := index{children: map[string][]string{}, agreements: map[string][]string{}, maps: map[string][]string{}, lines: map[string][]status.Item{}}
	for _, id := range slices.Sorted(maps.Keys(in.Goals)) {
		if p := in.Goals[id].Spec.Parent; p != "" && p != id {
			ix.children[p] = append(ix.children[p], id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(in.Agreements)) {
		var seen []string
		for _, g := range in.Agreements[id].Spec.Goals {
			if !slices.Contains(seen, g) {
				seen = append(seen, g)
				ix.agreements[g] = append(ix.agreements[g], id)
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(in.Maps)) {
		subj := in.Maps[id].Spec.Subject
		ix.maps[subj] = append(ix.maps[subj], id)
	}
	// A team profile looks at every entity; give each team only those that
	// name it or one of its members, which report.TeamProfile then selects
	// from as it would from all of them.
	ix.teams = map[string]report.Sources{}
	teamsOf := map[string][]string{} // member email -> teams
	for _, id := range slices.Sorted(maps.Keys(in.Teams)) {
		ix.teams[id] = report.Sources{Agreements: map[string]*model.Agreement{}, Goals: map[string]*model.Goal{}, Maps: map[string]*model.StakeholderMap{}, Policy: in.Policy}
		for _, m := range in.Teams[id].Spec.Members {
			teamsOf[m.Email] = append(teamsOf[m.Email], id)
		}
	}
	for id, a := range in.Agreements {
		for _, p := range a.Spec.Parties {
			if src, ok := ix.teams[p.Team]; ok {
				src.Agreements[id] = a
			}
		}
	}
	for id, g := range in.Goals {
		for _, t := range append(slices.Clone(g.Spec.Teams), teamsOf[g.Spec.Owner]...) {
			if src, ok := ix.teams[t]; ok {
				src.Goals[id] = g
			}
		}
	}
	for id, m := range in.Maps {
		for _, st := range m.Spec.Stakeholders {
			for _, t := range append([]string{st.Team}, teamsOf[st.Person]...) {
				if src, ok := ix.teams[t]; ok {
					src.Maps[id] = m
				}
			}
		}
	}
	s := in.Status
	for _, sec := range [][]status.Item{s.NeedsAction, s.Overdue, s.Escalations, s.Wins} {
		for _, it := range sec {
			if it.Agreement != "" {
				ix.lines[it.Agreement] = append(ix.lines[it.Agreement], it)
			}
		}
	}
	return ix
}

// Page is what every template gets: the site, where the page is, and the
// page's own data in Body.
type Page struct {
	Site      *Input
	Path      string // the page's path in the site
	Root      string // the relative path from the page to the site's root
	Title     string
	Nav       string // the list the page belongs to (goals, agreements, teams, maps), "" for home
	Canonical string
	Body      any
}

// Link is an <a> to an entity's page when the entity exists in the
// workspace; otherwise the id as plain text (a reference to nothing must
// not become a broken link).
func (p *Page) Link(kind, id string) template.HTML {
	return p.LinkText(kind, id, id)
}

// LinkText is Link with other text than the id.
func (p *Page) LinkText(kind, id, text string) template.HTML {
	return p.anchor(p.Site.pagePath(kind, id), "", text)
}

// CommitmentLink links agreement/commitment to the commitment's row.
func (p *Page) CommitmentLink(ref string) template.HTML {
	aid, cid, _ := strings.Cut(ref, "/")
	frag := ""
	if a := p.Site.Agreements[aid]; a != nil && a.Commitment(cid) != nil {
		frag = CommitmentAnchor(cid)
	}
	return p.anchor(p.Site.pagePath("agreement", aid), frag, ref)
}

// ItemLink links a status line's entity (the commitment's row when it names
// one).
func (p *Page) ItemLink(it status.Item) template.HTML {
	if it.Goal != "" {
		return p.LinkText("goal", it.Goal, it.Ref())
	}
	if it.Commitment != "" {
		return p.CommitmentLink(it.Ref())
	}
	return p.Link("agreement", it.Agreement)
}

// SubjectLink links a map's subject (agreement/ID or goal/ID).
func (p *Page) SubjectLink(subject string) template.HTML {
	kind, id, ok := model.SplitSubject(subject)
	if !ok {
		return template.HTML(template.HTMLEscapeString(subject))
	}
	k := "goal"
	if kind == model.KindAgreement {
		k = "agreement"
	}
	return p.LinkText(k, id, subject)
}

// Href is the relative address of a file of the site from this page.
func (p *Page) Href(file string) string { return p.Root + file }

func (p *Page) anchor(target, frag, text string) template.HTML {
	esc := template.HTMLEscapeString
	if target == "" {
		return template.HTML(esc(text))
	}
	href := p.Root + pathEscape(target)
	if frag != "" {
		href += "#" + frag
	}
	return template.HTML(`<a href="` + esc(href) + `">` + esc(text) + `</a>`)
}

// pathEscape escapes each segment of a slash-separated path.
func pathEscape(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// CommitmentAnchor is the fragment of a commitment's row on its agreement's page.
func CommitmentAnchor(id string) string { return "commitment-" + id }

// pagePath is the site path of an entity's page, "" when the entity is
// not in the workspace.
func (in *Input) pagePath(kind, id string) string {
	var ok bool
	switch kind {
	case "goal":
		ok = in.Goals[id] != nil
	case "agreement":
		ok = in.Agreements[id] != nil
	case "team":
		ok = in.Teams[id] != nil
	case "map":
		ok = in.Maps[id] != nil
	}
	if !ok {
		return ""
	}
	return PagePath(kind, id)
}

// PagePath is the stable path of an entity's page: goals/ID.html,
// agreements/ID.html, teams/ID.html, maps/ID.html.
func PagePath(kind, id string) string { return kind + "s/" + id + ".html" }

// TeamCalendars lists the calendars of one team.
func (in *Input) TeamCalendars(team string) []Calendar {
	var out []Calendar
	for _, c := range in.Calendars {
		if c.Team == team {
			out = append(out, c)
		}
	}
	return out
}

// Subscribe is the webcal:// address of a calendar when the site's base
// URL is known, else "". html/template lets only http(s) and mailto
// through on its own; this address is built from the checked base URL and
// the escaped path of a file of the site.
func (in *Input) Subscribe(c Calendar) template.URL {
	if in.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(in.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return template.URL("webcal://" + strings.TrimSuffix(u.Host+u.EscapedPath(), "/") + "/" + pathEscape(c.Path))
}

func (b *builder) render(name, file, title, nav string, body any) error {
	root := strings.Repeat("../", strings.Count(file, "/"))
	p := &Page{Site: &b.in, Path: file, Root: root, Title: title, Nav: nav, Body: body}
	if b.in.BaseURL != "" {
		p.Canonical = strings.TrimSuffix(b.in.BaseURL, "/") + "/" + pathEscape(file)
	}
	var buf bytes.Buffer
	if err := pageTemplates()[name].Execute(&buf, p); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	b.mu.Lock()
	b.files[file] = buf.Bytes()
	b.mu.Unlock()
	return nil
}

// Home is the home page: the status sections and counts at a glance.
type Home struct {
	Status     status.Status
	Agreements []Count // by status
	Goals      []Count // by health
	Counts     []Count // lines per status section
}

// Count is a labelled figure.
type Count struct {
	Label string
	N     int
	Href  string // the section or list it counts, "" for none
}

func (b *builder) home() error {
	s := b.in.Status
	h := Home{Status: s}
	h.Counts = []Count{
		{status.TitleNeedsAction, len(s.NeedsAction), "#needs-action"},
		{status.TitleOverdue, len(s.Overdue), "#overdue"},
		{status.TitleEscalations, len(s.Escalations), "#escalations"},
		{status.TitleGoals, len(s.Goals), "#goals"},
		{status.TitleBottlenecks, len(s.Bottlenecks), "#bottlenecks"},
		{status.TitleWins, len(s.Wins), "#wins"},
	}
	for i, c := range h.Counts {
		if c.N == 0 {
			h.Counts[i].Href = ""
		}
	}
	byStatus := map[string]int{}
	for _, a := range b.in.Agreements {
		byStatus[a.Spec.Status]++
	}
	for _, st := range model.AgreementStatuses {
		h.Agreements = append(h.Agreements, Count{Label: st, N: byStatus[st]})
	}
	byHealth := map[string]int{}
	for _, g := range b.in.Goals {
		byHealth[g.Health(b.in.AsOf, b.in.Policy)]++
	}
	for _, hl := range slices.Sorted(maps.Keys(byHealth)) {
		h.Goals = append(h.Goals, Count{Label: hl, N: byHealth[hl]})
	}
	return b.render("home", "index.html", b.in.Title, "", h)
}

// List is a page listing every entity of a kind.
type List struct {
	Kind    string // goal, agreement, team, map
	Heading string
	Rows    []ListRow
}

// ListRow is one entity of a list.
type ListRow struct {
	ID, Title string
	Cells     []string // the kind's columns after the title
}

func (b *builder) lists() error {
	goals := List{Kind: "goal", Heading: "Goals"}
	for _, s := range goal.List(b.in.Goals, goal.Filter{}, b.in.AsOf, b.in.Policy) {
		goals.Rows = append(goals.Rows, ListRow{ID: s.ID, Title: s.Title, Cells: []string{s.Health, fmt.Sprintf("%.0f%% (expected %.0f%%)", s.Progress*100, s.Expected*100), s.Owner}})
	}
	agreements := List{Kind: "agreement", Heading: "Agreements"}
	for _, it := range agreement.List(b.in.Agreements, agreement.Filter{}, b.in.AsOf) {
		agreements.Rows = append(agreements.Rows, ListRow{ID: it.ID, Title: it.Title, Cells: []string{it.Status, strings.Join(it.Parties, ", "), fmt.Sprint(it.Open), fmt.Sprint(it.Overdue)}})
	}
	teams := List{Kind: "team", Heading: "Teams"}
	for _, id := range slices.Sorted(maps.Keys(b.in.Teams)) {
		t := b.in.Teams[id]
		teams.Rows = append(teams.Rows, ListRow{ID: id, Title: t.Metadata.Title, Cells: []string{t.Spec.Lead, fmt.Sprint(len(t.Spec.Members))}})
	}
	mapList := List{Kind: "map", Heading: "Stakeholder maps"}
	for _, id := range slices.Sorted(maps.Keys(b.in.Maps)) {
		m := b.in.Maps[id]
		mapList.Rows = append(mapList.Rows, ListRow{ID: id, Title: m.Metadata.Title, Cells: []string{m.Spec.Subject, fmt.Sprint(len(m.Spec.Stakeholders))}})
	}
	for _, l := range []List{goals, agreements, teams, mapList} {
		if err := b.render("list", l.Kind+"s/index.html", l.Heading, l.Kind+"s", l); err != nil {
			return err
		}
	}
	return nil
}

// ListColumns are the column headings of a list after ID and title.
func (l List) Columns() []string {
	switch l.Kind {
	case "goal":
		return []string{"Health", "Progress", "Owner"}
	case "agreement":
		return []string{"Status", "Parties", "Open commitments", "Overdue"}
	case "team":
		return []string{"Lead", "Members"}
	}
	return []string{"Subject", "Stakeholders"}
}

// GoalPage is a goal's page.
type GoalPage struct {
	goal.Detail
	Goal       *model.Goal
	Attention  *status.GoalItem // the goal's line in Goals needing attention, if any
	Chart      Chart
	Agreements []string // agreements that serve the goal
	Maps       []string // stakeholder maps about the goal
}

func (b *builder) goal(id string) error {
	g := b.in.Goals[id]
	p := GoalPage{Goal: g, Detail: goal.NewDetail(g, b.ix.children[id], b.in.AsOf, b.in.Policy)}
	for i := range b.in.Status.Goals {
		if b.in.Status.Goals[i].ID == id {
			p.Attention = &b.in.Status.Goals[i]
		}
	}
	p.Chart = ProgressChart(g, b.in.AsOf)
	p.Agreements = b.ix.agreements[id]
	p.Maps = b.ix.maps["goal/"+id]
	return b.render("goal", PagePath("goal", id), "Goal: "+orID(g.Metadata.Title, id), "goals", p)
}

func orID(title, id string) string {
	if strings.TrimSpace(title) == "" {
		return id
	}
	return title
}

// AgreementPage is an agreement's page.
type AgreementPage struct {
	agreement.View
	Agreement   *model.Agreement
	Description string
	ByParty     []PartyCommitments
	Timeline    Timeline
	Cadence     *model.Cadence
	Review      *model.Review
	Lines       []status.Item // the agreement's lines in the status sections
	History     []HistoryEntry
	HasHistory  bool // history was read (the workspace is in a git repository)
	Maps        []string
}

// PartyCommitments are one party's commitments, by due date.
type PartyCommitments struct {
	Party       string
	Commitments []agreement.CommitmentView
}

// HistoryEntry is one commit that changed an agreement.
type HistoryEntry struct {
	Hash, Short string
	Date        string
	Author      history.Person
	Subject     string
	Body        string // the message after the subject: an amendment's reason
	Change      string // added, removed or modified
	Status      string // "proposed → active" when the status moved
	Changes     []FieldChange
	Terms       string // "terms changed (a → b)" when they did
	MustAccept  string
	Error       string
}

// FieldChange is one field's change in a commit.
type FieldChange struct {
	Path, Op, Old, New string
}

func (b *builder) agreement(id string) error {
	a := b.in.Agreements[id]
	p := AgreementPage{View: agreement.NewView(a, b.in.AsOf), Agreement: a, Description: a.Metadata.Description,
		Cadence: a.Spec.Cadence, Review: a.Spec.Review, Maps: b.ix.maps["agreement/"+id], Lines: b.ix.lines[id]}
	parties := []string{}
	for _, pt := range a.Spec.Parties {
		parties = append(parties, pt.Team)
	}
	byParty := map[string][]agreement.CommitmentView{}
	for _, c := range p.Commitments {
		if !slices.Contains(parties, c.Party) {
			parties = append(parties, c.Party)
		}
		byParty[c.Party] = append(byParty[c.Party], c)
	}
	for _, pt := range parties {
		cs := byParty[pt]
		slices.SortStableFunc(cs, func(x, y agreement.CommitmentView) int {
			if (x.Due == "") != (y.Due == "") {
				return cmp.Compare(y.Due, x.Due) // undated last
			}
			return cmp.Or(cmp.Compare(x.Due, y.Due), cmp.Compare(x.ID, y.ID))
		})
		p.ByParty = append(p.ByParty, PartyCommitments{Party: pt, Commitments: cs})
	}
	p.Timeline = CommitmentTimeline(p.ByParty, b.in.AsOf)
	changes, ok := b.in.History[id]
	p.HasHistory = ok
	for _, c := range changes {
		p.History = append(p.History, historyEntry(c))
	}
	return b.render("agreement", PagePath("agreement", id), "Agreement: "+orID(a.Metadata.Title, id), "agreements", p)
}

func historyEntry(c history.Change) HistoryEntry {
	e := HistoryEntry{Hash: c.Hash.String(), Short: c.Hash.Short(), Date: c.Date.Format("2006-01-02"), Author: c.Author, Subject: c.Subject}
	if _, body, ok := strings.Cut(c.Message, "\n"); ok {
		e.Body = strings.TrimSpace(body)
	}
	d := c.Diff
	if d == nil {
		return e
	}
	e.Change, e.Error, e.MustAccept = d.Change, d.Error, d.AcceptLine()
	if d.Status != nil {
		e.Status = dashIfEmpty(d.Status.From) + " → " + dashIfEmpty(d.Status.To)
	}
	for _, fc := range d.Changes {
		f := FieldChange{Path: fc.Path, Op: fc.Op}
		if fc.Old != nil {
			f.Old = semdiff.Format(fc.Old)
		}
		if fc.New != nil {
			f.New = semdiff.Format(fc.New)
		}
		e.Changes = append(e.Changes, f)
	}
	if d.Terms != nil && d.Terms.Changed {
		e.Terms = fmt.Sprintf("terms changed (%s → %s)", dashIfEmpty(d.Terms.From), dashIfEmpty(d.Terms.To))
	}
	return e
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// TeamPage is a team's page.
type TeamPage struct {
	report.Profile
	Bottleneck *status.Bottleneck
	Calendars  []Calendar
}

func (b *builder) team(id string) error {
	t := b.in.Teams[id]
	p := TeamPage{Profile: report.TeamProfile(t, b.ix.teams[id], b.in.AsOf),
		Calendars: b.in.TeamCalendars(id)}
	for i := range b.in.Status.Bottlenecks {
		if b.in.Status.Bottlenecks[i].Team == id {
			p.Bottleneck = &b.in.Status.Bottlenecks[i]
		}
	}
	return b.render("team", PagePath("team", id), "Team: "+orID(t.Metadata.Title, id), "teams", p)
}

// MapPage is a stakeholder map's page.
type MapPage struct {
	Map      *model.StakeholderMap
	Grid     Grid
	Roles    []stakeholders.RoleGroup
	Diagram  template.HTML
	Renderer string
	Rows     []stakeholders.Entry
}

func (b *builder) stakeholderMap(id string) error {
	m := b.in.Maps[id]
	p := MapPage{Map: m, Grid: PowerInterestGrid(m), Roles: stakeholders.ByRole(m), Renderer: b.in.Diagram.Name()}
	for _, s := range m.Spec.Stakeholders {
		p.Rows = append(p.Rows, stakeholders.Entry{Stakeholder: s, Quadrant: stakeholders.QuadrantOf(s)})
	}
	d, err := b.in.Diagram.Draw(m)
	if err != nil {
		return fmt.Errorf("map %s: %s: %w", id, b.in.Diagram.Name(), err)
	}
	p.Diagram = d
	return b.render("map", PagePath("map", id), "Stakeholder map: "+orID(m.Metadata.Title, id), "maps", p)
}

// Dir is the folder of a site path ("" at the root).
func Dir(p string) string {
	if d := path.Dir(p); d != "." {
		return d
	}
	return ""
}

// HasInterests reports whether any party stated its interests.
func (a AgreementPage) HasInterests() bool {
	for _, p := range a.Parties {
		if len(p.Interests) > 0 {
			return true
		}
	}
	return false
}

// NoUnit is the unit of a figure shown without one.
func (a AgreementPage) NoUnit() string { return "" }

// DepLink links a commitment this agreement depends on to its row, or
// names it when the agreement has no such commitment.
func (a AgreementPage) DepLink(id string) template.HTML {
	esc := template.HTMLEscapeString
	if a.Agreement.Commitment(id) == nil {
		return template.HTML(esc(id))
	}
	return template.HTML(`<a href="#` + esc(url.PathEscape(CommitmentAnchor(id))) + `">` + esc(id) + `</a>`)
}

// args builds the map a shared template is called with.
func args(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("args: odd number of arguments")
	}
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("args: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
