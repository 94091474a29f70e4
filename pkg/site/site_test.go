package site

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/report"
	"github.com/collab-tools/collab/pkg/status"
	"github.com/collab-tools/collab/pkg/workspace"
)

const acmeAsOf = model.Date("2026-04-15")

// acme builds the input of the bundled example at acmeAsOf. The example
// lives in this repository, so its history is this repository's.
func acme(t testing.TB) Input {
	t.Helper()
	w, err := workspace.Open(filepath.Join("..", "..", "examples", "acme"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	in, err := FromWorkspace(w, acmeAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if err := AddCalendars(w, &in); err != nil {
		t.Fatal(err)
	}
	return in
}

func build(t testing.TB, in Input) Files {
	t.Helper()
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildAcmePages(t *testing.T) {
	in := acme(t)
	files := build(t, in)
	want := []string{"index.html", "style.css", "calendar.ics", "goals/index.html", "agreements/index.html", "teams/index.html", "maps/index.html"}
	for id := range in.Goals {
		want = append(want, "goals/"+id+".html")
	}
	for id := range in.Agreements {
		want = append(want, "agreements/"+id+".html")
	}
	for id := range in.Teams {
		want = append(want, "teams/"+id+".html", "teams/"+id+".ics")
	}
	for id := range in.Maps {
		want = append(want, "maps/"+id+".html")
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, files.Paths()); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if len(in.Goals) == 0 || len(in.Agreements) == 0 || len(in.Maps) == 0 {
		t.Fatal("the example has no goals, agreements or maps")
	}
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		s := string(files[p])
		for _, must := range []string{`<html lang="en">`, `<time datetime="2026-04-15">2026-04-15</time>`, `<main id="main">`, `<h1>`, `href="` + strings.Repeat("../", strings.Count(p, "/")) + `style.css"`} {
			if !strings.Contains(s, must) {
				t.Errorf("%s lacks %s", p, must)
			}
		}
		if strings.Contains(strings.ToLower(s), "<script") {
			t.Errorf("%s has a script", p)
		}
	}
}

// TestBuildDeterministic: the same workspace and date give the same bytes,
// built twice and written twice.
func TestBuildDeterministic(t *testing.T) {
	a, b := build(t, acme(t)), build(t, acme(t))
	if diff := cmp.Diff(a.Paths(), b.Paths()); diff != "" {
		t.Fatalf("paths differ:\n%s", diff)
	}
	for _, p := range a.Paths() {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	d1, d2 := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "two")
	if err := Write(d1, a); err != nil {
		t.Fatal(err)
	}
	if err := Write(d2, b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(readTree(t, d1), readTree(t, d2)); diff != "" {
		t.Errorf("written trees differ:\n%s", diff)
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLinksResolve: every link and anchor of the site points at a file of
// the site and, with a fragment, at an element with that id; nothing points
// at another host (the canonical links point at the base URL).
func TestLinksResolve(t *testing.T) {
	in := acme(t)
	in.BaseURL = "https://acme.example.org/collab/"
	files := build(t, in)
	checkLinks(t, files, in.BaseURL)
	// The calendars are linked: the whole workspace's from the home page,
	// each team's from its page, with a subscription under the base URL.
	if !strings.Contains(string(files["index.html"]), `<a href="calendar.ics" type="text/calendar">`) ||
		!strings.Contains(string(files["index.html"]), `<a href="webcal://acme.example.org/collab/calendar.ics">subscribe</a>`) {
		t.Error("home page does not link calendar.ics")
	}
	if !strings.Contains(string(files["teams/sales.html"]), `<a href="../teams/sales.ics" type="text/calendar">`) {
		t.Error("team page does not link its calendar")
	}
}

func checkLinks(t *testing.T, files Files, base string) {
	t.Helper()
	ids := map[string][]string{}
	docs := map[string]*html.Node{}
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(files[p]))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs[p] = doc
		walk(doc, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				if slices.Contains(ids[p], id) {
					t.Errorf("%s: id %q twice", p, id)
				}
				ids[p] = append(ids[p], id)
			}
		})
	}
	links := 0
	for p, doc := range docs {
		walk(doc, func(n *html.Node) {
			for _, name := range []string{"href", "src", "xlink:href"} {
				v := attr(n, name)
				if v == "" {
					continue
				}
				links++
				u, err := url.Parse(v)
				if err != nil {
					t.Errorf("%s: bad link %q", p, v)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					if base == "" || !(strings.HasPrefix(v, base) || strings.HasPrefix(v, "webcal://"+strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://"))) {
						t.Errorf("%s: link to another host: %q", p, v)
					}
					continue
				}
				target := p
				if u.Path != "" {
					target = path.Join(path.Dir(p), u.Path)
					if files[target] == nil {
						t.Errorf("%s: link %q: no file %s", p, v, target)
						continue
					}
				}
				if u.Fragment != "" && !slices.Contains(ids[target], u.Fragment) {
					t.Errorf("%s: link %q: %s has no id %q", p, v, target, u.Fragment)
				}
			}
		})
	}
	if links < 100 {
		t.Errorf("only %d links checked", links)
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, name string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		k := a.Key
		if a.Namespace != "" {
			k = a.Namespace + ":" + a.Key
		}
		if k == name {
			return a.Val
		}
	}
	return ""
}

// text is the text content of a page, spaces collapsed.
func text(t *testing.T, b []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	walk(doc, func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data + " ") // cells and terms end where their elements do
		}
	})
	return strings.Join(strings.Fields(sb.String()), " ")
}

