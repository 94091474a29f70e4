package goal

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// The -o json|yaml shapes of list, show and tree. They are part of the
// documented interface: add fields, never rename or remove them. Progress
// and expected are numbers from 0 to 1; health is one of the words of docs/health.md
// (draft, achieved, on-track, at-risk, off-track, stale) or, for a closed
// goal, its status (missed, dropped).

// Summary is one goal in `goal list`.
type Summary struct {
	ID       string        `json:"id" yaml:"id"`
	Title    string        `json:"title" yaml:"title"`
	Status   string        `json:"status" yaml:"status"`
	Owner    string        `json:"owner" yaml:"owner"`
	Teams    []string      `json:"teams" yaml:"teams"`
	Parent   string        `json:"parent,omitempty" yaml:"parent,omitempty"`
	Period   *model.Period `json:"period,omitempty" yaml:"period,omitempty"`
	Progress float64       `json:"progress" yaml:"progress"`
	Expected float64       `json:"expected" yaml:"expected"`
	Health   string        `json:"health" yaml:"health"`
	// LastCheckin is the date of the latest check-in, null when none.
	LastCheckin *model.Date `json:"lastCheckin" yaml:"lastCheckin"`
	Confidence  string      `json:"confidence,omitempty" yaml:"confidence,omitempty"`
}

// KeyResultView is a key result with its computed progress.
type KeyResultView struct {
	ID        string   `json:"id" yaml:"id"`
	Title     string   `json:"title" yaml:"title"`
	Unit      string   `json:"unit,omitempty" yaml:"unit,omitempty"`
	Baseline  *float64 `json:"baseline" yaml:"baseline"`
	Target    *float64 `json:"target" yaml:"target"`
	Direction string   `json:"direction" yaml:"direction"`
	Current   *float64 `json:"current" yaml:"current"`
	Progress  float64  `json:"progress" yaml:"progress"`
	Met       bool     `json:"met" yaml:"met"`
}

// Detail is `goal show`: the summary, the cadence in days, every key result
// and the check-in history (oldest first, as in the file).
type Detail struct {
	Summary     `yaml:",inline"`
	AsOf        model.Date          `json:"asOf" yaml:"asOf"`
	CadenceDays int                 `json:"cadenceDays" yaml:"cadenceDays"`
	Description string              `json:"description,omitempty" yaml:"description,omitempty"`
	KeyResults  []KeyResultView     `json:"keyResults" yaml:"keyResults"`
	Checkins    []model.GoalCheckin `json:"checkins" yaml:"checkins"`
	Stale       bool                `json:"stale" yaml:"stale"`
	// MissedCheckins is the run of check-ins missed at AsOf (see MissedCheckins).
	MissedCheckins int      `json:"missedCheckins" yaml:"missedCheckins"`
	Children       []string `json:"children" yaml:"children"`
	// ChildrenProgress is the roll-up of the goals that serve this one (see
	// RollUp); absent when none of them is measured.
	ChildrenProgress *float64 `json:"childrenProgress,omitempty" yaml:"childrenProgress,omitempty"`
	// ClosedAt and CloseNote are when and why a closed goal was closed.
	ClosedAt  model.Date `json:"closedAt,omitempty" yaml:"closedAt,omitempty"`
	CloseNote string     `json:"closeNote,omitempty" yaml:"closeNote,omitempty"`
	// Agreements are the agreements that serve the goal (their spec.goals
	// name it), sorted by id.
	Agreements []AgreementRef `json:"agreements" yaml:"agreements"`
}

// AgreementRef is an agreement that serves a goal.
type AgreementRef struct {
	ID     string `json:"id" yaml:"id"`
	Title  string `json:"title" yaml:"title"`
	Status string `json:"status" yaml:"status"`
}

