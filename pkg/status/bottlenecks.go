package status

import (
	"cmp"
	"slices"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
)

// Bottlenecks ranks the teams by how much other teams' work waits on them
// at asOf: other parties' open commitments that depend on the team's
// overdue or blocked ones, agreements waiting for the team's acceptance,
// and check-ins missed on the agreements and goals its members own. Teams
// with nothing waiting on them are left out; ties rank by waiting
// commitments, then by id.
func Bottlenecks(src Sources, asOf model.Date) []Bottleneck {
	p := src.Policy.WithDefaults()
	aids, gids := sortedKeys(src.Agreements), sortedKeys(src.Goals)
	ar := make([]agreementRules, len(aids))
	for i, id := range aids {
		a := src.Agreements[id]
		ar[i] = agreementRules{
			pending:          Acceptances(a, src.Teams),
			overdueOrBlocked: OverdueOrBlocked(a, asOf),
			missed:           agreement.MissedCheckins(a, asOf),
		}
	}
	gr := make([]goalRules, len(gids))
	for i, id := range gids {
		gr[i].missed = goal.MissedCheckins(src.Goals[id], asOf, p)
	}
	return bottlenecksOf(src, aids, ar, gids, gr)
}

// ownerTeams names the teams an owner answers for: those of `preferred`
// the owner is a member of (mine: the owner's teams), else all of mine.
func ownerTeams(mine, preferred []string) []string {
	var out []string
	for _, t := range preferred {
		if slices.Contains(mine, t) {
			out = append(out, t)
		}
	}
	if len(out) > 0 {
		return out
	}
	return mine
}

// bottlenecksOf ranks the teams from what the rules gave for each
// agreement (aids, ar) and goal (gids, gr), in sorted order of their ids.
func bottlenecksOf(src Sources, aids []string, ar []agreementRules, gids []string, gr []goalRules) []Bottleneck {
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
	for i, id := range aids {
		a, r := src.Agreements[id], &ar[i]
		for _, it := range r.pending {
			b := get(it.Party)
			b.Acceptances++
			b.MustAccept = append(b.MustAccept, id)
		}
		for _, it := range r.overdueOrBlocked {
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
		if r.missed > 0 {
			for _, t := range ownerTeams(teamsOf[a.Spec.Owner], parties(a, "")) {
				get(t).MissedCheckins += r.missed
			}
		}
	}
	for i, id := range gids {
		if n := gr[i].missed; n > 0 {
			g := src.Goals[id]
			for _, t := range ownerTeams(teamsOf[g.Spec.Owner], g.Spec.Teams) {
				get(t).MissedCheckins += n
			}
		}
	}
	out := make([]Bottleneck, 0, len(by))
	for _, b := range by {
		b.Score = b.Waiting + b.Acceptances + b.MissedCheckins
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b Bottleneck) int {
		return cmp.Or(-cmp.Compare(a.Score, b.Score), -cmp.Compare(a.Waiting, b.Waiting), cmp.Compare(a.Team, b.Team))
	})
	return out
}
