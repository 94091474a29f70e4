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
	return r.CheckReviewed(p, old, new, actor, "")
}

// CheckReviewed is Check for a change whose acceptances by reviewer were
// given by approving a pull request review (see agreement.CheckReviewed);
// reviewer "" is Check.
func (r Rules) CheckReviewed(p string, old, new any, actor, reviewer string) []model.Refusal {
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
		return agreement.CheckReviewed(o, n, r.Teams, actor, reviewer)
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

// succession applies agreement.CheckSuccession to a change of an agreement
// file, with lookup finding the successor as it is after the change.
func succession(old, new any, lookup func(id string) *model.Agreement) error {
	o, n := as[model.Agreement](old), as[model.Agreement](new)
	if o == nil || n == nil || n.Spec.SupersededBy == "" || n.Spec.SupersededBy == o.Spec.SupersededBy || o.Spec.Status != model.AgreementActive {
		return nil
	}
	return agreement.CheckSuccession(o, n, lookup(n.Spec.SupersededBy))
}

// reviewerOf is the member a commit's review trailers name, or "".
func reviewerOf(c change.Commit) string {
	var url, by string
	for _, t := range c.Trailers {
		switch t.Key {
		case agreement.TrailerReview:
			url = t.Value
		case agreement.TrailerAcceptedBy:
			by = t.Value
		}
	}
	if url == "" {
		return ""
	}
	return by
}

func as[T any](v any) *T {
	t, _ := v.(*T)
	return t
}

// Edit judges the files a command is about to write in workspace w (as it
// is before the edit) with actor as the author; the error names each change
// refused and who may make it. A commit carrying review trailers records
// an acceptance its command confirmed through the GitHub API (agree accept
// --via-review): the acceptance is judged as the reviewer's.
func Edit(w *workspace.Workspace, files []change.File, c change.Commit, actor string) error {
	r := RulesOf(w)
	reviewer := reviewerOf(c)
	var msgs []string
	written := map[string]*model.Agreement{}
	// SharedVersion: the check of the change that follows parses the same
	// content again, and takes it from there.
	for _, f := range files {
		if a, ok := workspace.SharedVersion(f.Path, f.Data).Value().(*model.Agreement); ok {
			written[a.Metadata.ID] = a
		}
	}
	successor := func(id string) *model.Agreement {
		if a := written[id]; a != nil {
			return a
		}
		return w.Agreements[id]
	}
	for _, f := range files {
		var old any
		for _, e := range w.Files {
			if e.Path == f.Path {
				old = e.Value
			}
		}
		new := workspace.SharedVersion(f.Path, f.Data).Value()
		if new == nil {
			continue // not readable: validation refuses it with the reason
		}
		for _, rf := range r.CheckReviewed(f.Path, old, new, actor, reviewer) {
			msgs = append(msgs, rf.Message(actor))
		}
		if err := succession(old, new, successor); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "\n") + "\n(you act as your git identity, GIT_AUTHOR_EMAIL or user.email: ask one of them to make this change)")
}