// TestHomeHoldsStatus: the home page shows every line of the status with
// its figures, as the status model computed them.
func TestHomeHoldsStatus(t *testing.T) {
	in := acme(t)
	s := in.Status
	if len(s.NeedsAction) == 0 || len(s.Wins) == 0 {
		t.Fatalf("the example at %s has no lines needing action or no wins: %+v", acmeAsOf, s)
	}
	home := text(t, build(t, in)["index.html"])
	var want []string
	want = append(want, s.Scope())
	for _, sec := range [][]status.Item{s.NeedsAction, s.Overdue, s.Escalations, s.Wins} {
		for _, it := range sec {
			want = append(want, it.Ref()+" "+strings.Join(strings.Fields(it.Text), " "))
		}
	}
	for _, g := range s.Goals {
		want = append(want, status.GoalPace(g))
	}
	for _, b := range s.Bottlenecks {
		want = append(want, b.Team)
	}
	for _, w := range want {
		if !strings.Contains(home, w) {
			t.Errorf("home page lacks %q", w)
		}
	}
}

func TestGoalPage(t *testing.T) {
	in := acme(t)
	g := in.Goals["feature-x-adoption"]
	c := ProgressChart(g, acmeAsOf)
	// 4 of 30 and 10 of 40, then 11 of 30 and 22 of 40.
	var got []float64
	for _, p := range c.Points {
		got = append(got, float64(int(p.Progress*1000+0.5))/1000)
	}
	if diff := cmp.Diff([]float64{0.192, 0.458}, got); diff != "" {
		t.Errorf("progress at check-ins (-want +got):\n%s", diff)
	}
	if !c.HasPeriod || c.Pace == nil || c.AsOf == "" {
		t.Errorf("chart lacks the pace or as-of line: %+v", c)
	}
	page := text(t, build(t, in)["goals/feature-x-adoption.html"])
	for _, w := range []string{"Progress 46% (expected 24%)", "Active accounts using Feature X active-adoption 0% 11% 30% increase 37%",
		"2026-03-30 19% 8% active-adoption 4%, new-deal-attach 10%", "Parent shared-revenue-target", "feature-x-launch"} {
		if !strings.Contains(page, w) {
			t.Errorf("goal page lacks %q", w)
		}
	}
}

