package validate

import (
	"sort"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkMap checks a stakeholder map: its subject exists, exactly one
// stakeholder is accountable (A) and at least one responsible (R), teams and
// people resolve, and every department of the subject is on the map.
func (c *checker) checkMap(r *reporter, e *workspace.Entity, m *model.StakeholderMap) {
	s := m.Spec
	var subjectTeams []string // the parties of the agreement / teams of the goal
	if k, id, ok := model.SplitSubject(s.Subject); ok {
		if !c.exists(k, id) {
			r.at(diag.Error, CodeUnknownSubject, nodePath("spec", "subject"), "spec.subject: no %s %q (%s); fix the id",
				lower(k), id, c.known(k, id))
		}
		switch k {
		case model.KindAgreement:
			subjectTeams = c.partyTeams(id)
		case model.KindGoal:
			_, subjectTeams, _ = c.goalLinks(id)
		}
	}

	accountable, responsible := stakeholders.Accountable(m), stakeholders.Responsible(m)
	dups := map[int]stakeholders.Duplicate{}
	for _, d := range stakeholders.Duplicates(m) {
		dups[d.Index] = d
	}
	present := map[string]bool{}
	for i, st := range s.Stakeholders {
		if d, dup := dups[i]; dup {
			path := nodePath("spec", "stakeholders", i, d.Field)
			r.at(diag.Warning, CodeDuplicateStakeholder, path, "%s: %s is already on the map as spec.stakeholders[%d]; keep one entry per person or team (collab map add updates it)",
				dotted(path...), st.Name(), d.First)
		}
		if st.Team != "" {
			present[st.Team] = true
			if !c.exists(model.KindTeam, st.Team) {
				path := nodePath("spec", "stakeholders", i, "team")
				r.at(diag.Error, CodeUnknownTeam, path, "%s: no team %q (%s); fix the id",
					dotted(path...), st.Team, c.known(model.KindTeam, st.Team))
			}
		}
		if st.Person != "" {
			path := nodePath("spec", "stakeholders", i, "person")
			if st.Team != "" {
				if is, ok := c.member(st.Team, st.Person); ok && !is {
					r.at(diag.Warning, CodeStakeholderNotMember, path, "%s: %s is not a member of team %s (%s); fix the team or add them to it",
						dotted(path...), st.Person, st.Team, c.membersOf(st.Team))
				}
			} else if c.inNoTeam(st.Person) {
				r.at(diag.Warning, CodeStakeholderUnknownPerson, path, "%s: %s is in no team; add them to a team or name the team they speak for (team:)",
					dotted(path...), st.Person)
			}
			if st.Team == "" {
				for _, t := range c.teamsOf[st.Person] {
					present[t] = true
				}
			}
		}
		if stakeholders.NeedsNote(st) {
			path := nodePath("spec", "stakeholders", i, "stance")
			r.at(diag.Warning, CodeResistantNoNote, path, "%s: %s is resistant and highly influential but the map has no note on why; add a note with their concern and how it is addressed",
				dotted(path...), st.Name())
		}
	}
	switch {
	case len(s.Stakeholders) == 0:
		// A map just created with --empty: one warning instead of the RACI errors.
		r.atKey(diag.Warning, CodeNoStakeholders, nodePath("spec", "stakeholders"),
			"spec.stakeholders: the map has no stakeholders yet; add the accountable (A) and responsible (R) ones with `collab map edit %s`", e.ID)
	case len(accountable) == 0:
		r.atKey(diag.Error, CodeNoAccountable, nodePath("spec", "stakeholders"),
			"spec.stakeholders: no stakeholder is accountable; mark exactly one with raci: A (the one leader who decides)")
	case len(accountable) > 1:
		first := s.Stakeholders[accountable[0]].Name()
		for _, i := range accountable[1:] {
			path := nodePath("spec", "stakeholders", i, "raci")
			r.at(diag.Error, CodeMultipleAccountable, path, "%s: %s is also accountable, but %s already is; keep exactly one A and make the others R, C or I",
				dotted(path...), s.Stakeholders[i].Name(), first)
		}
	}
	if len(responsible) == 0 && len(s.Stakeholders) > 0 {
		r.atKey(diag.Error, CodeNoResponsible, nodePath("spec", "stakeholders"),
			"spec.stakeholders: no stakeholder is responsible; mark at least one with raci: R (who does the work)")
	}
	var missing []string
	seen := map[string]bool{}
	for _, t := range subjectTeams {
		// A team that does not exist is reported where it is named.
		if !present[t] && !seen[t] && c.exists(model.KindTeam, t) {
			missing = append(missing, t)
		}
		seen[t] = true
	}
	sort.Strings(missing)
	for _, t := range missing {
		r.at(diag.Warning, CodeMissingStakeholder, nodePath("spec", "subject"),
			"spec.subject: team %s is involved in %s but not on the map; add the team or one of its people (collab map add %s)",
			t, s.Subject, e.ID)
	}
}

func lower(k model.Kind) string {
	if k == model.KindStakeholderMap {
		return "stakeholder map"
	}
	b := []byte(k)
	if len(b) > 0 && b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