// ServedBy lists the agreements whose spec.goals name the goal id, sorted by id.
func ServedBy(agreements map[string]*model.Agreement, id string) []AgreementRef {
	out := []AgreementRef{}
	for aid, a := range agreements {
		if slices.Contains(a.Spec.Goals, id) {
			out = append(out, AgreementRef{ID: aid, Title: a.Metadata.Title, Status: a.Spec.Status})
		}
	}
	slices.SortFunc(out, func(a, b AgreementRef) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// TreeNode is one goal of `goal tree` with the goals that serve it.
type TreeNode struct {
	ID       string  `json:"id" yaml:"id"`
	Title    string  `json:"title,omitempty" yaml:"title,omitempty"`
	Status   string  `json:"status,omitempty" yaml:"status,omitempty"`
	Owner    string  `json:"owner,omitempty" yaml:"owner,omitempty"`
	Progress float64 `json:"progress" yaml:"progress"`
	Health   string  `json:"health,omitempty" yaml:"health,omitempty"`
	// ChildrenProgress is the roll-up of Children (see RollUp), beside the
	// goal's own Progress; null when no child is measured.
	ChildrenProgress *float64    `json:"childrenProgress,omitempty" yaml:"childrenProgress,omitempty"`
	Children         []*TreeNode `json:"children" yaml:"children"`
}

// round4 keeps JSON figures readable (0.5 rather than 0.49999999999999994).
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// NewSummary computes the summary of g at asOf under the workspace policy p.
func NewSummary(g *model.Goal, asOf model.Date, p model.Policy) Summary {
	s := Summary{
		ID: g.Metadata.ID, Title: g.Metadata.Title, Status: g.Spec.Status, Owner: g.Spec.Owner,
		Teams: g.Spec.Teams, Parent: g.Spec.Parent, Period: g.Spec.Period,
		Progress: round4(g.Progress()), Expected: round4(g.Expected(asOf)), Health: g.Health(asOf, p),
	}
	if s.Teams == nil {
		s.Teams = []string{}
	}
	if c := g.LastCheckin(); c != nil {
		d := c.Date
		s.LastCheckin = &d
		s.Confidence = c.Confidence
	}
	return s
}

// NewDetail computes the detail of g at asOf under the workspace policy p;
// children are the ids of the goals that serve it (see Children).
func NewDetail(g *model.Goal, children []string, asOf model.Date, p model.Policy) Detail {
	d := Detail{
		Summary: NewSummary(g, asOf, p), AsOf: asOf, CadenceDays: g.Cadence(p),
		Description: g.Metadata.Description,
		KeyResults:  []KeyResultView{}, Checkins: g.Spec.Checkins,
		Stale: g.Spec.Status == model.GoalActive && g.Stale(asOf, p), MissedCheckins: MissedCheckins(g, asOf, p),
		Children: children,
	}
	d.ClosedAt, d.CloseNote, d.Agreements = g.Spec.ClosedAt, g.Spec.CloseNote, []AgreementRef{}
	if d.Checkins == nil {
		d.Checkins = []model.GoalCheckin{}
	}
	if d.Children == nil {
		d.Children = []string{}
	}
	for _, kr := range g.Spec.KeyResults {
		dir := kr.Direction
		if dir == "" && kr.Baseline != nil && kr.Target != nil {
			dir = model.DefaultDirection(*kr.Baseline, *kr.Target)
		}
		d.KeyResults = append(d.KeyResults, KeyResultView{
			ID: kr.ID, Title: kr.Title, Unit: kr.Unit, Baseline: kr.Baseline, Target: kr.Target,
			Direction: dir, Current: kr.Current, Progress: round4(kr.Progress()), Met: kr.Met(),
		})
	}
	return d
}

// Link adds to d what other entities say about its goal: the roll-up of
// the goals that serve it (RollUp) and the agreements that serve it
// (ServedBy).
func (d *Detail) Link(goals map[string]*model.Goal, agreements map[string]*model.Agreement) {
	if v, ok := RollUp(goals, d.ID); ok {
		v = round4(v)
		d.ChildrenProgress = &v
	}
	d.Agreements = ServedBy(agreements, d.ID)
}

// NewTree computes the view of an alignment tree (model.AlignmentTree) of
// goals at asOf. The roll-up of each node is over all the goals that serve
// it, also those a focused tree leaves out.
func NewTree(n *model.GoalNode, goals map[string]*model.Goal, asOf model.Date, p model.Policy) *TreeNode {
	t := &TreeNode{ID: n.ID, Children: []*TreeNode{}}
	t.Title, t.Status, t.Owner = n.Goal.Metadata.Title, n.Goal.Spec.Status, n.Goal.Spec.Owner
	t.Progress, t.Health = round4(n.Goal.Progress()), n.Goal.Health(asOf, p)
	if v, ok := RollUp(goals, n.ID); ok {
		v = round4(v)
		t.ChildrenProgress = &v
	}
	for _, c := range n.Children {
		t.Children = append(t.Children, NewTree(c, goals, asOf, p))
	}
	return t
}

// RollUp is the progress of the goals that serve goal id (its children by
// spec.parent): the plain mean, over the children that are measured, of
// each child's own progress when it has key results, else of the child's
// own roll-up. Drafts (not started) and dropped goals are left out;
// achieved and missed goals count with the progress they closed at. ok is
// false when no child is measured. A goal's own progress never includes its
// children: the two are shown side by side, since a parent's key results are
// often measured in other terms than its children's (docs/health.md).
func RollUp(goals map[string]*model.Goal, id string) (progress float64, ok bool) {
	return rollUp(goals, id, map[string]bool{id: true})
}

func rollUp(goals map[string]*model.Goal, id string, seen map[string]bool) (float64, bool) {
	sum, k := 0.0, 0
	for _, cid := range Children(goals, id) {
		c := goals[cid]
		if seen[cid] || c.Spec.Status == model.GoalDraft || c.Spec.Status == model.GoalDropped {
			continue // a parent cycle, or not measured
		}
		v, ok := c.Progress(), len(c.Spec.KeyResults) > 0
		if !ok {
			seen[cid] = true
			v, ok = rollUp(goals, cid, seen)
		}
		if ok {
			sum, k = sum+v, k+1
		}
	}
	if k == 0 {
		return 0, false
	}
	return sum / float64(k), true
}

// Filter selects goals for List; an empty field selects every goal.
type Filter struct {
	Team   string // a team that contributes
	Status string // a status of the file
	Health string // a computed health word (or closing status)
}

// List computes the summaries of the goals that pass the filter, sorted by id.
func List(goals map[string]*model.Goal, f Filter, asOf model.Date, p model.Policy) []Summary {
	ids := make([]string, 0, len(goals))
	for id := range goals {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rows := []Summary{}
	for _, id := range ids {
		g := goals[id]
		if f.Team != "" && !slices.Contains(g.Spec.Teams, f.Team) {
			continue
		}
		if f.Status != "" && g.Spec.Status != f.Status {
			continue
		}
		s := NewSummary(g, asOf, p)
		if f.Health != "" && s.Health != f.Health {
			continue
		}
		rows = append(rows, s)
	}
	return rows
}

// Children returns the ids of the goals whose parent is id, sorted.
func Children(goals map[string]*model.Goal, id string) []string {
	var children []string
	for cid, c := range goals {
		if c.Spec.Parent == id && cid != id {
			children = append(children, cid)
		}
	}
	sort.Strings(children)
	return children
}
