package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/diag"
)

func TestStakeholderMap(t *testing.T) {
	const smap = "maps/launch.yaml"
	run(t, []tcase{
		{
			name:  "unknown subject",
			edits: []edit{{smap, "subject: agreement/launch", "subject: agreement/lunch"}},
			want: diag.List{
				E(smap, 5, 12, CodeUnknownSubject, `spec.subject: no agreement "lunch" (did you mean launch?); fix the id`),
			},
		},
		{
			name:  "a goal as subject",
			edits: []edit{{smap, "subject: agreement/launch", "subject: goal/adoption"}},
		},
		{
			name:  "no one accountable",
			edits: []edit{{smap, "raci: A", "raci: C"}},
			want: diag.List{
				E(smap, 6, 3, CodeNoAccountable, `spec.stakeholders: no stakeholder is accountable; mark exactly one with raci: A (the one leader who decides)`),
			},
		},
		{
			name:  "two accountable",
			edits: []edit{{smap, "      team: product\n      roles: [implementer]\n      raci: R", "      team: product\n      roles: [implementer]\n      raci: A"}},
			want: diag.List{
				E(smap, 13, 13, CodeMultipleAccountable, `spec.stakeholders[1].raci: priya@acme.example is also accountable, but maria@acme.example already is; keep exactly one A and make the others R, C or I`),
			},
		},
		{
			name:  "no one responsible",
			edits: []edit{{smap, "raci: R", "raci: C"}, {smap, "raci: R", "raci: I"}},
			want: diag.List{
				E(smap, 6, 3, CodeNoResponsible, `spec.stakeholders: no stakeholder is responsible; mark at least one with raci: R (who does the work)`),
			},
		},
		{
			name:  "unknown team",
			edits: []edit{{smap, "    - team: sales", "    - team: salse"}},
			want: diag.List{
				E(smap, 14, 13, CodeUnknownTeam, `spec.stakeholders[2].team: no team "salse" (did you mean sales?); fix the id`),
			},
		},
		{
			name:  "person not in the team named",
			edits: []edit{{smap, "      team: product", "      team: sales"}},
			want: diag.List{
				W(smap, 5, 12, CodeMissingStakeholder, `spec.subject: team product is involved in agreement/launch but not on the map; add the team or one of its people (collab map add launch)`),
				W(smap, 10, 15, CodeStakeholderNotMember, `spec.stakeholders[1].person: priya@acme.example is not a member of team sales (members: maria@acme.example, sam@acme.example); fix the team or add them to it`),
			},
		},
		{
			name:  "person in no team",
			edits: []edit{{smap, "person: maria@acme.example", "person: zoe@acme.example"}},
			want: diag.List{
				W(smap, 7, 15, CodeStakeholderUnknownPerson, `spec.stakeholders[0].person: zoe@acme.example is in no team; add them to a team or name the team they speak for (team:)`),
			},
		},
		{
			name:  "party missing from the map",
			edits: []edit{{smap, "    - team: sales\n      roles: [implementer]\n      raci: R\n", ""}, {smap, "person: maria@acme.example", "person: leo@acme.example"}},
			want: diag.List{
				W(smap, 5, 12, CodeMissingStakeholder, `spec.subject: team sales is involved in agreement/launch but not on the map; add the team or one of its people (collab map add launch)`),
			},
		},
		{
			name:  "resistant and influential without a note",
			edits: []edit{{smap, "      raci: A\n", "      raci: A\n      influence: high\n      stance: resistant\n"}},
			want: diag.List{
				W(smap, 11, 15, CodeResistantNoNote, `spec.stakeholders[0].stance: maria@acme.example is resistant and highly influential but the map has no note on why; add a note with their concern and how it is addressed`),
			},
		},
		{
			name: "an empty map is a warning, not RACI errors",
			edits: []edit{{smap, "  stakeholders:\n", "  stakeholders: []\n"}, {smap, `    - person: maria@acme.example
      roles: [decision-maker]
      raci: A
    - person: priya@acme.example
      team: product
      roles: [implementer]
      raci: R
    - team: sales
      roles: [implementer]
      raci: R
`, ""}},
			want: diag.List{
				W(smap, 5, 12, CodeMissingStakeholder, `spec.subject: team product is involved in agreement/launch but not on the map; add the team or one of its people (collab map add launch)`),
				W(smap, 5, 12, CodeMissingStakeholder, `spec.subject: team sales is involved in agreement/launch but not on the map; add the team or one of its people (collab map add launch)`),
				W(smap, 6, 3, CodeNoStakeholders, "spec.stakeholders: the map has no stakeholders yet; add the accountable (A) and responsible (R) ones with `collab map edit launch`"),
			},
		},
		{
			name:  "the same person twice",
			edits: []edit{{smap, "    - team: sales\n", "    - person: priya@acme.example\n      team: sales\n"}},
			want: diag.List{
				W(smap, 14, 15, CodeDuplicateStakeholder, `spec.stakeholders[2].person: priya@acme.example is already on the map as spec.stakeholders[1]; keep one entry per person or team (collab map add updates it)`),
				W(smap, 14, 15, CodeStakeholderNotMember, `spec.stakeholders[2].person: priya@acme.example is not a member of team sales (members: maria@acme.example, sam@acme.example); fix the team or add them to it`),
			},
		},
		{
			name:  "unknown RACI, role, influence, interest and stance",
			edits: []edit{{smap, "      raci: A\n", "      raci: X\n      influence: huge\n      interest: some\n      stance: hostile\n"}, {smap, "roles: [decision-maker]", "roles: [boss]"}},
			want: diag.List{
				E(smap, 6, 3, CodeNoAccountable, `spec.stakeholders: no stakeholder is accountable; mark exactly one with raci: A (the one leader who decides)`),
				E(smap, 8, 15, CodeSchema, `spec.stakeholders[0].roles[0]: "boss" is not one of decision-maker, implementer, expert, influencer`),
				E(smap, 9, 13, CodeSchema, `spec.stakeholders[0].raci: "X" is not one of R, A, C, I`),
				E(smap, 10, 18, CodeSchema, `spec.stakeholders[0].influence: "huge" is not one of high, medium, low`),
				E(smap, 11, 17, CodeSchema, `spec.stakeholders[0].interest: "some" is not one of high, medium, low`),
				E(smap, 12, 15, CodeSchema, `spec.stakeholders[0].stance: "hostile" is not one of supportive, neutral, resistant, unknown`),
			},
		},
		{
			name:  "resistant with a note",
			edits: []edit{{smap, "      raci: A\n", "      raci: A\n      influence: high\n      stance: resistant\n      note: Wants the date held.\n"}},
		},
	})
}
