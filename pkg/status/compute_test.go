package status

import (
	order "cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// referenceCompute is Compute as one loop over the sorted ids, each rule
// called on its own, as Compute was written before it ran the rules on
// every core and shared the figures between sections.
func referenceCompute(src Sources, o Options) Status {
	p := src.Policy.WithDefaults()
	s := Status{AsOf: o.AsOf, Within: o.Within, Since: o.Since, Teams: nonNil(o.Teams), Person: o.Person}
	pending := map[string][]Item{} // agreement id -> its missing acceptances, computed once: each costs a terms digest
	for _, id := range sortedKeys(src.Agreements) {
		a := src.Agreements[id]
		pending[id] = Acceptances(a, src.Teams)
		s.NeedsAction = append(s.NeedsAction, pending[id]...)
		if it, ok := ReviewDue(a, o.AsOf, o.Within); ok {
			s.NeedsAction = append(s.NeedsAction, it)
		}
		if it, ok := AgreementCheckin(a, o.AsOf, o.Within); ok {
			s.NeedsAction = append(s.NeedsAction, it)
		}
		s.NeedsAction = append(s.NeedsAction, DueSoon(a, o.AsOf, o.Within)...)
		s.Overdue = append(s.Overdue, OverdueOrBlocked(a, o.AsOf)...)
		open, late := ActionItems(a, o.AsOf, o.Within)
		s.NeedsAction, s.Overdue = append(s.NeedsAction, open...), append(s.Overdue, late...)
		s.Escalations = append(s.Escalations, Escalations(a, o.AsOf, p)...)
		s.Wins = append(s.Wins, CommitmentsDone(a, o.AsOf, o.Since)...)
	}
	for _, id := range sortedKeys(src.Goals) {
		g := src.Goals[id]
		if it, ok := GoalCheckin(g, o.AsOf, o.Within, p); ok {
			s.NeedsAction = append(s.NeedsAction, it)
		}
		s.Wins = append(s.Wins, TargetsReached(g, o.AsOf, o.Since)...)
	}
	s.Goals = GoalsNeedingAttention(src.Goals, o.AsOf, p)
	s.Bottlenecks = bottlenecks(src, o.AsOf, pending)
	s.Wins = append(s.Wins, Transitions(src, o.AsOf, o.Since)...)
	if o.Person != "" {
		s.WaitingOn = WaitingOn(src, o.Person, o.AsOf)
	}

	s.NeedsAction = filter(s.NeedsAction, o)
	s.Overdue = filter(s.Overdue, o)
	s.Escalations = filter(s.Escalations, o)
	s.Wins = filter(s.Wins, o)
	s.Goals = slices.DeleteFunc(s.Goals, func(g GoalItem) bool {
		return (len(o.Teams) > 0 && !overlaps(g.Teams, o.Teams)) || (o.Person != "" && g.Owner != o.Person)
	})
	s.Bottlenecks = slices.DeleteFunc(s.Bottlenecks, func(b Bottleneck) bool {
		return (len(o.Teams) > 0 && !slices.Contains(o.Teams, b.Team)) ||
			(o.Person != "" && (src.Teams[b.Team] == nil || !src.Teams[b.Team].HasMember(o.Person)))
	})
	if len(o.Teams) > 0 {
		s.WaitingOn = slices.DeleteFunc(s.WaitingOn, func(it Item) bool { return !overlaps(it.Teams, o.Teams) })
	}

	slices.SortStableFunc(s.NeedsAction, referenceByDate)
	slices.SortStableFunc(s.Overdue, referenceByDate)
	slices.SortStableFunc(s.Escalations, referenceByDate)
	slices.SortStableFunc(s.Wins, func(a, b Item) int { return -referenceByDate(a, b) })
	s.NeedsAction, s.Overdue, s.Escalations = nonNil(s.NeedsAction), nonNil(s.Overdue), nonNil(s.Escalations)
	s.Goals, s.Bottlenecks, s.Wins, s.WaitingOn = nonNil(s.Goals), nonNil(s.Bottlenecks), nonNil(s.Wins), nonNil(s.WaitingOn)
	return s
}

// referenceByDate is byDate as it was written before it took pointers.
func referenceByDate(a, b Item) int {
	if (a.Date == "") != (b.Date == "") {
		if a.Date == "" {
			return 1
		}
		return -1
	}
	return order.Or(order.Compare(a.Date, b.Date), order.Compare(a.Agreement+a.Goal, b.Agreement+b.Goal),
		order.Compare(a.Commitment, b.Commitment), order.Compare(a.Party, b.Party))
}

// shuffleWorkspace varies the generated workspace's entities (statuses,
// commitments done, blocked, dropped and moved, acceptances missing or
// stale, check-ins, cadences, goal parents and readings) so that every
// rule and section has lines to give, and makes events for the wins.
func shuffleWorkspace(src *Sources, r *rand.Rand) {
	dates := []model.Date{"", "2026-01-15", "2026-02-20", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-24", "2026-04-12", "2026-06-01", "not a date"}
	date := func() model.Date { return dates[r.IntN(len(dates))] }
	for _, id := range sortedKeys(src.Agreements) {
		a := src.Agreements[id]
		a.Spec.Status = []string{model.AgreementActive, model.AgreementActive, model.AgreementProposed, model.AgreementDraft, model.AgreementRetired}[r.IntN(5)]
		for i := range a.Spec.Commitments {
			c := &a.Spec.Commitments[i]
			c.Status = []string{"", "", model.CommitmentDone, model.CommitmentBlocked, model.CommitmentDropped, model.CommitmentOpen}[r.IntN(6)]
			c.Due, c.Done = date(), date()
			if r.IntN(4) == 0 {
				c.DependsOn = []string{a.Spec.Commitments[r.IntN(len(a.Spec.Commitments))].ID}
			}
			if r.IntN(3) == 0 {
				c.Note = "waiting for legal"
			}
		}
		switch r.IntN(4) {
		case 0:
			a.Spec.Acceptances = a.Spec.Acceptances[:r.IntN(len(a.Spec.Acceptances)+1)]
		case 1:
			a.Spec.Acceptances[0].Terms = "stale"
		}
		switch r.IntN(4) {
		case 0:
			a.Spec.Cadence = nil
		case 1:
			a.Spec.Cadence.Next = date()
			a.Spec.Cadence.Forum = "weekly sync"
		case 2:
			a.Spec.Checkins = append(a.Spec.Checkins, model.AgreementCheckin{Date: date(), By: a.Spec.Owner})
		}
		if r.IntN(3) == 0 {
			a.Spec.Review.Next = date()
		}
		if r.IntN(5) == 0 {
			a.Spec.Escalation = nil
		}
		if r.IntN(3) == 0 {
			src.Events = append(src.Events, Event{Kind: KindActive, ID: id, Date: date(), By: a.Spec.Owner})
		}
	}
	for _, id := range sortedKeys(src.Goals) {
		g := src.Goals[id]
		g.Spec.Status = []string{model.GoalActive, model.GoalActive, model.GoalAchieved, model.GoalDraft, model.GoalMissed}[r.IntN(5)]
		if r.IntN(4) == 0 {
			g.Spec.Checkins = nil
		}
		for i := range g.Spec.Checkins {
			g.Spec.Checkins[i].Date = date()
			g.Spec.Checkins[i].Values["kr-a"] = float64(r.IntN(25))
			g.Spec.Checkins[i].Confidence = []string{"low", "medium", "high"}[r.IntN(3)]
		}
		if r.IntN(4) == 0 {
			g.Spec.CheckinEvery = "7d"
		}
		if r.IntN(5) == 0 {
			g.Spec.Parent = ""
		}
		if r.IntN(3) == 0 {
			src.Events = append(src.Events, Event{Kind: KindAchieved, ID: id, Date: date(), By: g.Spec.Owner})
			g.Spec.CloseNote = "done early"
		}
	}
	if len(src.Teams) > 0 {
		// A party with no members.
		src.Teams[sortedKeys(src.Teams)[0]].Spec.Members = nil
	}
}

// TestComputeMatchesReference: Compute gives exactly what the one-loop
// reference gives, on the acme example and on generated workspaces whose
// entities are varied at random, at dates before, inside and after their
// periods, with and without the --team and --person filters.
func TestComputeMatchesReference(t *testing.T) {
	load := func(t *testing.T, dir string) Sources {
		t.Helper()
		w, err := workspace.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		return Sources{Teams: w.Teams, Goals: w.Goals, Agreements: w.Agreements, Policy: w.Policy()}
	}
	type view struct {
		teams  []string
		person string
	}
	check := func(t *testing.T, src Sources, views []view) {
		t.Helper()
		lines := 0
		for _, asOf := range []model.Date{"2026-01-01", "2026-03-10", "2026-04-11", "2026-04-15", "2026-07-01", "2027-01-01"} {
			for _, v := range views {
				for _, within := range []int{0, 14} {
					o := Options{AsOf: asOf, Within: within, Since: 30, Teams: v.teams, Person: v.person}
					want, got := referenceCompute(src, o), Compute(src, o)
					if d := cmp.Diff(want, got); d != "" {
						t.Fatalf("as of %s, %+v (-reference +Compute):\n%s", asOf, o, d)
					}
					lines += len(got.NeedsAction) + len(got.Overdue) + len(got.Escalations) + len(got.Goals) + len(got.Bottlenecks) + len(got.Wins) + len(got.WaitingOn)
				}
			}
		}
		if lines == 0 {
			t.Fatal("no lines to compare")
		}
	}
	t.Run("acme", func(t *testing.T) {
		src := load(t, filepath.Join("..", "..", "examples", "acme"))
		check(t, src, []view{{}, {teams: []string{"sales"}}, {person: "priya@acme.example"}, {teams: []string{"product"}, person: "sam@acme.example"}})
	})
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("generated, seed %d", seed), func(t *testing.T) {
			dir := t.TempDir()
			if err := wsgen.Write(dir, wsgen.Files(400)); err != nil {
				t.Fatal(err)
			}
			src := load(t, dir)
			shuffleWorkspace(&src, rand.New(rand.NewPCG(seed, 17)))
			check(t, src, []view{{}, {teams: []string{"t001", "t008"}}, {person: "p001-3@acme.example"}, {person: "p007-0@acme.example"}})
		})
	}
	if _, err := os.Stat(filepath.Join("..", "..", "examples", "acme")); err != nil {
		t.Fatal(err)
	}
}