func TestAgreementPage(t *testing.T) {
	in := acme(t)
	files := build(t, in)
	page := text(t, files["agreements/feature-x-launch.html"])
	for _, w := range []string{
		"product priya@acme.example current priya@acme.example 2026-03-05 Product ships Feature X GA by March 22",
		"deliver-feature 2026-03-22 (first agreed 2026-03-15 ) done on 2026-03-22",
		"timeline hard GA before the end of March",
		"Single GA date followed by outreach the next day ✓ chosen One message for customers and the sales team",
		"Phased rollout by region no Support learns on one region before the others Support would run two versions for six weeks Sales tells two stories quality timeline",
		"2026-03-04 , priya@acme.example: Technical issue found in early March",
		"deliver-feature due 2026-03-15 -> 2026-03-22",
		"every 14d in “Product and sales sync”, next on 2026-04-22",
		"Escalation pat@acme.example",
		"Adoption rate 30% of active accounts by June",
	} {
		if !strings.Contains(page, w) {
			t.Errorf("agreement page lacks %q", w)
		}
	}
	if len(in.History["feature-x-launch"]) == 0 {
		t.Fatal("no history read for feature-x-launch")
	}
	first := in.History["feature-x-launch"][0]
	if !strings.Contains(page, first.Author.Email) || !strings.Contains(page, first.Hash.Short()) {
		t.Errorf("history lacks the newest commit %s by %s", first.Hash.Short(), first.Author.Email)
	}
}

func TestTeamAndMapPages(t *testing.T) {
	files := build(t, acme(t))
	team := text(t, files["teams/product.html"])
	for _, w := range []string{"What it owes", "feature-x-launch/adoption-dashboard", "Members", "priya@acme.example"} {
		if !strings.Contains(team, w) {
			t.Errorf("team page lacks %q", w)
		}
	}
	m := string(files["maps/feature-x-launch.html"])
	for _, w := range []string{`<svg class="chart grid"`, "Power/interest grid", "manage closely", "Drawn by "} {
		if !strings.Contains(m, w) {
			t.Errorf("map page lacks %q", w)
		}
	}
}

// TestMapRenderers: the page names the renderer that drew the roles
// diagram; Graphviz's when dot is installed.
func TestMapRenderers(t *testing.T) {
	in := acme(t)
	in.Diagram = BuiltinDiagram{}
	m := string(build(t, in)["maps/feature-x-launch.html"])
	if !strings.Contains(m, `<svg class="diagram builtin"`) || !strings.Contains(m, "built-in SVG renderer") {
		t.Error("built-in diagram missing or not named")
	}
	g, ok := FindGraphviz()
	if !ok {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("dot is not on PATH; .ci/run installs graphviz")
		}
		t.Skip("dot not on PATH")
	}
	in.Diagram = g
	m = string(build(t, in)["maps/feature-x-launch.html"])
	if !strings.Contains(m, `<svg class="diagram graphviz" role="img" aria-labelledby="roles-title"`) || !strings.Contains(m, "Drawn by Graphviz dot "+g.Version) {
		t.Error("Graphviz diagram missing or not named")
	}
	if strings.Contains(m, "<!--") || strings.Contains(m, "<?xml") {
		t.Error("dot's prolog or comments kept")
	}
}

// hostile is text that must come out as text wherever it is shown.
const hostile = `<script>alert("x")</script> & "quotes" 'single' Ünïcödé 漢字 🎉 </td></tr><img src=x onerror=alert(1)>`

