// Package verify judges changes to a workspace against who may make them:
// each noun's permission rules (pkg/agreement, pkg/goal, pkg/stakeholders,
// pkg/workspace), applied to one edit as a command makes it, or to every
// commit of a range with its author as the actor.
package verify

import (
	"errors"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Rules are what a change is judged by: the workspace settings and the
// teams, and the agreements and goals that stakeholder maps are about.
type Rules struct {
	Config     *model.Workspace
	Teams      map[string]*model.Team
	Agreements map[string]*model.Agreement
	Goals      map[string]*model.Goal
}

// RulesOf takes the rules from a loaded workspace.
func RulesOf(w *workspace.Workspace) Rules {
	return Rules{Config: w.Config, Teams: w.Teams, Agreements: w.Agreements, Goals: w.Goals}
}

// Check returns the changes actor may not make in changing the workspace
// file p from old to new (decoded values; nil when the file is absent or
// cannot be decoded, which validation reports).
func (r Rules) Check(p string, old, new any, actor string) []model.Refusal {
	kind, _, ok := model.ParsePath(p)
	if !ok {
		return nil
	}
	one := func(rf *model.Refusal) []model.Refusal {
		if rf == nil {
			return nil
		}
		return []model.Refusal{*rf}
	}
	switch kind {
	case model.KindWorkspace:
		if old == nil {
			return nil // a new workspace
		}
		return one(workspace.CheckConfig(r.Config, r.Teams, actor))
	case model.KindTeam:
		o, n := as[model.Team](old), as[model.Team](new)
		if o == nil && n == nil {
			return nil
		}
		return one(workspace.CheckTeam(o, n, r.Config, actor))
	case model.KindGoal:
		o, n := as[model.Goal](old), as[model.Goal](new)
		if o == nil && n == nil {
			return nil
		}
		return one(goal.Check(o, n, r.Teams, actor))
	case model.KindAgreement:
		o, n := as[model.Agreement](old), as[model.Agreement](new)
		if o == nil && n == nil {
			return nil
		}
		return agreement.Check(o, n, r.Teams, actor)
	case model.KindStakeholderMap:
		o, n := as[model.StakeholderMap](old), as[model.StakeholderMap](new)
		if o == nil && n == nil {
			return nil
		}
		return one(stakeholders.Check(o, n, r.stewards, actor))
	}
	return nil
}

// stewards are the people who may change a map's subject.
func (r Rules) stewards(subject string) (model.People, bool) {
	kind, id, ok := model.SplitSubject(subject)
	switch {
	case !ok:
	case kind == model.KindAgreement && r.Agreements[id] != nil:
		return agreement.Stewards(r.Agreements[id], r.Teams), true
	case kind == model.KindGoal && r.Goals[id] != nil:
		return goal.Stewards(r.Goals[id], r.Teams), true
	}
	return nil, false
}

func as[T any](v any) *T {
	t, _ := v.(*T)
	return t
}

// Edit judges the files a command is about to write in workspace w (as it
// is before the edit) with actor as the author; the error names each change
// refused and who may make it.
func Edit(w *workspace.Workspace, files []change.File, actor string) error {
	r := RulesOf(w)
	var msgs []string
	for _, f := range files {
		var old any
		for _, e := range w.Files {
			if e.Path == f.Path {
				old = e.Value
			}
		}
		new := workspace.Decode(f.Path, f.Data)
		if new == nil {
			continue // not readable: validation refuses it with the reason
		}
		for _, rf := range r.Check(f.Path, old, new, actor) {
			msgs = append(msgs, rf.Message(actor))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "\n") + "\n(you act as your git identity, GIT_AUTHOR_EMAIL or user.email: ask one of them to make this change)")
}