// TestCompareJoined: compareJoined orders as comparing the joined strings.
func TestCompareJoined(t *testing.T) {
	parts := []string{"", "a", "ab", "b", "abc", "a\x00", "ba"}
	for _, a1 := range parts {
		for _, a2 := range parts {
			for _, b1 := range parts {
				for _, b2 := range parts {
					want := strings.Compare(a1+a2, b1+b2)
					if got := compareJoined(a1, a2, b1, b2); got != want {
						t.Errorf("compareJoined(%q, %q, %q, %q) = %d, want %d", a1, a2, b1, b2, got, want)
					}
				}
			}
		}
	}
}

// TestSortStable: sortStable orders as slices.SortStableFunc, equal items
// keeping their order, on lists with many ties.
func TestSortStable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000} {
		items := make([]Item, n)
		for i := range items {
			items[i] = Item{Date: model.Date(fmt.Sprintf("2026-03-%02d", 1+r.IntN(5))), Agreement: fmt.Sprint(r.IntN(3)), Text: fmt.Sprint(i)}
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, referenceByDate)
		if d := cmp.Diff(want, sortStable(items, byDate)); d != "" {
			t.Fatalf("%d items (-SortStableFunc +sortStable):\n%s", n, d)
		}
	}
}

// bottlenecks ranks the teams given each agreement's missing acceptances,
// rule by rule over the sources: the reference bottlenecksOf is held to.
func bottlenecks(src Sources, asOf model.Date, pending map[string][]Item) []Bottleneck {
	p := src.Policy.WithDefaults()
	by := map[string]*Bottleneck{}
	get := func(team string) *Bottleneck {
		if by[team] == nil {
			by[team] = &Bottleneck{Team: team, Blocking: []string{}, MustAccept: []string{}}
		}
		return by[team]
	}
	teamsOf := map[string][]string{} // member email -> team ids, sorted
	for _, id := range sortedKeys(src.Teams) {
		for _, m := range src.Teams[id].Spec.Members {
			teamsOf[m.Email] = appendNew(teamsOf[m.Email], id)
		}
	}
	for _, id := range sortedKeys(src.Agreements) {
		a := src.Agreements[id]
		for _, it := range pending[id] {
			b := get(it.Party)
			b.Acceptances++
			b.MustAccept = append(b.MustAccept, id)
		}
		for _, it := range OverdueOrBlocked(a, asOf) {
			others := 0
			for _, w := range it.Waiting {
				if c := a.Commitment(w); c != nil && c.Party != it.Party {
					others++
				}
			}
			if others > 0 {
				b := get(it.Party)
				b.Waiting += others
				b.Blocking = append(b.Blocking, id+"/"+it.Commitment)
			}
		}
		if n := agreement.MissedCheckins(a, asOf); n > 0 {
			for _, t := range ownerTeams(teamsOf[a.Spec.Owner], parties(a, "")) {
				get(t).MissedCheckins += n
			}
		}
	}
	for _, id := range sortedKeys(src.Goals) {
		g := src.Goals[id]
		if n := goal.MissedCheckins(g, asOf, p); n > 0 {
			for _, t := range ownerTeams(teamsOf[g.Spec.Owner], g.Spec.Teams) {
				get(t).MissedCheckins += n
			}
		}
	}
	out := []Bottleneck{}
	for _, b := range by {
		b.Score = b.Waiting + b.Acceptances + b.MissedCheckins
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b Bottleneck) int {
		return order.Or(-order.Compare(a.Score, b.Score), -order.Compare(a.Waiting, b.Waiting), order.Compare(a.Team, b.Team))
	})
	return out
}