// TestHostileText: titles, notes, names and commit-free text written into
// every kind of page are escaped: no element comes from them, and the text
// reads back as it was written.
func TestHostileText(t *testing.T) {
	in := hostileInput()
	for _, d := range []Diagrammer{BuiltinDiagram{}, graphvizOrNil(t)} {
		if d == nil {
			continue
		}
		in.Diagram = d
		in.Title = hostile
		files := build(t, in)
		for _, p := range files.Paths() {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			s := string(files[p])
			if strings.Contains(s, "<script") || strings.Contains(s, "<img") {
				t.Errorf("%s (%s): hostile markup came through", p, d.Name())
			}
			doc, err := html.Parse(bytes.NewReader(files[p]))
			if err != nil {
				t.Fatal(err)
			}
			walk(doc, func(n *html.Node) {
				if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "img") {
					t.Errorf("%s: a <%s> element", p, n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: attribute %s on <%s>", p, a.Key, n.Data)
					}
				}
			})
			if !strings.Contains(text(t, files[p]), strings.Join(strings.Fields(hostile), " ")) {
				t.Errorf("%s: the hostile title does not read back as text", p)
			}
		}
		checkLinks(t, files, "")
		// The minutes, readings, amendments and weighed options are shown.
		page := text(t, files["agreements/a1.html"])
		for _, w := range []string{"Amendments", "a@x.example: " + strings.Join(strings.Fields(hostile), " "), "Readings of", "2026-02-15 3",
			"Action items from the check-ins", "open 40 days late", "done on 2026-01-12", "first agreed 2026-01-20", "Interests", "Breaks"} {
			if !strings.Contains(page, w) {
				t.Errorf("agreement page lacks %q", w)
			}
		}
	}
}

func graphvizOrNil(t *testing.T) Diagrammer {
	if g, ok := FindGraphviz(); ok {
		return g
	}
	if os.Getenv("COLLAB_CI") != "" {
		t.Fatal("dot is not on PATH; .ci/run installs graphviz")
	}
	return nil
}

func f(v float64) *float64 { return &v }

func hostileInput() Input {
	h := hostile
	team := &model.Team{Header: header(model.KindTeam, "ops", h), Spec: model.TeamSpec{Lead: "a@x.example", Mission: h,
		Members: []model.Member{{Email: "a@x.example", Name: h, Role: h}}, Services: []model.Service{{Name: h, Request: h}}}}
	team2 := &model.Team{Header: header(model.KindTeam, "web", h), Spec: model.TeamSpec{Lead: "b@x.example", Members: []model.Member{{Email: "b@x.example"}}}}
	g := &model.Goal{Header: header(model.KindGoal, "g1", h), Spec: model.GoalSpec{Status: model.GoalActive, Owner: "a@x.example", Teams: []string{"ops", "web"},
		Period:     &model.Period{Start: "2026-01-01", End: "2026-06-30"},
		KeyResults: []model.KeyResult{{ID: "kr", Title: h, Unit: h, Baseline: f(0), Target: f(10), Current: f(4)}},
		Checkins:   []model.GoalCheckin{{Date: "2026-02-01", By: "a@x.example", Values: model.Map[float64]{"kr": 4}, Note: h, Confidence: "low"}}}}
	a := &model.Agreement{Header: header(model.KindAgreement, "a1", h), Spec: model.AgreementSpec{Status: model.AgreementActive, Owner: "a@x.example",
		Parties: []model.Party{{Team: "ops", Owner: "a@x.example", Interests: []string{h}}, {Team: "web"}}, Goals: []string{"g1", "missing-goal"}, Purpose: h,
		Parameters:  []model.Parameter{{Name: h, Kind: "budget", Text: h, Hard: true}},
		Options:     []model.Option{{Title: h, Chosen: true, Note: h, Pros: []string{h}, Cons: []string{h}, Meets: []string{h}, Breaks: []string{h}}},
		Commitments: []model.Commitment{{ID: "c1", Party: "ops", Owner: "a@x.example", Deliverable: h, Due: "2026-02-01", OriginalDue: "2026-01-20", Note: h, DependsOn: []string{"nope"}}},
		Metrics: []model.Metric{{Name: h, Target: h, Source: h, Unit: h, Baseline: f(1), TargetValue: f(5), Direction: "increase",
			Readings: []model.MetricReading{{Date: "2026-01-15", Value: 2, By: h}, {Date: "2026-02-15", Value: 3, By: "a@x.example"}}}},
		Amendments:    []model.Amendment{{Date: "2026-01-20", By: "a@x.example", Reason: h, Changes: []model.AmendmentChange{{What: h, Old: h, New: h}, {What: h, New: h}}}},
		ServiceLevels: []model.ServiceLevel{{Name: h, Provider: "ops", Target: "2d"}},
		Cadence:       &model.Cadence{Every: "14d", Forum: h},
		Escalation:    []string{"a@x.example"},
		Checkins: []model.AgreementCheckin{{Date: "2026-01-10", By: "a@x.example", Note: h, Attendees: []string{h}, Decisions: []string{h},
			Actions: []model.ActionItem{{Owner: "a@x.example", Text: h, Due: "2026-01-20"}, {Owner: "a@x.example", Text: h, Done: "2026-01-12"}}}},
		Acceptances: []model.Acceptance{{Party: "ops", By: "a@x.example", Date: "2026-01-05", Terms: "old", Summary: h}}}}
	m := &model.StakeholderMap{Header: header(model.KindStakeholderMap, "m1", h), Spec: model.StakeholderMapSpec{Subject: "agreement/a1",
		Stakeholders: []model.Stakeholder{{Person: "a@x.example", Team: "ops", Roles: []string{"decision-maker"}, RACI: "A", Influence: "high", Interest: "high", Note: h},
			{Team: h, Roles: []string{h}, RACI: h, Stance: h}}}}
	in := Input{Title: h, AsOf: "2026-03-01",
		Teams: map[string]*model.Team{"ops": team, "web": team2}, Goals: map[string]*model.Goal{"g1": g},
		Agreements: map[string]*model.Agreement{"a1": a}, Maps: map[string]*model.StakeholderMap{"m1": m}}
	in.Status = status.Compute(status.Sources{Teams: in.Teams, Goals: in.Goals, Agreements: in.Agreements}, status.Options{AsOf: in.AsOf, Within: 14, Since: 30})
	return in
}

