package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/diag"
)

func TestTeam(t *testing.T) {
	const team = "teams/sales.yaml"
	run(t, []tcase{
		{
			name:  "lead is not a member",
			edits: []edit{{team, "lead: maria@acme.example", "lead: zoe@acme.example"}},
			want: diag.List{
				E(team, 5, 9, CodeLeadNotMember, `spec.lead: zoe@acme.example is not a member of team sales; add them to spec.members or choose the lead among the members: maria@acme.example, sam@acme.example`),
			},
		},
		{
			name:  "member listed twice",
			edits: []edit{{team, "    - email: sam@acme.example\n", "    - email: sam@acme.example\n    - email: maria@acme.example\n"}},
			want: diag.List{
				E(team, 9, 14, CodeDuplicateMember, `spec.members[2].email: maria@acme.example is already listed as spec.members[0]; remove one of the entries`),
			},
		},
	})
}

const other = `apiVersion: collab/v1
kind: Goal
metadata: {id: other, title: Other}
spec:
  status: draft
  owner: maria@acme.example
  teams: [sales]
  parent: adoption
`

func TestGoal(t *testing.T) {
	const goal = "goals/adoption.yaml"
	run(t, []tcase{
		{
			name:  "unknown team",
			edits: []edit{{goal, "teams: [product, sales]", "teams: [product, salse]"}},
			want: diag.List{
				E(goal, 7, 20, CodeUnknownTeam, `spec.teams[1]: no team "salse" (did you mean sales?); create it with collab team add salse or fix the id`),
			},
		},
		{
			name:  "team listed twice",
			edits: []edit{{goal, "teams: [product, sales]", "teams: [product, product]"}},
			want: diag.List{
				E(goal, 7, 20, CodeDuplicateTeam, `spec.teams[1]: team product is listed twice; remove one`),
			},
		},
		{
			name:  "owner in no team",
			edits: []edit{{goal, "owner: priya@acme.example", "owner: zoe@acme.example"}},
			want: diag.List{
				E(goal, 6, 10, CodeUnknownPerson, `spec.owner: zoe@acme.example is in no team; add them to the members of a team (e.g. one of product, sales) or choose another owner`),
			},
		},
		{
			name:  "unknown parent",
			edits: []edit{{goal, "  teams: [product, sales]\n", "  teams: [product, sales]\n  parent: company\n"}},
			want: diag.List{
				E(goal, 8, 11, CodeUnknownGoal, `spec.parent: no goal "company" (known: adoption); fix the id or remove the parent`),
			},
		},
		{
			name: "parent cycle",
			edits: []edit{
				{goal, "  teams: [product, sales]\n", "  teams: [product, sales]\n  parent: other\n"},
				{"goals/other.yaml", "", other},
			},
			want: diag.List{
				E(goal, 8, 11, CodeParentCycle, `spec.parent: goals form a cycle (adoption -> other -> adoption); a goal cannot serve itself: remove one of these parent links`),
				E("goals/other.yaml", 8, 11, CodeParentCycle, `spec.parent: goals form a cycle (other -> adoption -> other); a goal cannot serve itself: remove one of these parent links`),
			},
		},
		{
			name: "a goal below a cycle does not report it",
			edits: []edit{
				{goal, "  teams: [product, sales]\n", "  teams: [product, sales]\n  parent: adoption\n"},
				{"goals/other.yaml", "", other},
			},
			want: diag.List{
				E(goal, 8, 11, CodeParentCycle, `spec.parent: goals form a cycle (adoption -> adoption); a goal cannot serve itself: remove one of these parent links`),
			},
		},
		{
			name:  "active without key results",
			edits: []edit{{goal, "  keyResults:\n    - id: adopt\n      title: Active accounts using Feature X\n      baseline: 0\n      target: 30\n      direction: increase\n  checkins:\n    - date: 2026-03-01\n      by: priya@acme.example\n      values: {adopt: 10}\n", "  checkins:\n    - date: 2026-03-01\n      by: priya@acme.example\n"}},
			want: diag.List{
				E(goal, 5, 11, CodeNoKeyResults, `spec.status: goal adoption is active but has no key result; add a measurable key result or set status: draft`),
			},
		},
		{
			name:  "key result without target",
			edits: []edit{{goal, "      target: 30\n", ""}},
			want: diag.List{
				E(goal, 10, 7, CodeNoTarget, `spec.keyResults[0]: key result adopt has no target; set target: to the value that means success`),
			},
		},
		{
			name:  "target equals baseline",
			edits: []edit{{goal, "target: 30", "target: 0"}},
			want: diag.List{
				E(goal, 13, 15, CodeTargetIsBaseline, `spec.keyResults[0].target: target equals the baseline (0), so key result adopt cannot increase; set a target that differs from the baseline, or direction: at-least/at-most to hold a level`),
			},
		},
		{
			name:  "target equals baseline is fine to hold a level",
			edits: []edit{{goal, "target: 30\n      direction: increase", "target: 0\n      direction: at-most"}},
		},
		{
			name:  "duplicate key result",
			edits: []edit{{goal, "      direction: increase\n", "      direction: increase\n    - id: adopt\n      title: Again\n      target: 5\n"}},
			want: diag.List{
				E(goal, 15, 11, CodeDuplicateKeyResult, `spec.keyResults[1].id: key result adopt is already defined at spec.keyResults[0]; key result ids are unique within a goal`),
			},
		},
		{
			name:  "check-in value for an unknown key result",
			edits: []edit{{goal, "values: {adopt: 10}", "values: {adopt: 10, churn: 2}"}},
			want: diag.List{
				E(goal, 18, 27, CodeUnknownKeyResult, `spec.checkins[0].values.churn: goal adoption has no key result "churn" (key results: adopt); fix the id or add the key result`),
			},
		},
		{
			name:  "check-in dated after today",
			edits: []edit{{goal, "date: 2026-03-01", "date: 2026-03-11"}},
			want: diag.List{
				E(goal, 16, 13, CodeCheckinFuture, `spec.checkins[0].date: 2026-03-11 is after today (2026-03-10): a check-in records what has happened; fix the date`),
			},
		},
		{
			name:  "check-in by a person in no team",
			edits: []edit{{goal, "      by: priya@acme.example", "      by: zoe@acme.example"}},
			want: diag.List{
				W(goal, 17, 11, CodeCheckinUnknownPerson, `spec.checkins[0].by: zoe@acme.example is in no team; check-ins should come from a member of a team`),
			},
		},
		{
			name:  "stale",
			edits: []edit{{goal, "date: 2026-03-01", "date: 2026-02-01"}},
			want: diag.List{
				W(goal, 16, 13, CodeGoalStale, `spec.checkins[0].date: goal adoption has had no check-in since 2026-02-01 (37 days, cadence 14 days); record one with collab goal checkin adoption`),
			},
		},
		{
			name:  "stale with the goal's own cadence",
			edits: []edit{{goal, "  keyResults:\n", "  checkinEvery: 1w\n  keyResults:\n"}},
			want: diag.List{
				W(goal, 17, 13, CodeGoalStale, `spec.checkins[0].date: goal adoption has had no check-in since 2026-03-01 (9 days, cadence 7 days); record one with collab goal checkin adoption`),
			},
		},
		{
			name:  "stale without check-ins",
			edits: []edit{{goal, "  checkins:\n    - date: 2026-03-01\n      by: priya@acme.example\n      values: {adopt: 10}\n", ""}},
			want: diag.List{
				W(goal, 8, 19, CodeGoalStale, `spec.period.start: goal adoption has had no check-in since its period started on 2026-01-01 (68 days, cadence 14 days); record one with collab goal checkin adoption`),
			},
		},
		{
			name:  "period ended while active",
			edits: []edit{{goal, "end: 2026-06-30", "end: 2026-03-01"}},
			want: diag.List{
				W(goal, 8, 36, CodePeriodEnded, `spec.period.end: the period of goal adoption ended on 2026-03-01 but it is still active; close it as achieved or missed (collab goal close adoption) or extend the period`),
			},
		},
		{
			name:  "period ends before it starts",
			edits: []edit{{goal, "{start: 2026-01-01, end: 2026-06-30}", "{start: 2026-04-01, end: 2026-03-31}"}},
			want: diag.List{
				E(goal, 8, 36, CodePeriodOrder, `spec.period.end: 2026-03-31 is before the start 2026-04-01; swap or fix the dates`),
			},
		},
		{
			name:  "a draft is not stale",
			edits: []edit{{goal, "status: active", "status: draft"}, {goal, "date: 2026-03-01", "date: 2025-03-01"}},
		},
	})
}