func header(k model.Kind, id, title string) model.Header {
	return model.Header{APIVersion: model.APIVersion, Kind: k, Metadata: model.Metadata{ID: id, Title: title, Description: title}}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	files := build(t, acme(t))
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	// A page of an entity that is gone is removed on the next write; a file
	// of another kind is left alone.
	for _, p := range []string{"goals/gone.html", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "goals", "gone.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale page kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("unrelated file removed: %v", err)
	}
	// Any other non-empty folder is refused, and left as it was.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "index.html"), []byte("<p>mine</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(other, files); !errors.Is(err, ErrNotReport) {
		t.Fatalf("Write into another folder: %v, want ErrNotReport", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "index.html")); string(b) != "<p>mine</p>" {
		t.Error("refused folder was changed")
	}
}

// TestTeamIndex: the entities each team page is given yield the profile
// report.TeamProfile computes from the whole workspace.
func TestTeamIndex(t *testing.T) {
	in := acme(t)
	ix := newIndex(&in)
	all := report.Sources{Agreements: in.Agreements, Goals: in.Goals, Maps: in.Maps, Policy: in.Policy}
	for id, team := range in.Teams {
		want := report.TeamProfile(team, all, in.AsOf)
		got := report.TeamProfile(team, ix.teams[id], in.AsOf)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("team %s (-all +indexed):\n%s", id, diff)
		}
		if len(want.Owes)+len(want.Owed)+len(want.Goals)+len(want.Maps) == 0 {
			t.Errorf("team %s has an empty profile: nothing compared", id)
		}
	}
}

// TestAgreementPageInterests: the parties' interests get their own section,
// only on an agreement where some party stated them.
func TestAgreementPageInterests(t *testing.T) {
	files := build(t, acme(t))
	page := text(t, files["agreements/promo-calendar-2026-h2.html"])
	for _, w := range []string{"Interests", "merchandising Protect gross margin: every markdown is planned against the H2 markdown budget"} {
		if !strings.Contains(page, w) {
			t.Errorf("promo calendar page lacks %q", w)
		}
	}
	if launch := text(t, files["agreements/feature-x-launch.html"]); strings.Contains(launch, "Why each party wants") {
		t.Errorf("feature-x-launch page has an interests section without interests")
	}
}
